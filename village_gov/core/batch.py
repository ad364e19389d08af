"""The records of one import (or one command) as they are checked: each :class:`Entry` with where
it came from, the :class:`Batch` of them by section and code, and the :class:`Lookup` that finds a
record in the batch first, then in the database."""

from __future__ import annotations

import datetime as dt
import json
import struct
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from village_gov.core.sections import Section
from village_gov.core.yamlio import Mapping, _position
from village_gov.ledgers import by_name

if TYPE_CHECKING:
    from sqlite_utils import Database


class Entry:
    """One valid record and where it came from.

    The record's positions are kept as numbers, not as its YAML mapping, so the file's parsed
    document can be freed once the file is validated: the mapping's own line and column, each key's
    value position packed in a few bytes (``places``, in the order of ``keys``, which the records of
    a section mostly share), the key positions that differ from their value's, and the values that
    were themselves mappings (a decision's ``steps``, kept with their own positions: the one raw
    value a cross-record rule reads).  :attr:`source` answers ``mark_of``, ``key_mark``, ``get``,
    ``file``, ``line`` and ``column`` as the mapping did.
    """

    __slots__ = ("record", "parent", "archived", "file", "keys", "places", "extra")

    def __init__(self, record: Any, source: Mapping, parent: str | None = None, archived: bool = False) -> None:
        self.record = record
        self.parent = parent  # for a record of a nested section: the code of the mapping it was written in
        self.archived = archived  # ``archived: true`` in the file (as a dump writes archived records)
        self.file = source.file
        places: bytes | tuple
        if type(source) is not Mapping and hasattr(source, "sheet_positions"):  # a sheet row's record
            keys = tuple(source)
            places = _pack(source.sheet_positions())
        else:
            # The mapping's own line and column first (1-based), then each key's: the parser's marks as
            # they are (0-based, one added when read) when every number fits, else all 1-based in a tuple.
            marks = source.marks
            keys = tuple(marks)
            values = marks.values()
            try:
                flat = [source.line, source.column]
                if isinstance(next(iter(values), None), tuple):  # a sheet's cells: 1-based (line, column) pairs
                    flat += [n - 1 for n in chain.from_iterable(values)]
                else:
                    for mark in values:
                        flat += _LINE_COLUMN(mark)
                places = _packer(len(flat))(*flat)
            except (AttributeError, TypeError, struct.error):  # mixed, or a position missing
                places = _pack([source.line, source.column, *(n for mark in values for n in _position(mark))])
        self.keys = _KEY_ORDERS.setdefault(keys, keys)
        self.places = places
        key_marks = getattr(source, "key_marks", None)
        # A record kept as a tuple (core/compact.py) is of a section whose fields hold no mapping.
        nested = {} if isinstance(record, tuple) or _FLAT.issuperset(map(type, source.values())) else {
            k: v for k, v in source.items() if isinstance(v, Mapping)}
        self.extra = (({k: _position(m) for k, m in key_marks.items()} if key_marks else {}), nested) \
            if key_marks or nested else None

    @property
    def source(self) -> Entry:
        """Where the record stood (the entry answers as its YAML mapping did)."""
        return self

    def _number(self, index: int) -> int | None:
        places = self.places
        if isinstance(places, bytes):
            number = memoryview(places).cast("I")[index]
            return number + 1 if index >= 2 else number  # a key's position is kept 0-based, as parsed
        return places[index]

    @property
    def line(self) -> int | None:
        return self._number(0)

    @property
    def column(self) -> int | None:
        return self._number(1)

    def mark_of(self, key: Any) -> tuple[int | None, int | None]:
        try:
            index = 2 + 2 * self.keys.index(key)
        except ValueError:
            return self.line, self.column
        return self._number(index), self._number(index + 1)

    def key_mark(self, key: Any) -> tuple[int | None, int | None]:
        if self.extra and key in self.extra[0]:
            return self.extra[0][key]
        return self.mark_of(key)

    def get(self, key: Any, default: Any = None) -> Any:
        """A value of the record's mapping that was itself a mapping; ``default`` for any other key."""
        return self.extra[1].get(key, default) if self.extra else default

    def at(self, key: str | None = None) -> tuple[str, int | None, int | None]:
        line, column = self.mark_of(key) if key else (self.line, self.column)
        return self.file, line, column

    def with_record(self, record: Any) -> Entry:
        """The same entry (same place) holding another record."""
        copy = object.__new__(Entry)
        for name in Entry.__slots__:
            setattr(copy, name, getattr(self, name))
        copy.record = record
        return copy


def _pack(numbers: list) -> bytes | tuple:
    """Positions of a mapping built in code (1-based): as 4-byte numbers with the keys' 0-based, as
    the parser's marks are kept; a tuple as they are when one is missing."""
    try:
        return array("I", [*numbers[:2], *(n - 1 for n in numbers[2:])]).tobytes()
    except (TypeError, OverflowError):
        return tuple(numbers)


_PACKERS: dict[int, Callable[..., bytes]] = {}


def _packer(count: int) -> Callable[..., bytes]:
    """``pack(*numbers)`` of ``count`` 4-byte numbers, as ``array("I", numbers).tobytes()`` lays them out."""
    packer = _PACKERS.get(count)
    if packer is None:
        packer = _PACKERS[count] = struct.Struct(f"={count}I").pack
    return packer


