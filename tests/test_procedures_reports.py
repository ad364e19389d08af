"""Reports over the example procedures (examples/procedures/ on a small roster with the same codes):
report party-life, the monthly figures provider, and the example's check findings, all hand-worked."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from procedures_fixtures import ROSTER

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "procedures"


@pytest.fixture
def example(cli, write_yaml, db_path):
    result = cli("import", write_yaml(ROSTER, "roster.yaml"), EXAMPLES)
    assert result.exit_code == 0, result.output
    return db_path


def test_examples_import_and_reimport_as_no_op(cli, example):
    again = cli("import", EXAMPLES)
    assert again.exit_code == 0 and "无变化" in again.output


def test_party_life_quarter_hand_worked(cli, example):
    report = json.loads(cli("report", "party-life", "--quarter", "2026Q4", "--format", "json").output)
    orgs = {o["code"]: o for o in report["organizations"]}
    # 柳塘村党总支: assembly 10-15; committee 10-08, 11-08, 12-08; lecture 11-25; party day 10-10, 11-10, 12-10.
    assert orgs["V01-P00"]["meetings"] == {
        "members_assembly": {"held": 1, "required": 1, "met": 1},
        "branch_committee": {"held": 3, "required": 3, "met": 3},
        "party_lecture": {"held": 1, "required": 1, "met": 1},
        "party_day": {"held": 3, "required": 3, "met": 3}}
    # Attendance: due 7*3 + 52*3 + 52 + 52 = 281, present 7+6+7 + 45+41+43 + 44 + 46 = 239; 239/281 = 0.8505.
    assert (orgs["V01-P00"]["due"], orgs["V01-P00"]["present"], orgs["V01-P00"]["attendance_rate"]) == (281, 239, 0.851)
    # 石桥村党支部: no 支委会 in November (2 of 3 months); its 党课 was on 06-28, within the year.
    v02 = orgs["V02-P00"]
    assert v02["meetings"]["branch_committee"] == {"held": 2, "required": 3, "met": 2}
    assert v02["meetings"]["party_lecture"] == {"held": 0, "required": 1, "met": 1}
    assert v02["short"] == ["branch_committee"]
    # due 19 + 5 + 5 + 19*3 = 86, present 17 + 5 + 4 + 15 + 16 + 14 = 71; 71/86 = 0.8256.
    assert v02["attendance_rate"] == 0.826
    # Party groups hold only 党小组会: one each month.
    assert orgs["V02-P03"]["meetings"] == {"group_meeting": {"held": 3, "required": 3, "met": 3}}
    assert report["short"] == ["V02-P00"]


def test_party_life_requirements_configurable_and_lecture_judged_at_year_end(cli, example):
    # In Q3 the yearly lecture is not yet due (required 0); quarterly lectures make it due in every quarter.
    q3 = json.loads(cli("report", "party-life", "--quarter", "2026Q3", "--format", "json").output)
    assert {o["code"]: o["meetings"]["party_lecture"]["required"] for o in q3["organizations"]
            if "party_lecture" in o["meetings"]} == {"V01-P00": 0, "V02-P00": 0}
    q4 = json.loads(cli("report", "party-life", "--quarter", "2026Q4", "--require", "lecture=quarter",
                        "--require", "支委会=quarter", "--format", "json").output)
    # Now the 06-28 lecture of 石桥村 does not count for Q4, and one 支委会 a quarter is enough.
    assert q4["short"] == ["V02-P00"]
    assert q4["organizations"][1]["short"] == ["party_lecture"]


def test_party_life_table_csv_and_english(cli, example):
    table = cli("report", "party-life", "--quarter", "2026Q4", "--village", "V02").output
    assert "2/3 (2)" in table and "9 个党组织中有 1 个未达要求" in table
    assert all(len(line) <= 80 for line in table.splitlines())
    csv_lines = cli("report", "party-life", "--quarter", "2026Q4", "--format", "csv").output.splitlines()
    assert csv_lines[0].startswith("code,name,village,level,members_assembly_held")
    assert any(line.startswith("V02-P00,") and line.endswith(",branch_committee") for line in csv_lines)
    english = cli("--lang", "en", "report", "party-life", "--quarter", "2026Q4").output
    assert "1 of 10 organizations fall short" in english
    markdown = cli("report", "party-life", "--quarter", "2026Q4", "--format", "markdown").output
    assert markdown.startswith("## 2026Q4")


def test_monthly_figures_hand_worked(example):
    from village_gov.db import open_db
    from village_gov.procedures.monthly import PROVIDER
    from village_gov.reports.registry import MONTHLY, Period

    assert PROVIDER in MONTHLY and PROVIDER.order == 50
    assert [k for k, _ in PROVIDER.fields] == ["decisions_started", "decisions_completed", "decisions_stalled",
                                               "disclosures", "red_list", "black_list"]
    db = open_db(example)
    october = Period.month("2026-10")
    per_village = PROVIDER.compute(db, october, ["V01", "V02"], PROVIDER.options)
    # V01: D-V01-2026-01's results were made public 10-30 (completed); D-V01-2026-02 last moved 09-10,
    # 51 days before 10-31 (stalled).  Disclosures 10-08 财务, 10-10 党务, 10-30 村务.  Red: H00001, H00002;
    # black: H00003 (10-12).
    assert per_village["V01"] == {"decisions_started": 0, "decisions_completed": 1, "decisions_stalled": 1,
                                  "disclosures": {"党务": 1, "村务": 1, "财务": 1}, "red_list": 2, "black_list": 1}
    # V02: D-V02-2026-01 proposed 10-08 (started), last step 10-25 (6 days: not stalled).  Disclosures
    # 10-09 财务, 10-15 党务.  Red: H00167 (10-20); its black-list entry is in November.
    assert per_village["V02"] == {"decisions_started": 1, "decisions_completed": 0, "decisions_stalled": 0,
                                  "disclosures": {"党务": 1, "村务": 0, "财务": 1}, "red_list": 1, "black_list": 0}
    total = PROVIDER.total(db, october, ["V01", "V02"], per_village, PROVIDER.options)
    assert total == {"decisions_started": 1, "decisions_completed": 1, "decisions_stalled": 1,
                     "disclosures": {"党务": 2, "村务": 1, "财务": 2}, "red_list": 3, "black_list": 1}
    # November: only V02's black-list entry (11-10); D-V01-2026-02 still stalled (81 days at 11-30);
    # D-V02-2026-01's last step 11-05 is 25 days before 11-30.
    november = PROVIDER.compute(db, Period.month("2026-11"), [{"code": "V01"}, {"code": "V02"}], {})
    assert (november["V01"]["decisions_stalled"], november["V02"]["decisions_stalled"]) == (1, 0)
    assert (november["V02"]["black_list"], november["V01"]["disclosures"]) == (1, {"党务": 0, "村务": 0, "财务": 1})
    db.conn.close()


def test_example_check_findings(cli, example):
    result = cli("check", "--as-of", "2026-11-30", "--format", "json",
                 *[a for r in ("decision-quorum", "decision-unpublished", "decision-stalled",
                               "decision-no-supervisor", "disclosure-overdue") for a in ("--rule", r)])
    found = sorted((f["rule"], f["subject"], f["params"].get("step") or f["params"].get("period"))
                   for f in json.loads(result.output)["findings"])
    assert result.exit_code == 1
    assert found == [
        ("decision-no-supervisor", "D-V02-2026-01", None),
        ("decision-quorum", "D-V02-2026-01", "resolved"),    # approve 7 = half of the 14 present
        ("decision-quorum", "D-V02-2026-01", "reviewed"),    # present 12 < 13 (2/3 of 19)
        ("decision-stalled", "D-V01-2026-02", "deliberated"),  # 81 days since 09-10
        ("decision-unpublished", "D-V02-2026-01", None),     # resolved 10-25, public 11-05
        ("disclosure-overdue", "V01", "2026-09"),            # no 财务 disclosure in September
    ]


def test_decision_list_of_the_example(cli, example):
    listed = json.loads(cli("decision", "list", "--as-of", "2026-11-30", "--format", "json").output)
    assert [(d["code"], d["status"], d["idle_days"]) for d in listed] == [
        ("D-V01-2026-01", "finished", None), ("D-V01-2026-02", "stalled", 81), ("D-V02-2026-01", "open", 25)]
    assert dt.date(2026, 11, 30) - dt.date(2026, 9, 10) == dt.timedelta(days=81)
