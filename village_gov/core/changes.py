"""What an import changes: each section's records compared with the stored ones (added, changed,
unchanged, absent, archived), then written in one pass."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from village_gov.core.batch import Batch, Entry
from village_gov.core.bulk import indexes_rebuilt
from village_gov.core.sections import PLAIN_TYPES, Child, Section, to_sql
from village_gov.ledgers import sections as ledger_sections

if TYPE_CHECKING:
    from sqlite_utils import Database

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
    """``archived`` value of the rows written as 1 (records given as ``archived: true``); a code not
    here is written with 0."""
    children: dict[str, dict[str, tuple]] = field(default_factory=dict, repr=False)
    before: dict[str, tuple] = field(default_factory=dict, repr=False)
    """Only with ``diff_batch(..., fields=True)`` (a dry run's plan): the stored row of each changed and
    absent record (the import baseline where the section keeps one), its child rows in
    :attr:`before_children` and whether it was archived in :attr:`was_archived`."""
    before_children: dict[str, dict[str, tuple]] = field(default_factory=dict, repr=False)
    was_archived: set[str] = field(default_factory=set, repr=False)

    @property
    def writes(self) -> bool:
        return bool(self.added or self.changed or self.archived)

    def as_dict(self) -> dict:
        return {"section": self.section, "added": len(self.added), "changed": len(self.changed),
                "unchanged": self.unchanged, "absent": len(self.absent), "archived": len(self.archived)}



def diff_batch(db: Database, batch: Batch, *, prune: bool, fields: bool = False,
               release: bool = False) -> list[SectionChanges]:
    """Compare the batch with the database, section by section.

    ``fields`` (a dry run's plan) also keeps the stored values of the changed and absent records
    (:attr:`SectionChanges.before`), so each changed field can be shown before → after; an import
    that writes does not need them and does not keep them.  ``release`` empties the batch as it goes
    (see :func:`diff_releasing`).
    """
    changes = []
    for section in ledger_sections():
        entries = batch.section(section.name)
        if not entries:
            continue
        changes.append(_diff_section(db, section, entries, prune, fields=fields, release=release))
    return changes


def diff_releasing(db: Database, batch: Batch, *, prune: bool) -> list[SectionChanges]:
    """:func:`diff_batch` that empties the batch as it goes: each record (its model and positions) is
    let go as soon as its row is built, so the models and the rows to write are not all held at once."""
    return diff_batch(db, batch, prune=prune, release=True)


def _existing(db: Database, section: Section) -> tuple[dict[str, tuple], set[str], dict[str, dict[str, tuple]]]:
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


def _diff_section(db: Database, section: Section, entries: dict[str, Entry], prune: bool,
                  release: bool = False, fields: bool = False) -> SectionChanges:
    old_rows, old_archived, old_children = _existing(db, section)
    result = SectionChanges(section.name)
    row_of, child_rows = _row_function(section, entries), section.child_rows if section.children else None
    # Bound once: this loop runs once per record of the import (a million at a city's).
    added, changed, rows, flags, children = result.added, result.changed, result.rows, result.flags, result.children
    unchanged = 0
    codes = list(entries)
    given = set(codes) if release and section.registry else entries
    take = entries.pop if release else entries.__getitem__
    for code in codes:
        entry = take(code)
        record = entry.record
        row = row_of(record, entry.parent)
        kids = child_rows(record) if child_rows is not None else None
        old = old_rows.get(code)
        if old is None:
            added.append(code)
        elif (old != row or (code in old_archived) != entry.archived
              or (kids and any(old_children[t].get(code, ()) != v for t, v in kids.items()))):
            changed.append(code)
        else:
            unchanged += 1
            continue
        rows[code] = row
        if entry.archived:
            flags[code] = 1
        if kids:
            for table, values in kids.items():
                children.setdefault(table, {})[code] = values
    result.unchanged = unchanged
    if section.registry:
        result.absent = [c for c in old_rows if c not in given and c not in old_archived]
        if prune:
            result.archived = list(result.absent)
    if fields:
        _keep_before(result, old_rows, old_archived, old_children)
    return result


def _row_function(section: Section, entries: dict[str, Entry]) -> Callable[[Any, str | None], tuple]:
    """:meth:`Section.row` for the section's records; for a record kept as a tuple of its fields, code
    first then the section's columns (:mod:`village_gov.core.compact`), its values after the code."""
    first = next(iter(entries.values()), None)
    kind = type(first.record) if first is not None else None
    row_of = section.row
    if section.within or getattr(kind, "_fields", None) != ("code", *section.columns):
        return row_of

    def row(record: Any, parent: str | None) -> tuple:
        if type(record) is not kind:
            return row_of(record, parent)
        values = record[1:]
        return values if PLAIN_TYPES.issuperset(map(type, values)) else tuple(map(to_sql, values))

    return row


def _keep_before(result: SectionChanges, old_rows: dict[str, tuple], old_archived: set[str],
                 old_children: dict[str, dict[str, tuple]]) -> None:
    """The stored values of the section's changed and absent records, for a dry run's plan."""
    for code in (*result.changed, *result.absent):
        result.before[code] = old_rows[code]
        for table, grouped in old_children.items():
            result.before_children.setdefault(table, {})[code] = grouped.get(code, ())
        if code in old_archived:
            result.was_archived.add(code)


def apply_changes(db: Database, changes: list[SectionChanges], progress: ProgressFn | None = None, *,
                  imported: bool = True) -> None:
    """Write the added and changed rows, their child rows, and archive pruned records.

    ``imported=False`` (a record written by a command): no import baseline is kept and the
    section's ``after_write`` hook (what an import adds alongside, e.g. a request's history) is not run.
    """
    sections = {s.name: s for s in ledger_sections()}
    total = sum(len(c.rows) for c in changes) or 1
    done = 0
    for change in changes:
        section = sections[change.section]
        baseline = (section.baseline_column,) if section.baseline_column and imported else ()
        names = ("code", *section.columns, *baseline, "archived")
        placeholders = ", ".join("?" for _ in names)
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in names[1:])
        sql = (f'INSERT INTO "{section.table}" ({", ".join(f"[{n}]" for n in names)}) VALUES ({placeholders}) '
               f'ON CONFLICT(code) DO UPDATE SET {updates}')
        flags = change.flags
        if baseline:
            rows = ((code, *row, json.dumps(row, ensure_ascii=False), flags.get(code, 0))
                    for code, row in change.rows.items())
        else:
            rows = ((code, *row, flags.get(code, 0) if flags else 0) for code, row in change.rows.items())
        with indexes_rebuilt(db.conn, section.table, len(change.added)):
            db.conn.executemany(sql, rows)
        for child in section.children:
            kids = change.children.get(child.table, {})
            _replace_children(db, child, kids, change.changed)
        if section.after_write and change.rows and imported:
            section.after_write(db, change)
        if change.archived:
            db.conn.executemany(f'UPDATE "{section.table}" SET archived = 1 WHERE code = ?',
                                ((c,) for c in change.archived))
        done += len(change.rows)
        if progress:
            progress("write", done, total)


def _replace_children(db: Database, child: Child, kids: dict[str, tuple], changed: list[str]) -> None:
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
    with indexes_rebuilt(db.conn, child.table, sum(map(len, kids.values()))):
        db.conn.executemany(sql, rows)
