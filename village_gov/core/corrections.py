"""Corrections as ledger operations: ``edit`` a stored record, ``void`` it, ``unvoid`` it.

Generic over the sections of :data:`village_gov.ledgers.LEDGERS` (every list section: a ledger
added later gets them with no code of its own):

* an edit reads the record in its import form (as ``dump`` writes it), sets the fields given and
  writes it through :func:`village_gov.core.write.write_record`, the path of an import of that one
  record (model, references, every ledger's import rules), in one transaction with its audit entry
  (before → after).  The code itself is not edited: it is what everything else points at (void the
  record and add it again under the right code);
* a void moves the record, its child rows and the rows hanging on it (a request's history) into the
  ``voided`` table (:mod:`village_gov.core.voids`) with its reason; refused while another record
  points at it (named), as an import refuses a dangling reference;
* ``unvoid`` writes the kept record back through the same path (checked again) and its rows.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from village_gov.core.errors import InputError
from village_gov.core.fieldpaths import field_path, get_path, in_every_language, read_value, set_path
from village_gov.core.sections import Section
from village_gov.core.voids import VOID_TABLE, has_voids

if TYPE_CHECKING:
    from sqlite_utils import Database

SHOWN_REFERRERS = 5


def correctable(section: Section) -> bool:
    """A section of records listed one by one (not the mapping of a reform, nor what is written inside it)."""
    return section.shape == "list" and not section.within


def find_section(name: str) -> Section:
    """The section ``name`` names: its name (``consultations``) or its label in either language (协商议事)."""
    from village_gov.core.i18n import label
    from village_gov.core.value_problems import did_you_mean
    from village_gov.ledgers import by_name

    sections = {n: s for n, s in by_name().items() if correctable(s)}
    if name in sections:
        return sections[name]
    for section in sections.values():
        def section_label(s: Section = section) -> str:
            return label("section." + s.name, s.name)

        if name in in_every_language(section_label):
            return section
    raise InputError("edit.unknown_section", name=name, hint=did_you_mean(name, sections),
                     choices=" ".join(sections))


def record_form(db: Database, section: Section, code: str) -> dict:
    """The stored record ``code`` of ``section`` in the import format (refused when there is none)."""
    from village_gov.trail.dump_sections import dump_hooks
    from village_gov.trail.records import generic_records

    hook = dump_hooks().get(section.name)
    # A section with a hook is read whole (hooks take no code); a section without one reads one row.
    record = next((r for r in hook(db, section) if r.get("code") == code), None) if hook else None
    if record is None:  # no hook, or one writing some records elsewhere (requests at a meeting)
        record = next(iter(generic_records(db, section, "WHERE code = ?", [code])), None)
    if record is None:
        reason = voided_reason(db, section, code)
        if reason is not None:
            raise InputError("edit.record_voided", section=section.name, code=code, reason=reason)
        raise InputError("edit.unknown_code", section=section.name, code=code)
    for nest in section.nested:
        record.pop(nest.field, None)  # nested records are records of their own section
    return record


def voided_reason(db: Database, section: Section, code: str) -> str | None:
    if not has_voids(db.conn):
        return None
    row = db.conn.execute(f"SELECT reason FROM {VOID_TABLE} WHERE section = ? AND code = ?",
                          [section.name, code]).fetchone()
    return row[0] if row else None


# --- edit -------------------------------------------------------------------------------------------

@dataclass
class Edit:
    """An edit worked out, not yet written: the record before and after, the fields changed."""

    section: Section
    code: str
    before: dict
    after: dict
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)
    """``(path, before, after)`` of each field given, in the order given."""


def plan_edit(db: Database, section_name: str, code: str, sets: list[str]) -> Edit:
    """Read the record and apply ``field=value`` items to its import form (nothing written)."""
    section = find_section(section_name)
    if not sets:
        raise InputError("edit.nothing_to_set")
    before = record_form(db, section, code)
    edit = Edit(section, code, before, copy.deepcopy(before))
    for item in sets:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise InputError("edit.bad_set", item=item)
        path = field_path(section, name.strip())
        if path == "code":
            raise InputError("edit.code_fixed", code=code)
        value = read_value(section, path, text)
        set_path(edit.after, path, value)
        edit.changes.append((path, get_path(before, path), value))
    return edit


def apply_edit(db: Database, edit: Edit, command: str | None) -> Any:
    """Write the edited record (checked as an import of it), with its audit entry; return it as written."""
    from village_gov.core.write import write_record
    from village_gov.trail import audit

    options = {path.split(".")[0]: f"--set {path.split('.')[0]}" for path, _, _ in edit.changes}
    with audit.recorded(db, command, counts={"edit": {"section": edit.section.name, "code": edit.code}}) as recorder:
        if record_form(db, edit.section, edit.code) != edit.before:
            raise InputError("edit.changed_meanwhile", code=edit.code)
        written = write_record(db, edit.section.name, edit.after, recorder=recorder, code=edit.code,
                               options=options, refusal="edit.refused", refusal_params={"code": edit.code})
        if edit.section.after_edit is not None:  # e.g. a request's status history
            edit.section.after_edit(db, recorder, edit.code, edit.before, record_form(db, edit.section, edit.code))
        return written


# --- void -------------------------------------------------------------------------------------------

def _foreign_keys(db: Database, target: str) -> list[tuple[str, str]]:
    """``(table, column)`` of every foreign key pointing at ``target``."""
    tables = [name for (name,) in db.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return [(table, column) for table in tables for _, _, parent, column, *_ in db.conn.execute(
        f'PRAGMA foreign_key_list("{table}")') if parent == target]


def referrers(db: Database, section: Section, code: str) -> list[tuple[str, str]]:
    """``(section, code)`` of every record that points at the record (by a reference of its section or by a
    foreign key of its table or of its child table), in section order."""
    from village_gov.ledgers import sections

    every = sections()
    by_table = {s.table: s for s in every}
    child_of = {c.table: (s, c) for s in every for c in s.children}
    found: set[tuple[str, str]] = set()
    for table, column in _foreign_keys(db, section.table):
        if table in by_table:
            owner, select = by_table[table], "code"
        elif table in child_of and child_of[table][0] is not section:
            owner, select = child_of[table][0], child_of[table][1].parent_column
        else:
            continue  # the record's own child rows, or rows that hang on it: they go with it
        found.update((owner.name, c) for (c,) in db.conn.execute(
            f'SELECT "{select}" FROM "{table}" WHERE "{column}" = ?', [code]))
    for other in every:
        for ref in other.refs:
            if ref.target == section.name and ref.many and not any(c.field == ref.field for c in other.children):
                found.update((other.name, c) for (c,) in db.conn.execute(
                    f'SELECT code FROM "{other.table}" WHERE EXISTS '
                    f'(SELECT 1 FROM json_each("{other.table}"."{ref.field}") WHERE value = ?)', [code]))
    found.discard((section.name, code))
    order = {s.name: i for i, s in enumerate(every)}
    return sorted(found, key=lambda pair: (order[pair[0]], pair[1]))


def _rows(db: Database, table: str, column: str, code: str) -> list[dict]:
    cursor = db.conn.execute(f'SELECT * FROM "{table}" WHERE "{column}" = ?', [code])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def _move_out(db: Database, section: Section, code: str) -> dict[str, list[dict]]:
    """Delete the record, its child rows and the rows hanging on it; return them ``{table: [row]}``."""
    owned = {c.table: c.parent_column for c in section.children}
    from village_gov.ledgers import sections

    section_tables = {s.table for s in sections()}
    child_tables = {c.table for s in sections() for c in s.children}
    for table, column in _foreign_keys(db, section.table):
        if table not in section_tables and table not in child_tables:
            owned.setdefault(table, column)  # e.g. a request's history (request_events)
    rows = {table: _rows(db, table, column, code) for table, column in owned.items()}
    rows[section.table] = _rows(db, section.table, "code", code)
    for table, column in owned.items():
        db.conn.execute(f'DELETE FROM "{table}" WHERE "{column}" = ?', [code])
    db.conn.execute(f'DELETE FROM "{section.table}" WHERE code = ?', [code])
    return {table: found for table, found in rows.items() if found}


def void_record(db: Database, section_name: str, code: str, reason: str, command: str | None) -> None:
    """Void the record: kept in ``voided`` with ``reason``, gone from every report, check and list."""
    from village_gov.core.clock import now_stored
    from village_gov.core.i18n import label, t
    from village_gov.trail import audit

    section = find_section(section_name)
    reason = reason.strip()
    if not reason:
        raise InputError("edit.void_needs_reason")
    counts = {"void": {"section": section.name, "code": code, "reason": reason}}
    with audit.recorded(db, command, counts=counts) as recorder:
        record = record_form(db, section, code)
        found = referrers(db, section, code)
        if found:
            named = t("cmd.list_sep").join(f"{label('section.' + s, s)} {c}" for s, c in found[:SHOWN_REFERRERS])
            more = len(found) - SHOWN_REFERRERS
            raise InputError("edit.void_referenced", section=section.name, code=code, count=len(found),
                             referrers=named + (t("edit.and_more", count=more) if more > 0 else ""))
        recorder.track(section.table, code)
        rows = _move_out(db, section, code)
        db.conn.execute(f"INSERT INTO {VOID_TABLE} (section, code, tbl, reason, at, record, rows) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [section.name, code, section.table, reason, now_stored(), _json(record), _json(rows)])


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def unvoid_record(db: Database, section_name: str, code: str, command: str | None) -> Any:
    """Bring a voided record back, checked again as an import of it; its history rows come back with it."""
    from village_gov.core.write import write_record
    from village_gov.trail import audit

    section = find_section(section_name)
    with audit.recorded(db, command, counts={"unvoid": {"section": section.name, "code": code}}) as recorder:
        row = db.conn.execute(f"SELECT record, rows FROM {VOID_TABLE} WHERE section = ? AND code = ?",
                              [section.name, code]).fetchone() if has_voids(db.conn) else None
        if row is None:
            raise InputError("edit.not_voided", section=section.name, code=code)
        db.conn.execute(f"DELETE FROM {VOID_TABLE} WHERE section = ? AND code = ?", [section.name, code])
        written = write_record(db, section.name, json.loads(row[0]), recorder=recorder, code=code,
                               refusal="edit.unvoid_refused", refusal_params={"code": code})
        kept = {c.table for c in section.children} | {section.table}
        for table, items in json.loads(row[1]).items():
            if table in kept:
                continue  # written again from the record
            serial = _integer_key(db, table)
            for item in items:
                item = {k: v for k, v in item.items() if k != serial}  # a new id: the old one may be taken
                names = ", ".join(f'"{n}"' for n in item)
                db.conn.execute(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" for _ in item)})',
                                list(item.values()))
        return written


def _integer_key(db: Database, table: str) -> str | None:
    """The table's ``INTEGER PRIMARY KEY`` column (its row id), if it has one."""
    keys = [(name, kind) for _, name, kind, _, _, pk in db.conn.execute(f'PRAGMA table_info("{table}")') if pk]
    return keys[0][0] if len(keys) == 1 and keys[0][1].upper() == "INTEGER" else None
