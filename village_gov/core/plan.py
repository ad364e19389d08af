"""The plan of an import, for ``import --dry-run``: per section, the records it would add (code and a
short label), the records it would change with each changed field before → after, and the records
missing from it (kept, or archived with ``--prune``).

Built from what :func:`village_gov.core.changes.diff_batch` compares, with ``fields=True`` (only a dry
run pays for the before values): the stored rows (or a section's import baseline) and the rows the
import would write, both turned back into the columns of the import template (a decision's
``steps.reviewed.present``, a member's ``households``, a service's ``provider``), so a field is named
as in the template and a spreadsheet, and compared there.  Phone and ID numbers are masked unless
``unmask``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from village_gov.core.changes import SectionChanges
from village_gov.core.privacy import mask_row
from village_gov.core.sections import Section
from village_gov.ledgers import by_name
from village_gov.trail.records import ALIASES, from_sql, value_kind

ARCHIVED = "archived"
LABEL_FIELDS = ("name", "head", "title", "topic", "content", "reason", "items", "summary")
"""The field giving a record's short label in the plan: the first of these it has."""
LABEL_LENGTH = 30

# Stored columns and child lists that make up one template column (the hook of the organizations' dump):
# the member and household codes listed, else the head count.
FOLDED: dict[str, dict[str, tuple[str, ...]]] = {
    "organizations": {"members": ("member_codes", "household_codes", "head_count")},
}


@dataclass
class FieldChange:
    field: str
    before: Any
    after: Any

    def as_dict(self) -> dict:
        return {"field": self.field, "before": _json(self.before), "after": _json(self.after)}


@dataclass
class RecordPlan:
    code: str
    label: str
    values: dict[str, Any] = field(default_factory=dict)
    """The record's values by template column (after the import; before it for a missing record)."""
    fields: list[FieldChange] = field(default_factory=list)

    def as_dict(self) -> dict:
        if self.fields:
            return {"code": self.code, "label": self.label, "fields": [f.as_dict() for f in self.fields]}
        return {"code": self.code, "label": self.label}


@dataclass
class SectionPlan:
    section: str
    added: list[RecordPlan]
    changed: list[RecordPlan]
    missing: list[RecordPlan]
    pruned: bool
    """True when the missing records would be archived (``--prune``), False when they are kept."""
    counts: dict[str, Any]

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.missing)

    def as_dict(self) -> dict:
        return {"section": self.section, "added": [r.as_dict() for r in self.added],
                "changed": [r.as_dict() for r in self.changed], "missing": [r.as_dict() for r in self.missing],
                "missing_action": "archive" if self.pruned else "keep",
                "counts": {k: v for k, v in self.counts.items() if k != "section"}}


def build_plan(changes: list[SectionChanges], *, unmask: bool = False) -> list[SectionPlan]:
    """The plan of each section the import holds (``changes`` from a dry run's ``diff_batch``)."""
    from village_gov.reports.template import build_template

    sections = by_name()
    template = build_template()
    plans = []
    for change in changes:
        sheet = template.sheet(change.section)
        order = [column.key for column in sheet.columns] if sheet else []
        plans.append(_section_plan(sections[change.section], change, unmask, [*order, ARCHIVED]))
    return plans


def _section_plan(section: Section, change: SectionChanges, unmask: bool, order: list[str]) -> SectionPlan:
    place = {key: n for n, key in enumerate(order)}

    def ordered(values: dict[str, Any]) -> dict[str, Any]:
        keys = sorted(values, key=lambda key: place.get(key, len(place)))
        return _masked({key: values[key] for key in keys}, unmask)

    def after(code: str) -> dict[str, Any]:
        values = {"code": code, **flat_values(section, change.rows[code], _kids(change.children, code))}
        if change.flags.get(code):
            values[ARCHIVED] = True
        return ordered(values)

    def before(code: str) -> dict[str, Any]:
        values = {"code": code, **flat_values(section, change.before[code], _kids(change.before_children, code))}
        if code in change.was_archived:
            values[ARCHIVED] = True
        return ordered(values)

    added = [_record(code, after(code)) for code in sorted(change.added)]
    changed = []
    for code in sorted(change.changed):
        old, new = before(code), after(code)
        record = _record(code, new)
        record.fields = diff_values(old, new)
        changed.append(record)
    missing = [_record(code, before(code)) for code in sorted(change.absent)]
    return SectionPlan(change.section, added, changed, missing, bool(change.archived), change.as_dict())


def _kids(children: dict[str, dict[str, tuple]], code: str) -> dict[str, tuple]:
    return {table: grouped[code] for table, grouped in children.items() if code in grouped}


def _record(code: str, values: dict[str, Any]) -> RecordPlan:
    return RecordPlan(code, record_label(values), values)


def record_label(values: dict[str, Any]) -> str:
    """A record's short label: its name, head, title, topic, content … (the first it has), cut short."""
    text = next((str(values[name]) for name in LABEL_FIELDS if values.get(name) not in (None, "")), "")
    return text if len(text) <= LABEL_LENGTH else text[:LABEL_LENGTH - 1] + "…"


def flat_values(section: Section, row: tuple, children: dict[str, tuple]) -> dict[str, Any]:
    """A stored row and its child rows as ``{template column: value}`` (None and empty lists left out)."""
    fields = section.model.model_fields
    values: dict[str, Any] = {}
    for column, value in zip(section.columns, row):
        kind = value_kind(fields[column].annotation) if column in fields else None
        values[column] = from_sql(kind, value)
    for name, sources in ALIASES.get(section.name, {}).items():
        values[name] = next((values.pop(c) for c in sources if values.get(c) is not None), None)
        for column in sources:
            values.pop(column, None)
    for child in section.children:
        items = children.get(child.table, ())
        if child.columns:  # several values a row, keyed by the first: a decision's steps
            for key, *cells in items:
                values.update({f"{child.field}.{key}.{name}": cell for name, cell in zip(child.columns, cells)})
        else:
            values[child.field] = list(items)
    for name, parts in FOLDED.get(section.name, {}).items():
        found = [values.pop(part, None) for part in parts]
        listed = sorted(item for value in found if isinstance(value, list) for item in value)
        scalar: Any = next((v for v in found if v is not None and not isinstance(v, list)), None)
        values[name] = listed or scalar
    if section.within:
        values.pop(section.within, None)
    return {k: v for k, v in values.items() if v is not None and v != []}


def diff_values(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    """Each field whose value differs, in the order of ``after`` then of the fields only ``before`` has."""
    keys = [*after, *(k for k in before if k not in after)]
    changes = []
    for key in keys:
        old, new = before.get(key), after.get(key)
        if key == ARCHIVED:
            old, new = bool(old), bool(new)
        if old != new:
            changes.append(FieldChange(key, old, new))
    return changes


def _masked(values: dict[str, Any], unmask: bool) -> dict[str, Any]:
    return mask_row(values, unmask)


def _json(value: Any) -> Any:
    """A value as JSON gives it: dates as ``YYYY-MM-DD``, lists as lists."""
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
