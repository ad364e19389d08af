"""``develop add / step / show / list`` through the command line: written on the one write path with an
audit entry, refused (exit 2, nothing written) naming the option, shown as a timeline within 80 columns."""

from __future__ import annotations

import json

import pytest

from tests.helpers.db import table_contents
from tests.helpers.development import applicant, clean, d, load

ADD = ["develop", "add", "N1", "--name", "赵敏", "--gender", "女", "--born", "1999-05-01", "--village", "V1",
       "--org", "P2", "--source", "农二代", "--education", "大专", "--applied", "2026-11-02"]


def _row(db_path, code):
    import sqlite3

    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        row = conn.execute("SELECT * FROM development WHERE code = ?", [code]).fetchone()
        return dict(row) if row else None
    finally:
        conn.close()


def test_add_then_steps_build_the_record(cli, pinned_today, tmp_path, db_path):
    load(cli, tmp_path, [])
    assert cli(*ADD).exit_code == 0
    steps = [["--stage", "talked", "--date", "2026-11-05"],
             ["--stage", "确定入党积极分子", "--date", "2026-11-06", "--contact", "M2", "--contact", "M3"],
             ["--stage", "assessment", "--date", "2026-11-10"]]
    for step in steps:
        result = cli("develop", "step", "N1", *step)
        assert result.exit_code == 0, result.output
    row = _row(db_path, "N1")
    assert (row["applied"], row["talked"], row["activist"]) == ("2026-11-02", "2026-11-05", "2026-11-06")
    assert json.loads(row["contacts"]) == ["M2", "M3"] and json.loads(row["assessments"]) == ["2026-11-10"]
    entries = json.loads(cli("audit", "log", "--format", "json", "--code", "N1").output)
    assert [e["command"].split()[1:3] for e in entries] == [["develop", "add"]] + [["develop", "step"]] * 3


def test_meeting_with_votes_and_stopped_with_reason(cli, pinned_today, tmp_path, db_path):
    load(cli, tmp_path, [clean("M1", meeting=None, approved=None, sworn=None, conversion_meeting=None,
                               conversion_approved=None, member=None)])
    result = cli("develop", "step", "M1", "--stage", "meeting", "--date", "2025-04-01", "--voting", "20",
                 "--present", "11", "--approve", "11", "--introducer", "M2", "--introducer", "M3")
    assert result.exit_code == 0, result.output
    assert cli("develop", "step", "M1", "--stage", "stopped", "--date", "2025-05-01", "--reason", "本人申请"
               ).exit_code == 0
    row = _row(db_path, "M1")
    assert (row["meeting_date"], row["meeting_voting"], row["meeting_present"], row["meeting_approve"]) == (
        "2025-04-01", 20, 11, 11)
    assert (row["stopped_date"], row["stopped_reason"]) == ("2025-05-01", "本人申请")


