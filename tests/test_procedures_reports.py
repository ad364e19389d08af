"""Reports over the example procedures (examples/procedures/ on the example roster, examples/roster/):
report party-life, the monthly figures provider, and the example's check findings, all hand-worked."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "procedures"
ROSTER = EXAMPLES.parent / "roster"


@pytest.fixture
def example(cli, db_path):
    result = cli("import", ROSTER, EXAMPLES)
    assert result.exit_code == 0, result.output
    return db_path


def test_examples_import_and_reimport_as_no_op(cli, example):
    again = cli("import", "--force", ROSTER, EXAMPLES)  # --force: read and compared again
    assert again.exit_code == 0 and "无变化" in again.output


def test_party_life_quarter_hand_worked(cli, example):
    report = json.loads(cli("report", "party-life", "--quarter", "2026Q3", "--format", "json").output)
    orgs = {o["code"]: o for o in report["organizations"]}
    assert len(orgs) == 44  # every party organization of the roster
    # 柳塘村党总支, July–September: 党课 07-01; 支委会 07-08, 08-08, 09-08; 主题党日 07-10, 08-10, 09-10;
    # 支部党员大会 07-12 (the road decision's review) and 07-15.  The yearly 党课 is judged in Q4 (required 0).
    assert orgs["V01-P00"]["meetings"] == {
        "members_assembly": {"held": 2, "required": 1, "met": 1},
        "branch_committee": {"held": 3, "required": 3, "met": 3},
        "party_lecture": {"held": 1, "required": 0, "met": 0},
        "party_day": {"held": 3, "required": 3, "met": 3}}
    # Attendance: due 52 + 7 + 52 + 52 + 52 + 7 + 52 + 7 + 52 = 333,
    # present 48 + 7 + 50 + 40 + 51 + 7 + 49 + 7 + 43 = 302; 302/333 = 0.9069.
    assert (orgs["V01-P00"]["due"], orgs["V01-P00"]["present"], orgs["V01-P00"]["attendance_rate"]) == (333, 302, 0.907)
    # 石桥村党支部: no 支委会 in August (07-08 and 09-08 only).
    v02 = orgs["V02-P00"]
    assert v02["meetings"]["branch_committee"] == {"held": 2, "required": 3, "met": 2}
    assert v02["short"] == ["branch_committee"]
    # due 19 + 5 + 19 + 19 + 19 + 5 + 19 = 105, present 18 + 4 + 18 + 16 + 19 + 5 + 19 = 99; 99/105 = 0.9429.
    assert (v02["due"], v02["present"], v02["attendance_rate"]) == (105, 99, 0.943)
    # Party groups hold only 党小组会: one each month (07-20, 08-20, 09-20).
    assert orgs["V02-P03"]["meetings"] == {"group_meeting": {"held": 3, "required": 3, "met": 3}}
    assert report["short"] == ["V02-P00"]


def test_party_life_requirements_configurable_and_lecture_judged_at_year_end(cli, example, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", "2027-01-15")  # 2026 is over: Q4 and its yearly lecture are judged
    # In Q3 the yearly lecture is not yet due (required 0) for any of the 15 branch-level organizations.
    q3 = json.loads(cli("report", "party-life", "--quarter", "2026Q3", "--format", "json").output)
    required = [
        o["meetings"]["party_lecture"]["required"] for o in q3["organizations"] if "party_lecture" in o["meetings"]
    ]
    assert required == [0] * 15
    # In Q4 it is: 石桥村's 七一党课 (07-01) is within the year, so it is met without a lecture in the quarter.
    q4 = json.loads(cli("report", "party-life", "--quarter", "2026Q4", "--village", "V02", "--format", "json").output)
    assert q4["organizations"][0]["meetings"]["party_lecture"] == {"held": 0, "required": 1, "met": 1}
    # Lectures required every quarter: the July lecture no longer counts for Q4.
    quarterly = json.loads(cli("report", "party-life", "--quarter", "2026Q4", "--village", "V02", "--require",
                               "lecture=quarter", "--format", "json").output)
    assert quarterly["organizations"][0]["meetings"]["party_lecture"] == {"held": 0, "required": 1, "met": 0}
    # One 支委会 a quarter is enough: 石桥村 met it in Q3 after all.
    relaxed = json.loads(cli("report", "party-life", "--quarter", "2026Q3", "--require", "支委会=quarter",
                             "--format", "json").output)
    assert relaxed["short"] == []


def test_party_life_table_csv_and_english(cli, example):
    table = cli("report", "party-life", "--quarter", "2026Q3", "--village", "V02").output
    # On screen the held count hugs the figure ("2/3(2)") so the table and whole names fit 80 columns.
    assert "2/3(2)" in table and "9 个党组织中有 1 个未达要求" in table
    assert all(len(line) <= 80 for line in table.splitlines())
    csv_lines = cli("report", "party-life", "--quarter", "2026Q3", "--format", "csv").output.splitlines()
    assert csv_lines[0].startswith("code,name,village,level,members_assembly_held")
    assert any(line.startswith("V02-P00,") and line.endswith(",branch_committee") for line in csv_lines)
    english = cli("--lang", "en", "report", "party-life", "--quarter", "2026Q3").output
    assert "1 of 44 organizations fall short" in english
    markdown = cli("report", "party-life", "--quarter", "2026Q3", "--format", "markdown").output
    assert markdown.startswith("## 2026Q3") and "2/3 (2)" in markdown


def test_monthly_figures_hand_worked(example):
    from village_gov.ledgers.procedures.monthly import PROVIDER
    from village_gov.reports.monthly import load_providers
    from village_gov.reports.registry import Period
    from village_gov.store.db import open_db

    assert PROVIDER in load_providers() and PROVIDER.order == 50
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
    # V02: D-V02-2026-01 proposed 10-08 (started), last step 10-30 (1 day: not stalled).  Disclosures
    # 10-09 财务, 10-15 党务, 10-30 村务.  Red: H00167 (10-20); black: H00168 (10-26).
    assert per_village["V02"] == {"decisions_started": 1, "decisions_completed": 0, "decisions_stalled": 0,
                                  "disclosures": {"党务": 1, "村务": 1, "财务": 1}, "red_list": 1, "black_list": 1}
    total = PROVIDER.total(db, october, ["V01", "V02"], per_village, PROVIDER.options)
    assert total == {"decisions_started": 1, "decisions_completed": 1, "decisions_stalled": 1,
                     "disclosures": {"党务": 2, "村务": 2, "财务": 2}, "red_list": 3, "black_list": 2}
    # November (nothing recorded yet): D-V01-2026-02 still stalled (81 days at 11-30); D-V02-2026-01's
    # last step 10-30 is 31 days before 11-30, more than 30: stalled too (its results are not public).
    november = PROVIDER.compute(db, Period.month("2026-11"), [{"code": "V01"}, {"code": "V02"}], {})
    assert (november["V01"]["decisions_stalled"], november["V02"]["decisions_stalled"]) == (1, 1)
    assert (november["V02"]["black_list"], november["V01"]["disclosures"]) == (0, {"党务": 0, "村务": 0, "财务": 0})
    db.conn.close()


def test_example_check_findings(cli, example):
    result = cli("check", "--as-of", "2026-10-31", "--format", "json",
                 *[a for r in ("decision-quorum", "decision-unpublished", "decision-stalled",
                               "decision-no-supervisor", "disclosure-overdue") for a in ("--rule", r)])
    found = sorted((f["rule"], f["subject"], f["params"].get("step") or f["params"].get("period"))
                   for f in json.loads(result.output)["findings"])
    assert result.exit_code == 1
    assert found == [
        ("decision-no-supervisor", "D-V02-2026-01", None),
        ("decision-quorum", "D-V02-2026-01", "resolved"),    # approve 7 = half of the 14 present
        ("decision-quorum", "D-V02-2026-01", "reviewed"),    # present 12 < 13 (2/3 of 19)
        ("decision-stalled", "D-V01-2026-02", "deliberated"),  # 51 days since 09-10
        ("decision-unpublished", "D-V02-2026-01", None),     # resolved 10-19, public 10-30
        ("disclosure-overdue", "V01", "2026-09"),            # no 财务 disclosure in September
    ]


def test_decision_list_of_the_example(cli, example):
    listed = json.loads(cli("decision", "list", "--as-of", "2026-10-31", "--format", "json").output)
    assert [(d["code"], d["status"], d["idle_days"]) for d in listed] == [
        ("D-V01-2026-01", "finished", None), ("D-V01-2026-02", "stalled", 51), ("D-V02-2026-01", "open", 1)]
    assert dt.date(2026, 10, 31) - dt.date(2026, 9, 10) == dt.timedelta(days=51)


def test_party_life_as_of_asks_only_for_periods_already_over(example, cli, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", "2027-01-15")  # the quarter is over: without --as-of it is judged whole
    # Judged on 2026-10-31, 2026Q4 only asks for October's monthly meetings: November's and
    # December's periods are not over yet, and the quarterly assembly's period (to 12-31) is not due.
    whole = json.loads(cli("report", "party-life", "--quarter", "2026Q4", "--format", "json").output)
    early = json.loads(cli("report", "party-life", "--quarter", "2026Q4", "--as-of", "2026-10-31",
                           "--format", "json").output)
    assert early["to"] == "2026-10-31" and whole["to"] == "2026-12-31"
    for org in early["organizations"]:
        for kind, figures in org["meetings"].items():
            assert figures["required"] <= 1, (org["code"], kind, figures)
    # The ledger runs to the end of October: every organization held October's meetings, so none
    # falls short on 10-31, while the whole quarter misses November's and December's everywhere.
    assert early["short"] == []
    assert len(whole["short"]) == len(whole["organizations"])
