"""decision / disclose / party-meeting / points / moral commands: results, refusals (exit 2, nothing written)."""

from __future__ import annotations

import json

import pytest

from tests.helpers.db import settled_digest
from tests.helpers.procedures import ROSTER


@pytest.fixture
def roster(cli, write_yaml, db_path):
    assert cli("import", write_yaml(ROSTER, "roster.yaml")).exit_code == 0
    return db_path


def refused(cli, db_path, args, *expected):
    before = settled_digest(db_path)
    result = cli(*args)
    assert result.exit_code == 2, result.output
    for text in expected:
        assert text in result.stderr, result.stderr
    assert settled_digest(db_path) == before
    return result


def open_decision(cli):
    result = cli("decision", "new", "D1", "--village", "V01", "--title", "三组道路硬化", "--date", "2026-07-01",
                 "--supervisor", "村务监督委员会")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "D1"


def test_decision_step_by_step_and_timeline(cli, roster):
    open_decision(cli)
    assert cli("decision", "step", "D1", "deliberated", "--date", "2026-07-05").exit_code == 0
    assert cli("decision", "step", "D1", "党员大会审议", "--date", "2026-07-10", "--due", "12", "--present", "9",
               "--approve", "8", "--oppose", "1", "--abstain", "0").exit_code == 0
    shown = json.loads(cli("decision", "show", "D1", "--format", "json").output)
    assert [(s["step"], s["date"], s["days"]) for s in shown["steps"]] == [
        ("proposed", "2026-07-01", None), ("deliberated", "2026-07-05", 4), ("reviewed", "2026-07-10", 5),
        ("resolved", None, None), ("resolution_published", None, None), ("result_published", None, None)]
    table = cli("decision", "show", "D1").output
    assert "● 2026-07-10  党员大会审议  (+5 天)" in table
    assert "应到 12 · 实到 9 · 赞成 8 · 反对 1 · 弃权 0" in table
    assert "○             实施结果公开" in table
    english = cli("--lang", "en", "decision", "show", "D1").output
    assert "reviewed by the party members' assembly  (+5 days)" in english


def test_decision_list_and_stalled(cli, roster):
    open_decision(cli)
    cli("decision", "new", "D2", "--village", "V02", "--title", "河堤护栏", "--date", "2026-09-01")
    # As of 2026-10-01: D1 idle 92 days (from 07-01), D2 idle 30 days (not yet stalled).
    listed = json.loads(cli("decision", "list", "--as-of", "2026-10-01", "--format", "json").output)
    assert [(d["code"], d["idle_days"], d["status"]) for d in listed] == [("D1", 92, "stalled"), ("D2", 30, "open")]
    stalled = json.loads(cli("decision", "list", "--stalled", "--as-of", "2026-10-01", "--format", "json").output)
    assert [d["code"] for d in stalled] == ["D1"]
    assert cli("decision", "list", "--village", "V02", "--format", "csv").output.splitlines()[1].startswith("D2,V02")


@pytest.mark.parametrize("args, expected", [
    (["decision", "new", "D1", "--village", "V01", "--title", "x", "--date", "2026-07-02"], ["D1 已存在"]),
    (["decision", "new", "D9", "--village", "V77", "--title", "x", "--date", "2026-07-02"], ["V77", "[D9]"]),
    (["decision", "new", "D9", "--village", "V01", "--title", "x", "--date", "2026-02-30"], ["date", "[D9]"]),
    (["decision", "step", "D1", "reviewed", "--date", "2026-07-10", "--due", "12", "--present", "9",
      "--approve", "8", "--oppose", "1", "--abstain", "0"], ["deliberated", "[D1]"]),
    (["decision", "step", "D1", "deliberated", "--date", "2026-06-30"], ["2026-06-30", "proposed", "[D1]"]),
    (["decision", "step", "D1", "proposed", "--date", "2026-07-02"], ["已记录步骤 proposed", "[D1]"]),
    (["decision", "step", "D1", "publish", "--date", "2026-07-02"], ["未知步骤 publish"]),
    (["decision", "step", "D404", "deliberated", "--date", "2026-07-02"], ["找不到决策事项 D404"]),
    (["decision", "step", "D1", "deliberated", "--date", "2026-07-02", "--due", "3"], ["due", "[D1]"]),
    (["decision", "show", "D404"], ["D404"]),
])
def test_decision_refusals(cli, roster, args, expected):
    open_decision(cli)
    refused(cli, roster, args, *expected)