@pytest.mark.parametrize("args, message", [
    (["develop", "step", "X1", "--stage", "talked", "--date", "2024-02-01"], "X1 already has talk (2024-02-05)"),
    (["develop", "step", "Y1", "--stage", "meeting", "--date", "2026-11-01"],
     "branch assembly (admission) needs --voting, --present and --approve"),
    (["develop", "step", "X1", "--stage", "graduated", "--date", "2026-11-01"], "unknown step graduated"),
    (["develop", "step", "NOPE", "--stage", "talked", "--date", "2026-11-01"], "NOPE"),
    (["develop", "step", "X1", "--stage", "sworn", "--date", "2026-13-01"], "--date"),
    (["develop", "add", "X1", "--name", "甲", "--gender", "女", "--born", "1999-05-01", "--village", "V1",
      "--org", "P2", "--source", "创客", "--education", "大专", "--applied", "2026-11-02"], "X1 already exists"),
    (["develop", "add", "Z1", "--name", "甲", "--gender", "女", "--born", "1999-05-01", "--village", "V9",
      "--org", "P2", "--source", "创客", "--education", "大专", "--applied", "2026-11-02"], "--village"),
    (["develop", "add", "Z1", "--name", "甲", "--gender", "女", "--born", "1999-05-01", "--village", "V2",
      "--org", "P2", "--source", "创客", "--education", "大专", "--applied", "2026-11-02"],
     "party organization P2 is not of village V2"),
    (["develop", "add", "Z1", "--name", "甲", "--gender", "女", "--born", "1999-05-01", "--village", "V1",
      "--org", "P2", "--source", "外星人", "--education", "大专", "--applied", "2026-11-02"], "--source"),
])
def test_a_refused_command_names_the_problem_and_writes_nothing(cli, pinned_today, tmp_path, db_path, args, message):
    load(cli, tmp_path, [clean("X1"), applicant("Y1", "2026-11-01")])
    before = table_contents(db_path)
    result = cli("--lang", "en", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert table_contents(db_path) == before


def test_show_is_a_timeline_within_80_columns_in_both_languages(cli, pinned_today, tmp_path):
    load(cli, tmp_path, [clean("S1", introducers=["M2"])])
    for lang in ("zh", "en"):
        result = cli("--lang", lang, "develop", "show", "S1")
        assert result.exit_code == 0, result.output
        from wcwidth import wcswidth

        assert max(wcswidth(line) for line in result.output.splitlines()) <= 80
    text = cli("--lang", "en", "develop", "show", "S1").output
    assert "● 2024-01-10  application" in text and "(+26)" in text  # 01-10 → talked 02-05
    assert "development-introducers" in text
    shown = json.loads(cli("develop", "show", "S1", "--format", "json").stdout)
    assert shown["standing"] == "full"
    # applied, talked, activist, two assessments, target … conversion approved: 14 dated rows.
    assert [row["stage"] for row in shown["timeline"]][:5] == [
        "applied", "talked", "activist", "assessment", "assessment"]
    assert sum(1 for row in shown["timeline"] if row["date"]) == 14
    assert [f["rule"] for f in shown["findings"]] == ["development-introducers"]
    assert cli("develop", "show", "NOPE").exit_code == 2


def test_list_filters_by_village_stage_and_overdue(cli, pinned_today, tmp_path):
    load(cli, tmp_path, [
        clean("L1"),                                                             # V1, full, clean
        applicant("L2", "2026-11-01"),                                           # V1, applicant, in time
        applicant("L3", "2026-09-01", village="V2", org="P4"),                   # V2, applicant, talk late
        applicant("L4", "2024-01-01", talked=d("2024-01-05"), activist=d("2024-02-01"), contacts=["M2"],
                  village="V2", org="P4", assessments=[d("2024-07-01"), d("2024-12-01"), d("2025-05-01"),
                                                       d("2025-10-01"), d("2026-03-01"), d("2026-08-01")]),
    ])

    def codes(*args):
        result = cli("develop", "list", "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return [(r["code"], r["standing"], r["since"], r["overdue"]) for r in json.loads(result.stdout)]

    assert codes() == [("L1", "full", "2026-05-01", []), ("L2", "applicant", "2026-11-01", []),
                       ("L3", "applicant", "2026-09-01", ["development-talk-late"]),
                       ("L4", "activist", "2024-02-01", [])]
    assert [c[0] for c in codes("--village", "V2")] == ["L3", "L4"]
    assert [c[0] for c in codes("--stage", "applicant")] == ["L2", "L3"]
    assert [c[0] for c in codes("--overdue")] == ["L3"]
    # Judged on 2024-03-20, as the records stood: L1's talk and L4's were in time, L2 and L3 had not
    # applied yet (their dates are not "after today" either: today is 2026-11-15).
    assert [c[0] for c in codes("--overdue", "--as-of", "2024-03-20")] == []
    result = cli("--lang", "en", "develop", "list", "--stage", "elder")
    assert result.exit_code == 2 and "applicant" in result.output
    csv = cli("develop", "list", "--format", "csv").stdout.splitlines()
    assert csv[0] == "code,name,village,standing,since,overdue" and csv[3].endswith("development-talk-late")


def test_the_template_has_the_development_sheet(cli, tmp_path):
    import openpyxl

    target = tmp_path / "模板.xlsx"
    result = cli("--lang", "zh", "template", "--ledger", "development", "--output", target)
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames == ["说明", "发展党员"]
    headers = [cell.value for cell in workbook["发展党员"][1]]
    # The section's fields in the model's order, the meetings' fields under the meeting's name.
    assert headers[:3] == ["编码", "姓名", "性别"] and "接收大会·日期" in headers and "转正大会·赞成" in headers
    assert headers[-2:] == ["终止·日期", "终止·原因"]
