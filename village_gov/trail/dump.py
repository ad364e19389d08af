"""The whole database as YAML in the import format: one file per section, for handover.

Generic over :data:`~village_gov.ledgers.SECTIONS`: each section's
table gives its columns, its child tables give the list fields (a member's
``households`` from ``liaisons``).  The output is stable, so dumping the same
database twice gives identical files:

* records ordered by ``code``; keys in the model's field order (``code`` first);
* ``None`` values and empty optional lists left out; every other value written,
  defaults included (a later release changing a default cannot change a
  handed-over ledger);
* dates as ``YYYY-MM-DD``; list/dict columns (stored as JSON) as YAML lists/maps;
* archived records kept, marked ``archived: true``; the importer accepts the
  key on any record and stores the record archived.

A section that needs more than its table and child tables registers a hook
with :func:`dump_hook`, returning the records (dicts) to write.
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from village_gov.core.atomic import make_private_folders
from village_gov.core.errors import InputError, os_reason
from village_gov.ledgers import SECTIONS
from village_gov.core.sections import Section

DumpHook = Callable[[Any, Section], list[dict]]
DUMP_HOOKS: dict[str, DumpHook] = {}


def dump_hook(section_name: str) -> Callable[[DumpHook], DumpHook]:
    """Register ``function(db, section) -> records`` to dump ``section_name`` instead of the generic query."""

    def register(function: DumpHook) -> DumpHook:
        DUMP_HOOKS[section_name] = function
        return function

    return register


@dataclass
class DumpResult:
    files: list[Path] = field(default_factory=list)
    records: int = 0


def _value_kind(annotation) -> str | None:
    """``"date"``, ``"datetime"``, ``"json"``, ``"bool"`` or None, looking through Optional and Annotated."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _value_kind(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        kinds = [_value_kind(a) for a in typing.get_args(annotation) if a is not type(None)]
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
    kinds = {name: _value_kind(info.annotation) for name, info in fields.items()}
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


def section_records(db, section: Section) -> list[dict]:
    """The section's records as import-format dicts, ordered by code."""
    hook = DUMP_HOOKS.get(section.name)
    if hook is not None:
        return hook(db, section)
    return generic_records(db, section)


def render_section(section: Section, records: list[dict]) -> str:
    """YAML text of one section file."""
    import yaml

    data = records[0] if section.shape == "mapping" else records
    return yaml.safe_dump({section.name: data}, allow_unicode=True, sort_keys=False,
                          default_flow_style=False, width=1 << 16)


def _write_private(path: Path, text: str) -> None:
    """One section file, readable by its owner only, written whole (see :mod:`village_gov.core.atomic`)."""
    from village_gov.core.atomic import write_text_atomically

    write_text_atomically(path, text, mode=0o600)


def dump_database(db, output: Path) -> DumpResult:
    """Write every section with records to ``output/<section>.yaml`` (the folder is created, mode 0700).

    A file left from an earlier dump for a section that is now empty is removed,
    so the folder always imports as exactly this database.
    """
    output = Path(output)
    if output.exists() and not output.is_dir():
        raise InputError("dump_not_dir", path=str(output))
    try:
        make_private_folders(output)
    except OSError as exc:
        raise InputError("os_error", path=str(output), reason=os_reason(exc)) from None
    result = DumpResult()
    for section in SECTIONS:
        path = output / f"{section.name}.yaml"
        if section.within or not db[section.table].exists():
            path.unlink(missing_ok=True)  # written inside its mapping section
            continue
        records = section_records(db, section)
        if section.shape == "mapping":
            _dump_mappings(output, section, records, result)
            continue
        if not records:
            path.unlink(missing_ok=True)
            continue
        _write_private(path, render_section(section, records))
        result.files.append(path)
        result.records += len(records)
    return result


def _dump_mappings(output: Path, section: Section, records: list[dict], result: DumpResult) -> None:
    """A mapping section holds ONE record per file: ``<name>.yaml``, then ``<name>-2.yaml`` …"""
    names = [f"{section.name}.yaml" if i == 0 else f"{section.name}-{i + 1}.yaml" for i in range(len(records))]
    for stale in output.glob(f"{section.name}*.yaml"):
        if stale.name not in names and (stale.stem == section.name or stale.stem.startswith(section.name + "-")):
            stale.unlink()
    for name, record in zip(names, records):
        path = output / name
        _write_private(path, render_section(section, [record]))
        result.files.append(path)
        inner = sum(len(record.get(key, [])) for key in section.inner)
        result.records += 1 + inner


from village_gov.trail import dump_sections  # noqa: E402,F401  (registers the hooks of sections needing more)
