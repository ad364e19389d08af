"""``import --dry-run``: the plan of the import, as text, JSON and a workbook, and nothing written.

The change is made by hand on SMALL_ROSTER (tests/helpers/rosters.py): H1 gets a new head, group and
phone (3 fields), H8 is added, H7 is left out (missing).  Every expected line is written out below.
"""

from __future__ import annotations

import json

import openpyxl

from tests.helpers.db import file_digest, rows
from tests.helpers.rosters import SMALL_ROSTER

H1 = '{code: H1, head: 陈一, group: G1, size: 4, phone: "13900000002"}'
CHANGED = SMALL_ROSTER.replace(H1, '{code: H1, head: 陈壹, group: G2, size: 4, phone: "13900000009"}').replace(
    "  - {code: H7, head: 陈七, group: G3, size: 2}\n", "  - {code: H8, head: 陈八, group: G3, size: 3}\n")

# Phones masked as everywhere: the first 3 and the last 4 digits (13900000002 → 139****0002).
PLAN_ZH = """\
农户：新增 1，修改 1，缺少 1
  + H8  陈八
  ~ H1  陈壹
      户主：陈一 → 陈壹
      村民小组：G1 → G2
      电话：139****0002 → 139****0009
  - H7  陈七（保留）

"""

PLAN_EN = """\
household: 1 added, 1 changed, 1 missing
  + H8  陈八
  ~ H1  陈壹
      head: 陈一 → 陈壹
      group: G1 → G2
      phone: 139****0002 → 139****0009
  - H7  陈七 (kept)

"""


def _imported(cli, small_roster, write_yaml, text=CHANGED):
    assert cli("import", small_roster).exit_code == 0
    return write_yaml(text, "changed.yaml")


def test_the_plan_as_text(cli, small_roster, write_yaml, db_path):
    changed = _imported(cli, small_roster, write_yaml)
    before = file_digest(db_path)
    result = cli("import", "--dry-run", changed)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(PLAN_ZH)
    # The counts follow, then the dry-run line.
    assert "试运行（--dry-run）" in result.stdout
    assert cli("--lang", "en", "import", "--dry-run", changed).stdout.startswith(PLAN_EN)
    pruned = cli("import", "--dry-run", "--prune", changed).stdout
    assert "  - H7  陈七（将归档）\n" in pruned
    assert file_digest(db_path) == before


def test_the_plan_as_json(cli, small_roster, write_yaml, db_path):
    changed = _imported(cli, small_roster, write_yaml)
    before = file_digest(db_path)
    result = cli("--lang", "en", "import", "--dry-run", "--format", "json", changed)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["dry_run"], report["written"]) == (True, False)
    sections = {s["section"]: s for s in report["sections"]}
    # Unchanged: H2–H6 (5 households).  Keys and field names English whatever the language.
    assert sections["households"] == {
        "section": "households",
        "added": [{"code": "H8", "label": "陈八"}],
        "changed": [{"code": "H1", "label": "陈壹", "fields": [
            {"field": "head", "before": "陈一", "after": "陈壹"},
            {"field": "group", "before": "G1", "after": "G2"},
            {"field": "phone", "before": "139****0002", "after": "139****0009"}]}],
        "missing": [{"code": "H7", "label": "陈七"}],
        "missing_action": "keep",
        "counts": {"added": 1, "changed": 1, "unchanged": 5, "absent": 1, "archived": 0},
    }
    assert sections["members"]["added"] == sections["members"]["changed"] == sections["members"]["missing"] == []
    assert file_digest(db_path) == before


def test_unmask_shows_numbers_in_full_and_is_audited(cli, small_roster, write_yaml, db_path):
    changed = _imported(cli, small_roster, write_yaml)
    entries = rows(db_path, "SELECT count(*) AS n FROM audit")[0]["n"]
    result = cli("import", "--dry-run", "--unmask", changed)
    assert "      电话：13900000002 → 13900000009\n" in result.stdout
    assert rows(db_path, "SELECT count(*) AS n FROM audit")[0]["n"] == entries + 1
    assert rows(db_path, "SELECT count(*) AS n FROM households WHERE code = 'H8'")[0]["n"] == 0


