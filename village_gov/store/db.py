"""Opening the one SQLite file: pragmas, schema version checks and migrations.

The schema version lives in ``PRAGMA user_version``.  A file written by a newer
release is refused before anything touches it (not even the journal mode is
changed), and a file that is not a village-gov database is refused too.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from village_gov.core.config import busy_timeout_ms
from village_gov.core.errors import DatabaseError, os_reason
from village_gov.store.ledger_migrations import apply_ledger_migrations, ledger_migrations_pending
from village_gov.store.migrations import MIGRATIONS, apply_migrations

SCHEMA_VERSION = len(MIGRATIONS)


def _create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (the ledger holds personal data)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def connect(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """A raw connection with a busy timeout; the file is created (mode 0600) if asked to."""
    path = Path(path)
    if not path.exists():
        if not create:
            raise DatabaseError("store.db_missing", path=str(path))
        try:
            _create_private_file(path)
        except FileExistsError:
            pass
        except OSError as exc:
            raise DatabaseError("store.db_cannot_create", path=str(path), reason=os_reason(exc)) from exc
    elif path.is_dir():
        raise DatabaseError("store.db_is_directory", path=str(path))
    timeout_ms = busy_timeout_ms()
    conn = sqlite3.connect(str(path), timeout=timeout_ms / 1000)
    conn.execute(f"PRAGMA busy_timeout = {timeout_ms}")
    return conn


def read_version(conn: sqlite3.Connection, path: Path) -> int:
    """``user_version``, after making sure the file is a SQLite database we can read."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise database_error_from(exc, path) from exc
        raise DatabaseError("store.db_not_sqlite", path=str(path), reason=str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise DatabaseError("store.db_not_sqlite", path=str(path), reason=str(exc)) from exc
    if version == 0 and tables - {"sqlite_sequence"}:
        raise DatabaseError("store.db_not_ours", path=str(path))
    if version > SCHEMA_VERSION:
        raise DatabaseError("store.db_newer", path=str(path), found=version, supported=SCHEMA_VERSION)
    return version


def open_db(path: str | os.PathLike, *, create: bool = True, migrate: bool = True, command: str | None = None,
            on_migrate=None, before_migrate=None, read_only: bool = False):
    """Open (creating and migrating as needed) the database at ``path``.

    Returns a ``sqlite_utils.Database`` with foreign keys on, WAL journal and a
    busy timeout.  Raises :class:`DatabaseError` (exit 3) for a file that is
    newer than this release, not a village-gov database, or not SQLite at all.
    Before migrating a database at version 1 or later, ``before_migrate(db, "migrate")`` is called:
    the commands pass :func:`village_gov.store.backup.safety_copy_if_data`, which takes a safety copy
    of a database holding data and returns its path; each migration is audited with ``command``;
    ``on_migrate(old version, new version, safety copy path)`` is then called when a safety copy was
    taken (so the caller can say where the copy went).

    Then the ledgers' own migrations not applied yet run (see :func:`apply_ledger_migrations`).

    ``read_only``: for commands that only read (lists, trees, checks, reports): a database already at
    this release's version (its ledgers' tables included) comes back as a :class:`ReadDatabase` on a
    plain ``sqlite3`` connection, without loading sqlite_utils; one that needs migrating is migrated
    as usual first.
    """
    path = Path(path)
    conn = connect(path, create=create)
    try:
        version = read_version(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        from village_gov import ledgers

        pending = migrate and ledger_migrations_pending(conn, ledgers.LEDGERS)
        if read_only and ((version == SCHEMA_VERSION and not pending) or not migrate):
            return ReadDatabase(conn)
        import sqlite_utils

        db = sqlite_utils.Database(conn)
        copy = None
        if migrate and version < SCHEMA_VERSION:
            if version > 0 and before_migrate is not None:
                copy = before_migrate(db, "migrate")
            apply_migrations(db, version, command=command)
            if copy is not None and on_migrate is not None:
                on_migrate(version, SCHEMA_VERSION, copy)
        # A ledger added since the file was last opened: its tables, after a safety copy of a file
        # holding data (unless the global migrations just took one).
        if pending:
            if version > 0 and copy is None and before_migrate is not None:
                before_migrate(db, "migrate")
            apply_ledger_migrations(db, ledgers.LEDGERS, command=command)
    except sqlite3.OperationalError as exc:
        conn.close()
        raise database_error_from(exc, path) from exc
    except BaseException:
        conn.close()
        raise
    return db


def writable(db):
    """``db`` as a ``sqlite_utils.Database``: a :class:`ReadDatabase` is wrapped (the same connection)."""
    if not isinstance(db, ReadDatabase):
        return db
    import sqlite_utils

    return sqlite_utils.Database(db.conn)


class ReadDatabase:
    """What the read-only commands use of ``sqlite_utils.Database``, on a plain ``sqlite3`` connection.

    ``execute`` and ``conn`` as there, ``query`` (rows as dicts), ``table_names``, ``db[name].exists()``
    and ``atomic`` (for the audit record a read may write, e.g. ``--unmask``).  Importing sqlite_utils
    costs a read-only command more than its own query on a township's file.
    """

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def execute(self, sql: str, parameters=None) -> sqlite3.Cursor:
        return self.conn.execute(sql) if parameters is None else self.conn.execute(sql, parameters)

    def query(self, sql: str, params=None):
        cursor = self.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return (dict(zip(names, row)) for row in cursor)

    def table_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]

    def __getitem__(self, name: str) -> _ReadTable:
        return _ReadTable(self.conn, name)

    @contextmanager
    def atomic(self):
        """A savepoint (inside a transaction) or a transaction of its own, as sqlite_utils does."""
        if self.conn.in_transaction:
            self.conn.execute("SAVEPOINT village_gov_atomic")
            try:
                yield self
            except BaseException:
                self.conn.execute("ROLLBACK TO SAVEPOINT village_gov_atomic")
                self.conn.execute("RELEASE SAVEPOINT village_gov_atomic")
                raise
            self.conn.execute("RELEASE SAVEPOINT village_gov_atomic")
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        except BaseException:
            self.conn.rollback()
            raise
        self.conn.commit()


class _ReadTable:
    def __init__(self, conn: sqlite3.Connection, name: str):
        self.conn, self.name = conn, name

    def exists(self) -> bool:
        return self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                 [self.name]).fetchone() is not None


def database_error_from(exc: sqlite3.Error, path: Path | str) -> DatabaseError:
    """Turn a sqlite3 error met while using the database into a clear :class:`DatabaseError`."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return DatabaseError("store.db_locked", path=str(path), seconds=busy_timeout_ms() / 1000)
    if "readonly" in text or "read-only" in text:
        return DatabaseError("store.db_readonly", path=str(path))
    return DatabaseError("store.db_error", path=str(path), reason=text)
