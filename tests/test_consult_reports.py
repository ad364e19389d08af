"""The monthly report and the trend against figures worked out by hand (see helpers/consult.py)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rich.cells import cell_len

from tests.helpers.consult import CONSULTATIONS, EXTRA_VILLAGE, OCTOBER, OCTOBER_BY_CATEGORY, OCTOBER_TOTAL, TREND
from tests.helpers.rosters import SMALL_ROSTER

FIELDS = list(OCTOBER["V1"])


@pytest.fixture
def month_db(cli, write_yaml):
    paths = [write_yaml(SMALL_ROSTER, "roster.yaml"), write_yaml(EXTRA_VILLAGE, "v3.yaml"),
             write_yaml(CONSULTATIONS, "consultations.yaml")]
    result = cli("import", *paths)
    assert result.exit_code == 0, result.output
    return paths


def monthly_json(cli, *args):
    result = cli("report", "monthly", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_monthly_json_shape_and_every_definition(cli, month_db):
    report = monthly_json(cli, "--month", "2026-10")
    assert list(report) == ["month", "period_complete", "township", "villages", "total", "by_category",
                            "audit_head"]
    assert report["month"] == "2026-10"
    assert report["township"] == {"code": "T1", "name": "青竹镇"}
    assert [v["code"] for v in report["villages"]] == ["V1", "V2", "V3"]  # V3: no activity, still listed
    for row in report["villages"]:
        # The consultation and request figures come first; the other ledgers' figures follow them.
        assert list(row)[:2 + len(FIELDS)] == ["code", "name", *FIELDS]
        assert {k: row[k] for k in FIELDS} == OCTOBER[row["code"]], row["code"]
    assert {k: report["total"][k] for k in OCTOBER_TOTAL} == OCTOBER_TOTAL
    assert {c["category"]: c["requests_raised"] for c in report["by_category"]} == OCTOBER_BY_CATEGORY


def test_overdue_days_option(cli, month_db):
    # With 60 days, R8 (raised 09-20, 41 days before 10-31) is no longer overdue; R7 (08-25, 67 days) still is.
    report = monthly_json(cli, "--month", "2026-10", "--overdue-days", "60")
    assert [v["overdue"] for v in report["villages"]] == [0, 1, 0]


def test_november_last_day_and_first_day_edges(cli, month_db):
    # R4 raised 10-31 and resolved 11-01 counts as resolved in November (1 day); R8 resolved 11-05 (46 days).
    report = monthly_json(cli, "--month", "2026-11", "--village", "V1")
    v1 = report["villages"][0]
    assert [v["code"] for v in report["villages"]] == ["V1"]
    assert (v1["requests_resolved"], v1["median_days_to_resolve"], v1["requests_raised"]) == (2, 23.5, 0)
    assert v1["resolution_rate"] is None  # none raised in November
    assert (v1["open_at_month_end"], v1["overdue"]) == (1, 1)  # R3, raised 10-08


def test_trend_month_by_month(cli, month_db):
    result = cli("report", "trend", "--from", "2026-08", "--to", "2026-11", "--format", "json")
    assert result.exit_code == 0, result.output
    trend = json.loads(result.output)
    assert trend["scope"] == {"kind": "township", "code": "T1", "name": "青竹镇"}
    months = {m["month"]: m for m in trend["months"]}
    assert list(months) == list(TREND)
    for month, expected in TREND.items():
        assert {k: months[month][k] for k in expected} == expected, month
    csv_result = cli("report", "trend", "--from", "2026-08", "--to", "2026-11", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(csv_result.stdout)))  # a month not over is said on stderr
    assert [r["month"] for r in rows] == list(TREND) and rows[2]["resolution_rate"] == "0.4"


def test_trend_of_one_village_and_sparkline(cli, month_db):
    result = cli("report", "trend", "--from", "2026-09", "--to", "2026-10", "--village", "V2", "-f", "json")
    months = json.loads(result.output)["months"]
    # V2: September C4 (龙门阵) held; October only 民情恳谈.
    assert [m["secretary_meeting_held"] for m in months] == [True, False]
    table = cli("report", "trend", "--from", "2026-08", "--to", "2026-11")
    assert table.exit_code == 0
    consult_line = next(line for line in table.output.splitlines() if line.startswith("议事"))
    assert "▁▃█▁" in consult_line  # 0, 1, 3, 0 consultations
    header = next(line for line in table.output.splitlines() if line.startswith("指标"))
    assert header.split() == ["指标", "走势", "2026-08", "2026-11", "最低", "最高"]
    english = cli("--lang", "en", "report", "trend", "--from", "2026-08", "--to", "2026-11")
    assert next(line for line in english.output.splitlines() if line.startswith("figure")).split()[-2:] == [
        "min",
        "max",
    ]


def _table_blocks(output: str) -> list[list[str]]:
    """Lines of each rich table: from the header line above a ─── rule to the next blank/non-table line."""
    lines = output.splitlines()
    blocks = []
    for i, line in enumerate(lines):
        if line.startswith("─"):
            block = [lines[i - 1], line]
            for following in lines[i + 1:]:
                if not following.strip() or following.startswith(("✗", "本月", "requests raised")):
                    break
                block.append(following)
            blocks.append(block)
    return blocks


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_lines_up_in_80_columns(cli, month_db, lang):
    result = cli("--lang", lang, "report", "monthly", "--month", "2026-10")
    assert result.exit_code == 0, result.output
    blocks = _table_blocks(result.output)
    from village_gov.reports.monthly import load_providers

    assert len(blocks) == len(load_providers()) + 1  # one table per ledger's figures, then requests by category
    for block in blocks:
        widths = {cell_len(line.rstrip()) for line in block[2:]} | {cell_len(block[1])}
        assert max(widths) <= 80, block
        # Right-aligned figures: every row ends at the rule's end.
        assert all(cell_len(line.rstrip()) == cell_len(block[1]) for line in block[2:]), block
    assert "…" not in result.output  # nothing cut
    flag = "青龙村、白果村"
    assert flag in result.output
    if lang == "en":
        assert "held no" in result.output and "total" in result.output
    else:
        assert "未开书记坝坝会" in result.output and "合计" in result.output


def test_csv_markdown_and_output_file(cli, month_db, tmp_path):
    result = cli("report", "monthly", "--month", "2026-10", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))  # the audit head goes to stderr
    assert [r["code"] for r in rows] == ["V1", "V2", "V3", ""]
    assert rows[-1]["name"] == "total" and rows[-1]["resolution_rate"] == "0.4"
    assert rows[2]["median_days_to_resolve"] == "" and rows[1]["secretary_meeting_held"] == "false"
    markdown = cli("report", "monthly", "--month", "2026-10", "--format", "markdown").output
    assert "| V2 | 青龙村 | 1 | 0 | 1 | 0% | 25 | 1 | 1 | 1 |" in markdown
    target = tmp_path / "out" / "2026-10.json"
    result = cli("report", "monthly", "--month", "2026-10", "-f", "json", "--output", target)
    assert result.exit_code == 0
    total = json.loads(target.read_text(encoding="utf-8"))["total"]
    assert {k: total[k] for k in OCTOBER_TOTAL} == OCTOBER_TOTAL


def _consult_figures(total: dict) -> dict:
    """The consultation and request figures of a total (the other ledgers add theirs beside them)."""
    return {k: total[k] for k in OCTOBER_TOTAL}


def test_several_townships(cli, month_db, write_yaml):
    second = write_yaml("""
        townships:
          - {code: T2, name: 瑞峰镇, kind: 镇}
        villages:
          - {code: W1, name: 新桥村, township: T2}
        consultations:
          - {code: CW1, village: W1, date: 2026-10-03, format: 书记坝坝会, attendees: 8,
             requests: [{code: RW1, content: 修桥, resolved: 2026-10-13}]}
        """, "t2.yaml")
    assert cli("import", second).exit_code == 0
    report = monthly_json(cli, "--month", "2026-10")
    assert list(report) == ["month", "period_complete", "townships", "total", "by_category", "audit_head"]
    t1, t2 = report["townships"]
    assert t1["township"]["code"] == "T1" and _consult_figures(t1["total"]) == OCTOBER_TOTAL
    assert [v["code"] for v in t2["villages"]] == ["W1"]
    assert t2["total"]["requests_resolved"] == 1 and t2["total"]["median_days_to_resolve"] == 10.0
    # Overall: 6 raised, 3 of T1 + RW1 resolved by month end → 3/6; medians over 0, 10, 12, 25 → 11.
    total = report["total"]
    assert (total["requests_raised"], total["resolution_rate"], total["median_days_to_resolve"]) == (6, 0.5, 11.0)
    assert total["secretary_meeting_held"] == 2 and total["consultations"] == 4
    one = monthly_json(cli, "--month", "2026-10", "--township", "T1")
    assert list(one) == ["month", "period_complete", "township", "villages", "total", "by_category",
                         "audit_head"] and _consult_figures(one["total"]) == OCTOBER_TOTAL
    table = cli("report", "monthly", "--month", "2026-10")
    assert "小计" in table.output and "瑞峰镇" in table.output
    # Requests by category, per township and overall, from the one grouped query over every village:
    # T2's one request (RW1, no category given: 其他), T1's as its own report gives them, the sum overall.
    t2_categories = {c["category"]: c["requests_raised"] for c in t2["by_category"] if c["requests_raised"]}
    assert t2_categories == {"其他": 1}
    assert t1["by_category"] == one["by_category"]
    overall = {c["category"]: c["requests_raised"] for c in report["by_category"]}
    assert overall == {c["category"]: c["requests_raised"] + (c["category"] == "其他") for c in one["by_category"]}


def test_median_of_a_histogram_by_hand():
    from village_gov.reports.consultations import median_of

    # Four resolutions: 1, 1, 3, 10 days. The median is the mean of the 2nd and 3rd: (1 + 3) / 2.
    assert median_of([(1.0, 2), (3.0, 1), (10.0, 1)]) == (4, 2.0)
    # Three: 5, 7, 7. The 2nd is 7.
    assert median_of([(5.0, 1), (7.0, 2)]) == (3, 7.0)
    # One: itself.
    assert median_of([(12.0, 1)]) == (1, 12.0)


@pytest.mark.parametrize("args, key", [
    (["report", "monthly", "--month", "2026-13"], "2026-13"),
    (["report", "monthly", "--month", "October"], "October"),
    (["report", "monthly", "--month", "2026-10", "--township", "T9"], "T9"),
    (["report", "monthly", "--month", "2026-10", "--village", "V9"], "V9"),
    (["report", "trend", "--from", "2026-10", "--to", "2026-08"], "2026-10"),
])
def test_report_refusals(cli, month_db, args, key):
    result = cli(*args)
    assert result.exit_code == 2
    assert key in result.output and "Traceback" not in result.output


def test_report_uses_the_covering_indexes(month_db):
    """Each monthly query reads an index range, never the whole table."""
    import os

    from village_gov.store.db import open_db
    from village_gov.store.migrations import REQUEST_CLOSED_SQL

    db = open_db(os.environ["VILLAGE_GOV_DB"])
    plan = " ".join(r[3] for r in db.execute(
        f"EXPLAIN QUERY PLAN SELECT count(*) FROM requests WHERE village = 'V1' "
        f"AND {REQUEST_CLOSED_SQL} > '2026-10-31' AND raised <= '2026-10-31' AND archived = 0"))
    assert "requests_open" in plan and "COVERING" not in plan or "USING INDEX requests_open" in plan
    plan = " ".join(r[3] for r in db.execute(
        "EXPLAIN QUERY PLAN SELECT count(*) FROM requests WHERE village = 'V1' "
        "AND raised BETWEEN '2026-10-01' AND '2026-10-31' AND archived = 0"))
    assert "COVERING INDEX requests_raised_month" in plan
