"""``dump --format xlsx``: the whole ledger in the import template's layout, read back with openpyxl.

The example township (白鹤镇, examples/) is dumped and a few cells are checked by hand against the
example's YAML files; the fixture of every section (tests/helpers/full_ledger.py) shows the records a
section writes inside another (a consultation's requests, the reform's lists) on their own sheets, a
decision's steps in their columns and an archived record marked in an 已归档 column.
"""

from __future__ import annotations

import datetime as dt
import json
import stat

import openpyxl
import pytest

from tests.helpers.db import file_digest, rows
from tests.helpers.paths import EXAMPLES

EXAMPLE_SHEETS = ["说明", "乡镇", "村", "村民小组", "党组织", "农户", "党员", "村两委成员", "两项改革", "改革前乡镇",
                  "改革前村", "决策事项", "公开记录", "组织生活记录", "红黑榜记录", "积分记录", "议事活动", "诉求", "阵地",
                  "微组织", "微服务", "微活动", "发展党员"]  # then the cadre ledger's sheets


def _example(cli):
    result = cli("import", *(EXAMPLES / name for name in ("roster", "micros", "consultations", "procedures")))
    assert result.exit_code == 0, result.output


def _dump(cli, target, *args, lang=None):
    result = cli(*(["--lang", lang] if lang else []), "dump", "--output", target, *args)
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(target)


def _records(ws) -> dict[str, dict[str, openpyxl.cell.Cell]]:
    """``{code: {header: cell}}`` of the records of a sheet (row 1 headers, records from row 3)."""
    headers = [c.value for c in ws[1]]
    return {row[0].value: dict(zip(headers, row)) for row in ws.iter_rows(min_row=3) if row[0].value is not None}


def test_the_example_township_in_the_template_layout(cli, tmp_path):
    _example(cli)
    wb = _dump(cli, tmp_path / "台账.xlsx", "--format", "xlsx")
    assert wb.sheetnames[:len(EXAMPLE_SHEETS)] == EXAMPLE_SHEETS
    households = wb["农户"]
    assert [c.value for c in households[1]] == ["编码", "户主", "村民小组", "人口", "电话"]
    assert households["C2"].value == "必填；填「村民小组」表中的编码"  # the template's note row
    # examples/roster/households.yaml: H00001 毛明富, group V01-G01, 3 people, phone 13800004214 (in full).
    h1 = _records(households)["H00001"]
    assert [h1[k].value for k in ("编码", "户主", "村民小组", "人口", "电话")] == [
        "H00001", "毛明富", "V01-G01", 3, "13800004214"]
    assert (h1["编码"].data_type, h1["村民小组"].data_type, h1["电话"].data_type, h1["人口"].data_type) == (
        "s", "s", "s", "n")
    # 455 households from row 3: the last one on row 457.
    assert households.max_row == 457 and households["A457"].value == "H00455"
    # examples/roster/party.yaml: M0001 袁永福, born 1969-01-11, ID 519900196901114959, liaises H00018–H00020.
    m1 = _records(wb["党员"])["M0001"]
    assert m1["出生日期"].is_date and m1["出生日期"].value == dt.datetime(1969, 1, 11)
    assert m1["出生日期"].number_format == "yyyy-mm-dd"
    assert (m1["身份证号"].value, m1["身份证号"].data_type) == ("519900196901114959", "s")
    assert m1["联系户"].value == "H00018、H00019、H00020"
    # The drop-downs of the template: a household's group lists the codes of the 村民小组 sheet.
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in households.data_validations.dataValidation}
    assert lists["C3"].startswith("'村民小组'!$A$3:$A$")
    assert households.freeze_panes == "B3"


