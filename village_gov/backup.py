"""Backups, restores and automatic safety copies, all through SQLite's online backup API.

* :func:`backup_to` copies a consistent snapshot (safe while another process
  writes), then checks the copy: ``PRAGMA integrity_check`` and the same row
  count in every table.  A copy failing either is removed.
* :func:`restore_from` checks the file first (SQLite, intact, a village-gov
  database, not from a newer release) and refuses it without touching the
  current database; otherwise it keeps a safety copy of the current database
  and copies the file in, in one transaction.
* :func:`safety_copy` keeps copies in ``<folder of the database>/backups/``,
  the last :func:`keep_count` of them (``$VILLAGE_GOV_BACKUPS_KEEP``, default 10);
  taken before a schema migration and before ``import --prune``.

Backup and restore are recorded in the audit trail: the backup's entry is
written to the database before the copy (so the copy holds it too), the
restore's entry to the restored database.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from village_gov.errors import DatabaseError, InputError

BACKUP_DIR = "backups"
KEEP_ENV = "VILLAGE_GOV_BACKUPS_KEEP"


def keep_count() -> int:
    """``$VILLAGE_GOV_BACKUPS_KEEP`` (default 10); a malformed value is an input error."""
    from village_gov.config import backups_keep

    return backups_keep()


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table (SQLite's own tables left out)."""
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _open_readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)


def check_file(path: Path) -> tuple[int, dict[str, int]]:
    """Make sure ``path`` is an intact village-gov database this release can open.

    Returns ``(schema version, row counts)``; raises :class:`DatabaseError` with
    a message saying what is wrong otherwise.
    """
    from village_gov.db import SCHEMA_VERSION

    path = Path(path)
    try:
        conn = _open_readonly(path)
    except sqlite3.Error as exc:
        raise DatabaseError("restore_not_sqlite", path=str(path)) from exc
    try:
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            if "malformed" in str(exc):
                raise DatabaseError("restore_corrupt", path=str(path), detail=str(exc)) from exc
            raise DatabaseError("restore_not_sqlite", path=str(path)) from exc
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            if result == ["ok"] and conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                result = ["foreign_key_check"]
            counts = table_counts(conn) if result == ["ok"] else {}
        except sqlite3.DatabaseError as exc:
            result = [str(exc)]
        if result != ["ok"]:
            raise DatabaseError("restore_corrupt", path=str(path), detail="; ".join(result[:3]))
        if version == 0 or "townships" not in counts:
            raise DatabaseError("restore_not_ours", path=str(path))
        if version > SCHEMA_VERSION:
            raise DatabaseError("restore_newer", path=str(path), found=version, supported=SCHEMA_VERSION)
        return version, counts
    finally:
        conn.close()


