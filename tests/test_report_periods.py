"""Periods not over yet: reports say so in every format, and rules on a period's total wait for its end.

Data: the small township (rosters.SMALL_ROSTER) with helpers/consult.py's ledger (V1 百家池村, V2 青龙村, V3 白果村; nothing
dated in November but two resolutions, R4 on 11-01 and R8 on 11-05), and the example township's
三会一课 (every organization held each monthly meeting up to October 2026, nothing after).  The
ledger is imported on the real clock; the reports then run with ``$VILLAGE_GOV_TODAY`` set.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.consult import CONSULTATIONS, EXTRA_VILLAGE

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
OPEN_NOV = "截至 2026-11-20，本月尚未结束"


@pytest.fixture
def ledger(cli, write_yaml, small_roster):
    result = cli("import", small_roster, write_yaml(EXTRA_VILLAGE, "v3.yaml"),
                 write_yaml(CONSULTATIONS, "consultations.yaml"))
    assert result.exit_code == 0, result.output


@pytest.fixture
def party(cli):
    result = cli("import", EXAMPLES / "roster", EXAMPLES / "procedures")
    assert result.exit_code == 0, result.output


def today(monkeypatch, day: str) -> None:
    monkeypatch.setenv("VILLAGE_GOV_TODAY", day)


def run(cli, *args):
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result


# --- report monthly --------------------------------------------------------------------------------------

def test_current_month_says_it_is_not_over_in_table_markdown_and_json(cli, ledger, monkeypatch):
    today(monkeypatch, "2026-11-20")
    table = run(cli, "report", "monthly", "--month", "2026-11").output
    assert OPEN_NOV in table
    markdown = run(cli, "report", "monthly", "--month", "2026-11", "-f", "markdown").output
    assert f"> **{OPEN_NOV}**" in markdown
    report = json.loads(run(cli, "report", "monthly", "--month", "2026-11", "-f", "json").output)
    assert (report["period_complete"], report["period_started"], report["as_of"]) == (False, True, "2026-11-20")
    english = run(cli, "--lang", "en", "report", "monthly", "--month", "2026-11").output
    assert "As of 2026-11-20, this month is not over yet" in english


def test_month_not_begun_says_so(cli, ledger, monkeypatch):
    today(monkeypatch, "2026-11-20")
    table = run(cli, "report", "monthly", "--month", "2026-12").output
    assert "截至 2026-11-20，本月尚未开始" in table
    report = json.loads(run(cli, "report", "monthly", "--month", "2026-12", "-f", "json").output)
    assert (report["period_complete"], report["period_started"], report["as_of"]) == (False, False, "2026-11-20")


def test_complete_month_has_no_warning(cli, ledger, monkeypatch):
    today(monkeypatch, "2026-11-20")
    report = json.loads(run(cli, "report", "monthly", "--month", "2026-10", "-f", "json").output)
    assert report["period_complete"] is True and "as_of" not in report and "period_started" not in report
    assert "尚未" not in run(cli, "report", "monthly", "--month", "2026-10").output
    # The last day of the month is still part of it: on 10-31 October is not over, on 11-01 it is.
    today(monkeypatch, "2026-10-31")
    assert json.loads(run(cli, "report", "monthly", "--month", "2026-10", "-f", "json").output)[
        "period_complete"] is False


def test_meeting_not_held_yet_is_in_progress_not_missed(cli, ledger, monkeypatch):
    # November: no consultation in any of the three villages.
    today(monkeypatch, "2026-11-20")
    table = run(cli, "report", "monthly", "--month", "2026-11").output
    assert "✗" not in table and "本月未开" not in table
    assert "…＝进行中：3个村本月尚未开书记坝坝会/龙门阵" in table
    held = [line for line in table.splitlines() if line.startswith(("V1 ", "V2 ", "V3 "))][:3]
    assert len(held) == 3 and all(line.rstrip().endswith("…") for line in held), held
    # JSON keeps the fact (not held so far); only the verdict waits.
    report = json.loads(run(cli, "report", "monthly", "--month", "2026-11", "-f", "json").output)
    assert [v["secretary_meeting_held"] for v in report["villages"]] == [False, False, False]
    # Once November is over the same villages have missed it.
    today(monkeypatch, "2026-12-01")
    table = run(cli, "report", "monthly", "--month", "2026-11").output
    assert "✗ 3 个村本月未开书记坝坝会/龙门阵：百家池村、青龙村、白果村" in table


def test_open_and_overdue_of_a_running_month_are_judged_today(cli, ledger, monkeypatch):
    # On 11-03, V1's open requests are R3 (raised 10-08, 待办) and R8 (raised 09-20, resolved only on
    # 11-05): 2; overdue (raised before 10-04, 30 days before 11-03): R8 only.  Judged at 11-30 instead,
    # R8 is resolved: open 1 (R3), overdue 1 (R3, raised more than 30 days before 11-30).
    today(monkeypatch, "2026-11-03")
    v1 = json.loads(run(cli, "report", "monthly", "--month", "2026-11", "--village", "V1", "-f", "json").output)
    assert (v1["villages"][0]["open_at_month_end"], v1["villages"][0]["overdue"]) == (2, 1)
    today(monkeypatch, "2026-12-01")
    v1 = json.loads(run(cli, "report", "monthly", "--month", "2026-11", "--village", "V1", "-f", "json").output)
    assert (v1["villages"][0]["open_at_month_end"], v1["villages"][0]["overdue"]) == (1, 1)


def test_csv_rows_stay_plain_and_the_warning_goes_to_stderr(cli, ledger, monkeypatch):
    today(monkeypatch, "2026-11-20")
    result = run(cli, "report", "monthly", "--month", "2026-11", "-f", "csv")
    assert result.stdout.startswith("month,township,code,name,") and "尚未" not in result.stdout
    assert OPEN_NOV in result.stderr


def test_trend_says_its_last_month_is_not_over(cli, ledger, monkeypatch):
    today(monkeypatch, "2026-11-20")
    table = run(cli, "report", "trend", "--from", "2026-09", "--to", "2026-11").output
    assert "截至 2026-11-20，最后一个月 2026-11 尚未结束" in table
    trend = json.loads(run(cli, "report", "trend", "--from", "2026-09", "--to", "2026-11", "-f", "json").output)
    assert (trend["period_complete"], trend["as_of"]) == (False, "2026-11-20")
    done = json.loads(run(cli, "report", "trend", "--from", "2026-09", "--to", "2026-10", "-f", "json").output)
    assert done["period_complete"] is True and "as_of" not in done


# --- report party-life --------------------------------------------------------------------------------

def test_current_quarter_is_not_failed_for_its_own_count(cli, party, monkeypatch):
    # On 11-20 only October is over: monthly kinds require 1 (October, held by everyone); the quarterly
    # 党员大会 and the yearly 党课 are not required yet; November and December are pending.
    today(monkeypatch, "2026-11-20")
    report = json.loads(run(cli, "report", "party-life", "--quarter", "2026Q4", "-f", "json").output)
    assert (report["period_complete"], report["as_of"], report["to"]) == (False, "2026-11-20", "2026-11-20")
    assert report["short"] == []
    assert report["pending"] == {"members_assembly": 1, "branch_committee": 2, "group_meeting": 2,
                                 "party_lecture": 1, "party_day": 2}
    for org in report["organizations"]:
        assert org["in_progress"] is True, org["code"]
        for kind, figures in org["meetings"].items():
            expected = 1 if kind in ("branch_committee", "group_meeting", "party_day") else 0
            assert figures["required"] == expected == figures["met"], (org["code"], kind, figures)
    table = run(cli, "report", "party-life", "--quarter", "2026Q4").output
    assert "截至 2026-11-20，本季度尚未结束" in table and "✗" not in table
    assert "0 个未达要求" in table
    # On 12-01 November is over and nobody held November's meetings: every organization falls short.
    today(monkeypatch, "2026-12-01")
    later = json.loads(run(cli, "report", "party-life", "--quarter", "2026Q4", "-f", "json").output)
    assert len(later["short"]) == len(later["organizations"]) > 0


def test_quarter_not_begun_asks_for_nothing(cli, party, monkeypatch):
    today(monkeypatch, "2026-11-20")
    report = json.loads(run(cli, "report", "party-life", "--quarter", "2027Q1", "-f", "json").output)
    assert (report["period_complete"], report["period_started"]) == (False, False)
    assert report["short"] == []
    assert all(f["required"] == 0 for o in report["organizations"] for f in o["meetings"].values())
    assert "截至 2026-11-20，本季度尚未开始" in run(cli, "report", "party-life", "--quarter", "2027Q1").output


def test_as_of_inside_the_quarter_says_the_quarter_is_judged_part_way(cli, party, monkeypatch):
    today(monkeypatch, "2027-02-01")
    report = json.loads(run(cli, "report", "party-life", "--quarter", "2026Q4", "--as-of", "2026-10-31",
                            "-f", "json").output)
    assert (report["period_complete"], report["as_of"]) == (False, "2026-10-31")
    whole = json.loads(run(cli, "report", "party-life", "--quarter", "2026Q4", "--as-of", "2026-12-31",
                           "-f", "json").output)
    assert whole["period_complete"] is True and "as_of" not in whole
