"""The blank ledger workbook (``village-gov template``) from a :class:`~village_gov.reports.template.Template`.

A 说明 sheet first (what the file is, how to fill it, which sheets refer to which), then one sheet per
section: the headers in row 1, each column's note in row 2 (both frozen), date columns formatted as
dates, a drop-down list on every choice column, and on every reference column a drop-down of the codes
written in the referred sheet's code column.  Written with XlsxWriter in memory, then in one go.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from village_gov.core.i18n import label, t
from village_gov.render.xlsx import display_width
from village_gov.reports.template import Template, TemplateColumn, TemplateSheet

FIRST_ROW = 3
"""The first row a record is written in (Excel's numbering): below the header and the notes."""
LAST_ROW = 5000
"""The last row the drop-downs and formats cover."""
_CREATED = dt.datetime(2026, 1, 1)  # fixed document properties: the same template gives the same bytes
_LIST_LIMIT = 255  # Excel's limit on a list written in the validation itself


def code_range(title: str) -> str:
    """The formula listing the codes of sheet ``title`` (its first column, from the first record row)."""
    quoted = title.replace("'", "''")
    return f"='{quoted}'!$A${FIRST_ROW}:$A${LAST_ROW}"


def write_template(template: Template, path: Path) -> None:
    """Write ``template`` as one workbook to ``path``."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False, "strings_to_formulas": False,
                                            "strings_to_urls": False, "in_memory": True})
    workbook.set_properties({"title": t("export.template_title"), "author": "village-gov", "created": _CREATED})
    formats = {
        "header": workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "valign": "vcenter"}),
        "note": workbook.add_format({"italic": True, "font_color": "#595959", "text_wrap": True,
                                     "valign": "top", "border": 1}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "text": workbook.add_format({"num_format": "@"}),
        "title": workbook.add_format({"bold": True, "font_size": 14}),
    }
    _readme(workbook, formats, template)
    titles = {sheet.section: sheet.title for sheet in template.sheets}
    for sheet in template.sheets:
        _sheet(workbook, formats, sheet, titles)
    workbook.close()
    Path(path).write_bytes(buffer.getvalue())


def _readme(workbook: Any, formats: dict, template: Template) -> None:
    ws = workbook.add_worksheet(label("export.sheet_definitions"))
    lines = [t("export.template_intro"), t("export.template_fill"), t("export.template_unique"), "",
             t("export.template_refs")]
    titles = {sheet.section: sheet.title for sheet in template.sheets}
    for sheet in template.sheets:
        lines += [t("export.template_ref_line", sheet=sheet.title, column=column.header,
                    target=titles.get(column.ref, label("section." + column.ref, column.ref)))
                  for column in sheet.columns if column.ref]
    ws.write_string(0, 0, t("export.template_title"), formats["title"])
    for row, line in enumerate(lines, 2):
        ws.write_string(row, 0, line)
    ws.set_column(0, 0, 100)


def _sheet(workbook: Any, formats: dict, sheet: TemplateSheet, titles: dict[str, str]) -> None:
    ws = workbook.add_worksheet(sheet.title)
    for col, column in enumerate(sheet.columns):
        ws.write_string(0, col, column.header, formats["header"])
        ws.write_string(1, col, column.note, formats["note"])
        width = min(40, max(10, display_width(column.header) + 2, min(display_width(column.note), 30)))
        cell_format = formats["date"] if column.kind == "date" else formats["text"] if column.kind == "text" else None
        ws.set_column(col, col, width, cell_format)
        validation = _validation(column, titles)
        if validation is not None:
            ws.data_validation(FIRST_ROW - 1, col, LAST_ROW - 1, col, validation)
    ws.set_row(1, 45)
    ws.freeze_panes(FIRST_ROW - 1, 1)


def _validation(column: TemplateColumn, titles: dict[str, str]) -> dict | None:
    """The drop-down of a column: its choices, or the codes of the sheet it refers to."""
    # A cell of a list column may hold several values: the drop-down helps, and other text is let through.
    error = {"error_type": "information"} if column.many else {}
    if column.choices and len(",".join(column.choices)) < _LIST_LIMIT:
        return {"validate": "list", "source": list(column.choices), **error}
    if column.ref and column.ref in titles:
        return {"validate": "list", "source": code_range(titles[column.ref]), **error}
    return None
