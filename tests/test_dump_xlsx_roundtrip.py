"""``dump --format xlsx`` → ``import`` → ``dump --format xlsx``: the workbook round-trips, and editing three
cells of it and importing it again changes exactly those three fields (the audit trail shows them).
"""

from __future__ import annotations

import json

import openpyxl

from tests.helpers.db import rows, table_contents
from tests.helpers.paths import EXAMPLES


def _sheets(path) -> dict[str, list[tuple]]:
    """Every sheet's cell values, row by row."""
    wb = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def _round_trip(cli, tmp_path, db_path):
    first, second, copy = tmp_path / "dump1.xlsx", tmp_path / "dump2.xlsx", tmp_path / "copy.db"
    result = cli("dump", "--output", first)
    assert result.exit_code == 0, result.output
    result = cli("--db", copy, "import", first)
    assert result.exit_code == 0, result.output
    result = cli("--db", copy, "dump", "--output", second)
    assert result.exit_code == 0, result.output
    assert _sheets(first) == _sheets(second)
    return copy


def test_every_section_round_trips(cli, tmp_path, db_path, monkeypatch):
    from tests.helpers.full_ledger import TODAY, write_ledger

    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    result = cli("import", write_ledger(tmp_path / "in"))
    assert result.exit_code == 0, result.output
    copy = _round_trip(cli, tmp_path, db_path)
    # The roster's tables hold the same rows (archived flags included).
    original, copied = table_contents(db_path), table_contents(copy)
    for table in ("townships", "villages", "groups", "party_orgs", "households", "members", "liaisons", "cadres",
                  "disclosures", "decision_steps", "organizations", "organization_members"):
        assert copied[table] == original[table], table


def test_the_example_township_round_trips(cli, tmp_path, db_path):
    result = cli("import", *(EXAMPLES / name for name in ("roster", "micros", "consultations", "procedures")))
    assert result.exit_code == 0, result.output
    _round_trip(cli, tmp_path, db_path)


def test_editing_three_cells_changes_exactly_those_fields(cli, small_roster, tmp_path, db_path):
    assert cli("import", small_roster).exit_code == 0
    target = tmp_path / "台账.xlsx"
    assert cli("dump", "--output", target).exit_code == 0
    wb = openpyxl.load_workbook(target)
    # Records from row 3, in code order: 村 V1 on row 3 (户籍人口, column E); 农户 H1 on row 3 (人口, D);
    # 党员 M2 on row 4 (姓名, B).  SMALL_ROSTER: V1 2000 people, H1 4 people, M2 李四.
    assert (wb["村"]["E3"].value, wb["农户"]["D3"].value, wb["党员"]["B4"].value) == (2000, 4, "李四")
    wb["村"]["E3"].value = 2100
    wb["农户"]["D3"].value = 5
    wb["党员"]["B4"].value = "李肆"
    wb.save(target)
    result = cli("import", "--format", "json", target)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    changed = {s["section"]: s["changed"] for s in report["sections"] if s["changed"]}
    assert changed == {"villages": 1, "households": 1, "members": 1}
    assert not any(s["added"] or s["archived"] for s in report["sections"])
    entry = json.loads(rows(db_path, "SELECT changes FROM audit ORDER BY id DESC LIMIT 1")[0]["changes"])
    fields = {(c["table"], c["code"]): sorted(k for k in c["after"] if c["after"][k] != c["before"].get(k))
              for c in entry}
    assert fields == {("villages", "V1"): ["population"], ("households", "H1"): ["size"],
                      ("members", "M2"): ["name"]}
