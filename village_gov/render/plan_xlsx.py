"""The plan of an import as a workbook (``import --dry-run --output plan.xlsx``), for a supervisor to
approve before the write.

A summary sheet first (per section: added, changed, unchanged, absent, archived), then one sheet per
section with anything to add, change or miss, named and headed like the import template's sheet: a
first column saying what happens to the record (新增, 修改, 缺少（保留） or 缺少（将归档）), then the
record's values in the template's columns.  In a changed record each changed cell is filled yellow and carries its old
value in a cell comment (原值：…).  Text is data: written as text cells, never as a formula or a link.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from village_gov.core.i18n import label, t
from village_gov.core.plan import ARCHIVED, RecordPlan, SectionPlan
from village_gov.render.plan import show_value
from village_gov.render.template_xlsx import write_cell
from village_gov.render.xlsx import display_width
from village_gov.reports.template import TemplateColumn, archived_column, build_template, sheet_titles

CHANGED_FILL = "#FFEB9C"
"""The fill of a changed cell (Excel's "neutral" yellow)."""
_CREATED = dt.datetime(2026, 1, 1)  # fixed document properties: the same plan gives the same bytes
COUNTS = ("added", "changed", "unchanged", "absent", "archived")


def write_plan(plans: list[SectionPlan], path: Path) -> None:
    """Write the plan as one workbook to ``path``."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False, "strings_to_formulas": False,
                                            "strings_to_urls": False, "in_memory": True})
    workbook.set_properties({"title": t("import.plan_title"), "author": "village-gov", "created": _CREATED})
    plain = {"text": workbook.add_format({"num_format": "@"}),
             "date": workbook.add_format({"num_format": "yyyy-mm-dd"})}
    changed = {"text": workbook.add_format({"num_format": "@", "bg_color": CHANGED_FILL}),
               "date": workbook.add_format({"num_format": "yyyy-mm-dd", "bg_color": CHANGED_FILL}),
               "number": workbook.add_format({"bg_color": CHANGED_FILL}),
               "blank": workbook.add_format({"bg_color": CHANGED_FILL})}
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    _summary(workbook, header, plans)
    template = build_template()
    titles = sheet_titles([sheet.section for sheet in template.sheets])
    for plan in plans:
        sheet = template.sheet(plan.section)
        if plan.any and sheet is not None:
            _section(workbook, (header, plain, changed), plan, titles[plan.section], sheet.columns)
    workbook.close()
    Path(path).write_bytes(buffer.getvalue())


def _summary(workbook: Any, header: Any, plans: list[SectionPlan]) -> None:
    ws = workbook.add_worksheet(label("import.plan_summary"))
    ws.write_string(0, 0, t("import.plan_title"), workbook.add_format({"bold": True, "font_size": 14}))
    for col, key in enumerate(("section", *COUNTS)):
        ws.write_string(2, col, label("label." + key), header)
    for row, plan in enumerate(plans, 3):
        ws.write_string(row, 0, label("section." + plan.section, plan.section))
        for col, key in enumerate(COUNTS, 1):
            ws.write_number(row, col, plan.counts.get(key, 0))
    ws.set_column(0, 0, 16)
    ws.set_column(1, len(COUNTS), 10)


def _section(workbook: Any, formats: tuple, plan: SectionPlan, title: str,
             columns: tuple[TemplateColumn, ...]) -> None:
    header, plain, changed = formats
    ws = workbook.add_worksheet(title)
    records = [*plan.added, *plan.changed, *plan.missing]
    if any(ARCHIVED in record.values or any(f.field == ARCHIVED for f in record.fields) for record in records):
        columns = (*columns, archived_column())
    ws.write_string(0, 0, t("import.plan_change"), header)
    for col, column in enumerate(columns, 1):
        ws.write_string(0, col, column.header, header)
        ws.set_column(col, col, min(30, max(10, display_width(column.header) + 2)))
    ws.set_column(0, 0, 16)
    ws.freeze_panes(1, 2)
    missing = t("import.plan_missing_archived") if plan.pruned else t("import.plan_missing_kept")
    kinds = [label("label.added")] * len(plan.added) + [label("label.changed")] * len(plan.changed)
    kinds += [missing] * len(plan.missing)
    for row, (kind, record) in enumerate(zip(kinds, records), 1):
        ws.write_string(row, 0, kind, plain["text"])
        _record(ws, row, record, columns, plain, changed)


def _record(ws: Any, row: int, record: RecordPlan, columns: tuple[TemplateColumn, ...], plain: dict,
            changed: dict) -> None:
    """One record's cells; a changed field's cell highlighted, its old value in a comment."""
    old = {f.field: f.before for f in record.fields}
    for col, column in enumerate(columns, 1):
        value = record.values.get(column.key)  # flat: a decision's "steps.reviewed.present" is one key
        if column.key in old:
            write_cell(ws, row, col, column, value, changed)
            ws.write_comment(row, col, t("import.plan_old", before=show_value(old[column.key])))
        else:
            write_cell(ws, row, col, column, value, plain)
