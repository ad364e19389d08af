"""Import: load → validate → compare with the database → apply in one transaction.

Nothing is written unless every file is valid.  Importing the same files twice
writes nothing the second time.  Records missing from a registry section are
kept (and reported); with ``prune`` they are archived, never deleted.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING

from village_gov.core.errors import InputError, Problem, capped
from village_gov.core.sections import Child, Section
from village_gov.core.validate import Batch, Entry, validate_documents
from village_gov.core.yamlio import collect_files, gc_paused, read_yaml
from village_gov.ledgers import SECTIONS
from village_gov.ledgers.consult import rules as _consult_rules  # noqa: F401  (registers the request rules)
from village_gov.ledgers.micros import rules as _micro_rules  # noqa: F401  (and those of the four micros)
from village_gov.ledgers.procedures import rules as procedure_rules  # noqa: F401  (registers the procedures' rules)
from village_gov.ledgers.roster import rules  # noqa: F401  (registers the roster's cross-record rules)
from village_gov.trail import audit
from village_gov.trail.audit import write_transaction

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
    safety_copy: str | None = None
    """The safety copy taken before ``--prune`` (None when none was needed)."""
    uncovered: list[str] = field(default_factory=list)
    """Registry sections holding records that this import left out while records of the same roster
    are absent from it: the import is not a full roster, so its absent records are no ground to prune."""

    @property
    def changed_anything(self) -> bool:
        return any(s.writes for s in self.sections)

    @property
    def prunable(self) -> bool:
        """True when ``--prune`` may be suggested: the import covers every section it would prune from."""
        return not self.uncovered

    def as_dict(self) -> dict:
        return {"files": self.files, "dry_run": self.dry_run, "written": self.written,
                "sections": [s.as_dict() for s in self.sections], "safety_copy": self.safety_copy,
                "uncovered": self.uncovered}


# Registry sections that make up one roster: an import is a full roster (and its absent records
# grounds for ``--prune``) only when it holds every section of the roster that has records.
# A registry section not listed here is a roster of its own.
ROSTERS: tuple[tuple[str, ...], ...] = (
    ("townships", "villages", "groups", "party_orgs", "households", "members", "cadres"),
    ("positions", "organizations"),
    ("reform", "townships_before", "villages_before"),
)

PRUNE_SHARE = 0.10
"""``--prune`` archiving more than this share of a section's live records needs a confirmation."""


@dataclass(frozen=True)
class PruneCount:
    """How many of a section's live records ``--prune`` would archive."""

    section: str
    archive: int
    live: int

    @property
    def large(self) -> bool:
        return self.archive > self.live * PRUNE_SHARE

    def as_dict(self) -> dict:
        return {"section": self.section, "archive": self.archive, "live": self.live}


ConfirmFn = Callable[[list[PruneCount]], bool]


def load_documents(paths: Iterable[str | os.PathLike]) -> tuple[list[str], list[tuple[str, object]], list[Problem]]:
    """Read every YAML file under ``paths``; return names, ``(file, data)`` pairs and problems."""
    files, problems = collect_files(paths)
    documents = []
    for path in files:
        data, file_problems = read_yaml(path)
        problems.extend(file_problems)
        documents.append((str(path), data))
    return [str(f) for f in files], documents, problems


