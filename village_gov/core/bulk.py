"""Writing many rows at once: a page cache that holds the indexes being written, and secondary
indexes built once after a table's rows are in rather than kept up to date row by row.

SQLite's default page cache is 2 MB.  An import of a county's households touches far more index
pages than that (a household's group and a liaison's household land anywhere in their indexes):
each insert then evicts a page another will want again, and in WAL mode an evicted dirty page is
written to the log and read back.  :func:`bulk_cache` gives the write a larger cache, bounded
(:data:`CACHE_KIB`), for its own duration.

When a table receives at least :data:`BULK_ROWS` rows and at least as many as it holds,
:func:`indexes_rebuilt` drops its plain secondary indexes before the inserts and creates them again,
from their own stored SQL, right after: one sort instead of a B-tree insert per row and index.
Every index is there again before the next statement; unique indexes and primary keys are never
dropped (the inserts' conflicts and foreign keys rely on them), nor the indexes of a table that
refers to itself (a deferred foreign-key check would scan the table for each row).  It all happens
inside the caller's transaction: a refused import leaves the schema as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

BULK_ROWS = 10_000
"""Rows written to one table from which its secondary indexes are built after the inserts."""

CACHE_KIB = 16_384
"""SQLite page cache of a bulk write, in KiB (the connection's own setting when it is larger)."""


@contextmanager
def bulk_cache(conn: sqlite3.Connection) -> Iterator[None]:
    """The connection's page cache at least :data:`CACHE_KIB` while the block runs, then as it was."""
    (before,) = conn.execute("PRAGMA cache_size").fetchone()
    # A negative cache_size is in KiB, a positive one in pages.
    if before >= 0 or -before >= CACHE_KIB:
        yield
        return
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(before)}")


def _plain_indexes(conn: sqlite3.Connection, table: str) -> list[tuple[str, str]]:
    """``(name, sql)`` of the table's non-unique indexes made by ``CREATE INDEX``."""
    if any(row[2] == table for row in conn.execute(f'PRAGMA foreign_key_list("{table}")')):
        return []  # a table that refers to itself keeps its indexes (see the module's notes)
    plain = {row[1] for row in conn.execute(f'PRAGMA index_list("{table}")') if not row[2] and row[3] == "c"}
    return [(name, sql) for name, sql in conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
        "ORDER BY rowid", [table]) if name in plain]


@contextmanager
def indexes_rebuilt(conn: sqlite3.Connection, table: str, adding: int) -> Iterator[None]:
    """Around the inserts of ``adding`` rows into ``table``: its plain secondary indexes dropped and
    created again afterwards, when the rows are many (see the module's notes); else nothing."""
    if adding < BULK_ROWS:
        yield
        return
    (held,) = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()
    indexes = _plain_indexes(conn, table) if adding >= held else []
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    yield
    for _name, sql in indexes:
        conn.execute(sql)
