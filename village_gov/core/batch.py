"""The records of one import (or one command) as they are checked: each :class:`Entry` with where
it came from, the :class:`Batch` of them by section and code, and the :class:`Lookup` that finds a
record in the batch first, then in the database."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from village_gov.core.sections import Section
from village_gov.core.yamlio import Mapping, _position
from village_gov.ledgers import by_name

if TYPE_CHECKING:
    from sqlite_utils import Database


class Where:
    """Where a record stood in its file, kept once its YAML mapping is freed: the mapping's own
    position and each key's value position as plain numbers, in place of the parser's mark objects.

    It answers :meth:`mark_of` and :meth:`key_mark` as the :class:`~village_gov.core.yamlio.Mapping`
    did; :meth:`get` gives only the values that were themselves mappings (a decision's ``steps``,
    with their own positions), the one raw value a cross-record rule reads.
    """

    __slots__ = ("file", "line", "column", "keys", "places", "key_places", "nested")

    def __init__(self, source: Mapping) -> None:
        self.file, self.line, self.column = source.file, source.line, source.column
        marks = source.marks
        keys = tuple(marks)
        self.keys = _KEY_ORDERS.setdefault(keys, keys)  # records of a section mostly share one key order
        flat = [n for mark in marks.values() for n in _position(mark)]
        try:
            self.places: Sequence[int | None] = array("i", flat)
        except TypeError:  # a mapping built in code may have no position
            self.places = tuple(flat)
        key_marks = getattr(source, "key_marks", None)
        self.key_places = {k: _position(m) for k, m in key_marks.items()} if key_marks else None
        self.nested = {k: v for k, v in source.items() if isinstance(v, Mapping)} or None

    def mark_of(self, key: Any) -> tuple[int | None, int | None]:
        try:
            index = 2 * self.keys.index(key)
        except ValueError:
            return self.line, self.column
        return self.places[index], self.places[index + 1]

    def key_mark(self, key: Any) -> tuple[int | None, int | None]:
        if self.key_places and key in self.key_places:
            return self.key_places[key]
        return self.mark_of(key)

    def get(self, key: Any, default: Any = None) -> Any:
        return self.nested.get(key, default) if self.nested else default


_KEY_ORDERS: dict[tuple, tuple] = {}


@dataclass(slots=True)
class Entry:
    """One valid record and where it came from."""

    record: Any
    source: Mapping | Where
    parent: str | None = None
    """For a record of a nested section: the code of the mapping it was written in."""
    archived: bool = False
    """``archived: true`` in the file (as a dump writes archived records)."""

    @property
    def file(self) -> str:
        return self.source.file

    def at(self, key: str | None = None) -> tuple[str, int | None, int | None]:
        line, column = self.source.mark_of(key) if key else (self.source.line, self.source.column)
        return self.source.file, line, column


@dataclass
class Batch:
    """The records of one import, by section then code, in file order."""

    entries: dict[str, dict[str, Entry]] = field(default_factory=dict)
    rejected: dict[str, set[str]] = field(default_factory=dict)
    """Codes of records that were in the input but invalid: references to them are not reported again."""

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
