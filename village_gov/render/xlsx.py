"""Workbooks (.xlsx) from :mod:`village_gov.render.document` sheets, written with XlsxWriter.

Each sheet: its title in the first row (with "本月尚未结束" when the period is not over), the
first table's header in the second (both frozen), number formats for counts, rates (``0.0%``), dates; total rows in
bold; column widths from the display width of the longest cell (a CJK character
counts two); native Excel charts where the sheet has charts.  The document
properties are fixed (``Document.created``) and XlsxWriter stamps its zip entries
with a fixed date, so the same data gives the same bytes.  A last sheet, 说明, defines every
figure column of the others (:mod:`village_gov.reports.definitions`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Any

from village_gov.core.clock import shown
from village_gov.render.document import (
    CHART_COLOURS,
    Column,
    Document,
    Sheet,
    cell_text,
    definitions_table,
    status_lines,
)

NUMBER_FORMATS = {"int": "#,##0", "number": "0.0", "number2": "#,##0.00", "rate": "0.0%", "pct": "0.0%",
                  "date": "yyyy-mm-dd", "month": "yyyy-mm", "text": "@", "flag": "#,##0"}
MAX_WIDTH = 60
HEADER_WRAP = 10


# Blocks whose every character is wide or full-width (CJK punctuation, kana, CJK ideographs and extension A,
# Hangul syllables, full-width forms): counted by one regular expression; any other non-ASCII character
# is looked up one by one.
_WIDE_BLOCKS = ("\u3000-\u303e\u3041-\u3096\u30a1-\u30fa\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3"
                "\uff01-\uff60\uffe0-\uffe6")
_WIDE = re.compile(f"[{_WIDE_BLOCKS}]")
_OTHER = re.compile(f"[^\x00-\x7f{_WIDE_BLOCKS}]")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width font: wide and full-width characters count two."""
    if text.isascii():
        return len(text)
    wide = len(_WIDE.findall(text))
    for ch in _OTHER.findall(text):
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            wide += 1
    return len(text) + wide


def excel_value(column: Column, value):
    """What goes into the cell: numbers as numbers, rates as fractions, dates as dates, the rest as text."""
    if value is None:
        return None
    kind = column.kind
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if kind == "pct" and isinstance(value, (int, float)):
        return round(value / 100, 6)
    if kind == "date" and isinstance(value, str):
        try:
            if len(value) == 7:
                return dt.date.fromisoformat(value + "-01")
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return "/".join(f"{k}{v}" for k, v in value.items())
    return value


class _Formats:
    """One XlsxWriter format per (number format, bold, header) combination, made on first use."""

    def __init__(self, workbook):
        self.workbook = workbook
        self.cache: dict = {}

    def get(self, num_format: str | None, bold: bool = False, header: bool = False, title: bool = False,
            wrap: bool = False):
        key = (num_format, bold, header, title, wrap)
        if key not in self.cache:
            props: dict = {"font_name": "Microsoft YaHei", "font_size": 10, "valign": "vcenter"}
            if num_format:
                props["num_format"] = num_format
            if bold or header or title:
                props["bold"] = True
            if header:
                props.update(bg_color="#DDE4EE", bottom=1, text_wrap=True, align="center")
            if title:
                props["font_size"] = 13
            if wrap:
                props.update(text_wrap=True, valign="top")
            if bold and not title:
                props.update(top=1, bg_color="#F2F2F2")
            self.cache[key] = self.workbook.add_format(props)
        return self.cache[key]


def column_format(column: Column, value) -> str | None:
    if column.kind == "date":
        return NUMBER_FORMATS["month"] if isinstance(value, str) and len(value) == 7 else NUMBER_FORMATS["date"]
    if isinstance(value, bool) or column.kind == "text":
        return None
    if column.kind == "flag" and not isinstance(value, (int, float)):
        return None
    return NUMBER_FORMATS.get(column.kind)


def write_workbook(document: Document, path: Path) -> None:
    """Write ``document`` as one workbook, one worksheet per sheet, to ``path``."""
    import io

    import xlsxwriter

    # Built in memory, then written in one go: XlsxWriter leaves no scratch file of its own in the temp
    # folder (where a killed run would leave it), and a failed write is a plain OSError.
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False, "strings_to_formulas": False,
                                            "strings_to_urls": False, "in_memory": True})
    workbook.set_properties({"title": document.title, "subject": document.period, "author": "village-gov",
                             "company": document.township, "created": document.created,
                             "comments": shown(document.generated) if document.generated else ""})
    workbook.set_calc_mode("auto")
    formats = _Formats(workbook)
    for sheet in document.sheets:
        _write_sheet(workbook, formats, sheet)
    _write_sheet(workbook, formats, definitions_sheet(document.sheets, document.audit_head))
    workbook.close()
    Path(path).write_bytes(buffer.getvalue())


def definitions_sheet(sheets: list[Sheet], audit_head: dict | None = None) -> Sheet:
    """The 说明 sheet: every figure column's definition, which periods are not over yet, and the
    audit chain's head the data were read at."""
    from village_gov.core.i18n import t
    from village_gov.trail.chain import anchor_text

    head = [t("audit.head", anchor=anchor_text(audit_head))] if audit_head else []
    return Sheet("definitions", t("export.def_title"), [definitions_table(sheets)],
                 notes=status_lines(sheets) + [t("export.def_intro")] + head)


