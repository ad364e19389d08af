"""A database file as the tests look at it: a digest proving it unchanged, its rows read back, every
table's contents, and a pretended newer release with one more migration."""

from __future__ import annotations

import gc
import hashlib
import sqlite3
from pathlib import Path

from village_gov.store import db as db_module
from village_gov.store import migrations
from village_gov.store.migrations import MIGRATIONS


def file_digest(path: Path) -> str | None:
    """sha256 of a file (and its -wal), or None if missing: proves a database was not touched."""
    path = Path(path)
    if not path.exists():
        return None
    digest = hashlib.sha256(path.read_bytes())
    wal = Path(str(path) + "-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()


def settled_digest(path):
    """``file_digest`` after closing connections left by earlier in-process commands.

    A connection closed by the garbage collector checkpoints the WAL into the
    main file; collecting first keeps that from happening between two digests.
    """
    gc.collect()
    return file_digest(path)


def table_contents(path, skip=("audit",)) -> dict:
    """Every table's rows (sorted) by name, except ``skip``: compares two databases' records."""
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    data = {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names if n not in skip}
    conn.close()
    return data


def rows(db_path: Path, sql: str, params=()) -> list[dict]:
    """Rows of a query against the database file, as dicts (read-only connection)."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def m_test_notes(db) -> None:
    """A later release's migration: a column on villages and a table of its own."""
    db["villages"].add_column("note", str)
    db["visits"].create({"id": int, "village": str, "day": str}, pk="id",
                        foreign_keys=[("village", "villages", "code")])


def pretend_newer_release(monkeypatch) -> int:
    """Pretend this release has one more migration than the real list; return its schema version."""
    extended = [*MIGRATIONS, m_test_notes]
    monkeypatch.setattr(migrations, "MIGRATIONS", extended)
    monkeypatch.setattr(db_module, "SCHEMA_VERSION", len(extended))
    return len(extended)


def ledger_migration_names() -> list[str]:
    """The ledgers' own migrations a new database gets after the global ones, as their audit entries
    name them (``roster:m001_cadre_since``, ``cadre:m001_cadres``), in LEDGERS order."""
    from village_gov import ledgers

    return [f"{ledger.name}:{function.__name__}" for ledger in ledgers.LEDGERS
            for _, function in ledger.load_migrations()]


def migration_names() -> list[str]:
    """Every migration entry a new database starts its audit trail with: the global ones, then the ledgers'."""
    return [m.__name__ for m in MIGRATIONS] + ledger_migration_names()
