"""``restore`` and ``merge`` trust nothing but the schema they know; safety-copy housekeeping (issue 12).

A hostile file is a *valid* SQLite database that differs from what village-gov makes: an extra
trigger (which would run inside the next ordinary command), an extra view, a missing index, an
emptied or broken audit chain, or a bare ``townships`` table at the current schema version.
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys

import pytest

from tests.helpers.db import file_digest, table_contents
from village_gov.store.db import SCHEMA_VERSION

EVIL_TRIGGER = ("CREATE TRIGGER evil AFTER INSERT ON requests BEGIN "
                "DELETE FROM liaisons; UPDATE households SET phone = NULL; END")


def _execute(path, *statements):
    conn = sqlite3.connect(path)
    try:
        for sql in statements:
            conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


def _partial(path):
    """Only the real ``townships`` table (same SQL as the migrations write), at the current version."""
    conn = sqlite3.connect(path)
    conn.execute('CREATE TABLE "townships" ("code" TEXT PRIMARY KEY, "name" TEXT NOT NULL, '
                 '"kind" TEXT NOT NULL, "archived" INTEGER DEFAULT 0)')
    conn.execute("INSERT INTO townships VALUES ('T9', '假镇', '镇', 0)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.commit()
    conn.close()


HOSTILE = {
    "extra_trigger": ((EVIL_TRIGGER,), "extra trigger evil"),
    "extra_view": (("CREATE VIEW phones AS SELECT name, phone FROM members",), "extra view phones"),
    "missing_index": (("DROP INDEX requests_open",), "missing index requests_open"),
    "changed_table": (("ALTER TABLE households ADD COLUMN note TEXT",), "different table households"),
    "emptied_audit": (("DELETE FROM audit",), "no audit entries"),
    "broken_chain": (("UPDATE audit SET command = 'village-gov import other.yaml' WHERE id = 2",),
                     "audit entry 2 does not match the hash chain"),
    "partial_schema": (None, "missing table "),
}


@pytest.fixture
def backup(cli, small_roster, tmp_path):
    """The small roster imported into the current database, and a good backup of it."""
    assert cli("import", small_roster).exit_code == 0
    out = tmp_path / "good.db"
    assert cli("backup", "-o", out).exit_code == 0
    return out


def hostile_copy(good, tmp_path, kind):
    bad = tmp_path / f"{kind}.db"
    statements, _ = HOSTILE[kind]
    if statements is None:
        _partial(bad)
    else:
        shutil.copyfile(good, bad)
        _execute(bad, *statements)
    return bad


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_restore_refuses_a_hostile_backup_and_changes_nothing(cli, backup, db_path, tmp_path, kind):
    bad = hostile_copy(backup, tmp_path, kind)
    assert cli("import", tmp_path / "roster.yaml").exit_code == 0  # a later write: the db differs from the backup
    gc.collect()
    before = file_digest(db_path)
    result = cli("--lang", "en", "restore", bad)
    assert result.exit_code == 3, result.output
    assert HOSTILE[kind][1] in result.output
    assert "nothing restored, the current database is unchanged" in result.output
    assert "Traceback" not in result.output
    gc.collect()
    assert file_digest(db_path) == before
    assert not (tmp_path / "backups").exists()  # not even a safety copy was taken


def test_the_refusal_names_the_object_in_chinese_too(cli, backup, tmp_path):
    bad = hostile_copy(backup, tmp_path, "extra_trigger")
    result = cli("restore", bad)
    assert result.exit_code == 3
    assert "多出 trigger evil" in result.output and "未恢复" in result.output


def test_an_extra_trigger_would_have_deleted_liaisons_and_phones(cli, backup, db_path, tmp_path):
    """The attack the check stops: had the file been restored, adding a request would have fired the trigger."""
    bad = hostile_copy(backup, tmp_path, "extra_trigger")
    assert cli("restore", bad).exit_code == 3
    result = cli("request", "add", "--village", "V1", "--content", "路灯不亮", "--date", "2025-03-01")
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db_path)
    # The small roster: 7 liaisons, households H1 and others with phones (H1: 13900000002).
    assert conn.execute("SELECT count(*) FROM liaisons").fetchone()[0] == 7
    assert conn.execute("SELECT phone FROM households WHERE code = 'H1'").fetchone()[0] == "13900000002"
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'").fetchone()[0] == 0
    conn.close()


def test_a_good_backup_still_restores(cli, backup, db_path):
    saved = table_contents(backup)
    result = cli("--lang", "en", "restore", backup)
    assert result.exit_code == 0, result.output
    assert table_contents(db_path) == saved
    assert cli("audit", "verify").exit_code == 0


def test_an_older_backup_is_checked_against_its_own_version(cli, tmp_path, db_path):
    """A version-5 file (before the audit trail) made by the migrations restores and is migrated;
    the same file with an extra trigger is refused."""
    import sqlite_utils

    from village_gov.store.migrations import apply_migrations

    old = tmp_path / "v5.db"
    conn = sqlite3.connect(old)
    apply_migrations(sqlite_utils.Database(conn), 0, 5)
    conn.execute("INSERT INTO townships (code, name, kind) VALUES ('T1', '青竹镇', '镇')")
    conn.commit()
    conn.close()
    hostile = tmp_path / "v5-evil.db"
    shutil.copyfile(old, hostile)
    _execute(hostile, "CREATE TRIGGER evil AFTER INSERT ON villages BEGIN DELETE FROM townships; END")
    result = cli("--lang", "en", "restore", hostile)
    assert result.exit_code == 3 and "schema village-gov creates at version 5" in result.output
    assert "extra trigger evil" in result.output
    result = cli("--lang", "en", "restore", old)
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT name FROM townships").fetchall() == [("青竹镇",)]
    conn.close()


def test_force_restores_a_broken_chain_and_records_it(cli, backup, db_path, tmp_path):
    bad = hostile_copy(backup, tmp_path, "broken_chain")
    result = cli("--lang", "en", "restore", "--force", bad)
    assert result.exit_code == 0, result.output
    assert "restored because of --force" in result.output
    assert table_contents(db_path) == table_contents(bad)
    conn = sqlite3.connect(db_path)
    command, counts = conn.execute("SELECT command, counts FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    conn.close()
    counts = json.loads(counts)
    assert "--force" in command
    assert counts["forced"] == {"audit_chain": "broken", "entry": 2, "reason": "hash"}
    # The broken entry is still there: verify keeps saying so (the history is not whitewashed).
    assert cli("audit", "verify").exit_code == 1


def test_force_restores_an_emptied_trail_and_records_it(cli, backup, db_path, tmp_path):
    bad = hostile_copy(backup, tmp_path, "emptied_audit")
    assert cli("restore", "--force", bad).exit_code == 0
    conn = sqlite3.connect(db_path)
    rows = [json.loads(r[0]) for r in conn.execute("SELECT counts FROM audit ORDER BY id")]
    conn.close()
    assert len(rows) == 1 and rows[0]["forced"]["audit_chain"] == "empty"


@pytest.mark.parametrize("kind", ["extra_trigger", "extra_view", "missing_index", "partial_schema"])
def test_force_never_overrides_a_schema_difference(cli, backup, db_path, tmp_path, kind):
    bad = hostile_copy(backup, tmp_path, kind)
    gc.collect()
    before = file_digest(db_path)
    result = cli("--lang", "en", "restore", "--force", bad)
    assert result.exit_code == 3, result.output
    assert HOSTILE[kind][1] in result.output
    gc.collect()
    assert file_digest(db_path) == before


# --- merge ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["extra_trigger", "broken_chain", "emptied_audit"])
def test_merge_refuses_a_hostile_township_file(cli, backup, tmp_path, kind):
    bad = hostile_copy(backup, tmp_path, kind)
    county = tmp_path / "county.db"
    result = cli("--lang", "en", "merge", bad, "--into", county)
    assert result.exit_code == 3, result.output
    expected = {"extra_trigger": "extra trigger evil",
                "broken_chain": "township T1's audit entry 2 does not match the hash chain",
                "emptied_audit": "township T1's audit trail has been deleted"}[kind]
    assert expected in result.output and "the county database was not changed" in result.output
    assert not county.exists()


def test_merge_still_accepts_a_good_township_file(cli, backup, tmp_path):
    result = cli("merge", backup, "--into", tmp_path / "county.db")
    assert result.exit_code == 0, result.output


# --- safety copies and folders --------------------------------------------------------------------

def test_retention_keeps_another_ledgers_copies(cli, write_yaml, tmp_path, monkeypatch):
    """``test.db`` and ``test-2025.db`` share a folder: pruning test.db's copies leaves the other's alone."""
    from tests.helpers.rosters import SMALL_ROSTER

    monkeypatch.setenv("VILLAGE_GOV_BACKUPS_KEEP", "2")
    folder = tmp_path / "backups"
    folder.mkdir(mode=0o700)
    others = [folder / "test-2025-20250101T000000000000Z-prune.db", folder / "test-2025-01.db",
              folder / "test-old.db"]
    for path in others:
        path.write_bytes(b"another ledger's copy")
    path = write_yaml(SMALL_ROSTER)
    assert cli("import", path).exit_code == 0
    for _ in range(4):
        assert cli("import", path, "--prune", "--force").exit_code == 0
    assert all(p.exists() for p in others)
    own = sorted(p.name for p in folder.iterdir() if p not in others)
    assert len(own) == 2 and all(n.startswith("test-") and n.endswith("-prune.db") for n in own)


def test_backup_into_a_new_folder_makes_it_private(cli, small_roster, tmp_path):
    assert cli("import", small_roster).exit_code == 0
    old = os.umask(0o022)
    try:
        out = tmp_path / "new" / "deeper" / "b.db"
        assert cli("backup", "-o", out).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "new" / "deeper").stat().st_mode) == 0o700


def test_a_file_in_a_read_only_folder_is_not_called_not_sqlite(cli, backup, tmp_path, monkeypatch):
    """SQLite cannot open a WAL file whose folder is read-only: say so, not "not a SQLite database".
    (The tests run as root, to whom every folder is writable, so the refusal is simulated.)"""
    import village_gov.store.backup as backup_module

    real_access = os.access

    def cannot_open(path):
        raise sqlite3.OperationalError("unable to open database file")

    def access(path, mode, **kwargs):
        if mode == os.W_OK and os.fspath(path) == str(backup.resolve().parent):
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(backup_module, "_open_readonly", cannot_open)
    monkeypatch.setattr(os, "access", access)
    result = cli("--lang", "en", "restore", backup)
    assert result.exit_code == 3, result.output
    assert "is read-only" in result.output and "copy it to a writable folder" in result.output
    assert "not a SQLite database" not in result.output


def test_a_failed_raw_safety_copy_leaves_no_empty_file(cli, backup, db_path, tmp_path, monkeypatch):
    """The current database is unreadable garbage, so restore keeps a raw copy of it; the disk fills
    while copying: no 0-byte ``*-restore-raw.db`` is left behind."""
    gc.collect()
    db_path.write_bytes(b"garbage, not a database" * 100)
    for extra in ("-wal", "-shm"):
        (tmp_path / f"test.db{extra}").unlink(missing_ok=True)

    def disk_full(src, dst, *args, **kwargs):
        open(dst, "wb").close()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", disk_full)
    result = cli("--lang", "en", "restore", backup)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    folder = tmp_path / "backups"
    assert not folder.exists() or not list(folder.iterdir())


def test_leftover_temporary_files_of_a_killed_run_are_swept_and_named(cli, backup, tmp_path):
    """SIGKILL leaves ``.test.db.<pid>.restore`` and ``.b.db.<pid>.tmp`` full of data: the next run removes them."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    staged = tmp_path / f".test.db.{dead}.restore"
    staged.write_bytes(b"personal data")
    result = cli("--lang", "en", "restore", backup)
    assert result.exit_code == 0, result.output
    assert not staged.exists() and f"left by an interrupted run: {staged}" in result.output
    temp = tmp_path / f".b.db.{dead}.tmp"
    temp.write_bytes(b"personal data")
    result = cli("--lang", "en", "backup", "-o", tmp_path / "b.db")
    assert result.exit_code == 0, result.output
    assert not temp.exists() and f"left by an interrupted run: {temp}" in result.output


