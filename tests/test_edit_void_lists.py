"""``--include-void`` on every list: a voided record is listed (marked 作废, after the live rows) exactly
when a live record with its fields would be, by every filter of the list (village through the group, the
month, the dates, the status), with the list's own columns; listing writes nothing.

Records of tests/helpers/full_ledger.py (SMALL_ROSTER: V1 has G1 H1–H3 and G2 H4; V2 has G3 H5–H7):
D2 a decision of V2; P3 二组党小组 of V1 (its one member M5 voided first); PS3 a position of V2; O4 an
organization of V1; ML1 a 红榜 entry of V1 (H1, 2026-10-12); PT1 10 points of H1 (2026-10-05); S5 a
service of V2 on 2026-09-30; C2 a consultation of V1 on 2026-10-31 (its request R4 voided first).
"""

from __future__ import annotations

import json

import pytest

from tests.helpers.db import file_digest
from tests.helpers.full_ledger import TODAY, write_ledger


@pytest.fixture
def ledger(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    db = tmp_path / "t.db"
    result = cli("--db", db, "import", write_ledger(tmp_path / "in"))
    assert result.exit_code == 0, result.output
    return db


def _void(cli, db, noun, code):
    result = cli("--db", db, noun, "void", code, "--reason", "误录", "--yes")
    assert result.exit_code == 0, result.output


def _codes(cli, db, *args):
    """``{code: its 作废 cell}`` of a list in JSON."""
    result = cli("--db", db, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    rows = rows["entries"] if isinstance(rows, dict) else rows
    return {row["code"]: row.get("void") for row in rows}


# (records voided first, the record, the list command)
NEW_LISTS = [
    ([], ("decision", "D2"), ["decision", "list"]),
    ([("member", "M5")], ("org", "P3"), ["org", "list"]),
    ([], ("position", "PS3"), ["position", "list"]),
    ([], ("organization", "O4"), ["organization", "list"]),
    ([], ("moral", "ML1"), ["moral", "list"]),
]


@pytest.mark.parametrize("first, record, command", NEW_LISTS, ids=lambda v: None)
def test_the_lists_that_had_no_include_void_have_it(cli, ledger, first, record, command):
    for noun, code in [*first, record]:
        _void(cli, ledger, noun, code)
    code = record[1]
    assert code not in _codes(cli, ledger, *command)
    listed = _codes(cli, ledger, *command, "--include-void")
    assert listed[code] == "作废"
    assert all(mark is None for other, mark in listed.items() if other != code)
    table = cli("--db", ledger, *command, "--include-void")
    assert table.exit_code == 0 and "作废" in table.output


def test_points_show_lists_a_voided_entry_without_a_balance(cli, ledger):
    _void(cli, ledger, "points", "PT1")
    ledger_json = json.loads(cli("--db", ledger, "points", "show", "H1", "--format", "json").stdout)
    assert ledger_json["points"] == [] and ledger_json["balance"] == 0  # H1 had PT1 only: nothing left
    shown = json.loads(cli("--db", ledger, "points", "show", "H1", "--include-void", "--format", "json").stdout)
    # PT1 listed with its 10 points, marked, with no running balance: the balance stays 0.
    assert [(p["code"], p["points"], p["balance"], p["void"]) for p in shown["points"]] == [("PT1", 10, None, "作废")]
    assert shown["balance"] == 0
    # H1's live red-list entry ML1 is marked as live (an empty 作废 cell).
    assert [(m["code"], m["void"]) for m in shown["moral_list"]] == [("ML1", None)]


def test_voided_rows_obey_the_village_filter_through_their_group(cli, ledger):
    _void(cli, ledger, "household", "H7")  # G3, so V2
    assert "H7" not in _codes(cli, ledger, "household", "list", "--village", "V1", "--include-void")
    assert _codes(cli, ledger, "household", "list", "--village", "V2", "--include-void")["H7"] == "作废"
    assert "H7" not in _codes(cli, ledger, "household", "list", "--org", "P1", "--include-void")


def test_voided_rows_obey_the_month_and_date_filters(cli, ledger):
    _void(cli, ledger, "request", "R4")
    _void(cli, ledger, "consult", "C2")  # 2026-10-31
    assert "C2" not in _codes(cli, ledger, "consult", "list", "--month", "2026-09", "--include-void")
    october = _codes(cli, ledger, "consult", "list", "--month", "2026-10", "--include-void")
    assert october["C2"] == "作废"
    _void(cli, ledger, "service", "S5")  # 2026-09-30
    assert "S5" not in _codes(cli, ledger, "service", "list", "--from", "2026-10-01", "--include-void")
    assert _codes(cli, ledger, "service", "list", "--to", "2026-09-30", "--include-void")["S5"] == "作废"


def test_voided_rows_obey_the_status_filter_and_show_the_list_columns(cli, ledger):
    _void(cli, ledger, "request", "R4")  # 已办结, raised 2026-10-31 at C2
    assert "R4" not in _codes(cli, ledger, "request", "list", "--status", "待办", "--include-void")
    rows = json.loads(cli("--db", ledger, "request", "list", "--status", "已办结", "--include-void",
                          "--format", "json").stdout)
    voided = [row for row in rows if row["code"] == "R4"]
    assert len(voided) == 1 and voided[0]["village"] == "V1" and voided[0]["raised"] == "2026-10-31"
    assert voided[0]["void"] == "作废" and rows[-1]["code"] == "R4"  # after the live rows


def test_a_voided_consultation_does_not_count_its_voided_requests(cli, ledger):
    # C2 had one request, R4, voided before it: its row counts the requests it had when voided (none).
    _void(cli, ledger, "request", "R4")
    _void(cli, ledger, "consult", "C2")
    rows = json.loads(cli("--db", ledger, "consult", "list", "--include-void", "--format", "json").stdout)
    assert [row["requests"] for row in rows if row["code"] == "C2"] == [0]


def test_listing_voided_records_writes_nothing(cli, ledger):
    _void(cli, ledger, "household", "H7")
    before = file_digest(ledger)
    result = cli("--db", ledger, "household", "list", "--include-void")
    assert result.exit_code == 0 and "作废" in result.output
    assert "已写入数据库" not in result.output
    assert file_digest(ledger) == before
    # The TEMP views are gone after the list: the live list is the live list.
    assert "H7" not in _codes(cli, ledger, "household", "list")
