"""Import: load → validate → compare with the database → apply in one transaction.

Nothing is written unless every file is valid.  Importing the same files twice
writes nothing the second time.  Records missing from a registry section are
kept (and reported); with ``prune`` they are archived, never deleted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from village_gov.errors import InputError, Problem
from village_gov.consult import rules as _consult_rules  # noqa: F401  (registers the request rules)
from village_gov.roster import rules  # noqa: F401  (registers the roster's cross-record rules)
from village_gov.roster.sections import SECTIONS, Section
from village_gov.roster.validate import Batch, validate_documents
from village_gov.yamlio import collect_files, read_yaml

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


def import_paths(db, paths, *, dry_run: bool = False, prune: bool = False,
                 progress: ProgressFn | None = None) -> ImportResult:
    """Validate everything under ``paths`` and, if all is valid, apply it to ``db`` in one transaction.

    Raises :class:`InputError` listing every problem when anything is invalid;
    the database is then untouched.
    """
    files, documents, problems = load_documents(paths)
    if problems:
        raise InputError("import_invalid", problems=problems, count=len(problems))
    if progress:
        progress("validate", 0, 1)
    batch, problems = validate_documents(documents, db)
    if problems:
        raise InputError("import_invalid", problems=problems, count=len(problems))
    changes = diff_batch(db, batch, prune=prune)
    result = ImportResult(files=files, sections=changes, written=False, dry_run=dry_run)
    if dry_run or not result.changed_anything:
        return result
    with db.atomic():
        db.conn.execute("PRAGMA defer_foreign_keys = ON")
        apply_changes(db, changes, progress=progress)
    result.written = True
    return result


def diff_batch(db, batch: Batch, *, prune: bool) -> list[SectionChanges]:
    """Compare the batch with the database, section by section."""
    changes = []
    for section in SECTIONS:
        entries = batch.section(section.name)
        if not entries:
            continue
        changes.append(_diff_section(db, section, entries, prune))
    return changes


def _existing(db, section: Section) -> tuple[dict[str, tuple], dict[str, int], dict[str, dict[str, tuple]]]:
    columns = ", ".join(f'"{c}"' for c in section.columns)
    rows, archived = {}, {}
    if section.baseline_column:
        # Compare with what the previous import wrote, so later command-line changes stand.
        for code, flag, baseline in db.execute(
                f'SELECT code, archived, "{section.baseline_column}" FROM "{section.table}"'):
            rows[code] = tuple(json.loads(baseline)) if baseline else ()
            archived[code] = flag
    else:
        for row in db.execute(f'SELECT code, archived, {columns} FROM "{section.table}"'):
            rows[row[0]] = tuple(row[2:])
            archived[row[0]] = row[1]
    children: dict[str, dict[str, list]] = {}
    for child in section.children:
        grouped: dict[str, list] = {}
        for parent, item in db.execute(
                f'SELECT "{child.parent_column}", "{child.child_column}" FROM "{child.table}"'):
            grouped.setdefault(parent, []).append(item)
        children[child.table] = {k: tuple(sorted(v)) for k, v in grouped.items()}
    return rows, archived, children


def _diff_section(db, section: Section, entries, prune: bool) -> SectionChanges:
    old_rows, old_archived, old_children = _existing(db, section)
    result = SectionChanges(section.name)
    for code, entry in entries.items():
        row = section.row(entry.record)
        kids = section.child_rows(entry.record)
        old = old_rows.get(code)
        if old is None:
            result.added.append(code)
        elif (old != row or old_archived.get(code)
              or any(old_children[t].get(code, ()) != v for t, v in kids.items())):
            result.changed.append(code)
        else:
            result.unchanged += 1
            continue
        result.rows[code] = row
        for table, values in kids.items():
            result.children.setdefault(table, {})[code] = values
    if section.registry:
        result.absent = [c for c in old_rows if c not in entries and not old_archived.get(c)]
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
        db.conn.executemany(sql, ((code, *row, *((json.dumps(row, ensure_ascii=False),) if baseline else ()), 0)
                                  for code, row in change.rows.items()))
        for child in section.children:
            kids = change.children.get(child.table, {})
            _replace_children(db, child, kids)
        if section.after_write and change.rows:
            section.after_write(db, change)
        if change.archived:
            db.conn.executemany(f'UPDATE "{section.table}" SET archived = 1 WHERE code = ?',
                                ((c,) for c in change.archived))
        done += len(change.rows)
        if progress:
            progress("write", done, total)


def _replace_children(db, child, kids: dict[str, tuple]) -> None:
    if not kids:
        return
    db.conn.executemany(f'DELETE FROM "{child.table}" WHERE "{child.parent_column}" = ?',
                        ((parent,) for parent in kids))
    db.conn.executemany(
        f'INSERT INTO "{child.table}" ("{child.parent_column}", "{child.child_column}") VALUES (?, ?)',
        ((parent, item) for parent, items in kids.items() for item in items))
