"""A ledger added through the contract gets edit and void with no code of its own: the toy ledger of
tests/helpers/toy_ledger.py (``trees``: TR1 V1 银杏 2026-10-03, TR2 V1 樟树 2026-10-20, TR3 V2 桂花
2026-09-30; its import rule refuses a tree planted before 1949-10-01; its monthly column counts October's
trees: V1 2, V2 0)."""

from __future__ import annotations

import json

import pytest

from tests.helpers.db import file_digest
from tests.helpers.rosters import SMALL_ROSTER
from tests.helpers.toy_ledger import TREES


@pytest.fixture
def imported(cli, toy, write_yaml, db_path):
    result = cli("import", write_yaml(SMALL_ROSTER), write_yaml(TREES, "trees.yaml"))
    assert result.exit_code == 0, result.output
    return db_path


def planted(cli) -> dict:
    result = cli("report", "monthly", "--month", "2026-10", "--format", "json")
    assert result.exit_code == 0, result.output
    return {v["code"]: v["trees_planted"] for v in json.loads(result.stdout)["villages"]}


def test_the_new_ledgers_section_is_edited_through_its_own_rules(cli, imported):
    result = cli("edit", "trees", "TR1", "--set", "species=红豆杉", "--yes")
    assert result.exit_code == 0, result.output
    entry = json.loads(cli("audit", "log", "--code", "TR1", "--format", "json").stdout)[-1]
    assert (entry["changes"][0]["before"]["species"], entry["changes"][0]["after"]["species"]) == ("银杏", "红豆杉")
    before = file_digest(imported)
    result = cli("edit", "trees", "TR1", "--set", "planted=1900-01-01", "--yes")  # the toy's import rule
    assert result.exit_code == 2, result.output
    result = cli("edit", "trees", "TR1", "--set", "village=V9", "--yes")  # its reference to the villages
    assert result.exit_code == 2 and "V9" in result.output
    assert file_digest(imported) == before


def test_the_new_ledgers_records_are_voided_and_refuse_a_void_of_what_they_point_at(cli, imported):
    assert planted(cli) == {"V1": 2, "V2": 0}
    result = cli("void", "trees", "TR2", "--reason", "误录", "--yes")
    assert result.exit_code == 0, result.output
    assert planted(cli) == {"V1": 1, "V2": 0}  # TR2 (V1, 10-20) no longer counts
    # V2 is pointed at by G3, P4, P5, its two cadres (SMALL_ROSTER) and TR3 (the toy's own foreign key): 6,
    # the first five named in section order, the toy's last.
    before = file_digest(imported)
    result = cli("village", "void", "V2", "--reason", "撤并", "--yes")
    assert result.exit_code == 2 and "6 条" in result.output and "另有 1 条" in result.output
    import sqlite_utils

    from village_gov.core.corrections import find_section, referrers

    db = sqlite_utils.Database(imported)
    try:
        found = referrers(db, find_section("villages"), "V2")
    finally:
        db.conn.close()
    assert found[-1] == ("trees", "TR3") and len(found) == 6
    assert file_digest(imported) == before
    assert cli("unvoid", "trees", "TR2").exit_code == 0
    assert planted(cli) == {"V1": 2, "V2": 0}
