"""Spreadsheets as a clerk's Excel saves them, built for the import tests.

:func:`fill_template` writes records (as the YAML examples hold them) into the workbook ``village-gov
template`` wrote, with openpyxl, the way Excel stores what a clerk types: dates as date cells (serial
numbers with a date format), numbers as floats, yes/no as the 是/否 of the drop-down, a list as its
values joined by 、, a nested field (a decision's steps) in its own column (提议·日期), and one merged
title row inserted above the header of every sheet written to.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from tests.helpers.paths import EXAMPLES

# A consultation's nested requests take these keys from it when they do not state them (the
# importer's Nested rule for consultations, village_gov/ledgers/consult/sections.py).
REQUEST_INHERITS = (("consultation", "code"), ("village", "village"), ("raised", "date"))


def example_sections(*folders: str) -> dict[str, list]:
    """The records of the example township's YAML files, per section (nested requests lifted out;
    the reform mapping as one record with its inner lists apart)."""
    sections: dict[str, list] = {}
    for folder in folders:
        for path in sorted((EXAMPLES / folder).glob("*.yaml")):
            for name, items in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
                if name == "reform":
                    items = dict(items)
                    for inner in ("townships_before", "villages_before"):
                        sections.setdefault(inner, []).extend(items.pop(inner, []))
                    items = [items]
                for item in items:
                    item = dict(item)
                    for request in item.pop("requests", []) if name == "consultations" else []:
                        request = dict(request)
                        for key, source in REQUEST_INHERITS:
                            request.setdefault(key, item[source])
                        sections.setdefault("requests", []).append(request)
                    sections.setdefault(name, []).append(item)
    return sections


def flatten(record: dict, prefix: str = "") -> dict[str, Any]:
    """``{"steps": {"proposed": {"date": d}}}`` as ``{"steps.proposed.date": d}``."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[prefix + key] = value
    return flat


def as_typed(value: Any) -> Any:
    """A value as Excel keeps what a clerk typed or picked."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return value


def fill_template(template: Path, out: Path, sections: dict[str, list], title: str = "白鹤镇台账") -> None:
    """Write ``sections``' records into the template's sheets (from row 3), a merged title row above."""
    import openpyxl

    from village_gov.reports.template import build_template

    keys = {s.title: [c.key for c in s.columns] for s in build_template().sheets}
    names = {s.section: s.title for s in build_template().sheets}
    book = openpyxl.load_workbook(template)
    for section, records in sections.items():
        sheet = book[names[section]]
        columns = keys[names[section]]
        for row, record in enumerate(records, start=3):
            for key, value in flatten(record).items():
                if key in ("phone", "id_number") or (key == "code" and isinstance(value, int)):
                    value = str(value)  # the template's text columns keep phone and ID numbers as typed
                else:
                    value = as_typed(value)
                cell = sheet.cell(row=row, column=columns.index(key) + 1, value=value)
                if isinstance(value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd"
        sheet.insert_rows(1)
        sheet.cell(row=1, column=1, value=title)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    book.save(out)


# The place a household sheet's records go: a township, a village and two groups, as YAML.
BASE_ROSTER = """
townships:
  - {code: T1, name: 青竹镇, kind: 镇}
villages:
  - {code: V1, name: 百家池村, township: T1}
groups:
  - {code: G1, name: 一组, village: V1}
  - {code: G2, name: 二组, village: V1}
party_orgs:
  - {code: P1, name: 百家池村党支部, level: 党支部, village: V1}
"""

HOUSEHOLD_HEADER = ["编码", "户主", "村民小组", "人口", "电话"]
MEMBER_HEADER = ["编码", "姓名", "党组织", "出生日期", "电话", "身份证号"]


class Formula(tuple):
    """``Formula(("=1+2", 3))``: a formula cell and the value Excel calculated and saved with it."""


def write_workbook(path: Path, sheets: dict[str, list[list[Any]]],
                   merges: dict[str, list[tuple[int, int, int, int]]] | None = None) -> Path:
    """A workbook as Excel saves it (XlsxWriter): numbers as numbers, dates as date cells, a
    :class:`Formula` with its cached value, merged ranges (0-based first row, column, last row, column)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for title, rows in sheets.items():
        sheet = book.add_worksheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, Formula):
                    sheet.write_formula(r, c, value[0], None, value[1])
                elif isinstance(value, dt.date):
                    sheet.write_datetime(r, c, value, date_format)
                elif isinstance(value, str):
                    sheet.write_string(r, c, value)
                else:
                    sheet.write_number(r, c, value)
        for first_row, first_col, last_row, last_col in (merges or {}).get(title, []):
            value = rows[first_row][first_col] if first_row < len(rows) else None
            sheet.merge_range(first_row, first_col, last_row, last_col, value if value is not None else "")
    book.close()
    return path
