"""Backup (online, verified), restore (checked first, safety copy) and automatic safety copies."""

from __future__ import annotations

import gc
import json
import sqlite3
import stat

import pytest

from tests.helpers.db import file_digest, table_contents
from tests.helpers.rosters import SMALL_ROSTER


def audit_commands(path) -> list[str]:
    conn = sqlite3.connect(path)
    rows = [r[0] for r in conn.execute("SELECT command FROM audit ORDER BY id")]
    conn.close()
    return rows


def test_backup_is_verified_private_and_audited(cli, small_roster, db_path, tmp_path):
    assert cli("import", small_roster).exit_code == 0
    out = tmp_path / "copies" / "ledger.db"
    result = cli("--lang", "en", "backup", "--output", out)
    assert result.exit_code == 0, result.output
    # 1 + 2 + 3 + 5 + 8 + 7 + 3 records + 7 liaisons = 36 roster rows, plus the audit entries.
    assert "integrity check passed" in result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert table_contents(out) == table_contents(db_path)
    assert sqlite3.connect(out).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # The entry is in the database and, written before the copy, in the copy too.
    assert audit_commands(db_path)[-1] == f"village-gov --lang en backup --output {out}"
    assert audit_commands(out) == audit_commands(db_path)
    # The copy stands alone: no -wal/-shm needed.
    assert sqlite3.connect(out).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_backup_refuses_to_overwrite(cli, small_roster, tmp_path):
    assert cli("import", small_roster).exit_code == 0
    out = tmp_path / "b.db"
    out.write_text("keep me")
    result = cli("backup", "--output", out)
    assert result.exit_code == 2 and out.read_text() == "keep me"


def test_copy_is_a_consistent_snapshot_while_another_writer_holds_the_lock(cli, small_roster, db_path, tmp_path):
    from village_gov.store.backup import copy_database
    from village_gov.store.db import open_db

    assert cli("import", small_roster).exit_code == 0
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE households SET size = 99 WHERE code = 'H1'")
    try:
        db = open_db(db_path)
        out = tmp_path / "b.db"
        counts = copy_database(db.conn, out)  # not blocked by the writer (WAL readers never wait)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert counts["households"] == 7
    assert sqlite3.connect(out).execute("SELECT size FROM households WHERE code='H1'").fetchone()[0] == 4


def test_restore_brings_back_the_backup_and_keeps_a_safety_copy(cli, write_yaml, db_path, tmp_path):
    path = write_yaml(SMALL_ROSTER)
    assert cli("import", path).exit_code == 0
    out = tmp_path / "b.db"
    assert cli("backup", "-o", out).exit_code == 0
    saved = table_contents(out)
    write_yaml(SMALL_ROSTER.replace("size: 4", "size: 9"))
    assert cli("import", path).exit_code == 0
    changed = table_contents(db_path)
    assert changed != saved
    result = cli("--lang", "en", "restore", out)
    assert result.exit_code == 0, result.output
    assert table_contents(db_path) == saved
    safety = list((tmp_path / "backups").glob("test-*-restore.db"))
    assert len(safety) == 1 and table_contents(safety[0]) == changed
    conn = sqlite3.connect(db_path)
    counts = json.loads(conn.execute("SELECT counts FROM audit ORDER BY id DESC LIMIT 1").fetchone()[0])
    assert counts["restore"] == str(out) and counts["safety_copy"] == str(safety[0])
    assert cli("audit", "verify").exit_code == 0


def _corrupt(path):
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 2, len(data) - 4096, 4096):
        data[offset:offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("kind", ["corrupt", "text", "foreign", "newer"])
def test_restore_refuses_bad_files_without_touching_the_database(cli, small_roster, db_path, tmp_path, kind):
    assert cli("import", small_roster).exit_code == 0
    bad = tmp_path / "bad.db"
    if kind == "text":
        bad.write_text("townships:\n  - code: T1\n")
    elif kind == "foreign":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.commit()
        conn.close()
    else:
        assert cli("backup", "-o", bad).exit_code == 0
        if kind == "corrupt":
            _corrupt(bad)
        else:
            conn = sqlite3.connect(bad)
            conn.execute("PRAGMA user_version = 999")
            conn.commit()
            conn.close()
    gc.collect()  # close connections left by earlier in-process commands (closing checkpoints the WAL)
    before = file_digest(db_path)
    result = cli("--lang", "en", "restore", bad)
    assert result.exit_code == 3, result.output
    expected = {"corrupt": "integrity check", "text": "not a SQLite database",
                "foreign": "not a village-gov database", "newer": "newer village-gov"}[kind]
    assert expected in result.output and "unchanged" in result.output or "upgrade" in result.output
    assert "Traceback" not in result.output
    assert file_digest(db_path) == before
    assert not list((tmp_path / "backups").glob("*-restore*.db"))


def test_restore_of_a_missing_file_is_a_usage_error(cli, tmp_path):
    result = cli("restore", tmp_path / "nothing.db")
    assert result.exit_code == 2


def test_safety_copies_before_prune_keep_the_last_n(cli, write_yaml, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_BACKUPS_KEEP", "3")
    path = write_yaml(SMALL_ROSTER)
    assert cli("import", path).exit_code == 0
    assert not (tmp_path / "backups").exists()  # a plain import takes no copy
    for _ in range(5):
        assert cli("import", path, "--prune", "--force").exit_code == 0
    copies = sorted((tmp_path / "backups").glob("test-*-prune.db"))
    assert len(copies) == 3
    assert all(stat.S_IMODE(c.stat().st_mode) == 0o600 for c in copies)
    assert stat.S_IMODE((tmp_path / "backups").stat().st_mode) == 0o700


def test_no_safety_copy_for_a_fresh_database(cli, small_roster, tmp_path):
    assert cli("import", small_roster, "--prune").exit_code == 0
    assert not (tmp_path / "backups").exists()
