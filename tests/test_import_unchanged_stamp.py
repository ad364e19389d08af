"""The import stamp: "nothing written since the last import" read from the database file's state.

After an import that wrote, ``<database>-imported`` records the last audit entry (id, hash) and the
file's inode, size and modification time once the WAL is checkpointed.  An import of the same files
is then recognised without recomputing the ledger digest; any write in between, by village-gov or
another program, changes the file (or leaves frames in its WAL), and the digest decides as before.
"""

from __future__ import annotations

import json
import sqlite3

import village_gov.core.importer as importer_module
from village_gov.core.import_files import stamp_path
from village_gov.trail import chain

UNCHANGED_ZH = "文件与上次导入相同，未作任何修改"


def _no_digest(monkeypatch) -> None:
    """The ledger digest made unavailable: an import can only be recognised as unchanged by its stamp."""
    def fail(db):
        raise AssertionError("the ledger digest was computed")

    monkeypatch.setattr(chain, "check_digest", fail)


def _parsing_counted(monkeypatch) -> list:
    seen: list = []
    real = importer_module.read_yaml

    def counting(path, *args, **kwargs):
        seen.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(importer_module, "read_yaml", counting)
    return seen


def test_stamp_written_after_an_import(cli, small_roster, db_path):
    assert cli("import", small_roster).exit_code == 0
    stamp = json.loads(stamp_path(db_path).read_text(encoding="utf-8"))
    conn = sqlite3.connect(db_path)
    try:
        head = conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    assert (stamp["audit_id"], stamp["audit_hash"]) == head
    assert stamp["file"][1] == db_path.stat().st_size


def test_unchanged_reimport_answered_by_the_stamp_alone(cli, small_roster, monkeypatch):
    assert cli("import", small_roster).exit_code == 0
    _no_digest(monkeypatch)
    again = cli("import", small_roster)
    assert again.exit_code == 0 and again.stdout == UNCHANGED_ZH + "\n"


def test_write_by_another_program_still_open_is_seen(cli, small_roster, db_path, monkeypatch):
    assert cli("import", small_roster).exit_code == 0
    other = sqlite3.connect(db_path)
    try:
        # Another program changes a household and keeps the database open: the change sits in the
        # WAL, the database file itself is as the import left it.
        other.execute("UPDATE households SET size = size + 1")
        other.commit()
        seen = _parsing_counted(monkeypatch)
        again = cli("import", small_roster)
        assert again.exit_code == 0, again.output
        assert UNCHANGED_ZH not in again.stdout and seen  # read again, and the sizes put back
    finally:
        other.close()


def test_write_by_another_program_closed_is_seen(cli, small_roster, db_path, monkeypatch):
    assert cli("import", small_roster).exit_code == 0
    other = sqlite3.connect(db_path)
    other.execute("UPDATE households SET size = size + 1")
    other.commit()
    other.close()  # checkpointed into the file: its modification time changes
    seen = _parsing_counted(monkeypatch)
    again = cli("import", small_roster)
    assert again.exit_code == 0 and UNCHANGED_ZH not in again.stdout and seen


def test_stale_stamp_falls_back_to_the_digest(cli, small_roster, db_path, monkeypatch):
    assert cli("import", small_roster).exit_code == 0
    stamp = stamp_path(db_path)
    data = json.loads(stamp.read_text(encoding="utf-8"))
    data["file"][2] -= 1  # as if the file had been written since
    stamp.write_text(json.dumps(data), encoding="utf-8")
    calls = []
    real = chain.check_digest
    monkeypatch.setattr(chain, "check_digest", lambda db: calls.append(1) or real(db))
    again = cli("import", small_roster)
    assert again.stdout == UNCHANGED_ZH + "\n" and calls == [1]  # the digest matched: still unchanged
    # ...and the stamp was renewed from the verified state: the next run needs no digest.
    assert json.loads(stamp.read_text(encoding="utf-8"))["file"] != data["file"]
    cli("import", small_roster)
    assert calls == [1]