def test_vote_counts_refused_on_step(cli, roster):
    open_decision(cli)
    cli("decision", "step", "D1", "deliberated", "--date", "2026-07-05")
    refused(cli, roster, ["decision", "step", "D1", "reviewed", "--date", "2026-07-10", "--due", "12",
                          "--present", "13", "--approve", "8", "--oppose", "1", "--abstain", "0"],
            "实到 13 人多于应到 12 人", "[D1]")
    refused(cli, roster, ["decision", "step", "D1", "reviewed", "--date", "2026-07-10", "--due", "12",
                          "--present", "9", "--approve", "8", "--oppose", "1", "--abstain", "1"],
            "合计 10 票，多于实到 9 人", "[D1]")
    refused(cli, roster, ["--lang", "en", "decision", "step", "D1", "resolved", "--date", "2026-07-12",
                          "--body", "村民代表会议", "--due", "30", "--present", "24", "--approve", "20",
                          "--oppose", "2", "--abstain", "2"],
            "step resolved is recorded but the step before it, reviewed, is not", "[D1]")
    refused(cli, roster, ["--lang", "en", "decision", "step", "D1", "reviewed", "--date", "2026-07-12"],
            "missing required field steps.reviewed.due", "[D1]")


def test_disclose_and_party_meeting(cli, roster):
    assert cli("disclose", "add", "--village", "V01", "--date", "2026-10-05", "--kind", "finance",
               "--items", "9月收支").stdout.strip() == "DS-V01-20261005-1"
    assert cli("disclose", "add", "--village", "V01", "--date", "2026-10-05", "--kind", "党务").stdout.strip() \
        == "DS-V01-20261005-2"
    listed = json.loads(cli("disclose", "list", "--kind", "财务", "--format", "json").output)
    assert [(d["code"], d["channel"]) for d in listed] == [("DS-V01-20261005-1", "公开栏")]
    assert cli("party-meeting", "log", "--org", "V02-P00", "--date", "2026-10-08", "--kind", "支委会",
               "--due", "5", "--present", "4").stdout.strip() == "PM-V02-P00-20261008-1"
    listed = json.loads(cli("party-meeting", "list", "--village", "V02", "--format", "json").output)
    assert [(m["kind"], m["due"], m["present"]) for m in listed] == [("支委会", 5, 4)]


@pytest.mark.parametrize("args, expected", [
    (["disclose", "add", "--village", "V01", "--date", "2026-10-05", "--kind", "财物"], ["财物"]),
    (["disclose", "add", "--village", "V09", "--date", "2026-10-05", "--kind", "财务"], ["V09"]),
    (["disclose", "add", "--village", "V01", "--date", "2026-10-05", "--kind", "财务", "--code", "X1",
      "--channel", "广播"], ["广播", "[X1]"]),
    (["disclose", "list", "--kind", "财物"], ["财物"]),
    (["party-meeting", "log", "--org", "V02-P00", "--date", "2026-10-08", "--kind", "支委会", "--due", "5",
      "--present", "6"], ["实到 6 人多于应到 5 人"]),
    (["party-meeting", "log", "--org", "P404", "--date", "2026-10-08", "--kind", "支委会", "--due", "5",
      "--present", "5"], ["P404"]),
    (["party-meeting", "log", "--org", "V02-P00", "--date", "2026-10-08", "--kind", "茶话会", "--due", "5",
      "--present", "5"], ["茶话会"]),
    (["points", "ranking", "--village", "V09", "--month", "2026-10"], ["V09"]),
    (["points", "ranking", "--village", "V01", "--month", "2026-13"], ["2026-13"]),
    (["points", "show", "H404"], ["H404"]),
    (["report", "party-life", "--quarter", "2026Q5"], ["2026Q5"]),
    (["report", "party-life", "--quarter", "2026Q4", "--require", "茶话会=month"], ["茶话会"]),
])
def test_other_refusals(cli, roster, args, expected):
    refused(cli, roster, args, *expected)


