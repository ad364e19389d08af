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
from pathlib import Path
from typing import TYPE_CHECKING

from village_gov.core.batch import Batch
from village_gov.core.changes import ProgressFn, SectionChanges, apply_changes, diff_batch
from village_gov.core.errors import InputError, Problem, capped
from village_gov.core.validate import validate_documents
from village_gov.core.voids import restore_voided, take_voided
from village_gov.core.yamlio import collect_files, gc_paused, read_yaml
from village_gov.ledgers import sections as ledger_sections
from village_gov.trail import audit, chain
from village_gov.trail.audit import write_transaction

if TYPE_CHECKING:
    from sqlite_utils import Database



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
    unchanged_files: bool = False
    """True when the files were those of the last import, unchanged, with nothing written since: they
    were hashed but not read as YAML, and nothing was written (see :func:`unchanged_since_last_import`)."""

    @property
    def changed_anything(self) -> bool:
        return any(s.writes for s in self.sections)

    @property
    def prunable(self) -> bool:
        """True when ``--prune`` may be suggested: the import covers every section it would prune from."""
        return not self.uncovered

    def as_dict(self) -> dict:
        result = {"files": self.files, "dry_run": self.dry_run, "written": self.written,
                  "sections": [s.as_dict() for s in self.sections], "safety_copy": self.safety_copy,
                  "uncovered": self.uncovered}
        if self.unchanged_files:
            result["unchanged_files"] = True
        return result


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
    return _read_documents(files, problems)


def _read_documents(
    files: list[Path], problems: list[Problem]
) -> tuple[list[str], list[tuple[str, object]], list[Problem]]:
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
                 confirm: ConfirmFn | None = None, force: bool = False) -> ImportResult:
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

    Files that are those of the last import, byte for byte, with nothing written to the database
    since, are hashed but not read as YAML: the result says so (``unchanged_files``) and nothing is
    written (:func:`unchanged_since_last_import`).  ``force`` reads and compares them anyway;
    ``dry_run`` always does.
    """
    # A large roster is millions of small acyclic objects: the cyclic collector's
    # passes over them would cost more than the whole validation.
    with gc_paused():
        return _import(db, paths, dry_run=dry_run, prune=prune, progress=progress, command=command,
                       timings=timings, assume_yes=assume_yes, confirm=confirm, force=force)


def _import(db: Database, paths: Iterable[str | os.PathLike], *, dry_run: bool, prune: bool,
            progress: ProgressFn | None, command: str | None, timings: dict | None, assume_yes: bool,
            confirm: ConfirmFn | None, force: bool = False) -> ImportResult:
    with _phase(timings, "load"):
        found, problems = collect_files(paths)
        # The files' sha256, for the audit entry and to recognise the files of the last import.
        try:
            sources = [] if problems else audit.file_sources(found)
        except OSError:
            sources = []  # an unreadable file: reading it below names the file and the reason
        if sources and not (dry_run or force) and unchanged_since_last_import(db, sources, prune=prune):
            return ImportResult(files=[str(f) for f in found], sections=[], written=False, dry_run=False,
                                unchanged_files=True)
        files, documents, problems = _read_documents(found, problems)
        documents, voided, void_problems = take_voided(documents)
        problems.extend(void_problems)
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
        if not result.changed_anything and not voided:
            return result
        start = time.perf_counter()
        if not _write(db, changes, voided, progress, command, sources or audit.file_sources(files)):
            return result
        if timings is not None:
            timings["write"] = time.perf_counter() - start
    result.written = True
    return result


def _write(db: Database, changes: list[SectionChanges], voided: list[dict], progress: ProgressFn | None,
           command: str | None, sources: list[dict]) -> bool:
    """Write the changes and the entry inside the import's transaction; False when nothing was to be written."""
    db.conn.execute("PRAGMA defer_foreign_keys = ON")
    before = audit_before(db, changes)
    apply_changes(db, changes, progress=progress)
    # The voided records of a dump are kept again (and never live alongside a record of the same code).
    restored = {"voided": restore_voided(db, voided)} if voided else {}
    if not any(c.writes for c in changes) and not restored.get("voided"):
        return False
    audit.append(db, command, sources=sources, counts={"import": [c.as_dict() for c in changes], **restored},
                 changes=audit_changes(db, changes, before))
    return True


def unchanged_since_last_import(db: Database, sources: list[dict], *, prune: bool = False) -> bool:
    """True when an import of ``sources`` (``[{file, sha256}]``) has nothing to do.

    That is when the audit trail's last entry is an import of files with exactly these contents (the
    same sha256, as many of each), the ledger tables still match the digest that entry recorded (nothing was
    changed outside village-gov either), and, for ``prune``, that import left no absent record
    unarchived.  Any write since (a ``consult log``, another import, a migration) adds an entry, so
    the files are read again.
    """
    if not chain.has_audit(db):
        return False
    row = db.conn.execute("SELECT sources, counts FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return False
    try:
        recorded, counts = json.loads(row[0] or "[]"), json.loads(row[1] or "{}")
    except ValueError:
        return False
    if not isinstance(counts, dict) or not isinstance(counts.get("import"), list) or not isinstance(recorded, list):
        return False
    # The contents, not the names: the trail keeps each name as it was typed (relative to the folder
    # of that day), and what an import writes depends on the files' contents alone.
    if sorted(str(s.get("sha256")) for s in recorded if isinstance(s, dict)) != sorted(
            s["sha256"] for s in sources) or len(recorded) != len(sources):
        return False
    if prune and any(not isinstance(s, dict) or s.get("absent") != s.get("archived") for s in counts["import"]):
        return False
    state, _tables = chain.check_digest(db)
    return state == "ok"


def live_count(db: Database, section: str) -> int:
    """Records of a registry section that are not archived."""
    table = {s.name: s.table for s in ledger_sections()}[section]
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
    registry = [s.name for s in ledger_sections() if s.registry]
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
    sections = {s.name: s for s in ledger_sections()}
    return {c.section: audit.snapshot(db, sections[c.section], [*c.changed, *c.archived]) for c in changes}


def audit_changes(db: Database, changes: list[SectionChanges], before: dict[str, dict[str, dict]]) -> list[dict]:
    """``[{table, code, before, after}]`` for every record the import added, changed or archived."""
    sections = {s.name: s for s in ledger_sections()}
    entries = []
    for change in changes:
        section = sections[change.section]
        after = audit.snapshot(db, section, [*change.added, *change.changed, *change.archived])
        entries.extend(audit.diff_changes(section.table, before.get(change.section, {}), after))
    return entries