def test_the_dump_is_deterministic_private_and_audited(cli, tmp_path, db_path):
    _example(cli)
    before = rows(db_path, "SELECT count(*) AS n FROM audit")[0]["n"]
    _dump(cli, tmp_path / "a.xlsx")  # the format from the name
    _dump(cli, tmp_path / "b.xlsx", "--format", "xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert stat.S_IMODE((tmp_path / "a.xlsx").stat().st_mode) == 0o600
    # Each dump shows personal data in full: one audit entry each, naming the records written.
    entries = rows(db_path, "SELECT counts FROM audit ORDER BY id DESC LIMIT 2")
    assert rows(db_path, "SELECT count(*) AS n FROM audit")[0]["n"] == before + 2
    assert json.loads(entries[0]["counts"])["unmask"] == "dump"


def test_every_section_nested_lists_steps_and_archived_records(cli, tmp_path, monkeypatch):
    from tests.helpers.full_ledger import TODAY, write_ledger

    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    assert cli("import", write_ledger(tmp_path / "in")).exit_code == 0
    wb = _dump(cli, tmp_path / "all.xlsx")
    # D1's steps (full_ledger.PROCEDURES): reviewed 2026-07-10, 12 due, 9 present; resolved by 村民代表会议.
    d1 = _records(wb["决策事项"])["D1"]
    assert d1["审议·日期"].value == dt.datetime(2026, 7, 10) and d1["审议·实到"].value == 9
    assert d1["决议·决议机构"].value == "村民代表会议"
    # DS3 is archived: the sheet gets an 已归档 column, 是 on DS3 only.
    disclosures = _records(wb["公开记录"])
    assert [c.value for c in wb["公开记录"][1]][-1] == "已归档"
    assert disclosures["DS3"]["已归档"].value == "是" and disclosures["DS1"]["已归档"].value is None
    assert "已归档" not in [c.value for c in wb["农户"][1]]  # no archived household: no such column
    # A request raised at a meeting is on the 诉求 sheet with its meeting, as one raised outside one.
    requests = _records(wb["诉求"])
    assert all(r["村"].value and r["提出日期"].is_date for r in requests.values())
    assert any(r["议事活动"].value for r in requests.values()) and any(
        r["议事活动"].value is None for r in requests.values())
    # The reform's lists (full_ledger.REFORM): TB1, TB2 and VB1–VB4 on sheets of their own.
    assert list(_records(wb["改革前乡镇"])) == ["TB1", "TB2"]
    assert list(_records(wb["改革前村"])) == ["VB1", "VB2", "VB3", "VB4"]
    assert _records(wb["改革前村"])["VB2"]["党组织数"].value == 2


def test_english_headers_and_one_ledger(cli, tmp_path, small_roster):
    assert cli("import", small_roster).exit_code == 0
    wb = _dump(cli, tmp_path / "en.xlsx", "--ledger", "roster", lang="en")
    assert wb.sheetnames[:6] == ["definitions", "township", "village", "villager group", "party organization",
                                 "household"]
    assert [c.value for c in wb["household"][1]] == ["code", "head", "group", "size", "phone"]
    assert "party member" in wb.sheetnames and "consultation" not in " ".join(wb.sheetnames)


@pytest.mark.parametrize("args", [["--format", "xml"], ["--format", "yaml", "--ledger", "roster"],
                                  ["--ledger", "nope", "--format", "xlsx"]])
def test_refused_options_write_nothing(cli, tmp_path, small_roster, db_path, args):
    assert cli("import", small_roster).exit_code == 0
    before = file_digest(db_path)
    result = cli("dump", "--output", tmp_path / "out.xlsx", *args)
    assert result.exit_code == 2
    assert not (tmp_path / "out.xlsx").exists() and file_digest(db_path) == before


def test_hostile_text_is_written_as_text(cli, tmp_path, write_yaml, small_roster):
    from tests.helpers.rosters import SMALL_ROSTER

    hostile = "=HYPERLINK(\"http://x\",\"y\") [bold]陈[/bold]"
    text = SMALL_ROSTER.replace("head: 陈二,", "head: '=HYPERLINK(\"http://x\",\"y\") [bold]陈[/bold]',")
    assert cli("import", write_yaml(text, "hostile.yaml")).exit_code == 0
    wb = _dump(cli, tmp_path / "h.xlsx")
    cell = _records(wb["农户"])["H2"]["户主"]
    assert (cell.value, cell.data_type) == (hostile, "s")  # a text cell, not a formula or a link
    assert wb["农户"]._hyperlinks == []


def test_voided_records_are_left_out_and_said(cli, tmp_path, monkeypatch):
    from tests.helpers.full_ledger import TODAY, write_ledger

    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    assert cli("import", write_ledger(tmp_path / "in")).exit_code == 0
    assert cli("void", "points", "PT1", "--reason", "重复登记", "--yes").exit_code == 0
    result = cli("dump", "--output", tmp_path / "v.xlsx")
    assert result.exit_code == 0, result.output
    # full_ledger.PROCEDURES holds PT1 and PT2; PT1 is voided: the sheet has PT2 only, and stderr says so.
    assert list(_records(openpyxl.load_workbook(tmp_path / "v.xlsx")["积分记录"])) == ["PT2"]
    assert "工作簿不含 1 条已作废的记录" in result.stderr