POINTS = """
moral_list:
  - {code: ML1, date: 2026-10-12, village: V01, household: H00001, list: 红榜, reason: 孝老爱亲, published: true}
  - {code: ML2, date: 2026-10-12, village: V01, household: H00003, list: 黑榜, reason: 乱倒建筑垃圾}
  - {code: ML3, date: 2026-11-10, village: V02, household: H00168, list: 黑榜, reason: 酒后滋事}
points:
  - {code: PT1, date: 2026-09-15, household: H00001, points: 5}
  - {code: PT2, date: 2026-10-05, household: H00001, points: 10}
  - {code: PT3, date: 2026-10-05, household: H00002, points: 10}
  - {code: PT4, date: 2026-10-12, household: H00002, points: 5}
  - {code: PT5, date: 2026-10-12, household: H00003, points: -10, rule: 第五条}
  - {code: PT6, date: 2026-10-20, household: H00004, points: 5}
  - {code: PT7, date: 2026-11-03, household: H00005, points: 20}
"""


def test_points_ranking_hand_worked(cli, roster, write_yaml):
    assert cli("import", write_yaml(POINTS, "points.yaml")).exit_code == 0
    ranking = json.loads(cli("points", "ranking", "--village", "V01", "--month", "2026-10", "--format", "json").output)
    # Balances at 10-31: H00001 5+10 = 15 (10 in October); H00002 10+5 = 15; H00004 5; H00005 0 (its points
    # come on 11-03); H00003 -10.  H00001 and H00002 share rank 1, so the next rank is 3.
    assert [(r["rank"], r["household"], r["month_points"], r["balance"]) for r in ranking] == [
        (1, "H00001", 10, 15), (1, "H00002", 15, 15), (3, "H00004", 5, 5), (4, "H00005", 0, 0),
        (5, "H00003", -10, -10)]


def test_points_show_ledger_and_black_list_masking(cli, roster, write_yaml):
    cli("import", write_yaml(POINTS, "points.yaml"))
    ledger = json.loads(cli("points", "show", "H00001", "--format", "json").output)
    assert [(e["code"], e["points"], e["balance"]) for e in ledger["points"]] == [("PT1", 5, 5), ("PT2", 10, 15)]
    assert [m["list"] for m in ledger["moral_list"]] == ["红榜"]
    masked = json.loads(cli("points", "show", "H00003", "--format", "json").output)
    assert masked["moral_list"] == [] and masked["balance"] == -10
    unmasked = json.loads(cli("points", "show", "H00003", "--format", "json", "--unmask").output)
    assert [(m["code"], m["list"]) for m in unmasked["moral_list"]] == [("ML2", "黑榜")]
    table = cli("points", "show", "H00003").output
    assert "乱倒建筑垃圾" not in table and "--unmask" in table


def test_moral_list_black_entries_only_as_counts_unless_unmasked(cli, roster, write_yaml):
    cli("import", write_yaml(POINTS, "points.yaml"))
    masked = cli("moral", "list", "--format", "json").output
    data = json.loads(masked)
    assert [e["code"] for e in data["entries"]] == ["ML1"]
    assert data["black_list_counts"] == [{"village": "V01", "list": "黑榜", "entries": 1},
                                         {"village": "V02", "list": "黑榜", "entries": 1}]
    assert "H00003" not in masked and "何继先" not in masked and "H00168" not in masked
    table = cli("moral", "list").output
    assert "何继先" not in table and "陈树林" not in table and "毛明富" in table
    unmasked = json.loads(cli("moral", "list", "--unmask", "--month", "2026-10", "--format", "json").output)
    assert [(e["code"], e["household"]) for e in unmasked["entries"]] == [("ML1", "H00001"), ("ML2", "H00003")]


def test_future_dates_are_refused(cli, roster, write_yaml, monkeypatch):
    # Today is pinned to 2026-10-31: a disclosure dated 11-01 is refused from the terminal and from
    # YAML; a decision step dated 11-01 likewise (at the step); 10-31 itself is accepted.
    monkeypatch.setenv("VILLAGE_GOV_TODAY", "2026-10-31")
    refused(cli, roster, ("disclose", "add", "--village", "V01", "--date", "2026-11-01", "--kind", "财务"),
            "2026-11-01")
    path = write_yaml("""
        decisions:
          - code: DF
            village: V01
            title: 未来的决策
            steps:
              proposed: {date: 2026-10-30}
              deliberated: {date: 2026-11-01}
        """, "future.yaml")
    refused(cli, roster, ("import", path), "future.yaml:7:", "deliberated的日期2026-11-01晚于今天", "[DF]")
    assert cli("disclose", "add", "--village", "V01", "--date", "2026-10-31", "--kind", "财务").exit_code == 0
