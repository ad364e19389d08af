"""The micros' report figures against hand-worked values (fixture in micros.MICROS)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.helpers.micros import MICROS, TODAY
from village_gov.ledgers.micros.reports import MONTHLY_PROVIDER, micros_report, twelve_months
from village_gov.reports.monthly import load_providers
from village_gov.reports.registry import Period
from village_gov.store.db import open_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)


@pytest.fixture
def db(cli, small_roster, write_yaml, db_path):
    result = cli("import", small_roster, write_yaml(MICROS, "micros.yaml"))
    assert result.exit_code == 0, result.output
    database = open_db(db_path)
    yield database
    database.conn.close()


def test_provider_is_registered_with_the_monthly_report():
    assert MONTHLY_PROVIDER in load_providers()
    assert MONTHLY_PROVIDER.order == 40
    assert [k for k, _ in MONTHLY_PROVIDER.fields] == [
        "services", "service_hours", "households_served", "activities", "activity_participants"]


def test_monthly_figures_october(db):
    period = Period.month("2026-10")
    figures = MONTHLY_PROVIDER.compute(db, period, ["V1", "V2"], {})
    # V1 in October: S1 (10-01, 1.5 h, H2), S2 (10-15, 2 h, H2), S3 (10-31, no hours, H3): 3 services,
    #   3.5 hours, households {H2, H3} = 2.  S4 (11-01) is November's.  A1 (40) + A2 (25): 2 activities, 65.
    # V2 in October: S6 (10-20, 4 h, no household): 1 service, 4 hours, 0 households (S5 is 09-30).
    #   A4 (0 participants): 1 activity, 0.
    assert figures == {
        "V1": {"services": 3, "service_hours": 3.5, "households_served": 2, "activities": 2,
               "activity_participants": 65},
        "V2": {"services": 1, "service_hours": 4, "households_served": 0, "activities": 1,
               "activity_participants": 0},
    }
    total = MONTHLY_PROVIDER.total(db, period, ["V1", "V2"], figures, {})
    assert total == {"services": 4, "service_hours": 7.5, "households_served": 2, "activities": 3,
                     "activity_participants": 65}


def test_monthly_figures_september_and_a_quiet_village(db):
    figures = MONTHLY_PROVIDER.compute(db, Period.month("2026-09"), ["V1", "V2"], {})
    # September: S5 in V2 (3 h, H5); A3 in V1 (60 participants).
    assert figures["V1"] == {"services": 0, "service_hours": 0, "households_served": 0, "activities": 1,
                             "activity_participants": 60}
    assert figures["V2"] == {"services": 1, "service_hours": 3, "households_served": 1, "activities": 0,
                             "activity_participants": 0}
    # August: nothing anywhere; every village still has a row of zeros.
    assert MONTHLY_PROVIDER.compute(db, Period.month("2026-08"), ["V1", "V2"], {}) == {
        v: {"services": 0, "service_hours": 0, "households_served": 0, "activities": 0, "activity_participants": 0}
        for v in ("V1", "V2")}


def test_households_served_is_distinct_across_the_township(db):
    # H2 is served twice in October (S1, S2) and counted once; in V1 and in the total.
    period = Period.month("2026-10")
    assert MONTHLY_PROVIDER.compute(db, period, ["V1"], {})["V1"]["households_served"] == 2
    assert MONTHLY_PROVIDER.total(db, period, ["V1"], None, {})["households_served"] == 2


def test_twelve_months_window():
    assert twelve_months(dt.date(2026, 10, 31)) == (dt.date(2025, 11, 1), dt.date(2026, 10, 31))
    assert twelve_months(dt.date(2028, 2, 29)) == (dt.date(2027, 3, 1), dt.date(2028, 2, 29))


def test_report_micros_figures(db):
    report = micros_report(db, dt.date(2026, 10, 31))
    assert (report["from"], report["to"]) == ("2025-11-01", "2026-10-31")
    assert report["township"] == {"code": "T1", "name": "青竹镇"}
    v1, v2 = report["villages"]
    # Positions: V1 has PS1 (主阵地) and PS2 (G1); V2 has PS3 (G3, opened 2026-09-15).
    # Coverage: V1 1 of 2 groups = 50.0 %; V2 1 of 1 = 100.0 %; township 2 of 3 = 66.7 %.
    # Organizations: V1 O1–O4 self-governance + O5 social; V2 O6 self-governance.
    # 12 months (2025-11-01 … 2026-10-31): V1 services S1, S2, S3 (3, 3.5 h, {H2, H3}); activities
    #   A1, A2, A3 (40 + 25 + 60 = 125).  V2 services S5, S6 (2, 3 + 4 = 7 h, {H5}); activity A4 (0).
    assert v1 == {
        "code": "V1",
        "name": "百家池村",
        "main_positions": 1,
        "micro_positions": 1,
        "groups": 2,
        "groups_covered": 1,
        "group_coverage_pct": 50.0,
        "organizations": 5,
        "orgs_self_governance": 4,
        "orgs_mass": 0,
        "orgs_social": 1,
        "self_governance_present": ["村民议事会", "红白理事会", "道德评议会", "禁毒禁赌会"],
        "self_governance_missing": [],
        "services": 3,
        "service_hours": 3.5,
        "households_served": 2,
        "activities": 3,
        "activity_participants": 125,
    }
    assert v2 == {
        "code": "V2", "name": "青龙村", "main_positions": 0, "micro_positions": 1, "groups": 1,
        "groups_covered": 1, "group_coverage_pct": 100.0, "organizations": 1, "orgs_self_governance": 1,
        "orgs_mass": 0, "orgs_social": 0, "self_governance_present": ["村民议事会"],
        "self_governance_missing": ["红白理事会", "道德评议会", "禁毒禁赌会"], "services": 2, "service_hours": 7,
        "households_served": 1, "activities": 1, "activity_participants": 0}
    assert report["total"] == {
        "main_positions": 1, "micro_positions": 2, "groups": 3, "groups_covered": 2, "group_coverage_pct": 66.7,
        "organizations": 6, "orgs_self_governance": 5, "orgs_mass": 0, "orgs_social": 1, "villages": 2,
        "villages_self_governance_complete": 1, "services": 5, "service_hours": 10.5, "households_served": 3,
        "activities": 4, "activity_participants": 125}


def test_report_micros_as_of_an_earlier_date(db):
    # On 2026-09-01 PS3 (opened 09-15) is not there yet: V2 has no micro-position and 0/1 coverage.
    # O5 (founded 2023-03-05) counts.  12 months 2025-09-02 … 2026-09-01: only A3 (09-01, 60).
    report = micros_report(db, dt.date(2026, 9, 1))
    v2 = report["villages"][1]
    assert (v2["micro_positions"], v2["groups_covered"], v2["group_coverage_pct"]) == (0, 0, 0.0)
    assert report["total"]["groups_covered"] == 1 and report["total"]["group_coverage_pct"] == 33.3
    assert (report["total"]["services"], report["total"]["activities"], report["total"]["activity_participants"]) \
        == (0, 1, 60)


def test_report_micros_command_json_csv_markdown(cli, db):
    result = cli("report", "micros", "--as-of", "2026-10-31", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["total"]["services"] == 5
    result = cli("report", "micros", "--as-of", "2026-10-31", "--format", "csv")
    lines = result.output.splitlines()
    assert lines[0].startswith("code,name,main_positions,micro_positions,groups,groups_covered")
    assert lines[2] == "V2,青龙村,0,1,1,1,100.0,1,1,0,0,村民议事会,红白理事会;道德评议会;禁毒禁赌会,2,7.0,1,1,0"
    assert lines[3].startswith("total,合计,1,2,3,2,66.7,6,5,0,1,,,5,10.5,3,4,125")
    result = cli("--lang", "en", "report", "micros", "--as-of", "2026-10-31", "--format", "markdown")
    assert "## Positions and organizations (as of 2026-10-31)" in result.output
    assert "| 青龙村 | 0 | 1 | 1/1 | 100 | 1 | 0 | 0 | 红白理事会、道德评议会、禁毒禁赌会 |" in result.output
    assert "| total | 5 | 10.5 | 3 | 4 | 125 |" in result.output


def test_report_micros_table_fits_80_columns(cli, db):
    result = cli("report", "micros", "--as-of", "2026-10-31")
    assert result.exit_code == 0, result.output
    assert "青龙村 缺少：红白理事会、道德评议会、禁毒禁赌会" in result.output
    assert "必备自治组织齐全的村：1/2" in result.output
    from rich.cells import cell_len

    assert max(cell_len(line) for line in result.output.splitlines()) <= 80


def test_report_micros_bad_date(cli, db):
    result = cli("report", "micros", "--as-of", "yesterday")
    assert result.exit_code == 2
    assert "--as-of 应为日期" in result.stderr