_LINE_COLUMN = attrgetter("line", "column")
# Types of the values of a record with no nested mapping (checked all at once, in C, before looking further).
_FLAT = frozenset((str, int, float, bool, type(None), list, dt.date, dt.datetime))


_KEY_ORDERS: dict[tuple, tuple] = {}


@dataclass
class Batch:
    """The records of one import, by section then code, in file order."""

    entries: dict[str, dict[str, Entry]] = field(default_factory=dict)
    rejected: dict[str, set[str]] = field(default_factory=dict)
    """Codes of records that were in the input but invalid: references to them are not reported again."""
    strings: dict[str, str] = field(default_factory=dict, repr=False)
    """One string per code the records refer to, shared by every record referring to it."""
    warnings: list = field(default_factory=list)
    """Problems of the import rules that do not stop the import (:func:`~village_gov.core.validate.import_warning`)."""

    def section(self, name: str) -> dict[str, Entry]:
        return self.entries.get(name, {})

    def count(self) -> int:
        return sum(len(v) for v in self.entries.values())


class Lookup:
    """Find a record by section and code, in the batch first, then in the database."""

    def __init__(self, batch: Batch, db: Database | None = None) -> None:
        self.batch = batch
        self.db = db
        self._db_rows: dict[str, dict[str, dict]] = {}
        self._codes: dict[str, frozenset] = {}

    def codes_in_db(self, section: Section) -> dict[str, dict]:
        if section.name not in self._db_rows:
            rows = {}
            if self.db is not None and self.db[section.table].exists():
                for row in self.db.query(f"SELECT * FROM [{section.table}]"):
                    rows[row["code"]] = row
            self._db_rows[section.name] = rows
        return self._db_rows[section.name]

    def codes(self, section_name: str) -> frozenset:
        """Every code of the section, in the batch or in the database (one query per section)."""
        if section_name not in self._codes:
            section = by_name()[section_name]
            known = set(self.batch.section(section_name))
            if section.name in self._db_rows:
                known.update(self._db_rows[section.name])
            elif self.db is not None and self.db[section.table].exists():
                known.update(code for (code,) in self.db.execute(f"SELECT code FROM [{section.table}]"))
            self._codes[section_name] = frozenset(known)
        return self._codes[section_name]

    def exists(self, section_name: str, code: str) -> bool:
        return code in self.codes(section_name)

    def unknown(self, section_name: str, codes: set) -> set:
        """The codes of ``codes`` that name no record of the section, in the batch or in the database.

        Only the codes not in the batch are looked up in the database, by one query per 10,000 of them.
        """
        entries = self.batch.section(section_name)
        # A set less a dict: one loop in C over the codes, each hash already known.
        rest = (codes if type(codes) is set else set(codes)).difference(entries)
        if not rest:
            return rest
        if section_name in self._codes:
            return rest - self._codes[section_name]
        section = by_name()[section_name]
        if section.name in self._db_rows:
            return {code for code in rest if code not in self._db_rows[section.name]}
        if self.db is None or not self.db[section.table].exists():
            return rest
        listed = sorted(c for c in rest if isinstance(c, str))
        for start in range(0, len(listed), 10_000):
            rest.difference_update(code for (code,) in self.db.execute(
                f'SELECT code FROM "{section.table}" WHERE code IN (SELECT value FROM json_each(?))',
                [json.dumps(listed[start:start + 10_000], ensure_ascii=False)]))
        return rest

    def get(self, section_name: str, code: str | None) -> dict | None:
        """The record as a dict (batch version if present), or None."""
        if code is None:
            return None
        entry = self.batch.section(section_name).get(code)
        if entry is not None:
            return entry.record.model_dump()
        return self.codes_in_db(by_name()[section_name]).get(code)


class PointLookup(Lookup):
    """A :class:`Lookup` for a batch of a record or two: each stored code is looked up by one indexed query."""

    def codes(self, section_name: str) -> _KnownCodes:  # type: ignore[override]  # a set for `in` and `-` only
        return _KnownCodes(self, section_name)

    def exists(self, section_name: str, code: str) -> bool:
        return code in self.batch.section(section_name) or self._stored(section_name, code) is not None

    def unknown(self, section_name: str, codes: set) -> set:
        return {code for code in codes if code not in self.codes(section_name)}

    def get(self, section_name: str, code: str | None) -> dict | None:
        if code is None:
            return None
        entry = self.batch.section(section_name).get(code)
        return entry.record.model_dump() if entry is not None else self._stored(section_name, code)

    def _stored(self, section_name: str, code: str) -> dict | None:
        table = by_name()[section_name].table
        if self.db is None or not self.db[table].exists():
            return None
        rows = list(self.db.query(f'SELECT * FROM "{table}" WHERE code = ?', [code]))
        return rows[0] if rows else None


class _KnownCodes:
    """The codes of a section as :meth:`PointLookup.codes` answers them: ``code in known``, ``given - known``."""

    def __init__(self, lookup: PointLookup, section_name: str):
        self.lookup, self.section_name = lookup, section_name

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.lookup.exists(self.section_name, code)

    def __rsub__(self, other: Iterable) -> set:
        return {code for code in other if code not in self}
