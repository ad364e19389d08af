"""Backups, restores and automatic safety copies, all through SQLite's online backup API.

* :func:`backup_to` copies a consistent snapshot (safe while another process
  writes), then checks the copy: ``PRAGMA integrity_check`` and the same row
  count in every table.  A copy failing either is removed.
* :func:`village_gov.store.restore.restore_from` checks the file first (SQLite, intact, a village-gov
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
import re
import signal
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from village_gov.core.errors import DatabaseError, InputError, os_reason

if TYPE_CHECKING:
    from village_gov.store.schema_check import AuditProblem

BACKUP_DIR = "backups"
KEEP_ENV = "VILLAGE_GOV_BACKUPS_KEEP"


def keep_count() -> int:
    """``$VILLAGE_GOV_BACKUPS_KEEP`` (default 10); a malformed value is an input error."""
    from village_gov.core.config import backups_keep

    return backups_keep()


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table (SQLite's own tables left out)."""
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _open_readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)


@dataclass
class FileCheck:
    """What :func:`check_file` found: the schema version, rows per table and, when the audit chain
    does not verify, why (the only reason ``restore --force`` may override)."""

    version: int
    counts: dict[str, int]
    audit_problem: AuditProblem | None = None


def _cannot_open(path: Path, exc: sqlite3.Error) -> DatabaseError:
    """A file SQLite cannot open is not necessarily "not a database": name the likelier cause."""
    if not os.access(path, os.R_OK):
        return DatabaseError("store.restore_unreadable", path=str(path))
    if not os.access(path.resolve().parent, os.W_OK):
        return DatabaseError("store.restore_readonly_folder", path=str(path), folder=str(path.resolve().parent))
    return DatabaseError("store.restore_cannot_open", path=str(path), reason=str(exc))


def check_file(path: Path, *, full: bool = True) -> FileCheck:
    """Make sure ``path`` is an intact village-gov database this release can open.

    With ``full`` (restore), the file must also have exactly the schema the migrations create at
    its version (:mod:`village_gov.store.schema_check`), and its audit chain is verified (a broken chain
    is returned in ``audit_problem``, not raised, so ``restore --force`` can decide).  Without it
    (checking a copy just written) only the integrity checks run.  Raises :class:`DatabaseError`
    saying what is wrong otherwise.
    """
    from village_gov.store import schema_check
    from village_gov.store.db import SCHEMA_VERSION

    path = Path(path)
    try:
        conn = _open_readonly(path)
    except sqlite3.Error as exc:
        raise _cannot_open(path, exc) from exc
    try:
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            if "malformed" in str(exc):
                raise DatabaseError("store.restore_corrupt", path=str(path), detail=str(exc)) from exc
            if "unable to open" in str(exc):
                raise _cannot_open(path, exc) from exc
            raise DatabaseError("store.restore_not_sqlite", path=str(path)) from exc
        result = schema_check.check_contents(conn)
        if result:
            raise DatabaseError("store.restore_corrupt", path=str(path), detail="; ".join(result[:3]))
        counts = table_counts(conn)
        if version == 0 or "townships" not in counts:
            raise DatabaseError("store.restore_not_ours", path=str(path))
        if version > SCHEMA_VERSION:
            raise DatabaseError("store.restore_newer", path=str(path), found=version, supported=SCHEMA_VERSION)
        audit_problem = None
        if full:
            try:
                schema_check.check_schema(conn, version)
            except schema_check.SchemaProblem as problem:
                raise DatabaseError("store.restore_schema", path=str(path), version=version,
                                    detail=problem.detail) from None
            try:
                schema_check.check_audit(conn, version)
            except schema_check.AuditProblem as problem:
                audit_problem = problem
        return FileCheck(version, counts, audit_problem)
    finally:
        conn.close()


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parent with mode 0700 (they will hold personal data)."""
    missing = []
    folder = Path(folder)
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for level in reversed(missing):
        try:
            level.mkdir(mode=0o700)
        except FileExistsError:
            pass


def _private(path: Path) -> None:
    make_private_folder(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


# --- temporary files: removed on failure and on SIGTERM, swept after a SIGKILL -----------------

def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def sweep_leftovers(folder: Path, name: str, suffixes=(".tmp", ".restore")) -> list[Path]:
    """Remove ``.<name>.<pid>.tmp`` / ``.<name>.<pid>.restore`` files (and their ``-journal``) left in
    ``folder`` by a backup or restore that was killed (``name`` is a regular expression for the file
name); a file of a process still running is kept.
    Returns the files removed, so the command can name them."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    pattern = re.compile(rf"\.({name})\.(\d+)({'|'.join(re.escape(x) for x in suffixes)})(-journal)?")
    removed = []
    for path in sorted(folder.iterdir()):
        match = pattern.fullmatch(path.name)
        if match is None or int(match.group(2)) == os.getpid() or _pid_alive(int(match.group(2))):
            continue
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


