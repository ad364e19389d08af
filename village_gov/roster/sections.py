"""The sections of the input format: which model reads them, which table keeps them, what they point at.

Every section is a flat list of records with a ``code`` unique within the
section.  :data:`SECTIONS` is in dependency order: a section only points at
sections before it (or, through deferred foreign keys, at itself and at later
sections within one import).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Callable

from village_gov.roster import models


@dataclass(frozen=True)
class Ref:
    """``field`` of a record holds the code (or, if ``many``, a list of codes) of a record in ``target``."""

    field: str
    target: str
    many: bool = False


@dataclass(frozen=True)
class Child:
    """A list field kept as rows of its own table: ``(parent_column=code, child_column=item)``."""

    field: str
    table: str
    parent_column: str
    child_column: str


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
    model: type
    columns: tuple[str, ...]
    refs: tuple[Ref, ...] = ()
    children: tuple[Child, ...] = ()
    registry: bool = True
    """Registry sections (rosters) report records absent from an import and can ``--prune`` them;
    event sections (consultations, services…) only add and change."""
    title_key: str = ""
    nested: tuple[Nested, ...] = ()
    baseline_column: str | None = None
    """When set, an import compares a record with the values the previous import wrote (kept as
    JSON in this column), not with the live row: values changed since by a command stand until the
    file itself changes."""
    after_write: Callable | None = None
    """``after_write(db, changes)``: called inside the import transaction after the rows are written."""

    def row(self, record) -> tuple:
        """The record's values for :attr:`columns`, as SQLite stores them."""
        return tuple(to_sql(getattr(record, c)) for c in self.columns)

    def child_rows(self, record) -> dict[str, tuple]:
        """For each child table, the sorted tuple of the record's child values."""
        return {c.table: tuple(sorted(set(getattr(record, c.field)))) for c in self.children}


def to_sql(value: Any) -> Any:
    """A Python value as stored in SQLite: dates as ISO text, lists as JSON, bools as 0/1."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return int(value)
    return value


def consult_sections() -> list[Section]:
    """The consultation and request ledgers (see :mod:`village_gov.consult`)."""
    from village_gov.consult import models as cm
    from village_gov.consult.history import record_import_events

    return [
        Section("consultations", "consultations", cm.Consultation,
                ("village", "date", "format", "topics", "host", "attendees", "position", "summary"),
                refs=(Ref("village", "villages"), Ref("host", "members")), registry=False,
                nested=(Nested("requests", "requests",
                               (("consultation", "code"), ("village", "village"), ("raised", "date"))),)),
        Section("requests", "requests", cm.Request,
                ("consultation", "village", "household", "raised", "content", "category", "answered_on_spot",
                 "response", "status", "resolved", "referred", "referred_to", "public"),
                refs=(Ref("consultation", "consultations"), Ref("village", "villages"),
                      Ref("household", "households")),
                registry=False, baseline_column="imported", after_write=record_import_events),
    ]


SECTIONS: list[Section] = [
    Section("townships", "townships", models.Township, ("name", "kind")),
    Section("villages", "villages", models.Village, ("name", "township", "kind", "population", "area_km2"),
            refs=(Ref("township", "townships"),)),
    Section("groups", "groups", models.Group, ("name", "village"), refs=(Ref("village", "villages"),)),
    Section("party_orgs", "party_orgs", models.PartyOrg,
            ("name", "level", "village", "group", "parent", "setup", "secretary"),
            refs=(Ref("village", "villages"), Ref("group", "groups"), Ref("parent", "party_orgs"),
                  Ref("secretary", "members"))),
    Section("households", "households", models.Household, ("head", "group", "size", "phone"),
            refs=(Ref("group", "groups"),)),
    Section("members", "members", models.Member,
            ("name", "gender", "born", "joined", "status", "org", "phone", "id_number"),
            refs=(Ref("org", "party_orgs"), Ref("households", "households", many=True)),
            children=(Child("households", "liaisons", "member", "household"),)),
    Section("cadres", "cadres", models.Cadre, ("village", "member", "name", "posts"),
            refs=(Ref("village", "villages"), Ref("member", "members"))),
    *consult_sections(),
]

SEMANTIC_CHECKS: list[Callable] = []
"""Functions ``(batch, lookup) -> list[Problem]`` for rules across records; see validate.py."""


def by_name() -> dict[str, Section]:
    return {s.name: s for s in SECTIONS}
