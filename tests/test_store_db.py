"""The database file: where it lives, how it is opened, migrations, and files it must refuse."""

from __future__ import annotations

import json
import os
import sqlite3
import stat

import pytest
import sqlite_utils

from tests.helpers.db import file_digest, pretend_newer_release, rows
from village_gov.store import db as db_module
from village_gov.store import migrations
from village_gov.store.db import open_db
from village_gov.store.migrations import MIGRATIONS, apply_migrations

# The roster tables as m001 creates them (archived flag on every registry table).
EXPECTED_COLUMNS = {
    "townships": {"code": str, "name": str, "kind": str, "archived": int},
    "villages": {"code": str, "name": str, "township": str, "kind": str, "population": int, "area_km2": float,
                 "archived": int},
    "groups": {"code": str, "name": str, "village": str, "archived": int},
    "party_orgs": {"code": str, "name": str, "level": str, "village": str, "group": str, "parent": str,
                   "setup": str, "secretary": str, "archived": int},
    "members": {"code": str, "name": str, "gender": str, "born": str, "joined": str, "status": str, "org": str,
                "phone": str, "id_number": str, "archived": int},
    "households": {"code": str, "head": str, "group": str, "size": int, "phone": str, "archived": int},
    "liaisons": {"member": str, "household": str},
    # ``since`` is added by the roster's own migration (issue 16), after the global ones.
    "cadres": {"code": str, "village": str, "member": str, "name": str, "posts": str, "archived": int,
               "since": str},
}


def user_version(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


# --- location -------------------------------------------------------------------

def test_db_option_wins(cli, small_roster, tmp_path, db_path):
    chosen = tmp_path / "elsewhere" / "ledger.db"
    result = cli("--db", chosen, "import", small_roster)
    assert result.exit_code == 0, result.output
    assert chosen.exists() and not db_path.exists()


def test_environment_variable(cli, small_roster, db_path):
    # conftest points $VILLAGE_GOV_DB at tmp_path/test.db.
    assert cli("import", small_roster).exit_code == 0
    assert rows(db_path, "SELECT count(*) AS n FROM members") == [{"n": 8}]


def test_default_under_current_folder(cli, small_roster, tmp_path, monkeypatch):
    monkeypatch.delenv("VILLAGE_GOV_DB")
    monkeypatch.chdir(tmp_path)
    assert cli("import", small_roster).exit_code == 0
    default = tmp_path / "data" / "village_gov.db"
    assert default.exists()
    assert rows(default, "SELECT count(*) AS n FROM villages") == [{"n": 2}]


def test_new_file_is_private_wal_with_foreign_keys(tmp_path):
    path = tmp_path / "new" / "ledger.db"
    db = open_db(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    assert user_version(path) == len(MIGRATIONS)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO villages (code, name, township, kind) VALUES ('V1', 'x', 'NO-SUCH', '建制村')")
    db.conn.close()
    # WAL is a property of the file: a plain connection sees it too.
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_schema_has_real_foreign_keys_and_indexes(tmp_path):
    db = open_db(tmp_path / "x.db")
    fks = {(fk.table, fk.column, fk.other_table) for t in EXPECTED_COLUMNS for fk in db[t].foreign_keys}
    assert ("members", "org", "party_orgs") in fks
    assert ("liaisons", "household", "households") in fks
    assert ("party_orgs", "parent", "party_orgs") in fks
    indexed = {(t, tuple(i.columns)) for t in EXPECTED_COLUMNS for i in db[t].indexes}
    assert ("members", ("org",)) in indexed and ("households", ("group",)) in indexed
    for table, columns in EXPECTED_COLUMNS.items():
        assert db[table].columns_dict == columns, table
    db.conn.close()


def test_db_path_is_a_folder(cli, tmp_path):
    result = cli("--db", tmp_path, "member", "list")
    assert result.exit_code == 3
    assert "是文件夹" in result.stderr


# --- migrations -------------------------------------------------------------------

def _old_database(path, version: int):
    """A database built by a release whose schema stopped at ``version``."""
    db = sqlite_utils.Database(path)
    apply_migrations(db, 0, version)
    return db


def test_every_older_version_opens_and_migrates(tmp_path):
    for k in range(len(MIGRATIONS)):
        path = tmp_path / f"v{k}.db"
        _old_database(path, k).conn.close()
        assert user_version(path) == k
        db = open_db(path)
        assert user_version(path) == len(MIGRATIONS)
        for table, columns in EXPECTED_COLUMNS.items():
            assert db[table].columns_dict == columns
        db.conn.close()


def test_migration_keeps_data(cli, small_roster, db_path, monkeypatch):
    # Data written by this release, then the file opened by a "newer release" with one more migration.
    assert cli("import", small_roster).exit_code == 0
    newer_release = pretend_newer_release(monkeypatch)
    assert user_version(db_path) == newer_release - 1
    before = rows(db_path, "SELECT * FROM members ORDER BY code")
    result = cli("member", "list", "--format", "json", "--unmask")
    assert result.exit_code == 0, result.output
    assert user_version(db_path) == newer_release
    assert rows(db_path, "SELECT * FROM members ORDER BY code") == before
    assert len(json.loads(result.stdout)) == 8
    migrated = sqlite_utils.Database(db_path)
    assert migrated["villages"].columns_dict == {**EXPECTED_COLUMNS["villages"], "note": str}
    assert migrated["visits"].columns_dict == {"id": int, "village": str, "day": str}
    assert rows(db_path, "SELECT code, note FROM villages ORDER BY code") == [
        {"code": "V1", "note": None}, {"code": "V2", "note": None}]
    migrated.conn.close()


def test_failed_migration_leaves_the_old_version(tmp_path, monkeypatch):
    def m_broken(db):
        db["half_done"].create({"id": int}, pk="id")
        raise RuntimeError("migration bug")

    path = tmp_path / "old.db"
    _old_database(path, len(MIGRATIONS)).conn.close()
    monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, m_broken])
    monkeypatch.setattr(db_module, "SCHEMA_VERSION", len(MIGRATIONS) + 1)
    with pytest.raises(RuntimeError):
        open_db(path)
    assert user_version(path) == len(MIGRATIONS)
    assert "half_done" not in sqlite_utils.Database(path).table_names()


# --- files it refuses ------------------------------------------------------------

def _refused(cli, path, expected: str):
    before = file_digest(path)
    result = cli("--db", path, "member", "list")
    assert result.exit_code == 3, result.output
    assert expected in result.stderr
    assert "Traceback" not in result.output
    assert file_digest(path) == before
    assert not os.path.exists(str(path) + "-wal")
    # A write command is refused the same way.
    assert cli("--db", path, "check").exit_code == 3
    assert file_digest(path) == before


def test_newer_schema_is_refused_unchanged(cli, small_roster, db_path):
    assert cli("import", small_roster).exit_code == 0
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.execute("PRAGMA journal_mode = DELETE")  # a newer release might not use WAL: must stay so
    conn.commit()
    conn.close()
    _refused(cli, db_path, f"结构版本 {len(MIGRATIONS) + 1}，本程序支持到 {len(MIGRATIONS)}")
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    en = cli("--lang", "en", "--db", db_path, "member", "list")
    assert "was written by a newer village-gov" in en.stderr


def test_other_sqlite_file_is_refused_unchanged(cli, tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO accounts VALUES (1, 'x')")
    conn.commit()
    conn.close()
    _refused(cli, path, "不是 village-gov 数据库")


def test_non_sqlite_file_is_refused_unchanged(cli, tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("这不是数据库 " * 200, encoding="utf-8")
    _refused(cli, path, "不是 SQLite 数据库")
