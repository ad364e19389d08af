"""A section's records read back from its table (and plain child lists) in the import format.

The generic part of :mod:`village_gov.trail.dump`, used by it and by the hooks of
:mod:`village_gov.trail.dump_sections` (so those two do not import each other).
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from typing import Any

from village_gov.core.sections import Section


def value_kind(annotation) -> str | None:
    """``"date"``, ``"datetime"``, ``"json"``, ``"bool"`` or None, looking through Optional and Annotated."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return value_kind(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        kinds = [value_kind(a) for a in typing.get_args(annotation) if a is not type(None)]
        return next((k for k in kinds if k), None)
    if origin in (list, dict, tuple, set) or annotation in (list, dict, tuple, set):
        return "json"
    if annotation is dt.datetime:
        return "datetime"
    if annotation is dt.date:
        return "date"
    if annotation is bool:
        return "bool"
    return None


def from_sql(kind: str | None, value: Any) -> Any:
    """A stored value back in the form the import format writes it."""
    if value is None or kind is None:
        return value
    if kind == "json" and isinstance(value, str):
        return json.loads(value)
    if kind == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if kind == "datetime" and isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    if kind == "bool":
        return bool(value)
    return value


def _table_columns(db, table: str) -> set[str]:
    return {r[1] for r in db.conn.execute(f'PRAGMA table_info("{table}")')}


ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    # One input field stored in two resolved columns: written back as the single field the import takes.
    "services": {"provider": ("provider_member", "provider_org")},
    "activities": {"organizer": ("organizer_member", "organizer_org")},
    "organizations": {"leader": ("leader_member", "leader_name")},
}


def generic_records(db, section: Section, where: str = "", params=(),
                    extra: dict[str, dict[str, Any]] | None = None) -> list[dict]:
    """The section's records from its table (and plain child lists), as import-format dicts, by code.

    ``extra`` gives values of fields not stored as columns (``{code: {field: value}}``), written in
    the model's field order like the others.
    """
    has_archived = "archived" in _table_columns(db, section.table)
    names = ["code", *section.columns] + (["archived"] if has_archived else [])
    cursor = db.conn.execute(
        f'SELECT {", ".join(f"[{n}]" for n in names)} FROM "{section.table}" {where} ORDER BY code', list(params))
    rows = [dict(zip(names, values)) for values in cursor]
    fields = section.model.model_fields
    children: dict[str, dict[str, list]] = {}
    for child in section.children:
        if child.field not in fields or child.columns:
            continue  # a resolved or multi-column child list: the section's hook writes it
        grouped: dict[str, list] = {}
        for parent, item in db.conn.execute(
                f'SELECT "{child.parent_column}", "{child.child_column}" FROM "{child.table}" ORDER BY 1, 2'):
            grouped.setdefault(parent, []).append(item)
        children[child.field] = grouped
    aliases = ALIASES.get(section.name, {})
    kinds = {name: value_kind(info.annotation) for name, info in fields.items()}
    records = []
    for row in rows:
        for name, sources in aliases.items():
            row[name] = next((row[c] for c in sources if row.get(c) is not None), None)
        if extra:
            row.update(extra.get(row["code"], {}))
        record: dict[str, Any] = {}
        for name, info in fields.items():
            if name in children:
                value = children[name].get(row["code"], [])
                if not value and not info.is_required():
                    continue
            elif name in row:
                value = from_sql(kinds[name], row[name])
            else:
                continue
            if value is None:
                continue
            record[name] = value
        if has_archived and row.get("archived"):
            record["archived"] = True
        records.append(record)
    return records
