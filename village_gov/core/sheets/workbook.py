"""A workbook's sheets as rows of values, read by python-calamine (.xlsx, .xls, .ods).

Calamine (a Rust reader) gives each cell's value, a formula's value as last calculated, dates of
date-formatted cells as dates, and the merged ranges; it was chosen over openpyxl's read-only mode
by ``bench/spreadsheet_scale.py`` (docs/spreadsheets.md gives the figures).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from village_gov.core.errors import Problem
from village_gov.core.sheets.broken import unreadable


class WorkbookError(Exception):
    """The file could not be read as a workbook: ``problem`` says so."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.key)
        self.problem = problem


def sheet_names(path: Path, file: str) -> tuple[Any, list[str]]:
    """The open workbook and its sheet names, or :class:`WorkbookError`."""
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine's errors (zip, xml, password, format): told apart by .broken
        raise WorkbookError(unreadable(path, file, exc)) from None
    return book, list(book.sheet_names)


def sheet_rows(book: Any, name: str, file: str) -> tuple[list[list[Any]], list]:
    """The rows of sheet ``name`` from cell A1 (row 1 is index 0), and its merged ranges (0-based)."""
    try:
        sheet = book.get_sheet_by_name(name)
        rows = sheet.to_python(skip_empty_area=False)
        merged = list(getattr(sheet, "merged_cell_ranges", None) or [])
    except Exception as exc:
        raise WorkbookError(unreadable(None, file, exc)) from None
    return rows, merged


def close(book: Any) -> None:
    closer = getattr(book, "close", None)
    if closer is not None:
        closer()
