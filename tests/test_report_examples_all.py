"""The whole example township (examples/roster + micros + consultations + procedures) together.

白鹤镇's ledgers of August to October 2026 import into one database, re-import as a no-op, give
exactly the findings listed in examples/README.md when checked as of 2026-10-31, and the October
report's figures below were worked out by hand from the YAML files.  The monthly cron script runs
on them end to end.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.db import file_digest
from tests.helpers.paths import EXAMPLES

REPO = EXAMPLES.parent
FOLDERS = [EXAMPLES / "roster", EXAMPLES / "micros", EXAMPLES / "consultations", EXAMPLES / "procedures"]
SCRIPT = EXAMPLES / "monthly-report.sh"

# check --as-of 2026-10-31: (rule, subject, detail), every one marked "问题" in the files.
EXPECTED_FINDINGS = {
    # The roster's own eight (examples/roster, see tests/test_roster_examples.py).
    ("group-without-party-org", "V04-G09", None),
    ("branch-too-small", "V01-P07", None),
    ("not-one-shoulder", "V03", None),
    ("household-unlinked", "H00453", None),
    ("household-unlinked", "H00454", None),
    ("household-unlinked", "H00455", None),
    ("member-overloaded", "M0110", None),
    ("cross-village-liaison", "M0070", None),
    # procedures/decisions.yaml: D-V02-2026-01's 党员大会 had 12 of 19 present (needs 13), its 村民代表会议
    # approved with 7 of 14 present (half, not more); resolved 10-19, made public 10-30 (11 days > 7);
    # no supervisor.  D-V01-2026-02 last moved 09-10: 51 days before 10-31 (> 30).
    ("decision-quorum", "D-V02-2026-01", "reviewed"),
    ("decision-quorum", "D-V02-2026-01", "resolved"),
    ("decision-unpublished", "D-V02-2026-01", None),
    ("decision-no-supervisor", "D-V02-2026-01", None),
    ("decision-stalled", "D-V01-2026-02", "deliberated"),
    # procedures/disclosures.yaml: 柳塘村 has 财务 on 07-05, 08-05, 10-08 and none in September.
    ("disclosure-overdue", "V01", "2026-09"),
    # micros/positions.yaml: 37 micro-positions for 39 groups; 石桥村七组 and 金竹村九组 have none.
    ("group-without-position", "V02-G07", None),
    ("group-without-position", "V04-G09", None),
    # micros/positions.yaml: 青杠村七组祠堂议事点 is named by no service, activity or consultation.
    ("position-unused", "V03-G07-POS", None),
    # micros/organizations.yaml: 石桥村 lacks 禁毒禁赌会; 金竹村 has only its 村民议事会.
    ("village-missing-self-governance-org", "V02", None),
    ("village-missing-self-governance-org", "V04", None),
    # micros/organizations.yaml: 青杠村禁毒禁赌会 names no leader.
    ("organization-without-leader", "V03-O04", None),
}
EXPECTED_ERRORS = 5  # group-without-party-org, branch-too-small, decision-quorum ×2, decision-unpublished


def _detail(finding: dict):
    params = finding["params"]
    return params.get("step") or params.get("period")


@pytest.fixture
def township(cli, db_path):
    result = cli("import", *FOLDERS)
    assert result.exit_code == 0, result.output
    return db_path


def test_all_examples_import_and_reimport_changes_nothing(cli, township):
    before = file_digest(township)
    again = cli("import", "--force", *FOLDERS, "--format", "json")
    assert again.exit_code == 0, again.output
    report = json.loads(again.output)
    assert report["written"] is False
    assert all((s["added"], s["changed"], s["absent"]) == (0, 0, 0) for s in report["sections"]), report
    counts = {s["section"]: s["unchanged"] for s in report["sections"]}
    # 3 decisions; 34 disclosures; 5 red/black entries; 7 point entries; 22 consultations (8 + 6 + 8);
    # 42 positions (5 主阵地 + 37 微阵地); 24 organizations; 86 services; 23 activities.
    assert {k: counts[k] for k in ("decisions", "disclosures", "moral_list", "points", "consultations", "positions",
                                   "organizations", "services", "activities")} == {
        "decisions": 3, "disclosures": 34, "moral_list": 5, "points": 7, "consultations": 22, "positions": 42,
        "organizations": 24, "services": 86, "activities": 23}
    assert file_digest(township) == before


def test_check_finds_exactly_the_planted_problems(cli, township):
    result = cli("check", "--as-of", "2026-10-31", "--format", "json")
    assert result.exit_code == 1, result.output  # errors are planted
    report = json.loads(result.output)
    found = [(f["rule"], f["subject"], _detail(f)) for f in report["findings"]]
    assert len(found) == len(set(found))
    assert set(found) == EXPECTED_FINDINGS
    assert (report["summary"]["errors"], report["summary"]["warnings"], report["summary"]["infos"]) == (
        EXPECTED_ERRORS, 14, 1)


def test_readme_lists_the_same_findings():
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for rule, subject, _ in EXPECTED_FINDINGS:
        assert f"`{rule}`" in text and f"`{subject}`" in text, (rule, subject)


# October 2026, worked out from the YAML files (M = 10-01 … 10-31; overdue = raised before 10-01).
# 柳塘村 V01 — consultations: C-V01-20261011-1 (书记坝坝会, 23 attendees).  Requests raised in October:
#   R-V01-20261011-1, -2 (both 待办, none on the spot).  Resolved in October: R-V01-20260924-2
#   (09-24 → 10-20: 6 + 20 = 26 days).  Open at 10-31: R-V01-20260818-1 (办理中), R-V01-20260823-3,
#   R-V01-20260924-1, R-V01-20261011-1, -2 = 5, of which raised before 10-01: 3.  Referred in October:
#   R-V01-20260924-3 (10-05).  Services dated 10-xx: 10-03 H00011 3 h, 10-04 H00008 1.5, 10-09 H00004 1,
#   10-09 H00008 3, 10-18 H00001 1, 10-19 H00011 2, 10-20 H00008 0.5, 10-23 H00004 2, 10-31 H00011 0.5
#   = 9 services, 14.5 hours, 4 households (H00001, H00004, H00008, H00011).  Activities: 10-13 (70),
#   10-18 (40), 10-18 (23) = 3, 133 participants.  Decisions: D-V01-2026-01's results public 10-30
#   (completed); D-V01-2026-02 idle since 09-10 (stalled).  Disclosures 10-08 财务, 10-10 党务, 10-30 村务.
#   Red list H00001, H00002; black list H00003 (10-12).
V01 = {"consultations": 1, "attendees": 23, "secretary_meetings": 1, "secretary_meeting_held": True,
       "requests_raised": 2, "answered_on_spot": 0, "requests_resolved": 1, "resolution_rate": 0.0,
       "median_days_to_resolve": 26.0, "open_at_month_end": 5, "overdue": 3, "referred": 1,
       "services": 9, "service_hours": 14.5, "households_served": 4, "activities": 3, "activity_participants": 133,
       "decisions_started": 0, "decisions_completed": 1, "decisions_stalled": 1,
       "disclosures": {"党务": 1, "村务": 1, "财务": 1}, "red_list": 2, "black_list": 1}
# 白鹤社区 V05 — no 书记坝坝会 in October: C-V05-20261015-1 (有事来协商, 32) and C-V05-20261021-1
#   (百姓议事, 45) = 2 consultations, 77 attendees.  Raised: R-V05-20261015-1, -2, -3 and
#   R-V05-20261021-1 (on the spot, resolved 10-21: 0 days), -2 (resolved 10-29: 8 days) = 5, 1 on the
#   spot, 2 resolved, rate 2/5 = 0.4, median of (0, 8) = 4.  Open at 10-31: R-V05-20260807-1 (待办 since
#   August: overdue) and the three of 10-15 = 4, 1 overdue.  Services: 10-04 (V05-O03, no household)
#   2 h, 10-14 H00441 3, 10-22 (no household) 3, 10-27 H00426 0.5, 10-31 H00391 1 = 5, 9.5 hours,
#   3 households.  Activities: 10-17 篮球友谊赛 (41).  Disclosures 10-03 财务, 10-20 村务.
V05 = {"consultations": 2, "attendees": 77, "secretary_meetings": 0, "secretary_meeting_held": False,
       "requests_raised": 5, "answered_on_spot": 1, "requests_resolved": 2, "resolution_rate": 0.4,
       "median_days_to_resolve": 4.0, "open_at_month_end": 4, "overdue": 1, "referred": 0,
       "services": 5, "service_hours": 9.5, "households_served": 3, "activities": 1, "activity_participants": 41,
       "decisions_started": 0, "decisions_completed": 0, "decisions_stalled": 0,
       "disclosures": {"党务": 0, "村务": 1, "财务": 1}, "red_list": 0, "black_list": 0}
# The other three, for the total:
#   石桥村 V02: 1 consultation (书记龙门阵, 25); raised R-V02-20261007-1, -2, -3 (2 on the spot, resolved
#     10-07); open: R-V02-20260820-2, -3, R-V02-20260911-3, R-V02-20260914-1 (all before 10-01) and
#     R-V02-20261007-1 = 5, 4 overdue.  Services 10-09 H00212 1.5, 10-11 H00176 2, 10-11 H00176 3,
#     10-23 (none) 1 = 4, 7.5 h, 2 households; activity 10-23 (65).  D-V02-2026-01 proposed 10-08
#     (started).  Disclosures 10-09 财务, 10-15 党务, 10-30 村务.  Red H00167 (10-20), black H00168 (10-26).
#   青杠村 V03: 2 consultations (50 + 44 = 94, one 书记坝坝会); raised R-V03-20261008-1, -2 (on the spot)
#     and R-V03-20261015-1 (resolved 10-21, 6 days): 3 raised, 3 resolved; nothing open.  Services 10-10
#     H00271 1, 10-15 H00299 1, 10-18 H00257 2, 10-23 H00271 1, 10-25 H00306 2, 10-29 H00271 0.5 = 6,
#     7.5 h, 4 households; activities 10-15 (35), 10-31 (56).  Disclosure 10-08 财务.
#   金竹村 V04: 2 consultations (56 + 36 = 92, one 书记龙门阵); raised R-V04-20261010-1, -2, -3 and
#     R-V04-20261029-1, all still open (4, none overdue); resolved in October R-V04-20260906-1
#     (09-06 → 10-09: 24 + 9 = 33 days).  Services 10-11 H00377 2, 10-22 (none) 3, 10-30 H00364 0.5 = 3,
#     5.5 h, 2 households; no activity.  Disclosure 10-06 财务.
# Total: consultations 1+1+2+2+2 = 8, attendees 23+25+94+92+77 = 311, secretary meetings 4 (V05 none);
#   raised 2+3+3+4+5 = 17, on the spot 0+2+2+0+1 = 5, resolved 1+2+3+1+2 = 9; of the 17 raised, resolved
#   by 10-31: 0+2+3+0+2 = 7, 7/17 = 0.4118; days of the 9 resolved: 26; 0, 0; 0, 0, 6; 33; 0, 8 → sorted
#   0 0 0 0 0 6 8 26 33, median 0; open 5+5+0+4+4 = 18, overdue 3+4+0+0+1 = 8; referred 1.
#   Services 9+4+6+3+5 = 27, hours 14.5+7.5+7.5+5.5+9.5 = 44.5, households 4+2+4+2+3 = 15 (no household
#   is served in two villages); activities 3+1+2+0+1 = 7, participants 133+65+91+0+41 = 330.
#   Decisions started 1 (V02), completed 1 (V01), stalled 1 (V01); disclosures 党务 1+1 = 2,
#   村务 1+1+1 = 3 (V01, V02, V05), 财务 5; red 2+1 = 3, black 1+1 = 2.
TOTAL = {"consultations": 8, "attendees": 311, "secretary_meetings": 4, "requests_raised": 17, "answered_on_spot": 5,
         "requests_resolved": 9, "resolution_rate": 0.4118, "median_days_to_resolve": 0.0, "open_at_month_end": 18,
         "overdue": 8, "referred": 1, "services": 27, "service_hours": 44.5, "households_served": 15,
         "activities": 7, "activity_participants": 330, "decisions_started": 1, "decisions_completed": 1,
         "decisions_stalled": 1, "disclosures": {"党务": 2, "村务": 3, "财务": 5}, "red_list": 3, "black_list": 2}
# Requests raised in October by category: 民生实事 V01 1 + V02 1 + V05 3 = 5; 其他 V01 1 + V02 1 + V03 1
# + V04 2 = 5; 矛盾纠纷 V02 1; 环境治理 V03 1 + V05 1 = 2; 产业发展 V03 1 + V04 1 = 2; 干部作风 V04 1 + V05 1 = 2.
BY_CATEGORY = {"民生实事": 5, "其他": 5, "矛盾纠纷": 1, "环境治理": 2, "产业发展": 2, "干部作风": 2}


def test_october_report_hand_worked(cli, township):
    result = cli("report", "monthly", "--month", "2026-10", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    villages = {v["code"]: v for v in report["villages"]}
    assert list(villages) == ["V01", "V02", "V03", "V04", "V05"]
    assert {k: villages["V01"][k] for k in V01} == V01
    assert {k: villages["V05"][k] for k in V05} == V05
    assert {k: report["total"][k] for k in TOTAL} == TOTAL
    by_category = {row["category"]: row["requests_raised"] for row in report["by_category"]}
    assert {k: v for k, v in by_category.items() if v} == BY_CATEGORY


def test_the_other_reports_run(cli, township):
    for args in (("report", "micros", "--as-of", "2026-10-31"),
                 ("report", "party-life", "--quarter", "2026Q4"),
                 ("report", "trend", "--from", "2026-08", "--to", "2026-10")):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
        json_result = cli(*args, "--format", "json")
        assert json_result.exit_code == 0 and json.loads(json_result.output), args


def test_party_life_third_quarter_one_branch_short(cli, township):
    report = json.loads(cli("report", "party-life", "--quarter", "2026Q3", "--format", "json").output)
    # Every organization meets as required in July–September except 石桥村党支部: no 支委会 in August.
    assert len(report["organizations"]) == 44 and report["short"] == ["V02-P00"]
    (v02,) = [o for o in report["organizations"] if o["code"] == "V02-P00"]
    assert v02["meetings"]["branch_committee"] == {"held": 2, "required": 3, "met": 2}


def test_micros_report_coverage(cli, township):
    report = json.loads(cli("report", "micros", "--as-of", "2026-10-31", "--format", "json").output)
    text = json.dumps(report, ensure_ascii=False)
    # 37 of 39 groups have a 微阵地: 94.9 %.
    assert "94.9" in text


def test_party_meetings_generator_reproduces_the_file(tmp_path):
    out = tmp_path / "party_meetings.yaml"
    subprocess.run([sys.executable, str(EXAMPLES / "make_party_meetings.py"), str(out)], check=True, cwd=REPO)
    assert out.read_text(encoding="utf-8") == (EXAMPLES / "procedures" / "party_meetings.yaml").read_text(
        encoding="utf-8")


# --- the cron script ------------------------------------------------------------------------------

def _script_env(tmp_path, **extra) -> dict:
    """An environment without the installed console script, so the script falls back to python -m."""
    path = os.pathsep.join(p for p in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep)
                           if p and not (Path(p) / "village-gov").exists())
    env = {k: v for k, v in os.environ.items() if k not in ("VILLAGE_GOV", "REPORT_MONTH", "MONTH")}
    env.update({"PATH": path, "PYTHON": sys.executable, "PYTHONPATH": str(REPO),
                "VILLAGE_GOV_DB": str(tmp_path / "ledger.db"), "OUT": str(tmp_path / "reports"), **extra})
    assert shutil.which("village-gov", path=path) is None
    return env


def _run_script(env, *args):
    return subprocess.run(["bash", str(SCRIPT), *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)


def test_monthly_script_on_the_examples(tmp_path):
    env = _script_env(tmp_path, REPORT_MONTH="2026-10")
    first = _run_script(env)
    # The examples carry planted errors: reports written, exit 1.
    assert first.returncode == 1, first.stderr
    out = tmp_path / "reports"
    assert sorted(p.name for p in out.iterdir()) == [
        "check-2026-10.json", "micros-2026-10.md", "monthly-2026-10.html", "monthly-2026-10.json",
        "monthly-2026-10.md", "monthly-2026-10.xlsx"]
    monthly = json.loads((out / "monthly-2026-10.json").read_text(encoding="utf-8"))
    assert {k: monthly["total"][k] for k in TOTAL} == TOTAL
    check = json.loads((out / "check-2026-10.json").read_text(encoding="utf-8"))
    assert {(f["rule"], f["subject"], _detail(f)) for f in check["findings"]} == EXPECTED_FINDINGS
    assert "柳塘村" in (out / "monthly-2026-10.md").read_text(encoding="utf-8")
    assert "截至 2026-10-31 检查发现错误" in first.stderr
    # The month may also be given as an argument; a rerun imports nothing new and writes the same report.
    again = _run_script({**env, "REPORT_MONTH": "2026-09"}, "2026-10")
    assert again.returncode == 1 and "文件与上次导入相同，未作任何修改" in again.stdout
    assert json.loads((out / "monthly-2026-10.json").read_text(encoding="utf-8")) == monthly
    assert not (out / "monthly-2026-09.json").exists()


def _clean_roster(tmp_path) -> Path:
    """The first yaml block of docs/roster-format.md: a roster in which check finds nothing."""
    doc = (REPO / "docs" / "roster-format.md").read_text(encoding="utf-8")
    block = re.search(r"^```yaml\n(.*?)^```", doc, flags=re.S | re.M).group(1)
    folder = tmp_path / "clean"
    folder.mkdir()
    (folder / "roster.yaml").write_text(block, encoding="utf-8")
    return folder


def test_monthly_script_exit_0_without_errors(tmp_path):
    env = _script_env(tmp_path, ROSTER=str(_clean_roster(tmp_path)), LEDGERS="")
    result = _run_script(env, "2026-10")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "reports" / "monthly-2026-10.md").exists()


@pytest.mark.parametrize("month", ["2026-13", "2026-1", "October", "2026-10-01"])
def test_monthly_script_bad_month_exit_2(tmp_path, month):
    env = _script_env(tmp_path)
    result = _run_script(env, month)
    assert result.returncode == 2 and "月份有误" in result.stderr
    assert not (tmp_path / "ledger.db").exists() and not (tmp_path / "reports").exists()


def test_monthly_script_bad_input_exit_2(tmp_path, write_yaml):
    broken = write_yaml("townships:\n  - {code: T01, name: 白鹤镇, kind: 城}\n", "broken/roster.yaml").parent
    result = _run_script(_script_env(tmp_path, ROSTER=str(broken), LEDGERS=""), "2026-10")
    assert result.returncode == 2, result.stderr
    assert "roster.yaml:2" in result.stderr and not (tmp_path / "reports" / "monthly-2026-10.md").exists()
    missing = _run_script(_script_env(tmp_path, ROSTER=str(tmp_path / "nowhere")), "2026-10")
    assert missing.returncode == 2 and "找不到文件或文件夹" in missing.stderr


def test_monthly_script_database_error_exit_3(tmp_path):
    bad = tmp_path / "not-a-database.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    env = _script_env(tmp_path, VILLAGE_GOV_DB=str(bad), ROSTER=str(_clean_roster(tmp_path)), LEDGERS="")
    result = _run_script(env, "2026-10")
    assert result.returncode == 3, result.stderr
    assert not (tmp_path / "reports" / "monthly-2026-10.md").exists()
