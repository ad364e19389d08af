"""Import: load → validate → compare with the database → apply in one transaction.

Nothing is written unless every file is valid.  Importing the same files twice
writes nothing the second time.  Records missing from a registry section are
kept (and reported); with ``prune`` they are archived, never deleted.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from village_gov.core.batch import Batch
from village_gov.core.bulk import bulk_cache
from village_gov.core.changes import ProgressFn, SectionChanges, apply_changes, diff_batch, diff_releasing
from village_gov.core.errors import InputError, Problem, capped
from village_gov.core.import_files import (
    ImportResult,
    collect_files,
    read_sources,
    unchanged_result,
    unchanged_since_last_import,
    write_stamp,
)
from village_gov.core.sheets.detect import is_sheet
from village_gov.core.sheets.reader import read_sheet_file
from village_gov.core.validate import validate_documents
from village_gov.core.voids import restore_voided, take_voided
from village_gov.core.yamlio import gc_paused, read_yaml
from village_gov.ledgers import sections as ledger_sections
from village_gov.trail import audit, imported
from village_gov.trail.audit import write_transaction

if TYPE_CHECKING:
    from sqlite_utils import Database



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
    return [str(f) for f in files], list(_read_documents(files, problems)), problems


def _read_documents(files: list[Path], problems: list[Problem], section: str | None = None,
                    notes: list | None = None) -> Iterator[tuple[str, object]]:
    """Read the files one at a time, yielding ``(file, data)`` (data None when unreadable); each file's
    problems are added to ``problems`` before its document is yielded.  A YAML file is one document, a
    spreadsheet one per sheet (``section``: a CSV's section; ``notes``: what the readers said).

    A reader per file format plugs in here: it returns the file's records as marked mappings
    (:class:`~village_gov.core.yamlio.Mapping`), which validation reads the same way.
    """
    for path in files:
        if is_sheet(path):
            sheet_documents, file_problems, file_notes = read_sheet_file(path, section)
            problems.extend(file_problems)
            if notes is not None:
                notes.extend(file_notes)
            yield from sheet_documents
            continue
        data, file_problems = read_yaml(path)
        problems.extend(file_problems)
        yield str(path), data


def _validate_files(db: Database, files: list[Path], problems: list[Problem], timings: dict | None,
                    section: str | None = None, notes: list | None = None,
                    voided: list[dict] | None = None) -> Batch:
    """Read and validate the files in one stream: each file's document is freed once it is validated
    (its records keep compact positions), so the parsed files are never all held at once.

    Problems are reported as when every file was read before any was validated: once a file cannot
    be read (or a path was missing), the remaining files are still read, to list their problems too,
    but no longer validated, and only the reading problems are raised.
    """
    reading = 0.0

    def documents() -> Iterator[tuple[str, object]]:
        nonlocal reading
        reader = _read_documents(files, problems, section, notes)
        while True:
            start = time.perf_counter()
            try:
                file, data = next(reader)
            except StopIteration:
                return
            finally:
                reading += time.perf_counter() - start
            if voided is not None:  # a dump's voided records are kept aside, not validated as live ones
                [(file, data)], items, void_problems = take_voided([(file, data)])
                voided.extend(items)
                problems.extend(void_problems)
            yield file, (None if problems else data)

    start = time.perf_counter()
    batch, invalid = validate_documents(documents(), db)
    if timings is not None:
        timings["load"] = timings.get("load", 0.0) + reading
        timings["validate"] = time.perf_counter() - start - reading
    if problems:
        raise InputError("import.invalid", problems=capped(problems), count=len(problems))
    if invalid:
        total = invalid.total() if hasattr(invalid, "total") else len(invalid)
        raise InputError("import.invalid", problems=capped(invalid, total=total), count=total)
    return batch


def _noted(error: InputError, notes: list[tuple[str, dict]]) -> InputError:
    """The error with what the readers said about the files (a CSV read as GB18030), shown before its problems."""
    error.notes = notes  # type: ignore[attr-defined]  # read by the command line's fail() when present
    return error


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
                 confirm: ConfirmFn | None = None, force: bool = False, section: str | None = None) -> ImportResult:
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

    Spreadsheets (.xlsx, .xls, .ods, .csv) are read beside YAML (:mod:`village_gov.core.sheets`);
    ``section`` names the section of the CSV files (else their names say it).
    """
    # A large roster is millions of small acyclic objects: the cyclic collector's
    # passes over them would cost more than the whole validation.
    with gc_paused():
        return _import(db, paths, dry_run=dry_run, prune=prune, progress=progress, command=command,
                       timings=timings, assume_yes=assume_yes, confirm=confirm, force=force, section=section)


def _import(db: Database, paths: Iterable[str | os.PathLike], *, dry_run: bool, prune: bool,
            progress: ProgressFn | None, command: str | None, timings: dict | None, assume_yes: bool,
            confirm: ConfirmFn | None, force: bool = False, section: str | None = None) -> ImportResult:
    with _phase(timings, "load"):
        # The files' sha256, for the audit entry and to recognise the files of the last import.
        found, problems, sources = read_sources(paths)
        if sources and not (dry_run or force) and unchanged_since_last_import(db, sources, prune=prune):
            return unchanged_result(found)
    files = [str(f) for f in found]
    if progress:
        progress("validate", 0, 1)
    notes: list[tuple[str, dict]] = []
    voided: list[dict] = []
    try:
        batch = _validate_files(db, found, problems, timings, section, notes, voided)
    except InputError as error:
        raise _noted(error, notes) from None
    warnings = batch.warnings  # the import rules' warnings (the batch itself is let go before the write)
    if dry_run:
        with _phase(timings, "diff"):
            changes = diff_batch(db, batch, prune=prune, fields=True)  # with before values, for the plan
        return ImportResult(files=files, sections=changes, written=False, dry_run=True,
                            uncovered=uncovered_sections(db, changes), notes=notes, warnings=warnings)
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
        # Each record's model is let go once its row is built: only the rows to write are held from here.
        with _phase(timings, "diff"):
            changes = diff_releasing(db, batch, prune=prune)
            del batch
        if confirmed is not None and {c.section: sorted(c.archived) for c in changes if c.archived} != {
                k: v for k, v in confirmed.items() if v}:
            raise InputError("import.prune_moved_copy", copy=safety) if safety else InputError("import.prune_moved")
        result = ImportResult(files=files, sections=changes, written=False, dry_run=False, safety_copy=safety,
                              uncovered=uncovered_sections(db, changes), notes=notes, warnings=warnings)
        if not result.changed_anything and not voided:
            return result
        start = time.perf_counter()
        with bulk_cache(db.conn):
            wrote = _write(db, changes, voided, progress, command, sources or audit.file_sources(files))
        if not wrote:
            return result
        if timings is not None:
            timings["write"] = time.perf_counter() - start
    result.written = True
    write_stamp(db)  # so that the next import of the same files knows nothing was written since
    return result


def _write(db: Database, changes: list[SectionChanges], voided: list[dict], progress: ProgressFn | None,
           command: str | None, sources: list[dict]) -> bool:
    """Write the changes and the entry inside the import's transaction; False when nothing was to be written."""
    db.conn.execute("PRAGMA defer_foreign_keys = ON")
    large = sum(len(c.rows) + len(c.archived) for c in changes) > imported.LARGE_IMPORT
    before = {} if large else audit_before(db, changes)
    apply_changes(db, changes, progress=progress)
    # The voided records of a dump are kept again (and never live alongside a record of the same code).
    restored = {"voided": restore_voided(db, voided)} if voided else {}
    if not any(c.writes for c in changes) and not restored.get("voided"):
        return False
    counts: dict = {"import": [c.as_dict() for c in changes], **restored}
    if large:  # codes and digests instead of every value (see village_gov.trail.imported)
        counts["imported"] = large_import_sections(changes)
    audit.append(db, command, sources=sources, counts=counts,
                 changes=[] if large else audit_changes(db, changes, before))
    return True


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


def large_import_sections(changes: list[SectionChanges]) -> dict[str, dict]:
    """``counts.imported`` of a large import's audit entry: per section written, its codes and digest."""
    sections = {s.name: s for s in ledger_sections()}
    return {c.section: imported.section_entry(sections[c.section].table, c.added, c.changed, c.archived,
                                              c.rows, c.flags)
            for c in changes if c.writes}
