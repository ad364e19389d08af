"""The ledger digest of a write is computed once per table it did not write.

A write transaction compares every ledger table with the digest the last entry recorded (to notice a
change made outside village-gov) and ends with an entry recording the digest as it leaves the
tables.  The tables the transaction did not write are not read a second time: their digest is the
one taken when it began (under the write lock nobody else can change them).  These tests check that
the recorded digest is still the digest of every table, as a fresh computation gives it, and that a
table the transaction did not write is read once.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
import sqlite_utils

from tests.helpers.rosters import SMALL_ROSTER
from village_gov.trail import chain


def last_digest(path) -> dict:
    conn = sqlite3.connect(path)
    try:
        return json.loads(conn.execute("SELECT digest FROM audit ORDER BY id DESC LIMIT 1").fetchone()[0])
    finally:
        conn.close()


def fresh_digest(path) -> dict:
    conn = sqlite3.connect(path)
    try:
        return chain.ledger_digest(conn)
    finally:
        conn.close()


@pytest.fixture
def township(cli, db_path, write_yaml):
    assert cli("import", write_yaml(SMALL_ROSTER)).exit_code == 0
    return db_path


def test_every_write_records_the_digest_of_every_table(cli, township, write_yaml):
    changed = SMALL_ROSTER.replace("{code: H2, head: 陈二, group: G1, size: 3}",
                                   "{code: H2, head: 陈二, group: G1, size: 8}")
    assert changed != SMALL_ROSTER
    steps = [
        ("consult", "log", "--village", "V1", "--date", "2026-10-08", "--format", "书记坝坝会",
         "--attendees", "46", "--topic", "环境治理", "--host", "M1"),
        ("request", "add", "--consultation", "C-V1-20261008-1", "--content", "路灯不亮", "--household", "H1"),
        ("request", "void", "R-V1-20261008-1", "--reason", "重复登记", "--yes"),
        ("import", str(write_yaml(changed, "roster2.yaml"))),
    ]
    for step in steps:
        result = cli(*step)
        assert result.exit_code == 0, (step, result.output)
        assert last_digest(township) == fresh_digest(township), step
    assert cli("audit", "verify").exit_code == 0


def test_a_table_the_write_leaves_alone_is_read_once(cli, township, monkeypatch):
    read: list[str] = []
    real = chain.table_digest

    def counted(conn, table):
        read.append(table)
        return real(conn, table)

    monkeypatch.setattr(chain, "table_digest", counted)
    result = cli("consult", "log", "--village", "V1", "--date", "2026-10-08", "--format", "书记坝坝会",
                 "--attendees", "46", "--topic", "环境治理", "--host", "M1")
    assert result.exit_code == 0, result.output
    # Every table is read when the transaction begins; the consultation's own table once more at its end.
    # The roster's tables are not written by logging a consultation: read once each.
    assert read.count("households") == read.count("members") == read.count("villages") == 1
    assert read.count("consultations") == 2
    assert last_digest(township) == fresh_digest(township)


def test_writes_through_triggers_and_foreign_key_actions_are_noted(tmp_path):
    conn = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    conn.executescript("""
        PRAGMA foreign_keys = ON;
        CREATE TABLE parents (code TEXT PRIMARY KEY);
        CREATE TABLE children (parent TEXT REFERENCES parents(code) ON DELETE CASCADE);
        CREATE TABLE log (what TEXT);
        CREATE TRIGGER noted AFTER INSERT ON parents BEGIN INSERT INTO log VALUES (new.code); END;
        INSERT INTO parents VALUES ('A');
        INSERT INTO children VALUES ('A');
    """)
    db = sqlite_utils.Database(conn)
    insert = "INSERT INTO parents VALUES (?)"
    conn.execute(insert, ["B"])  # prepared (and cached) before the tracking begins
    chain.track_writes(db)
    try:
        conn.execute(insert, ["C"])  # the trigger writes log
        conn.execute("DELETE FROM parents WHERE code = 'A'")  # the foreign key's action deletes from children
        assert db.table_writes.tables == {"parents", "log", "children"}
    finally:
        chain.untrack_writes(db)
    assert db.table_writes is None
    conn.execute(insert, ["D"])  # no longer noted, and no longer asked about
    conn.close()
