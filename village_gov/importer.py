"""Import: load → validate → compare with the database → apply in one transaction.

Nothing is written unless every file is valid.  Importing the same files twice
writes nothing the second time.  Records missing from a registry section are
kept (and reported); with ``prune`` they are archived, never deleted.
"""

from __future__ import annotations

import json
import time
from itertools import groupby
from operator import itemgetter
from contextlib import contextmanager
from dataclasses import dataclass, field

from typing import Callable

from village_gov import audit
from village_gov.db import write_transaction
from village_gov.errors import InputError, Problem
from village_gov.consult import rules as _consult_rules  # noqa: F401  (registers the request rules)
from village_gov.roster import rules  # noqa: F401  (registers the roster's cross-record rules)
from village_gov.procedures import rules as procedure_rules  # noqa: F401  (registers the procedures' rules)
from village_gov.micros import rules as _micro_rules  # noqa: F401  (and those of the four micros)
from village_gov.roster.sections import SECTIONS, Section
from village_gov.roster.validate import Batch, validate_documents
from village_gov.yamlio import collect_files, gc_paused, read_yaml

ProgressFn = Callable[[str, int, int], None]


@dataclass
class SectionChanges:
    """What an import does to one section."""

    section: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    absent: list[str] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)
    rows: dict[str, tuple] = field(default_factory=dict, repr=False)
    flags: dict[str, int] = field(default_factory=dict, repr=False)
    """``archived`` value of each row written (1 for records given as ``archived: true``)."""
    children: dict[str, dict[str, tuple]] = field(default_factory=dict, repr=False)

    @property
    def writes(self) -> bool:
        return bool(self.added or self.changed or self.archived)

    def as_dict(self) -> dict:
        return {"section": self.section, "added": len(self.added), "changed": len(self.changed),
                "unchanged": self.unchanged, "absent": len(self.absent), "archived": len(self.archived)}


@dataclass
class ImportResult:
    files: list[str]
    sections: list[SectionChanges]
    written: bool
    dry_run: bool

    @property
    def changed_anything(self) -> bool:
        return any(s.writes for s in self.sections)

    def as_dict(self) -> dict:
        return {"files": self.files, "dry_run": self.dry_run, "written": self.written,
                "sections": [s.as_dict() for s in self.sections]}


def load_documents(paths) -> tuple[list[str], list[tuple[str, object]], list[Problem]]:
    """Read every YAML file under ``paths``; return names, ``(file, data)`` pairs and problems."""
    files, problems = collect_files(paths)
    documents = []
    for path in files:
        data, file_problems = read_yaml(path)
        problems.extend(file_problems)
        documents.append((str(path), data))
    return [str(f) for f in files], documents, problems


