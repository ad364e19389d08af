"""A large import's write: secondary indexes built after the rows are in, and a larger page cache.

``village_gov.core.bulk`` drops a table's plain secondary indexes before a bulk insert and creates
them again from their stored SQL right after, when the table receives at least ``BULK_ROWS`` rows
and at least as many as it holds.  The threshold is lowered here (2) so that the small roster
(7 households; 8 members with 7 liaisons) takes that path; the database must come
out exactly as the plain path leaves it: same schema text, same rows, a sound file.
"""

from __future__ import annotations

import sqlite3

import pytest

from tests.helpers.db import file_digest
from tests.helpers.rosters import SMALL_ROSTER
from village_gov.core import bulk


def schema(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    finally:
        conn.close()


def rows(path, table: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f'SELECT * FROM "{table}" ORDER BY 1, 2').fetchall()
    finally:
        conn.close()


@pytest.fixture
def rebuilt(monkeypatch) -> list[tuple[str, list[str]]]:
    """The bulk path taken from 2 rows on; each call's table and the indexes it dropped and rebuilt."""
    seen: list[tuple[str, list[str]]] = []
    real = bulk._plain_indexes

    def noted(conn, table):
        found = real(conn, table)
        seen.append((table, [name for name, _sql in found]))
        return found

    monkeypatch.setattr(bulk, "BULK_ROWS", 2)
    monkeypatch.setattr(bulk, "_plain_indexes", noted)
    return seen


def test_a_bulk_import_leaves_the_schema_and_rows_of_the_plain_one(cli, tmp_path, write_yaml, monkeypatch):
    roster = write_yaml(SMALL_ROSTER)
    plain = tmp_path / "plain.db"
    assert cli("--db", plain, "import", roster).exit_code == 0
    seen: list = []
    real = bulk._plain_indexes
    monkeypatch.setattr(bulk, "BULK_ROWS", 2)
    monkeypatch.setattr(bulk, "_plain_indexes", lambda conn, table: seen.append(table) or real(conn, table))
    fast = tmp_path / "bulk.db"
    assert cli("--db", fast, "import", roster).exit_code == 0
    # households (7 rows) and liaisons (7) are written in bulk; the index of each is dropped and made again.
    assert {"households", "liaisons"} <= set(seen)
    assert schema(fast) == schema(plain)
    for table in ("households", "members", "liaisons", "groups", "party_orgs"):
        assert rows(fast, table) == rows(plain, table)
    conn = sqlite3.connect(fast)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    assert cli("--db", fast, "audit", "verify").exit_code == 0


def test_the_indexes_dropped_are_the_plain_ones(cli, db_path, write_yaml, rebuilt):
    assert cli("import", write_yaml(SMALL_ROSTER)).exit_code == 0
    dropped = dict(rebuilt)
    assert dropped["households"] == ["idx_households_group"]
    assert sorted(dropped["liaisons"]) == ["idx_liaisons_household", "idx_liaisons_member"]


def test_a_table_already_holding_more_rows_keeps_its_indexes(cli, db_path, write_yaml, rebuilt):
    assert cli("import", write_yaml(SMALL_ROSTER)).exit_code == 0
    rebuilt.clear()
    # Two new households (H20, H21) against those stored: 2 rows, fewer than the table holds.
    more = SMALL_ROSTER.replace("households:\n", "households:\n  - {code: H20, head: 陈廿, group: G1, size: 2}\n"
                                "  - {code: H21, head: 陈廿一, group: G3, size: 3}\n")
    assert more != SMALL_ROSTER
    assert cli("import", write_yaml(more, "more.yaml")).exit_code == 0
    assert "households" not in dict(rebuilt)


def test_a_write_that_fails_after_the_indexes_were_dropped_changes_nothing(cli, db_path, write_yaml, rebuilt,
                                                                           monkeypatch):
    from village_gov.trail import audit

    assert cli("import", write_yaml("townships:\n  - {code: T9, name: 九镇, kind: 镇}\n", "t.yaml")).exit_code == 0
    before_schema, before_file = schema(db_path), file_digest(db_path)

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(audit, "append", broken)
    with pytest.raises(RuntimeError):
        cli("import", write_yaml(SMALL_ROSTER))
    assert "households" in dict(rebuilt)  # the bulk path was taken before the failure
    assert schema(db_path) == before_schema
    assert rows(db_path, "households") == []
    assert file_digest(db_path) == before_file


def test_a_table_referring_to_itself_keeps_its_indexes(tmp_path):
    conn = sqlite3.connect(tmp_path / "t.db")
    conn.executescript("""
        CREATE TABLE orgs (code TEXT PRIMARY KEY, parent TEXT REFERENCES orgs(code), level TEXT);
        CREATE INDEX idx_orgs_level ON orgs (level);
        CREATE TABLE people (code TEXT PRIMARY KEY, org TEXT REFERENCES orgs(code), name TEXT);
        CREATE INDEX idx_people_org ON people (org);
        CREATE UNIQUE INDEX idx_people_name ON people (name);
    """)
    assert bulk._plain_indexes(conn, "orgs") == []
    # The unique index stays (conflicts rely on it); the plain one is named with its own SQL.
    assert bulk._plain_indexes(conn, "people") == [("idx_people_org", "CREATE INDEX idx_people_org ON people (org)")]
    conn.close()


def test_the_page_cache_is_set_back_after_the_write(tmp_path):
    conn = sqlite3.connect(tmp_path / "t.db")
    conn.execute("PRAGMA cache_size = -2000")
    with bulk.bulk_cache(conn):
        assert conn.execute("PRAGMA cache_size").fetchone() == (-bulk.CACHE_KIB,)
    assert conn.execute("PRAGMA cache_size").fetchone() == (-2000,)
    conn.execute("PRAGMA cache_size = -100000")  # already larger: left alone
    with bulk.bulk_cache(conn):
        assert conn.execute("PRAGMA cache_size").fetchone() == (-100000,)
    conn.close()