class Terminated(BaseException):
    """SIGTERM arrived while a backup or restore held temporary files (they are removed first)."""


@contextmanager
def _terminate_cleanly():
    """Turn SIGTERM into an exception for the duration, so ``finally`` clauses remove temporary files;
    the process then ends with the usual 128 + 15."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame):
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    except Terminated:
        signal.signal(signal.SIGTERM, previous)
        raise SystemExit(128 + signal.SIGTERM) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


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
        found = check_file(temp, full=False).counts
        for table, count in expected.items():
            if found.get(table) != count:
                raise DatabaseError("store.backup_mismatch", table=table, expected=count, found=found.get(table))
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
        make_private_folder(output.parent)
        probe.touch(exist_ok=False)
        probe.unlink()
    except OSError as exc:
        raise InputError("file.os_error", path=str(output), reason=os_reason(exc)) from None


def backup_to(db, output: Path, command: str | None = None, swept: list | None = None) -> dict[str, int]:
    """``village-gov backup``: record the backup in the audit trail, then copy and verify.

    Temporary files left next to ``output`` by a killed earlier backup are removed first and
    appended to ``swept`` (when given) so the command can name them.
    """
    from village_gov.trail import audit
    from village_gov.trail.audit import write_transaction

    output = Path(output)
    if output.exists():
        raise InputError("store.backup_exists", path=str(output))
    _check_writable(output)
    gone = sweep_leftovers(output.parent, re.escape(output.name))
    if swept is not None:
        swept.extend(gone)
    with write_transaction(db):
        audit.append(db, command, counts={"backup": str(output)})
    try:
        with _terminate_cleanly():
            return copy_database(db.conn, output)
    except sqlite3.Error as exc:
        raise DatabaseError("store.backup_failed", reason=str(exc)) from exc


# --- safety copies ----------------------------------------------------------------------------

def has_data(conn: sqlite3.Connection) -> bool:
    """True when any ledger table holds a row (the audit trail and the ledgers' migration versions
    alone are not data worth a copy)."""
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT IN ('audit', 'ledger_versions')")]
    return any(conn.execute(f'SELECT 1 FROM "{n}" LIMIT 1').fetchone() for n in names)


def backups_dir(db_file: Path) -> Path:
    return Path(db_file).resolve().parent / BACKUP_DIR


def safety_copy(conn: sqlite3.Connection, db_file: Path, reason: str) -> Path:
    """Copy the database to ``backups/<name>-<UTC time>-<reason>.db`` and keep only the newest ones."""
    folder = backups_dir(db_file)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / f"{Path(db_file).stem}-{_stamp()}-{reason}.db"
    copy_database(conn, target)
    prune_safety_copies(folder, Path(db_file).stem)
    return target


STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
STAMP_PATTERN = r"\d{8}T\d{12}Z"
"""The UTC time in a safety copy's name, e.g. ``20251130T174812668555Z``."""
REASONS = ("migrate", "prune", "restore", "restore-raw")


def _stamp() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime(STAMP_FORMAT)


def is_safety_copy(name: str, stem: str) -> bool:
    """True for ``<stem>-<UTC time>-<reason>.db`` exactly: the copies of ledger ``stem`` and of no
    other (``ledger-2025-01.db`` is not a copy of ``ledger.db``)."""
    reasons = "|".join(re.escape(r) for r in REASONS)
    return re.fullmatch(f"{re.escape(stem)}-{STAMP_PATTERN}-(?:{reasons})\\.db", name) is not None


def prune_safety_copies(folder: Path, stem: str) -> list[Path]:
    """Delete all but the newest :func:`keep_count` safety copies of database ``stem``."""
    copies = sorted(p for p in folder.iterdir() if is_safety_copy(p.name, stem) and p.is_file())
    removed = copies[:-keep_count()]
    for path in removed:
        path.unlink(missing_ok=True)
        Path(str(path) + "-wal").unlink(missing_ok=True)
    return removed


def safety_copy_if_data(db, reason: str) -> Path | None:
    """A safety copy of ``db`` when it holds any row (an empty database has nothing to lose)."""
    from village_gov.trail.chain import path_of

    path = path_of(db)
    if path is None or not has_data(db.conn):
        return None
    return safety_copy(db.conn, path, reason)
