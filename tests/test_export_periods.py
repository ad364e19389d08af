"""Exports people can read without the docs: no repeated titles, a 说明 of every figure, landscape
printing, and the "not over yet" sentence in workbooks, HTML reports and the notice.

Ledger: the small township (rosters.SMALL_ROSTER) with helpers/consult.py's October and helpers/exports.py's procedures.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers.exports import import_ledger
from village_gov.reports import definitions

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")
pytest.importorskip("pygal")


DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.fixture
def ledger(cli, write_yaml, small_roster):
    import_ledger(cli, write_yaml, small_roster)


class Headings(HTMLParser):
    """Every h1/h2/h3 text, with the section it is in, and the sections' data-part/data-sheet."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[str, str]] = []
        self.parts: list[str] = []
        self.statuses: list[str] = []
        self._tag = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.parts.append(attrs.get("data-sheet") or attrs.get("data-part") or "")
        if tag in ("h1", "h2", "h3") or (tag == "p" and attrs.get("class") == "status"):
            self._tag, self._text = tag, []

    def handle_data(self, data):
        if self._tag:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._tag == tag:
            text = "".join(self._text)
            if tag == "p":
                self.statuses.append(text)
            else:
                self.headings.append((tag, text))
            self._tag = None


def headings(path) -> Headings:
    parser = Headings()
    parser.feed(Path(path).read_text(encoding="utf-8"))
    return parser


def test_workbook_has_a_definitions_sheet_and_no_title_twice(cli, ledger, tmp_path):
    out = tmp_path / "export.xlsx"
    assert cli("export", "--month", "2026-10", "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[-1] == "说明"
    for ws in wb:
        assert ws.cell(1, 1).value and ws.cell(1, 1).value != ws.cell(2, 1).value, ws.title
    # The micros sheet: one title, then the first table's own title (no longer the same text).
    micros = wb["四微"]
    assert micros.cell(1, 1).value == "四微报表（截至 2026-10-31）" and micros.cell(2, 1).value == "阵地与组织"
    notes = wb["说明"]
    assert [c.value for c in notes[2]] == ["表", "列", "字段", "定义"]
    rows = [[c.value for c in r] for r in notes.iter_rows(min_row=3) if r[0].value and r[2].value]
    defined = {(r[0], r[2]) for r in rows}
    # Every figure column of the monthly sheet (header row 2 from column C on) is defined.
    monthly = wb["月报"]
    headers = [c.value for c in monthly[2]][2:]
    keys = {r[1]: r[2] for r in rows if r[0] == "月报"}
    for header in headers:
        assert header.split("·")[0] in keys, header
    assert ("月报", "resolution_rate") in defined and ("三会一课", "attendance_rate") in defined
    assert ("四微", "group_coverage_pct") in defined and ("趋势", "requests_resolved") in defined
    rate = next(r[3] for r in rows if r[0] == "月报" and r[2] == "resolution_rate")
    assert "0%" in rate and "以前月份" in rate  # why "办结 1" can stand beside 0%


def test_english_workbook_definitions(cli, ledger, tmp_path):
    out = tmp_path / "en.xlsx"
    assert cli("--lang", "en", "report", "monthly", "--month", "2026-10", "-f", "xlsx", "-o", out).exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["monthly", "definitions"]
    texts = {r[2].value: r[3].value for r in wb["definitions"].iter_rows(min_row=3) if r[2].value}
    assert texts["consultations"] == "consultations dated in M"


def test_html_has_no_repeated_heading_a_definitions_section_and_prints_landscape(cli, ledger, tmp_path):
    out = tmp_path / "export.html"
    assert cli("export", "--month", "2026-10", "-o", out).exit_code == 0
    parsed = headings(out)
    texts = [text for _, text in parsed.headings]
    assert len(texts) == len(set(texts)), texts
    assert parsed.parts[-1] == "definitions" and ("h2", "说明：各项数字的定义") in parsed.headings
    text = out.read_text(encoding="utf-8")
    assert 'data-table="definitions"' in text and 'data-k="definition"' in text
    assert "@page { size: A4 landscape;" in text
    # The notice sheet is one portrait page.
    notice = tmp_path / "notice.html"
    assert cli("notice", "--village", "V1", "--month", "2026-10", "-o", notice).exit_code == 0
    assert "@page { size: A4;" in notice.read_text(encoding="utf-8")


def test_files_of_a_month_not_over_say_so(cli, ledger, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", "2026-11-20")
    xlsx, html = tmp_path / "nov.xlsx", tmp_path / "nov.html"
    assert cli("export", "--month", "2026-11", "-o", xlsx).exit_code == 0
    assert cli("export", "--month", "2026-11", "-o", html).exit_code == 0
    wb = openpyxl.load_workbook(xlsx)
    assert wb["月报"].cell(1, 1).value == "青竹镇 2026-11 月报（截至 2026-11-20，本月尚未结束）"
    assert wb["三会一课"].cell(1, 1).value == "2026Q4 三会一课（截至 2026-11-20，本季度尚未结束）"
    assert wb["趋势"].cell(1, 1).value.endswith("（截至 2026-11-20，最后一个月 2026-11 尚未结束）")
    # No village has "missed" November's meeting yet: the flag reads 进行中, not ✗.
    flags = [r[5].value for r in wb["月报"].iter_rows(min_row=3) if r[0].value in ("V1", "V2", "V3")]
    assert flags == ["进行中"] * 3
    statuses = headings(html).statuses
    assert "截至 2026-11-20，本月尚未结束" in statuses and "截至 2026-11-20，本季度尚未结束" in statuses
    assert "月报：截至 2026-11-20，本月尚未结束" in statuses  # repeated in the 说明
    # One report's own file, and a month not begun.
    single = tmp_path / "dec.html"
    assert cli("report", "monthly", "--month", "2026-12", "-f", "html", "-o", single).exit_code == 0
    assert headings(single).statuses[0] == "截至 2026-11-20，本月尚未开始"
    notice = tmp_path / "notice.html"
    assert cli("notice", "--village", "V1", "--month", "2026-11", "-o", notice).exit_code == 0
    assert headings(notice).statuses == ["截至 2026-11-20，本月尚未结束"]


def test_complete_month_files_carry_no_warning(cli, ledger, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", "2026-12-15")
    out = tmp_path / "oct.xlsx"
    assert cli("report", "monthly", "--month", "2026-10", "-f", "xlsx", "-o", out).exit_code == 0
    assert openpyxl.load_workbook(out)["月报"].cell(1, 1).value == "青竹镇 2026-10 月报"


def test_docs_definitions_table_is_the_library_text():
    text = (DOCS / "reports.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- definitions:[^\n]*-->\n(.*?)<!-- end of definitions -->", text, re.S)
    assert match, "docs/reports.md lost its definitions markers"
    assert match.group(1) == definitions.markdown(), "run: python -m village_gov.reports.definitions"


def test_every_figure_key_of_the_reports_is_defined():
    from village_gov.reports.exports.gather import monthly_fields
    from village_gov.reports.trend import TREND_FIELDS

    monthly = set(definitions.DEFINITIONS["monthly"])
    assert {k for k, _ in monthly_fields()} <= monthly
    assert {k for k, _ in TREND_FIELDS} <= monthly