def _write_sheet(workbook, formats: _Formats, sheet: Sheet) -> None:
    ws = workbook.add_worksheet(sheet.name)
    widths: dict[int, int] = {}
    headers: list = []
    # A period not over yet is said in the title row itself, so every sheet keeps its layout.
    title = f"{sheet.title}（{sheet.status}）" if sheet.status else sheet.title
    ws.write_string(0, 0, title, formats.get(None, title=True))
    ws.set_row(0, 22)
    row = 1
    placed: list[tuple[int, int, int]] = []  # (header row, first data row, last data row) per table
    for index, table in enumerate(sheet.tables):
        if table.title and table.title != sheet.title:  # never the sheet's title twice
            if index:
                row += 1
            ws.write_string(row, 0, table.title, formats.get(None, bold=False, title=False))
            row += 1
        header_row = row
        for col, column in enumerate(table.columns):
            ws.write_string(row, col, column.header, formats.get(None, header=True))
            # A long header wraps (the header format wraps) rather than widening a column of small numbers.
            widths[col] = max(widths.get(col, 0), min(HEADER_WRAP, display_width(column.header)))
        headers.append((row, table))
        if index == 0 == sheet.main_table:
            ws.freeze_panes(row + 1, 0)
        row += 1
        first = row
        row = _write_rows(ws, formats, table, row, widths)
        placed.append((header_row, first, row - 1))
        if index == sheet.main_table and table.rows:
            ws.autofilter(header_row, 0, row - 1, len(table.columns) - 1)
    for note in sheet.notes:
        row += 1
        ws.write_string(row, 0, note)
    for col, width in widths.items():
        ws.set_column(col, col, min(MAX_WIDTH, width + 2))
    for header_row, table in headers:  # tall enough for the wrapped headers (Excel does not grow it itself)
        lines = max((-(-display_width(c.header) // min(MAX_WIDTH, widths[i])) for i, c in enumerate(table.columns)),
                    default=1)
        ws.set_row(header_row, 15 * max(1, lines))
    if sheet.charts:
        _charts(workbook, ws, sheet, placed, row + 2)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    if sheet.main_table == 0:  # the header on every printed page (another table's would stand above this one's)
        ws.repeat_rows(placed[0][0] if placed else 0)


def _write_rows(ws, formats: _Formats, table, row: int, widths: dict[int, int]) -> int:
    """The data rows of ``table`` from ``row`` on, widening ``widths`` to fit; the next free row."""
    for values, is_total in table.rows:
        for col, column in enumerate(table.columns):
            raw = column.value(values)
            if type(raw) is str and column.kind == "text":  # the common cell (every finding's): text as is
                shown = display_width(raw)
                ws.write_string(row, col, raw, formats.get(None, bold=is_total, wrap=shown > MAX_WIDTH))
                widths[col] = max(widths.get(col, 0), shown)
                continue
            value = excel_value(column, raw)
            text = cell_text(column, raw)
            shown = display_width(text)
            # A text longer than a column may be (a definition, a finding) wraps inside it.
            long = isinstance(value, str) and (shown if value == text else display_width(value)) > MAX_WIDTH
            fmt = formats.get(column_format(column, raw), bold=is_total, wrap=long)
            if value is None:
                ws.write_blank(row, col, None, fmt)
            elif isinstance(value, dt.date):
                ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), fmt)
            elif isinstance(value, (int, float)):
                ws.write_number(row, col, value, fmt)
            else:
                ws.write_string(row, col, str(value), fmt)
            widths[col] = max(widths.get(col, 0), shown)
        row += 1
    return row


def _charts(workbook, ws, sheet: Sheet, placed, anchor_row: int) -> None:
    """Native charts: categories and values point at the table's cells, so Excel redraws them on edit."""
    for number, chart_spec in enumerate(sheet.charts):
        table = sheet.tables[chart_spec.table]
        header_row, first, last = placed[chart_spec.table]
        keys = [c.key for c in table.columns]
        category_col = keys.index(chart_spec.category)
        chart = workbook.add_chart({"type": chart_spec.kind})
        for i, key in enumerate(chart_spec.series):
            col = keys.index(key)
            series: dict[str, Any] = {
                "name": [sheet.name, header_row, col],
                "categories": [sheet.name, first, category_col, last, category_col],
                "values": [sheet.name, first, col, last, col],
            }
            colour = CHART_COLOURS[i % len(CHART_COLOURS)]
            if chart_spec.kind == "line":
                series.update(line={"color": colour, "width": 2.25},
                              marker={"type": "circle", "size": 5, "fill": {"color": colour},
                                      "border": {"color": colour}})
            else:
                series["fill"] = {"color": colour}
            chart.add_series(series)
        chart.set_title({"name": chart_spec.title, "name_font": {"size": 11, "name": "Microsoft YaHei"}})
        chart.set_x_axis({"num_format": "yyyy-mm", "num_font": {"rotation": -45, "size": 8}})
        y_axis = {"min": 0, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}
        if chart_spec.percent:
            y_axis.update(num_format="0%", max=1)
        chart.set_y_axis(y_axis)
        chart.set_legend({"position": "bottom"} if len(chart_spec.series) > 1 else {"none": True})
        chart.set_size({"width": 480, "height": 288})
        ws.insert_chart(anchor_row, 0, chart, {"x_offset": 10 + 500 * number, "y_offset": 0,
                                               "object_position": 1})
