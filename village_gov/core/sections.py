"""The sections of the input format: which model reads them, which table keeps them, what they point at.

Every section is a flat list of records with a ``code`` unique within the
section, except a ``shape="mapping"`` section (``reform``): ONE mapping, one
record whose code defaults in its model.  Its list-valued keys named by
``inner`` are read as sections of their own (``within`` the mapping), whose
rows carry the mapping's code in the column named after it.  The sections of
:data:`village_gov.ledgers.LEDGERS` are in dependency order: a section only points at
sections before it (or, through deferred foreign keys, at itself and at later
sections within one import).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from typing import Any

from pydantic import BaseModel


@dataclass(frozen=True)
class Ref:
    """``field`` of a record holds the code (or, if ``many``, a list of codes) of a record in ``target``."""

    field: str
    target: str
    many: bool = False


@dataclass(frozen=True)
class Child:
    """A list field kept as rows of its own table: ``(parent_column=code, child_column=item)``.

    With ``columns`` and ``rows``, each child row has several values: ``rows(record)`` gives
    tuples ``(child_column value, *columns values)`` (e.g. a decision's steps with their
    dates and votes); without them, the field is a plain list of single values.
    """

    field: str
    table: str
    parent_column: str
    child_column: str
    columns: tuple[str, ...] = ()
    rows: Callable[[Any], Any] | None = None

    @property
    def all_columns(self) -> tuple[str, ...]:
        return (self.child_column, *self.columns)

    def values(self, record: Any) -> tuple:
        """The record's child values, in a canonical order, as SQLite stores them."""
        if self.rows is None:
            return tuple(sorted(set(getattr(record, self.field))))
        return self.canonical([tuple(to_sql(v) for v in row) for row in self.rows(record)])

    def canonical(self, items: Iterable) -> tuple:
        """Child values (as read from the database or built from a record) in a comparable order."""
        if self.rows is None:
            return tuple(sorted(items))
        return tuple(sorted(items, key=repr))


@dataclass(frozen=True)
class Nested:
    """Records of section ``target`` written inside a parent record under ``field``.

    Before validation they are lifted into ``target`` (keeping their YAML positions);
    ``inherit`` maps a child key to the parent key whose value it takes when the child
    does not state it (e.g. a consultation's requests take its code, village and date).
    """

    field: str
    target: str
    inherit: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Section:
    name: str
    table: str
    model: type[BaseModel]
    columns: tuple[str, ...]
    refs: tuple[Ref, ...] = ()
    children: tuple[Child, ...] = ()
    registry: bool = True
    """Registry sections (rosters) report records absent from an import and can ``--prune`` them;
    event sections (consultations, services…) only add and change."""
    shape: str = "list"
    """``list`` (a list of records) or ``mapping`` (one record written as a mapping)."""
    inner: tuple[str, ...] = ()
    """For a mapping section: keys holding lists read as the named sections."""
    within: str = ""
    """For a section written inside a mapping section: that section (also its parent-code column)."""
    nested: tuple[Nested, ...] = ()
    baseline_column: str | None = None
    """When set, an import compares a record with the values the previous import wrote (kept as
    JSON in this column), not with the live row: values changed since by a command stand until the
    file itself changes."""
    after_write: Callable | None = None
    """``after_write(db, changes)``: called inside the import transaction after the rows are written."""
    after_edit: Callable | None = None
    """``after_edit(db, recorder, code, before, after)``: called inside an ``edit``'s transaction after the
    record is written, with its import form before and after (a request's status history)."""

    def row(self, record: Any, parent: str | None = None) -> tuple:
        """The record's values for :attr:`columns`, as SQLite stores them (``parent``: the code of the
        mapping a nested record was written in)."""
        if self.within:
            return tuple(to_sql(parent if c == self.within else getattr(record, c)) for c in self.columns)
        values = self._values(record)
        if len(self.columns) == 1:
            values = (values,)
        if PLAIN_TYPES.issuperset(map(type, values)):
            return values
        return tuple(map(to_sql, values))

    @cached_property
    def _values(self) -> Callable[[Any], Any]:
        return attrgetter(*self.columns)

    def child_rows(self, record: Any) -> dict[str, tuple]:
        """For each child table, the sorted tuple of the record's child values."""
        return {c.table: c.values(record) for c in self.children}


# Values SQLite stores as they are (bool is not here: it is stored as 0/1 by to_sql).
PLAIN_TYPES = frozenset((str, int, float, type(None)))


def to_sql(value: Any) -> Any:
    """A Python value as stored in SQLite: dates as ISO text, lists as JSON, bools as 0/1."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return int(value)
    return value