def test_nested_fields_and_lists_are_named_as_in_the_template(cli, tmp_path, write_yaml, monkeypatch):
    from tests.helpers.full_ledger import TODAY, write_ledger

    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    folder = write_ledger(tmp_path / "in")
    assert cli("import", folder).exit_code == 0
    roster = (folder / "roster.yaml").read_text(encoding="utf-8")
    (folder / "roster.yaml").write_text(roster.replace("org: P2, households: [H2]}", "org: P2, households: [H2, H3]}"),
                                        encoding="utf-8")
    procedures = (folder / "procedures.yaml").read_text(encoding="utf-8")
    (folder / "procedures.yaml").write_text(procedures.replace("due: 12, present: 9,", "due: 12, present: 10,"),
                                            encoding="utf-8")
    out = cli("import", "--dry-run", folder).stdout
    # M2 liaised with H2 and now also with H3; D1's reviewing assembly had 9 present, now 10.
    assert "  ~ M2  李四\n      联系户：H2 → H2、H3\n" in out
    assert "  ~ D1  道路硬化\n      审议·实到：9 → 10\n" in out


def test_an_archived_flag_is_a_field_of_the_plan(cli, tmp_path, monkeypatch):
    from tests.helpers.full_ledger import TODAY, write_ledger

    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    folder = write_ledger(tmp_path / "in")
    assert cli("import", folder).exit_code == 0
    # full_ledger.PROCEDURES: DS3 (旧的公开) is given archived; given as not archived it is un-archived.
    procedures = (folder / "procedures.yaml").read_text(encoding="utf-8")
    (folder / "procedures.yaml").write_text(procedures.replace("archived: true", "archived: false"), encoding="utf-8")
    out = cli("import", "--dry-run", folder).stdout
    assert "公开记录：新增 0，修改 1，缺少 0\n  ~ DS3  旧的公开\n      已归档：是 → 否\n" in out


def test_the_plan_as_a_workbook(cli, small_roster, write_yaml, db_path, tmp_path):
    changed = _imported(cli, small_roster, write_yaml)
    before = file_digest(db_path)
    target = tmp_path / "plan.xlsx"
    result = cli("import", "--dry-run", "--output", target, changed)
    assert result.exit_code == 0, result.output
    assert file_digest(db_path) == before
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["汇总", "农户"]  # only the sections with something to add, change or miss
    ws = wb["农户"]
    assert [c.value for c in ws[1]] == ["变更", "编码", "户主", "村民小组", "人口", "电话"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=2)] == [
        ["新增", "H8", "陈八", "G3", 3, None],
        ["修改", "H1", "陈壹", "G2", 4, "139****0009"],
        ["缺少（保留）", "H7", "陈七", "G3", 2, None]]
    # H1's three changed cells (户主 C, 村民小组 D, 电话 F) are filled, with the old value in a comment;
    # its unchanged size (E) and the added and missing rows are not.
    filled = {c.coordinate for row in ws.iter_rows(min_row=2) for c in row
              if c.fill.fill_type == "solid" and c.fill.fgColor.rgb == "FFFFEB9C"}
    assert filled == {"C3", "D3", "F3"}
    assert (ws["C3"].comment.text, ws["D3"].comment.text, ws["F3"].comment.text) == (
        "原值：陈一", "原值：G1", "原值：139****0002")
    summary = wb["汇总"]
    assert [c.value for c in summary[3]] == ["部分", "新增", "修改", "未变", "本次缺少", "已归档"]
    assert [c.value for c in summary[8]] == ["农户", 1, 1, 5, 1, 0]


def test_hostile_text_in_a_changed_field_stays_text(cli, small_roster, write_yaml, tmp_path):
    # (A control character is refused by the import itself, so none reaches a plan.)
    hostile = "=cmd|' /C calc'!A0 [bold red]陈[/bold red]"
    text = CHANGED.replace("head: 陈壹,", 'head: "=cmd|' + "' /C calc'" + '!A0 [bold red]陈[/bold red]",')
    changed = _imported(cli, small_roster, write_yaml, text)
    result = cli("import", "--dry-run", "--output", tmp_path / "plan.xlsx", changed)
    assert result.exit_code == 0, result.output
    # Rich markup shows as written, on the screen as in the workbook.
    assert "      户主：陈一 → =cmd|' /C calc'!A0 [bold red]陈[/bold red]\n" in result.stdout
    cell = openpyxl.load_workbook(tmp_path / "plan.xlsx")["农户"]["C3"]
    assert (cell.value, cell.data_type) == (hostile, "s")  # a text cell, not a formula


def test_output_needs_dry_run(cli, small_roster, tmp_path, db_path):
    result = cli("import", "--output", tmp_path / "plan.xlsx", small_roster)
    assert result.exit_code == 2
    assert not (tmp_path / "plan.xlsx").exists() and not db_path.exists()