def _private(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def copy_database(conn: sqlite3.Connection, output: Path) -> dict[str, int]:
    """Copy the database behind ``conn`` to the new file ``output`` (mode 0600) and verify it.

    The row counts are read in the same read transaction as the copy, so they
    describe exactly the snapshot copied even while other processes write.
    """
    output = Path(output)
    temp = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    _private(temp)
    try:
        target = sqlite3.connect(str(temp))
        try:
            own_transaction = not conn.in_transaction
            if own_transaction:
                conn.execute("BEGIN")
            try:
                expected = table_counts(conn)
                conn.backup(target)
            finally:
                if own_transaction:
                    conn.execute("COMMIT")
            # A self-contained file: no -wal/-shm needed to read it.
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        _, found = check_file(temp)
        for table, count in expected.items():
            if found.get(table) != count:
                raise DatabaseError("backup_mismatch", table=table, expected=count, found=found.get(table))
        os.replace(temp, output)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return expected


def _check_writable(output: Path) -> None:
    """Make sure a file can be created at ``output`` before anything is recorded (a path under a
    file, a name too long, a read-only folder are refused with nothing written)."""
    probe = output.with_name(f".{output.name}.{os.getpid()}.probe")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        probe.touch(exist_ok=False)
        probe.unlink()
    except OSError as exc:
        raise InputError("os_error", path=str(output), reason=exc.strerror or str(exc)) from None


def backup_to(db, output: Path, command: str | None = None) -> dict[str, int]:
    """``village-gov backup``: record the backup in the audit trail, then copy and verify."""
    from village_gov import audit
    from village_gov.db import write_transaction

    output = Path(output)
    if output.exists():
        raise InputError("backup_exists", path=str(output))
    _check_writable(output)
    with write_transaction(db):
        audit.append(db, command, counts={"backup": str(output)})
    try:
        return copy_database(db.conn, output)
    except sqlite3.Error as exc:
        raise DatabaseError("backup_failed", reason=str(exc)) from exc


# --- safety copies ----------------------------------------------------------------------------

def has_data(conn: sqlite3.Connection) -> bool:
    """True when any ledger table holds a row (the audit trail alone is not data worth a copy)."""
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name != 'audit'")]
    return any(conn.execute(f'SELECT 1 FROM "{n}" LIMIT 1').fetchone() for n in names)


def backups_dir(db_file: Path) -> Path:
    return Path(db_file).resolve().parent / BACKUP_DIR


def safety_copy(conn: sqlite3.Connection, db_file: Path, reason: str) -> Path:
    """Copy the database to ``backups/<name>-<UTC time>-<reason>.db`` and keep only the newest ones."""
    folder = backups_dir(db_file)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{Path(db_file).stem}-{stamp}-{reason}.db"
    copy_database(conn, target)
    prune_safety_copies(folder, Path(db_file).stem)
    return target


def prune_safety_copies(folder: Path, stem: str) -> list[Path]:
    """Delete all but the newest :func:`keep_count` safety copies of database ``stem``."""
    copies = sorted(p for p in folder.glob(f"{stem}-*.db") if p.is_file())
    removed = copies[:-keep_count()]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def safety_copy_if_data(db, reason: str) -> Path | None:
    """A safety copy of ``db`` when it holds any row (an empty database has nothing to lose)."""
    from village_gov.audit import path_of

    path = path_of(db)
    if path is None or not has_data(db.conn):
        return None
    return safety_copy(db.conn, path, reason)


# --- restore ----------------------------------------------------------------------------------

@dataclass
class RestoreResult:
    rows: int
    safety: Path | None


def restore_from(db_file, source, command: str | None = None) -> RestoreResult:
    """Replace the database at ``db_file`` by the checked backup ``source``.

    The file is first copied to a private temporary file next to the database, migrated there if
    it is older, and given its ``restore`` audit entry; that copy then replaces the database in one
    backup-API step, so the restored database and its entry arrive together or not at all.
    """
    import sqlite_utils

    from village_gov import audit
    from village_gov.db import SCHEMA_VERSION, connect, write_transaction
    from village_gov.migrations import apply_migrations

    db_file, source = Path(db_file), Path(source)
    if not source.is_file():
        raise InputError("restore_missing", path=str(source))
    if db_file.exists() and db_file.resolve() == source.resolve():
        raise InputError("restore_same", path=str(source))
    version, counts = check_file(source)
    safety = _safety_copy_of_current(db_file)
    staged = db_file.with_name(f".{db_file.name}.{os.getpid()}.restore")
    _private(staged)
    try:
        src = _open_readonly(source)
        try:
            target = sqlite3.connect(str(staged))
            try:
                src.backup(target)
            finally:
                target.close()
        finally:
            src.close()
        staged_db = sqlite_utils.Database(sqlite3.connect(str(staged)))
        try:
            if version < SCHEMA_VERSION:
                apply_migrations(staged_db, version, command=command)
            with write_transaction(staged_db):
                audit.append(staged_db, command, sources=audit.file_sources([source]),
                             counts={"restore": str(source), "rows": counts,
                                     "safety_copy": str(safety) if safety else None})
            dst = connect(db_file)
            try:
                staged_db.conn.backup(dst)
            finally:
                dst.close()
        finally:
            staged_db.conn.close()
    finally:
        staged.unlink(missing_ok=True)
        Path(str(staged) + "-journal").unlink(missing_ok=True)
    return RestoreResult(rows=sum(counts.values()), safety=safety)


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
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        target = folder / f"{db_file.stem}-{stamp}-restore-raw.db"
        _private(target)
        shutil.copyfile(db_file, target)
        wal = Path(str(db_file) + "-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(str(target) + "-wal"))
        return target
    finally:
        conn.close()