def test_sigterm_during_backup_leaves_no_temporary_file(tmp_path, small_roster):
    """A backup stopped by SIGTERM removes its temporary file (slowed down so the signal lands mid-copy)."""
    script = tmp_path / "slow_backup.py"
    script.write_text(
        "import sys, time, sqlite3\n"
        "import village_gov.store.backup as b\n"
        "from village_gov.store.db import open_db\n"
        "real = b.check_file\n"
        "def slow(*a, **k):\n"
        "    print('copying', flush=True); time.sleep(30); return real(*a, **k)\n"
        "b.check_file = slow\n"
        "b.backup_to(open_db(sys.argv[1]), sys.argv[2])\n", encoding="utf-8")
    db = tmp_path / "ledger.db"
    env = {**os.environ, "VILLAGE_GOV_DB": str(db)}
    subprocess.run([sys.executable, "-m", "village_gov", "import", str(small_roster)],
                   env=env, check=True, capture_output=True)
    proc = subprocess.Popen([sys.executable, str(script), str(db), str(tmp_path / "out.db")],
                            stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout.readline().strip() == "copying"
    assert [p.name for p in tmp_path.glob(".out.db.*.tmp")]  # the copy is there, full of data
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(timeout=20)
    proc.stdout.close()
    assert not list(tmp_path.glob(".out.db.*")) and not (tmp_path / "out.db").exists()
    assert code == 128 + signal.SIGTERM


def test_sigterm_during_restore_leaves_no_temporary_file_and_the_database_as_it_was(tmp_path, small_roster):
    """A restore stopped by SIGTERM while its staged copy (the backup's data in full) exists removes it."""
    script = tmp_path / "slow_restore.py"
    script.write_text(
        "import sys, time\n"
        "import village_gov.trail.audit as audit\n"
        "import village_gov.store.restore as b\n"
        "real = audit.append\n"
        "def slow(*a, **k):\n"
        "    if 'restore' in (k.get('counts') or {}):  # the restore's own entry, in the staged copy\n"
        "        print('staged', flush=True); time.sleep(30)\n"
        "    return real(*a, **k)\n"
        "audit.append = slow\n"
        "b.restore_from(sys.argv[1], sys.argv[2])\n", encoding="utf-8")
    db = tmp_path / "ledger.db"
    env = {**os.environ, "VILLAGE_GOV_DB": str(db)}
    for args in (["import", str(small_roster)], ["backup", "-o", str(tmp_path / "b.db")]):
        subprocess.run([sys.executable, "-m", "village_gov", *args], env=env, check=True, capture_output=True)
    before = file_digest(db)
    proc = subprocess.Popen([sys.executable, str(script), str(db), str(tmp_path / "b.db")],
                            stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout.readline().strip() == "staged"
    assert list(tmp_path.glob(".ledger.db.*.restore"))
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(timeout=20)
    proc.stdout.close()
    assert not list(tmp_path.glob(".ledger.db.*"))
    assert file_digest(db) == before
    assert code == 128 + signal.SIGTERM


def test_restoring_a_folder_says_it_is_a_folder(cli, backup, db_path, tmp_path):
    gc.collect()
    before = file_digest(db_path)
    result = cli("restore", tmp_path)
    assert result.exit_code == 2, result.output
    assert f"{tmp_path} 是文件夹，不是备份文件" in result.output
    assert file_digest(db_path) == before