@contextmanager
def _phase(timings: dict | None, name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        if timings is not None:
            timings[name] = time.perf_counter() - start


def import_paths(db: Database, paths: Iterable[str | os.PathLike], *, dry_run: bool = False, prune: bool = False,
                 progress: ProgressFn | None = None, command: str | None = None,
                 timings: dict | None = None, assume_yes: bool = False,
                 confirm: ConfirmFn | None = None) -> ImportResult:
    """Validate everything under ``paths`` and, if all is valid, apply it to ``db`` in one transaction.

    Raises :class:`InputError` listing every problem when anything is invalid;
    the database is then untouched.  The write transaction also appends the
    audit entry (``command``: the command line, default ``sys.argv``); with
    ``prune`` a safety copy of the database is taken first (its path in the result).

    A prune that would archive more than :data:`PRUNE_SHARE` of any section's live records is only
    done with ``assume_yes`` or when ``confirm(counts)`` returns True; without either it raises
    :class:`InputError` (``prune_needs_yes``, or ``prune_declined`` when ``confirm`` said no) and
    nothing is written.  ``confirm`` is asked before the write lock is taken; if the records to
    archive have changed by the time the lock is held, the import is refused (``prune_moved``, naming
    the safety copy already taken).
    ``timings``, if
    given, receives the seconds spent in each phase (load, validate, diff, write)
    for the benchmarks.
    """
    # A large roster is millions of small acyclic objects: the cyclic collector's
    # passes over them would cost more than the whole validation.
    with gc_paused():
        return _import(db, paths, dry_run=dry_run, prune=prune, progress=progress, command=command,
                       timings=timings, assume_yes=assume_yes, confirm=confirm)


def _import(db: Database, paths: Iterable[str | os.PathLike], *, dry_run: bool, prune: bool,
            progress: ProgressFn | None, command: str | None, timings: dict | None, assume_yes: bool,
            confirm: ConfirmFn | None) -> ImportResult:
    with _phase(timings, "load"):
        files, documents, problems = load_documents(paths)
    if problems:
        raise InputError("import.invalid", problems=capped(problems), count=len(problems))
    if progress:
        progress("validate", 0, 1)
    with _phase(timings, "validate"):
        batch, problems = validate_documents(documents, db)
    if problems:
        total = problems.total() if hasattr(problems, "total") else len(problems)
        raise InputError("import.invalid", problems=capped(problems, total=total), count=total)
    if dry_run:
        with _phase(timings, "diff"):
            changes = diff_batch(db, batch, prune=prune)
        return ImportResult(files=files, sections=changes, written=False, dry_run=True,
                            uncovered=uncovered_sections(db, changes))
    confirmed = None
    safety = None
    if prune:
        confirmed = _confirm_prune(db, batch, assume_yes=assume_yes, confirm=confirm)
        if confirmed is None or any(confirmed.values()):
            from village_gov.store.backup import safety_copy_if_data

            copy = safety_copy_if_data(db, "prune")
            safety = str(copy) if copy else None
    with write_transaction(db):
        # Compared under the write lock: another writer cannot slip in between the diff and the writes.
        with _phase(timings, "diff"):
            changes = diff_batch(db, batch, prune=prune)
        if confirmed is not None and {c.section: sorted(c.archived) for c in changes if c.archived} != {
                k: v for k, v in confirmed.items() if v}:
            raise InputError("import.prune_moved_copy", copy=safety) if safety else InputError("import.prune_moved")
        result = ImportResult(files=files, sections=changes, written=False, dry_run=False, safety_copy=safety,
                              uncovered=uncovered_sections(db, changes))
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


def live_count(db: Database, section: str) -> int:
    """Records of a registry section that are not archived."""
    table = {s.name: s.table for s in SECTIONS}[section]
    return db.execute(f'SELECT count(*) FROM "{table}" WHERE NOT archived').fetchone()[0]


def prune_counts(db: Database, changes: list[SectionChanges]) -> list[PruneCount]:
    """Per section that ``--prune`` archives from: how many records, out of how many live ones."""
    return [PruneCount(c.section, len(c.archived), live_count(db, c.section)) for c in changes if c.archived]


def _confirm_prune(
    db: Database, batch: Batch, *, assume_yes: bool, confirm: ConfirmFn | None
) -> dict[str, list[str]] | None:
    """Check a prune before anything is written (outside the write lock, so a question to the user
    does not hold other writers up).

    Returns the codes to archive per section when a confirmation was given (the import then makes
    sure the same codes are archived), None when none was needed; raises when it is refused.
    """
    changes = diff_batch(db, batch, prune=True)
    counts = prune_counts(db, changes)
    if assume_yes or not any(c.large for c in counts):
        return None
    if confirm is None:
        raise InputError("import.prune_needs_yes", counts=prune_counts_text(counts), share=f"{PRUNE_SHARE:.0%}")
    if not confirm(counts):
        raise InputError("import.prune_declined")
    return {c.section: sorted(c.archived) for c in changes if c.archived}


def prune_counts_text(counts: list[PruneCount]) -> str:
    """``农户 454/455（99.8%）、党员 …`` in the current language."""
    from village_gov.core.i18n import label, t

    return t("cmd.list_sep").join(
        t("import.prune_count", section=label("section." + c.section, c.section), archive=c.archive, live=c.live,
          share=f"{c.archive / c.live:.1%}" if c.live else "—")
        for c in counts)


def uncovered_sections(db: Database, changes: list[SectionChanges]) -> list[str]:
    """Registry sections with live records that the import left out, in the rosters it has absent records from.

    Empty when every roster the import leaves records out of is given in full (all its sections that
    hold records are in the import): only then are the absent records grounds for ``--prune``.
    """
    given = {c.section for c in changes}
    absent = {c.section for c in changes if c.absent}
    if not absent:
        return []
    registry = [s.name for s in SECTIONS if s.registry]
    missing = []
    for section in registry:
        if section in given:
            continue
        roster = next((r for r in ROSTERS if section in r), (section,))
        if absent.intersection(roster) and live_count(db, section):
            missing.append(section)
    return missing


def audit_before(db: Database, changes: list[SectionChanges]) -> dict[str, dict[str, dict]]:
    """Stored values of the records an import is about to change or archive (added ones have none)."""
    sections = {s.name: s for s in SECTIONS}
    return {c.section: audit.snapshot(db, sections[c.section], [*c.changed, *c.archived]) for c in changes}


def audit_changes(db: Database, changes: list[SectionChanges], before: dict[str, dict[str, dict]]) -> list[dict]:
    """``[{table, code, before, after}]`` for every record the import added, changed or archived."""
    sections = {s.name: s for s in SECTIONS}
    entries = []
    for change in changes:
        section = sections[change.section]
        after = audit.snapshot(db, section, [*change.added, *change.changed, *change.archived])
        entries.extend(audit.diff_changes(section.table, before.get(change.section, {}), after))
    return entries


def diff_batch(db: Database, batch: Batch, *, prune: bool) -> list[SectionChanges]:
    """Compare the batch with the database, section by section."""
    changes = []
    for section in SECTIONS:
        entries = batch.section(section.name)
        if not entries:
            continue
        changes.append(_diff_section(db, section, entries, prune))
    return changes


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


def _diff_section(db: Database, section: Section, entries: dict[str, Entry], prune: bool) -> SectionChanges:
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


def apply_changes(db: Database, changes: list[SectionChanges], progress: ProgressFn | None = None, *,
                  imported: bool = True) -> None:
    """Write the added and changed rows, their child rows, and archive pruned records.

    ``imported=False`` (a record written by a command): no import baseline is kept and the
    section's ``after_write`` hook (what an import adds alongside, e.g. a request's history) is not run.
    """
    sections = {s.name: s for s in SECTIONS}
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
        db.conn.executemany(sql, ((code, *row, *((json.dumps(row, ensure_ascii=False),) if baseline else ()),
                                   change.flags.get(code, 0)) for code, row in change.rows.items()))
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
    db.conn.executemany(sql, rows)
