"""The blank ledger workbook (``village-gov template``) from a :class:`~village_gov.reports.template.Template`.

A 说明 sheet first (what the file is, how to fill it, which sheets refer to which), then one sheet per
section: the headers in row 1, each column's note in row 2 (both frozen), date columns formatted as
dates, a drop-down list on every choice column, and on every reference column a drop-down of the codes
written in the referred sheet's code column.  The blank template is written with XlsxWriter in memory,
then in one go.

Given records (``dump --format xlsx``), the same layout holds them from row 3, one a row: dates as
date cells, numbers as numbers, everything else (codes, names, phone and ID numbers) as text cells, a
list as its values joined by 、, a yes/no field as 是/否.  That workbook is written in XlsxWriter's
``constant_memory`` mode: each row goes to a temporary file as it is written, so the memory used does
not grow with the ledger (the drop-downs, formats and frozen rows are sheet settings, unaffected).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from village_gov.core.fieldpaths import get_path
from village_gov.core.i18n import label, t
from village_gov.render.xlsx import display_width
from village_gov.reports.template import (
    ARCHIVED,
    BOOL_CHOICES,
    Template,
    TemplateColumn,
    TemplateSheet,
    archived_column,
)

SheetRecords = Iterable[tuple[str, list[dict]]]
"""``(section, records)`` in the template's sheet order: import-format records, one sheet's worth each."""

FIRST_ROW = 3
"""The first row a record is written in (Excel's numbering): below the header and the notes."""
LAST_ROW = 5000
"""The last row the drop-downs and formats cover."""
_CREATED = dt.datetime(2026, 1, 1)  # fixed document properties: the same template gives the same bytes
_LIST_LIMIT = 255  # Excel's limit on a list written in the validation itself


def code_range(title: str, last_row: int = LAST_ROW) -> str:
    """The formula listing the codes of sheet ``title`` (its first column, from the first record row)."""
    quoted = title.replace("'", "''")
    return f"='{quoted}'!$A${FIRST_ROW}:$A${last_row}"


def write_template(template: Template, path: Path, records: SheetRecords | None = None,
                   lines: tuple[str, ...] = (), last_row: int = LAST_ROW) -> int:
    """Write ``template`` as one workbook to ``path``; with ``records``, each sheet's records from row 3
    (``lines`` then open the 说明 sheet; the drop-downs and formats reach ``last_row``).  Returns the
    number of records written."""
    import xlsxwriter

    options = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    buffer = io.BytesIO()
    if records is None:
        workbook = xlsxwriter.Workbook(buffer, {**options, "in_memory": True})
    else:
        workbook = xlsxwriter.Workbook(str(path), {**options, "constant_memory": True})
    title = t("export.template_title") if records is None else t("export.dump_title")
    workbook.set_properties({"title": title, "author": "village-gov", "created": _CREATED})
    formats = {
        "header": workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "valign": "vcenter"}),
        "note": workbook.add_format({"italic": True, "font_color": "#595959", "text_wrap": True,
                                     "valign": "top", "border": 1}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "text": workbook.add_format({"num_format": "@"}),
        "title": workbook.add_format({"bold": True, "font_size": 14}),
    }
    _readme(workbook, formats, template, title, lines)
    titles = {sheet.section: sheet.title for sheet in template.sheets}
    written = 0
    if records is None:
        for sheet in template.sheets:
            _sheet(workbook, formats, sheet, titles)
    else:
        sheets = {sheet.section: sheet for sheet in template.sheets}
        for section, rows in records:
            written += _sheet(workbook, formats, sheets[section], titles, rows, last_row)
    workbook.close()
    if records is None:
        Path(path).write_bytes(buffer.getvalue())
    return written


def _readme(workbook: Any, formats: dict, template: Template, title: str, intro: tuple[str, ...]) -> None:
    ws = workbook.add_worksheet(label("export.sheet_definitions"))
    lines = [*intro, t("export.template_intro"), t("export.template_fill"), t("export.template_unique"), "",
             t("export.template_refs")]
    titles = {sheet.section: sheet.title for sheet in template.sheets}
    for sheet in template.sheets:
        lines += [t("export.template_ref_line", sheet=sheet.title, column=column.header,
                    target=titles.get(column.ref, label("section." + column.ref, column.ref)))
                  for column in sheet.columns if column.ref]
    ws.write_string(0, 0, title, formats["title"])
    for row, line in enumerate(lines, 2):
        ws.write_string(row, 0, line)
    ws.set_column(0, 0, 100)


def _sheet(workbook: Any, formats: dict, sheet: TemplateSheet, titles: dict[str, str],
           records: list[dict] | None = None, last_row: int = LAST_ROW) -> int:
    """One section's sheet: its two header rows, then ``records`` (if any) from row 3."""
    ws = workbook.add_worksheet(sheet.title)
    columns = sheet.columns
    if records and any(record.get(ARCHIVED) for record in records):
        columns = (*columns, archived_column())
    ws.set_row(1, 45)
    ws.freeze_panes(FIRST_ROW - 1, 1)
    # Row by row (constant_memory writes each row out when the next one starts): the headers, then the notes.
    for col, column in enumerate(columns):
        ws.write_string(0, col, column.header, formats["header"])
        width = min(40, max(10, display_width(column.header) + 2, min(display_width(column.note), 30)))
        cell_format = formats["date"] if column.kind == "date" else formats["text"] if column.kind == "text" else None
        ws.set_column(col, col, width, cell_format)
        validation = _validation(column, titles, last_row)
        if validation is not None:
            ws.data_validation(FIRST_ROW - 1, col, last_row - 1, col, validation)
    for col, column in enumerate(columns):
        ws.write_string(1, col, column.note, formats["note"])
    for row, record in enumerate(records or (), FIRST_ROW - 1):
        for col, column in enumerate(columns):
            write_cell(ws, row, col, column, get_path(record, column.key), formats)
    return len(records or ())


def write_cell(ws: Any, row: int, col: int, column: TemplateColumn, value: Any, formats: dict) -> None:
    """One cell: a date as a date, a number as a number, yes/no as 是/否, a list joined by 、, the rest text
    (``formats``: ``text``, ``date`` and, if any, ``number`` and ``blank``, the format of an empty cell)."""
    if value is None or value == [] or value is False and column.key == ARCHIVED:
        if formats.get("blank") is not None:
            ws.write_blank(row, col, None, formats["blank"])
        return
    if isinstance(value, bool):
        ws.write_string(row, col, BOOL_CHOICES[0] if value else BOOL_CHOICES[1], formats["text"])
    elif isinstance(value, dt.date) and column.kind == "date":
        moment = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
        ws.write_datetime(row, col, moment, formats["date"])
    elif isinstance(value, (int, float)) and column.kind in ("int", "number"):
        ws.write_number(row, col, value, formats.get("number"))
    elif isinstance(value, (list, tuple)):
        ws.write_string(row, col, "、".join(str(item) for item in value), formats["text"])
    else:
        ws.write_string(row, col, str(value), formats["text"])


def _validation(column: TemplateColumn, titles: dict[str, str], last_row: int = LAST_ROW) -> dict | None:
    """The drop-down of a column: its choices, or the codes of the sheet it refers to."""
    # A cell of a list column may hold several values: the drop-down helps, and other text is let through.
    error = {"error_type": "information"} if column.many else {}
    if column.choices and len(",".join(column.choices)) < _LIST_LIMIT:
        return {"validate": "list", "source": list(column.choices), **error}
    if column.ref and column.ref in titles:
        return {"validate": "list", "source": code_range(titles[column.ref], last_row), **error}
    return None
