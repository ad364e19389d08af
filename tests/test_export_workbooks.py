"""Workbooks and HTML reports: sheets, headers, number formats, totals, charts, figures, reproducibility.

The ledger is the small township (rosters.SMALL_ROSTER) with helpers/consult.py's October (figures worked out by hand
there) and helpers/exports.py's procedures.  Every workbook is opened with openpyxl and every HTML
file read back with html.parser; their figures are compared with the hand-worked values and
with the JSON report of the same data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3

import pytest

from tests.helpers.consult import OCTOBER, OCTOBER_TOTAL, TREND
from tests.helpers.db import file_digest
from tests.helpers.exports import import_ledger, read_html

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")
pytest.importorskip("pygal")


MONTHLY_HEADERS_ZH = ["编码", "村", "议事次数", "参加人次", "书记坝坝会/龙门阵", "已开书记坝坝会", "诉求数", "当场答复",
                      "办结", "办结率", "办结天数中位数", "月末未结", "超期", "转办"]


@pytest.fixture
def ledger(cli, write_yaml, small_roster):
    import_ledger(cli, write_yaml, small_roster)


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows_by_code(ws, header_row: int = 2) -> tuple[list, dict]:
    headers = [c.value for c in ws[header_row]]
    rows = {}
    for row in ws.iter_rows(min_row=header_row + 1):
        if row[0].value is None and row[1].value is None:
            break
        rows[row[0].value or row[1].value] = {h: c for h, c in zip(headers, row)}
    return headers, rows


# --- workbooks ------------------------------------------------------------------------------------------

def test_monthly_workbook_headers_formats_totals(cli, ledger, tmp_path):
    out = tmp_path / "m.xlsx"
    result = cli("report", "monthly", "--month", "2026-10", "-f", "xlsx", "-o", out)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["月报", "说明"]  # every workbook ends with its 说明 (definitions)
    ws = wb["月报"]
    assert ws["A1"].value.startswith("青竹镇 2026-10")
    assert ws.freeze_panes == "A3"  # title and header row stay in view
    headers, rows = rows_by_code(ws)
    assert headers[:len(MONTHLY_HEADERS_ZH)] == MONTHLY_HEADERS_ZH
    for code, expected in OCTOBER.items():
        row = rows[code]
        assert row["诉求数"].value == expected["requests_raised"]
        assert row["议事次数"].value == expected["consultations"] and row["议事次数"].number_format == "#,##0"
        # the rate is a fraction in a percentage format, not the text "50%"
        assert row["办结率"].value == expected["resolution_rate"]
        assert row["办结率"].number_format == "0.0%"
        assert row["已开书记坝坝会"].value == ("✓" if expected["secretary_meeting_held"] else "✗")
        assert not row["编码"].font.b
    total = rows["合计"]
    assert all(cell.font.b for cell in total.values())
    # 3 consultations, 5 requests raised, 2/5 = 0.4 resolved (from the summed counts), median 12 days
    assert total["议事次数"].value == OCTOBER_TOTAL["consultations"] == 3
    assert total["办结率"].value == pytest.approx(0.4) and total["办结率"].number_format == "0.0%"
    assert total["办结天数中位数"].value == 12.0
    # a column of Chinese text is wide enough for it: 书记坝坝会/龙门阵 wraps at 10 columns + 2
    assert ws.column_dimensions["B"].width >= 8  # 百家池村: 4 wide characters = 8
    # disclosures by kind: one column per kind, V1 has 1 财务 and 1 村务 in October
    assert rows["V1"]["三公开·财务"].value == 1 and rows["V1"]["三公开·村务"].value == 1


def test_export_workbook_has_every_sheet_and_the_trend_charts(cli, ledger, tmp_path, db_path):
    out = tmp_path / "export.xlsx"
    result = cli("export", "--month", "2026-10", "--output", out)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    # no reform data in this ledger, so no reform sheet
    assert wb.sheetnames == ["月报", "趋势", "四微", "三会一课", "检查", "说明"]
    trend = wb["趋势"]
    assert trend.freeze_panes == "A3"
    assert len(trend._charts) == 3
    months = [r for r in trend.iter_rows(min_row=3, max_row=14)]
    # the 12 months ending at 2026-10, as Excel dates shown yyyy-mm
    assert [r[0].value for r in months] == [dt.datetime(2025, 11, 1), dt.datetime(2025, 12, 1)] + [
        dt.datetime(2026, m, 1) for m in range(1, 11)]
    assert months[0][0].number_format == "yyyy-mm"
    headers = [c.value for c in trend[2]]
    by_month = {r[0].value.strftime("%Y-%m"): dict(zip(headers, r)) for r in months}
    for month, expected in TREND.items():
        if month in by_month:
            assert by_month[month]["诉求数"].value == expected["requests_raised"], month
            assert by_month[month]["办结"].value == expected["requests_resolved"], month
    assert by_month["2026-10"]["办结率"].value == pytest.approx(0.4)
    assert by_month["2026-10"]["办结率"].number_format == "0.0%"
    # the check sheet: one row per finding, the same as `check --format json` judged at 10-31
    check = json.loads(cli("check", "--as-of", "2026-10-31", "-f", "json").output)
    ws = wb["检查"]
    assert [c.value for c in ws[2]] == ["级别", "规则", "对象", "说明"]
    rules = [r[1].value for r in ws.iter_rows(min_row=3, max_row=2 + len(check["findings"]))]
    assert rules == [f["rule"] for f in check["findings"]]
    # party life: one row per organization of the township (P1…P5)
    assert [r[0].value for r in wb["三会一课"].iter_rows(min_row=3, max_row=7)] == ["P1", "P2", "P3", "P4", "P5"]
    # the creation property is the time of the data's last change (the audit trail), not now
    conn = sqlite3.connect(db_path)
    latest = conn.execute("SELECT max(time) FROM audit").fetchone()[0]
    conn.close()
    created = dt.datetime.fromisoformat(latest).astimezone(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    assert wb.properties.created == created


def test_english_workbook(cli, ledger, tmp_path):
    out = tmp_path / "en.xlsx"
    assert cli("--lang", "en", "export", "--month", "2026-10", "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["monthly", "trend", "micros", "party-life", "check", "definitions"]
    assert [c.value for c in wb["monthly"][2]][:4] == ["code", "village", "consultations", "attendees"]


@pytest.mark.parametrize("args, sheet, first_header", [
    (("report", "micros", "--as-of", "2026-10-31"), "四微", "编码"),
    (("report", "party-life", "--quarter", "2026Q4"), "三会一课", "编码"),
    (("report", "reform"), "两项改革", "指标"),
    (("check", "--as-of", "2026-10-31"), "检查", "级别"),
    (("report", "trend", "--from", "2026-08", "--to", "2026-11"), "趋势", "月份"),
])
def test_every_report_writes_a_workbook_and_html(cli, ledger, tmp_path, args, sheet, first_header):
    expected_code = cli(*args).exit_code  # check exits 1 on error findings; the file is written all the same
    out = tmp_path / "r.xlsx"
    result = cli(*args, "-f", "xlsx", "-o", out)
    assert result.exit_code == expected_code, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [sheet, "说明"]
    header_row = 3 if args[1] == "micros" else 2  # the micros' first table has a title row
    assert wb[sheet].cell(header_row, 1).value == first_header
    html = tmp_path / "r.html"
    assert cli(*args, "-f", "html", "-o", html).exit_code == expected_code
    reader = read_html(html)
    assert reader.tables and "<script" not in html.read_text(encoding="utf-8")


# --- HTML ------------------------------------------------------------------------------------------------

def shown(value, kind: str = "int") -> str:
    """How the HTML shows a JSON figure (worked out independently of the renderer)."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if kind == "rate":
        return f"{value * 100:.1f}%"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def test_html_export_figures_match_the_json_reports(cli, ledger, tmp_path):
    out = tmp_path / "export.html"
    assert cli("export", "--month", "2026-10", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "@page" in text and "size: A4" in text and "Noto Sans CJK SC" in text
    assert "http://" not in text.replace("http://www.w3.org", "") and "https://" not in text
    assert "<script" not in text and "<!--" not in text  # no script; no pygal comment with today's date
    reader = read_html(out)
    assert reader.sections == ["monthly", "trend", "micros", "party-life", "check"]
    assert reader.svgs >= 3  # the three trend charts, inline
    monthly = json.loads(cli("report", "monthly", "--month", "2026-10", "-f", "json").output)
    rows = reader.table("villages")
    by_code = {r["_code"]: r for r in rows if r["_code"]}
    for village in monthly["villages"]:
        row = by_code[village["code"]]
        for key, value in village.items():
            if key in ("code", "name"):
                continue
            if isinstance(value, dict):
                for kind, count in value.items():
                    assert row[f"{key}.{kind}"] == str(count), (village["code"], key, kind)
            else:
                assert row[key] == shown(value, "rate" if key.endswith("_rate") else "int"), (village["code"], key)
    total = [r for r in rows if r["_class"] == "total"]
    assert len(total) == 1 and total[0]["resolution_rate"] == "40.0%" and total[0]["requests_raised"] == "5"
    trend = json.loads(cli("report", "trend", "--from", "2025-11", "--to", "2026-10", "-f", "json").output)
    months = reader.table("months")
    assert [m["month"] for m in months] == [m["month"] for m in trend["months"]]
    for html_row, month in zip(months, trend["months"]):
        assert html_row["requests_raised"] == str(month["requests_raised"])
        assert html_row["resolution_rate"] == shown(month["resolution_rate"], "rate")


def test_html_escapes_text(cli, write_yaml, small_roster, tmp_path):
    roster = write_yaml("villages:\n  - {code: V9, name: \"<b>村&</b>\", township: T1}\n", "evil.yaml")
    assert cli("import", small_roster, roster).exit_code == 0
    out = tmp_path / "m.html"
    assert cli("report", "monthly", "--month", "2026-10", "-f", "html", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "<b>村&</b>" not in text and "&lt;b&gt;村&amp;&lt;/b&gt;" in text


# --- reproducible bytes ---------------------------------------------------------------------------------------

def test_same_data_same_bytes(cli, ledger, tmp_path):
    digests = []
    for run in (1, 2):
        files = [tmp_path / f"e{run}.xlsx", tmp_path / f"e{run}.html", tmp_path / f"m{run}.xlsx",
                 tmp_path / f"n{run}.html"]
        assert cli("export", "--month", "2026-10", "-o", files[0]).exit_code == 0
        assert cli("export", "--month", "2026-10", "-o", files[1]).exit_code == 0
        assert cli("report", "monthly", "--month", "2026-10", "-f", "xlsx", "-o", files[2]).exit_code == 0
        assert cli("notice", "--village", "V1", "--month", "2026-10", "-o", files[3]).exit_code == 0
        digests.append([sha(f) for f in files])
    assert digests[0] == digests[1]
    stamped = tmp_path / "stamped.html"
    assert cli("export", "--month", "2026-10", "-o", stamped, "--stamp").exit_code == 0
    assert "生成时间" in stamped.read_text(encoding="utf-8")
    assert "生成时间" not in (tmp_path / "e1.html").read_text(encoding="utf-8")


# --- refusals -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (("report", "monthly", "--month", "2026-10", "-f", "xlsx"), "--output"),
    (("report", "reform", "-f", "html"), "--output"),
    (("export", "--month", "2026-10", "-o", "{tmp}/report.txt"), "xlsx"),
    (("export", "--month", "2026-13", "-o", "{tmp}/r.xlsx"), "2026-13"),
    (("export", "--month", "2026-10", "--township", "NOPE", "-o", "{tmp}/r.xlsx"), "NOPE"),
    (("notice", "--village", "V99", "--month", "2026-10", "-o", "{tmp}/n.html"), "V99"),
    (("notice", "--village", "V1", "--month", "10/2026", "-o", "{tmp}/n.html"), "10/2026"),
    (("export", "--month", "2026-10", "-o", "{tmp}/afile/r.xlsx"), "afile"),
])
def test_refusals_exit_2_and_leave_everything(cli, ledger, tmp_path, db_path, args, message):
    (tmp_path / "afile").write_text("a file, not a folder")
    before = file_digest(db_path)
    result = cli(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert file_digest(db_path) == before
    assert not list(tmp_path.glob("*.xlsx")) and not list(tmp_path.glob("n.html"))
    assert not list(tmp_path.glob(".*.tmp")) and not list(tmp_path.glob(".*.village-gov-tmp-*"))
