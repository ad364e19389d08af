"""Restore: replace the database by a checked backup, in one step, with its audit entry.

The backup file must pass :func:`village_gov.store.backup.check_file` in full; the database it
replaces is first kept as a safety copy (:mod:`village_gov.store.backup`).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from village_gov.core.errors import DatabaseError, InputError
from village_gov.store.backup import (
    STAMP_PATTERN,
    _open_readonly,
    _private,
    _stamp,
    _terminate_cleanly,
    backups_dir,
    check_file,
    has_data,
    prune_safety_copies,
    safety_copy,
    sweep_leftovers,
)

if TYPE_CHECKING:
    from village_gov.store.schema_check import AuditProblem


@dataclass
class RestoreResult:
    rows: int
    safety: Path | None
    forced: AuditProblem | None = None
    """The audit problem overridden by ``--force`` (None when the chain verified)."""
    swept: list = field(default_factory=list)
    """Temporary files of a killed earlier backup or restore, removed before this one."""


def _audit_refusal(source: Path, problem: AuditProblem) -> DatabaseError:
    if problem.entry is None:
        return DatabaseError("store.restore_audit_empty", path=str(source))
    return DatabaseError("store.restore_audit_broken", path=str(source), id=problem.entry, reason=problem.reason)


def sweep_for(db_file: Path) -> list[Path]:
    """Leftovers of killed runs next to ``db_file`` and among its safety copies."""
    db_file = Path(db_file)
    gone = sweep_leftovers(db_file.parent, re.escape(db_file.name))
    safety_names = f"{re.escape(db_file.stem)}-{STAMP_PATTERN}-[a-z-]+\\.db"
    return gone + sweep_leftovers(backups_dir(db_file), safety_names)


def restore_from(db_file, source, command: str | None = None, *, force: bool = False) -> RestoreResult:
    """Replace the database at ``db_file`` by the checked backup ``source``.

    The file must pass :func:`check_file` in full (integrity, foreign keys, exactly the schema of
    its version, a verifying audit chain); ``force`` overrides only a broken or empty audit chain,
    and the restore's audit entry then says so.  The file is first copied to a private temporary
    file next to the database, migrated there if it is older, and given its ``restore`` audit
    entry; that copy then replaces the database in one backup-API step, so the restored database
    and its entry arrive together or not at all.
    """
    db_file, source = Path(db_file), Path(source)
    _refuse_restore_paths(db_file, source)
    found = check_file(source)
    counts = found.counts
    if found.audit_problem is not None and not force:
        raise _audit_refusal(source, found.audit_problem)
    swept = sweep_for(db_file)
    counts_entry: dict[str, Any] = {"restore": str(source), "rows": counts}
    if found.audit_problem is not None:
        counts_entry["forced"] = {"audit_chain": "empty" if found.audit_problem.entry is None else "broken",
                                  "entry": found.audit_problem.entry, "reason": found.audit_problem.reason}
    with _terminate_cleanly():
        safety = _safety_copy_of_current(db_file)
        counts_entry["safety_copy"] = str(safety) if safety else None
        staged = db_file.with_name(f".{db_file.name}.{os.getpid()}.restore")
        try:
            _private(staged)
            _copy_database(source, staged)
            _migrate_log_and_replace(staged, db_file, found.version, command, source, counts_entry)
        finally:
            staged.unlink(missing_ok=True)
            Path(str(staged) + "-journal").unlink(missing_ok=True)
    return RestoreResult(rows=sum(counts.values()), safety=safety, forced=found.audit_problem, swept=swept)


def _refuse_restore_paths(db_file: Path, source: Path) -> None:
    """A restore source that is no file, or the database itself, or a database path that is a folder."""
    if source.is_dir():
        raise InputError("store.restore_is_folder", path=str(source))
    if not source.is_file():
        raise InputError("store.restore_missing", path=str(source))
    if db_file.is_dir():
        raise DatabaseError("store.db_is_directory", path=str(db_file))
    if db_file.exists() and db_file.resolve() == source.resolve():
        raise InputError("store.restore_same", path=str(source))


def _copy_database(source: Path, staged: Path) -> None:
    """``source`` copied into ``staged`` by SQLite's backup API (read-only on the source)."""
    src = _open_readonly(source)
    try:
        target = sqlite3.connect(str(staged))
        try:
            src.backup(target)
        finally:
            target.close()
    finally:
        src.close()


def _migrate_log_and_replace(staged: Path, db_file: Path, version: int, command: str | None, source: Path,
                             counts_entry: dict) -> None:
    """Bring the staged copy to the current schema, give it its ``restore`` audit entry, then copy it
    over the database in one backup-API step."""
    import sqlite_utils

    from village_gov.store.db import SCHEMA_VERSION, connect
    from village_gov.store.migrations import apply_migrations
    from village_gov.trail import audit
    from village_gov.trail.audit import write_transaction

    staged_db = sqlite_utils.Database(sqlite3.connect(str(staged)))
    try:
        if version < SCHEMA_VERSION:
            apply_migrations(staged_db, version, command=command)
        with write_transaction(staged_db):
            audit.append(staged_db, command, sources=audit.file_sources([source]), counts=counts_entry)
        dst = connect(db_file)
        try:
            staged_db.conn.backup(dst)
        finally:
            dst.close()
    finally:
        staged_db.conn.close()


def _safety_copy_of_current(db_file: Path) -> Path | None:
    """A copy of the database about to be replaced; a raw file copy if SQLite cannot read it."""
    if not db_file.exists() or db_file.stat().st_size == 0:
        return None
    conn = sqlite3.connect(str(db_file))
    try:
        if not has_data(conn):
            return None
        return safety_copy(conn, db_file, "restore")
    except (sqlite3.Error, DatabaseError):
        folder = backups_dir(db_file)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = folder / f"{db_file.stem}-{_stamp()}-restore-raw.db"
        wal, target_wal = Path(str(db_file) + "-wal"), Path(str(target) + "-wal")
        try:
            _private(target)
            shutil.copyfile(db_file, target)
            if wal.exists():
                shutil.copyfile(wal, target_wal)
        except BaseException:
            # Never leave an empty or partial copy behind (it would count among the kept copies).
            target.unlink(missing_ok=True)
            target_wal.unlink(missing_ok=True)
            raise
        prune_safety_copies(folder, db_file.stem)
        return target
    finally:
        conn.close()
