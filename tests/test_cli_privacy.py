"""Privacy: a private database file, personal numbers masked in every format, every unmasked output audited."""

from __future__ import annotations

import json
import stat

import pytest

from village_gov.store.db import open_db

PHONE, ID_NUMBER, HOUSEHOLD_PHONE = "13800000001", "11010519491231002X", "13900000002"


def test_database_wal_and_shm_are_owner_only(tmp_path, small_roster):
    from village_gov.core.importer import import_paths

    path = tmp_path / "new" / "ledger.db"
    db = open_db(path)
    import_paths(db, [small_roster], command="test")
    # The connection is still open: the write-ahead log and its index exist now.
    for suffix in ("", "-wal", "-shm"):
        f = path.parent / (path.name + suffix)
        assert f.exists(), suffix
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, suffix
    db.conn.close()


COMMANDS = [("member", "list"), ("member", "show", "M1"), ("household", "list"), ("household", "show", "H1")]


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_masked_in_every_format(cli, small_roster, command, fmt):
    assert cli("import", small_roster).exit_code == 0
    result = cli(*command, "--format", fmt)
    assert result.exit_code == 0, result.output
    for secret in (PHONE, ID_NUMBER, HOUSEHOLD_PHONE):
        assert secret not in result.output
    # 138****0001 / 1101**********002X / 139****0002: first and last digits kept.
    assert "138****0001" in result.output or "139****0002" in result.output


def _unmask_entries(cli):
    result = cli("audit", "log", "--format", "json")
    return [e for e in json.loads(result.output) if "unmask" in e["counts"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_unmask_shows_in_full_and_is_audited(cli, small_roster, command):
    assert cli("import", small_roster).exit_code == 0
    assert _unmask_entries(cli) == []
    result = cli(*command, "--unmask", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert PHONE in result.output or HOUSEHOLD_PHONE in result.output
    entries = _unmask_entries(cli)
    assert [e["command"] for e in entries] == ["village-gov " + " ".join(command) + " --unmask --format csv"]
    assert cli("audit", "verify").exit_code == 0


def test_dump_is_audited_as_unmasked_output(cli, small_roster, tmp_path):
    assert cli("import", small_roster).exit_code == 0
    assert cli("dump", "-o", tmp_path / "out").exit_code == 0
    entries = _unmask_entries(cli)
    # 1 + 2 + 3 + 5 + 8 + 7 + 3 = 29 records written in full.
    assert [(e["counts"]["unmask"], e["counts"]["rows"]) for e in entries] == [("dump", 29)]
    assert PHONE in (tmp_path / "out" / "members.yaml").read_text(encoding="utf-8")
