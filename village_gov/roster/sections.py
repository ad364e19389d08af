"""The sections of the input format: which model reads them, which table keeps them, what they point at.

Every section is a flat list of records with a ``code`` unique within the
section, except a ``shape="mapping"`` section (``reform``): ONE mapping, one
record whose code defaults in its model.  Its list-valued keys named by
``inner`` are read as sections of their own (``within`` the mapping), whose
rows carry the mapping's code in the column named after it.  :data:`SECTIONS` is in dependency order: a section only points at
sections before it (or, through deferred foreign keys, at itself and at later
sections within one import).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from typing import Any, Callable

from village_gov.procedures import models as procedure_models
from village_gov.roster import models


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

    def values(self, record) -> tuple:
        """The record's child values, in a canonical order, as SQLite stores them."""
        if self.rows is None:
            return tuple(sorted(set(getattr(record, self.field))))
        return self.canonical([tuple(to_sql(v) for v in row) for row in self.rows(record)])

    def canonical(self, items) -> tuple:
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
    model: type
    columns: tuple[str, ...]
    refs: tuple[Ref, ...] = ()
    children: tuple[Child, ...] = ()
    registry: bool = True
    """Registry sections (rosters) report records absent from an import and can ``--prune`` them;
    event sections (consultations, services…) only add and change."""
    title_key: str = ""
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

    def row(self, record, parent: str | None = None) -> tuple:
        """The record's values for :attr:`columns`, as SQLite stores them (``parent``: the code of the
        mapping a nested record was written in)."""
        if self.within:
            return tuple(to_sql(parent if c == self.within else getattr(record, c)) for c in self.columns)
        values = self._values(record)
        if len(self.columns) == 1:
            values = (values,)
        if _PLAIN.issuperset(map(type, values)):
            return values
        return tuple(map(to_sql, values))

    @cached_property
    def _values(self) -> Callable[[Any], Any]:
        return attrgetter(*self.columns)

    def child_rows(self, record) -> dict[str, tuple]:
        """For each child table, the sorted tuple of the record's child values."""
        return {c.table: c.values(record) for c in self.children}


# Values SQLite stores as they are (bool is not here: it is stored as 0/1 by to_sql).
_PLAIN = frozenset((str, int, float, type(None)))


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
                refs=(Ref("village", "villages"), Ref("host", "members"), Ref("position", "positions")),
                registry=False,
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
    Section("reform", "reform", models.Reform, ("name", "effective"), shape="mapping",
            inner=("townships_before", "villages_before")),
    Section("townships_before", "townships_before", models.TownshipBefore, ("reform", "name", "kind"),
            within="reform"),
    Section("villages_before", "villages_before", models.VillageBefore,
            ("reform", "name", "township_before", "population", "area_km2", "party_orgs", "merged_into"),
            refs=(Ref("township_before", "townships_before"), Ref("merged_into", "villages")),
            within="reform"),
    # Procedures (event ledgers): 四议两公开一监督, 三公开, 三会一课, 道德红黑榜, 积分制.
    Section("decisions", "decisions", procedure_models.Decision, ("village", "title", "category", "supervisor"),
            refs=(Ref("village", "villages"),), registry=False,
            children=(Child("steps", "decision_steps", "decision", "step",
                            columns=("date", "due", "present", "approve", "oppose", "abstain", "body"),
                            rows=lambda d: [procedure_models.step_row(n, s) for n, s in d.steps.recorded()]),)),
    Section("disclosures", "disclosures", procedure_models.Disclosure, ("village", "date", "kind", "items", "channel"),
            refs=(Ref("village", "villages"),), registry=False),
    Section("party_meetings", "party_meetings", procedure_models.PartyMeeting,
            ("org", "date", "kind", "due", "present", "topic"), refs=(Ref("org", "party_orgs"),), registry=False),
    Section("moral_list", "moral_list", procedure_models.MoralEntry,
            ("date", "village", "household", "list", "reason", "published"),
            refs=(Ref("village", "villages"), Ref("household", "households")), registry=False),
    Section("points", "points", procedure_models.PointsEntry, ("date", "household", "points", "reason", "rule"),
            refs=(Ref("household", "households"),), registry=False),
    *consult_sections(),
]

SEMANTIC_CHECKS: list[Callable] = []
"""Functions ``(batch, lookup) -> list[Problem]`` for rules across records; see validate.py."""


def by_name() -> dict[str, Section]:
    return {s.name: s for s in SECTIONS}


# The four micros (四微).  Fields naming "a member or an organization" (provider,
# organizer), "a member or a name" (leader) and "members or households"
# (members) are resolved into separate foreign-key columns by
# village_gov.micros.rules; only the plain references are listed here.
from village_gov.micros import models as micro_models  # noqa: E402

SECTIONS.extend([
    Section("positions", "positions", micro_models.Position,
            ("name", "village", "group", "kind", "source", "functions", "opened"),
            refs=(Ref("village", "villages"), Ref("group", "groups"))),
    Section("organizations", "organizations", micro_models.Organization,
            ("name", "village", "type", "category", "leader_member", "leader_name", "head_count", "founded",
             "charter"),
            refs=(Ref("village", "villages"),),
            children=(Child("member_codes", "organization_members", "organization", "member"),
                      Child("household_codes", "organization_households", "organization", "household"))),
    Section("services", "services", micro_models.Service,
            ("date", "village", "kind", "provider_member", "provider_org", "household", "hours", "content",
             "position"),
            refs=(Ref("village", "villages"), Ref("household", "households"), Ref("position", "positions")),
            registry=False),
    Section("activities", "activities", micro_models.Activity,
            ("date", "village", "kind", "title", "organizer_member", "organizer_org", "position", "participants"),
            refs=(Ref("village", "villages"), Ref("position", "positions")),
            registry=False),
])
