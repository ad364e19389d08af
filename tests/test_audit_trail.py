"""The audit trail: an entry per change in the same transaction, hash-chained, verifiable."""

from __future__ import annotations

import hashlib
import json
import sqlite3

from tests.helpers.db import file_digest, ledger_migration_names, migration_names
from tests.helpers.rosters import SMALL_ROSTER
from village_gov.store.migrations import MIGRATIONS


def audit_json(cli, *args):
    result = cli("audit", "log", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_import_is_audited_with_sources_counts_and_changes(cli, small_roster):
    assert cli("import", small_roster).exit_code == 0
    entries = audit_json(cli)
    # A fresh database: one entry per migration applied, then the import.
    assert [e["counts"].get("migration") for e in entries[:-1]] == migration_names()
    entry = entries[-1]
    assert entry["command"] == f"village-gov import {small_roster}"
    assert entry["sources"] == [{"file": str(small_roster),
                                 "sha256": hashlib.sha256(small_roster.read_bytes()).hexdigest()}]
    added = {s["section"]: s["added"] for s in entry["counts"]["import"]}
    assert added == {"townships": 1, "villages": 2, "groups": 3, "party_orgs": 5, "households": 7,
                     "members": 8, "cadres": 3}
    # 1 + 2 + 3 + 5 + 7 + 8 + 3 = 29 records added, none existed before.
    assert len(entry["changes"]) == 29
    assert all(c["before"] is None for c in entry["changes"])
    m2 = next(c for c in entry["changes"] if c["code"] == "M2")
    assert m2["table"] == "members" and m2["after"]["org"] == "P2" and m2["after"]["households"] == ["H2"]


def test_change_records_before_and_after_masked_unless_unmask(cli, write_yaml):
    path = write_yaml(SMALL_ROSTER)
    assert cli("import", path).exit_code == 0
    write_yaml(SMALL_ROSTER.replace('phone: "13800000001"', 'phone: "13811112222"'))
    assert cli("import", path).exit_code == 0
    entry = audit_json(cli)[-1]
    assert [(c["table"], c["code"]) for c in entry["changes"]] == [("members", "M1")]
    change = entry["changes"][0]
    assert change["before"]["phone"] == "138****0001" and change["after"]["phone"] == "138****2222"
    assert change["before"]["id_number"] == "1101**********002X"
    full = audit_json(cli, "--unmask")
    assert full[-1]["changes"][0]["after"]["phone"] == "13811112222"
    # The unmasked listing itself is recorded.
    last = audit_json(cli)[-1]
    assert last["counts"]["unmask"] == "audit" and last["command"] == "village-gov audit log --format json --unmask"


def test_code_filter_and_since(cli, small_roster):
    assert cli("import", small_roster).exit_code == 0
    entries = audit_json(cli, "--code", "H7")
    assert len(entries) == 1 and [c["code"] for c in entries[0]["changes"]] == ["H7"]
    assert audit_json(cli, "--since", "2999-01-01") == []
    assert len(audit_json(cli, "--since", "2000-01-01")) == len(migration_names()) + 1
    result = cli("audit", "log", "--since", "yesterday")
    assert result.exit_code == 2 and "--since" in result.output
    table = cli("audit", "log", "--code", "H7")
    assert table.exit_code == 0 and "households/H7" in table.output


def test_unchanged_and_failed_imports_add_no_entry(cli, write_yaml, db_path):
    path = write_yaml(SMALL_ROSTER)
    assert cli("import", path).exit_code == 0
    count = len(audit_json(cli))
    assert cli("import", path).exit_code == 0
    assert len(audit_json(cli)) == count
    bad = write_yaml(SMALL_ROSTER.replace("size: 4", "size: four"), name="bad.yaml")
    before = file_digest(db_path)
    assert cli("import", bad).exit_code == 2
    assert file_digest(db_path) == before


def test_prune_records_archived_codes(cli, write_yaml):
    path = write_yaml(SMALL_ROSTER)
    assert cli("import", path).exit_code == 0
    write_yaml(SMALL_ROSTER.replace("  - {code: H7, head: 陈七, group: G3, size: 2}\n", ""))
    assert cli("import", path, "--prune", "--yes").exit_code == 0
    entry = audit_json(cli)[-1]
    assert [(c["code"], c["before"]["archived"], c["after"]["archived"]) for c in entry["changes"]] == [("H7", 0, 1)]


def test_verify_passes_then_names_the_tampered_entry(cli, small_roster, db_path):
    assert cli("import", small_roster).exit_code == 0
    result = cli("audit", "verify")
    assert result.exit_code == 0, result.output
    import_id = len(migration_names()) + 1
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE audit SET changes = replace(changes, '陈七', '陈八') WHERE id = ?", [import_id])
    conn.commit()
    conn.close()
    result = cli("--lang", "en", "audit", "verify")
    assert result.exit_code == 1
    assert f"audit entry {import_id} " in result.output and "(hash)" in result.output


def test_verify_detects_a_removed_entry(cli, small_roster, db_path):
    assert cli("import", small_roster).exit_code == 0
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM audit WHERE id = 1")
    conn.commit()
    conn.close()
    result = cli("--lang", "en", "audit", "verify")
    # Entry 2 now chains onto nothing: its prev_hash no longer matches.
    assert result.exit_code == 1 and "audit entry 2 " in result.output and "prev_hash" in result.output


def test_migration_of_an_old_database_is_audited(tmp_path):
    import sqlite_utils

    from village_gov.store.backup import safety_copy_if_data
    from village_gov.store.db import open_db
    from village_gov.store.migrations import apply_migrations

    path = tmp_path / "old.db"
    db = sqlite_utils.Database(path)
    apply_migrations(db, 0, target=1)  # a database written by the first release: no audit table yet
    db["townships"].insert({"code": "T1", "name": "青竹镇", "kind": "镇"})
    db.conn.close()
    # The commands open the database with the safety copy as the pre-migration hook.
    db = open_db(path, command="village-gov org tree", before_migrate=safety_copy_if_data)
    rows = list(db.query("SELECT command, counts FROM audit ORDER BY id"))
    assert [json.loads(r["counts"])["migration"] for r in rows] == [m.__name__ for m in MIGRATIONS[1:]] + \
        ledger_migration_names()
    assert rows[0]["command"] == "village-gov org tree"
    from village_gov.trail import chain

    assert chain.verify(db)[1] is None
    # A safety copy was taken before migrating a database holding data.
    copies = list((tmp_path / "backups").glob("old-*-migrate.db"))
    assert len(copies) == 1
    assert sqlite3.connect(copies[0]).execute("PRAGMA user_version").fetchone()[0] == 1