@contextmanager
def _phase(timings: dict | None, name: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        if timings is not None:
            timings[name] = time.perf_counter() - start


def import_paths(db, paths, *, dry_run: bool = False, prune: bool = False,
                 progress: ProgressFn | None = None, command: str | None = None,
                 timings: dict | None = None) -> ImportResult:
    """Validate everything under ``paths`` and, if all is valid, apply it to ``db`` in one transaction.

    Raises :class:`InputError` listing every problem when anything is invalid;
    the database is then untouched.  The write transaction also appends the
    audit entry (``command``: the command line, default ``sys.argv``); with
    ``prune`` a safety copy of the database is taken first.  ``timings``, if
    given, receives the seconds spent in each phase (load, validate, diff, write)
    for the benchmarks.
    """
    # A large roster is millions of small acyclic objects: the cyclic collector's
    # passes over them would cost more than the whole validation.
    with gc_paused():
        return _import(db, paths, dry_run=dry_run, prune=prune, progress=progress, command=command,
                       timings=timings)


def _import(db, paths, *, dry_run, prune, progress, command, timings) -> ImportResult:
    with _phase(timings, "load"):
        files, documents, problems = load_documents(paths)
    if problems:
        raise InputError("import_invalid", problems=problems, count=len(problems))
    if progress:
        progress("validate", 0, 1)
    with _phase(timings, "validate"):
        batch, problems = validate_documents(documents, db)
    if problems:
        raise InputError("import_invalid", problems=problems, count=len(problems))
    if dry_run:
        with _phase(timings, "diff"):
            changes = diff_batch(db, batch, prune=prune)
        return ImportResult(files=files, sections=changes, written=False, dry_run=True)
    if prune:
        from village_gov.backup import safety_copy_if_data

        safety_copy_if_data(db, "prune")
    with write_transaction(db):
        # Compared under the write lock: another writer cannot slip in between the diff and the writes.
        with _phase(timings, "diff"):
            changes = diff_batch(db, batch, prune=prune)
        result = ImportResult(files=files, sections=changes, written=False, dry_run=False)
        if not result.changed_anything:
            return result
        start = time.perf_counter()
        db.conn.execute("PRAGMA defer_foreign_keys = ON")
        before = audit_before(db, changes)
        apply_changes(db, changes, progress=progress)
        audit.append(db, command, sources=audit.file_sources(files),
                     counts={"import": [c.as_dict() for c in changes]},
                     changes=audit_changes(db, changes, before))
        if timings is not None:
            timings["write"] = time.perf_counter() - start
    result.written = True
    return result


def audit_before(db, changes: list[SectionChanges]) -> dict[str, dict[str, dict]]:
    """Stored values of the records an import is about to change or archive (added ones have none)."""
    sections = {s.name: s for s in SECTIONS}
    return {c.section: audit.snapshot(db, sections[c.section], [*c.changed, *c.archived]) for c in changes}


def audit_changes(db, changes: list[SectionChanges], before: dict[str, dict[str, dict]]) -> list[dict]:
    """``[{table, code, before, after}]`` for every record the import added, changed or archived."""
    sections = {s.name: s for s in SECTIONS}
    entries = []
    for change in changes:
        section = sections[change.section]
        after = audit.snapshot(db, section, [*change.added, *change.changed, *change.archived])
        entries.extend(audit.diff_changes(section.table, before.get(change.section, {}), after))
    return entries


def diff_batch(db, batch: Batch, *, prune: bool) -> list[SectionChanges]:
    """Compare the batch with the database, section by section."""
    changes = []
    for section in SECTIONS:
        entries = batch.section(section.name)
        if not entries:
            continue
        changes.append(_diff_section(db, section, entries, prune))
    return changes


def _existing(db, section: Section) -> tuple[dict[str, tuple], set[str], dict[str, dict[str, tuple]]]:
    """The section's rows now in the database (code → column values), its archived codes, its child rows."""
    columns = ", ".join(f'"{c}"' for c in section.columns)
    if section.baseline_column:
        # Compare with what the previous import wrote, so later command-line changes stand.
        rows = {code: (tuple(json.loads(baseline)) if baseline else ()) for code, baseline in db.execute(
            f'SELECT code, "{section.baseline_column}" FROM "{section.table}"')}
    else:
        rows = {row[0]: row[1:] for row in db.execute(f'SELECT code, {columns} FROM "{section.table}"')}
    archived = {code for (code,) in db.execute(f'SELECT code FROM "{section.table}" WHERE archived')}
    children: dict[str, dict[str, tuple]] = {}
    for child in section.children:
        # Read in primary-key order, so each parent's rows come together (and, for plain lists, sorted).
        names = ", ".join(f'"{c}"' for c in child.all_columns)
        cursor = db.execute(f'SELECT "{child.parent_column}", {names} FROM "{child.table}" ORDER BY 1')
        if child.columns:
            grouped = {parent: [tuple(r[1:]) for r in rows] for parent, rows in groupby(cursor, key=itemgetter(0))}
        else:
            grouped = {parent: [r[1] for r in rows] for parent, rows in groupby(cursor, key=itemgetter(0))}
        children[child.table] = {k: child.canonical(v) for k, v in grouped.items()}
    return rows, archived, children


def _diff_section(db, section: Section, entries, prune: bool) -> SectionChanges:
    old_rows, old_archived, old_children = _existing(db, section)
    result = SectionChanges(section.name)
    row_of, has_children = section.row, bool(section.children)
    for code, entry in entries.items():
        row = row_of(entry.record, entry.parent)
        kids = section.child_rows(entry.record) if has_children else {}
        old = old_rows.get(code)
        if old is None:
            result.added.append(code)
        elif (old != row or (code in old_archived) != entry.archived
              or any(old_children[t].get(code, ()) != v for t, v in kids.items())):
            result.changed.append(code)
        else:
            result.unchanged += 1
            continue
        result.rows[code] = row
        result.flags[code] = int(entry.archived)
        for table, values in kids.items():
            result.children.setdefault(table, {})[code] = values
    if section.registry:
        result.absent = [c for c in old_rows if c not in entries and c not in old_archived]
        if prune:
            result.archived = list(result.absent)
    return result


def apply_changes(db, changes: list[SectionChanges], progress: ProgressFn | None = None) -> None:
    """Write the added and changed rows, their child rows, and archive pruned records."""
    sections = {s.name: s for s in SECTIONS}
    total = sum(len(c.rows) for c in changes) or 1
    done = 0
    for change in changes:
        section = sections[change.section]
        baseline = (section.baseline_column,) if section.baseline_column else ()
        names = ("code", *section.columns, *baseline, "archived")
        placeholders = ", ".join("?" for _ in names)
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in names[1:])
        sql = (f'INSERT INTO "{section.table}" ({", ".join(f"[{n}]" for n in names)}) VALUES ({placeholders}) '
               f'ON CONFLICT(code) DO UPDATE SET {updates}')
        db.conn.executemany(sql, ((code, *row, *((json.dumps(row, ensure_ascii=False),) if baseline else ()),
                                   change.flags.get(code, 0)) for code, row in change.rows.items()))
        for child in section.children:
            kids = change.children.get(child.table, {})
            _replace_children(db, child, kids, change.changed)
        if section.after_write and change.rows:
            section.after_write(db, change)
        if change.archived:
            db.conn.executemany(f'UPDATE "{section.table}" SET archived = 1 WHERE code = ?',
                                ((c,) for c in change.archived))
        done += len(change.rows)
        if progress:
            progress("write", done, total)


def _replace_children(db, child, kids: dict[str, tuple], changed: list[str]) -> None:
    """Child rows of added records are inserted; those of changed records replace the old ones."""
    if not kids:
        return
    db.conn.executemany(f'DELETE FROM "{child.table}" WHERE "{child.parent_column}" = ?',
                        ((parent,) for parent in changed if parent in kids))
    names = (child.parent_column, *child.all_columns)
    sql = (f'INSERT INTO "{child.table}" ({", ".join(f"[{n}]" for n in names)}) '
           f'VALUES ({", ".join("?" for _ in names)})')
    if child.columns:
        rows = ((parent, *item) for parent, items in kids.items() for item in items)
    else:
        rows = ((parent, item) for parent, items in kids.items() for item in items)
    db.conn.executemany(sql, rows)
