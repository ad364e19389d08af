"""The spreadsheet reader's column-wise conversion: each column's converters are chosen once from its
header, a column of text cells is stripped in one pass, and a sheet with no refused, merged or nested
cell is built row by row in one step each.  Every one of these gives what the cell-by-cell
:func:`~village_gov.core.sheets.cells.convert` gives, refusals included, on every column the
importer knows; refusals are listed row by row, left to right, as the cells are read."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers.db import file_digest, rows
from tests.helpers.sheets import BASE_ROSTER, HOUSEHOLD_HEADER, MEMBER_HEADER
from village_gov.core.errors import SheetFile
from village_gov.core.sheets.cells import EMPTY, REFUSED, CellRefused, column_values, convert
from village_gov.core.sheets.headers import vocabulary
from village_gov.core.sheets.rows import fill_merged, sheet_records

# Cells of every type a reader gives, in the forms a clerk's workbook holds them.
CELLS = [
    None, "", "  ", " 陈一 ", "H1", "101", "3", "3.0", "2.5", "-4", "是", "否", "TRUE", "no", "√",
    "2026-10-08", "2026/10/8", "2026年10月8日", "20261008", "2026年2月30日", "H1、H2", "H1,H2；H3",
    "13800138000", "5.10101199001011E+17", "1.38E+10", "e", "Eva",
    3.0, 2.5, 0.0, -1.0, 13800138000.0, 2812345678.0, 510101199001011234.0, 46303.0, 1e20, 7,
    True, False, dt.date(2026, 10, 8), dt.datetime(2026, 10, 8), dt.datetime(2026, 10, 8, 9, 30), dt.time(9, 30),
]


def _by_cell(cell, column):
    try:
        return convert(cell, column)
    except CellRefused as refused:
        return ("refused", refused.key, refused.params)


def _columns():
    """One column of each sort the importer reads (in any section): what a cell gives depends on the
    column's kind, list, reference, digits and flexibility only."""
    sorts = {}
    for section in vocabulary("zh").sections.values():
        for column in section.columns.values():
            sorts.setdefault((column.kind, column.many, column.ref, column.digits, column.flexible), column)
    return list(sorts.values())


@pytest.mark.parametrize("column", _columns(), ids=lambda c: c.key)
def test_each_column_converts_as_cell_by_cell(column):
    # One column of every kind of cell, then one of text cells only (the one-pass path), then the
    # same with a number among them (the path falls back at the first cell that is not text).
    for cells in (CELLS, [c for c in CELLS if isinstance(c, str)], [c for c in CELLS if isinstance(c, str)] + [3.0]):
        refusals: list = []
        got = column_values(list(cells), column, 4, refusals)
        refused = {position: refusal for position, _, refusal in refusals}
        assert all(index == 4 for _, index, _ in refusals)
        for position, cell in enumerate(cells):
            expected = _by_cell(cell, column)
            if position in refused:
                assert got[position] is REFUSED
                assert ("refused", refused[position].key, refused[position].params) == expected, cell
            elif expected is EMPTY:
                assert got[position] is EMPTY, cell
            else:
                assert got[position] == expected and type(got[position]) is type(expected), cell


def _records(rows, section="households", merged=None):
    columns = vocabulary("zh").sections[section]
    problems: list = []
    filled = fill_merged(rows, merged or [])
    return sheet_records(rows, columns, SheetFile("x.xlsx!农户"), vocabulary("zh").note_prefixes, problems,
                         filled), problems


def test_records_leave_out_empty_cells_and_blank_rows_with_their_cells_as_marks():
    rows = [["花名册", "", "", "", ""], HOUSEHOLD_HEADER,
            ["H1", " 陈一 ", "G1", 4.0, ""],
            ["", "", "", "", ""],          # a blank row: no record
            ["H2", "陈二", "G1", "", "13800138000"]]
    # The title merged over A1:E1 (0-based row 0): above the header, so the rows below are read as
    # they are (the merged cells spread nothing into them).
    records, problems = _records(rows, merged=[((0, 0), (0, 4))])
    assert problems == []
    assert [dict(r) for r in records] == [{"code": "H1", "head": "陈一", "group": "G1", "size": 4},
                                          {"code": "H2", "head": "陈二", "group": "G1", "phone": "13800138000"}]
    # Row 3 of the sheet is H1 (its phone E3 empty), row 5 is H2 (its size D5 empty).
    assert records[0].line == 3 and records[0].marks == {"code": (3, 1), "head": (3, 2), "group": (3, 3),
                                                          "size": (3, 4)}
    assert records[1].line == 5 and records[1].marks == {"code": (5, 1), "head": (5, 2), "group": (5, 3),
                                                          "phone": (5, 5)}
    assert records[1].mark_of("phone") == (5, 5) and records[1].file == "x.xlsx!农户"


def test_a_row_holding_only_merged_in_values_is_blank():
    rows = [HOUSEHOLD_HEADER, ["H1", "陈一", "G1", 4.0, ""], ["", "", "", "", ""], ["H2", "陈二", "", 3.0, ""]]
    # G1 merged down C2:C4 (0-based rows 1-3): the blank row 3 holds only the merged-in G1, H2 gets G1.
    records, problems = _records(rows, merged=[((1, 2), (3, 2))])
    assert problems == []
    assert [(r["code"], r["group"], r.line) for r in records] == [("H1", "G1", 2), ("H2", "G1", 4)]


def test_refusals_listed_row_by_row_left_to_right_and_their_rows_kept():
    rows = [MEMBER_HEADER,
            ["M1", "张三", "P1", None, 2812345678.0, "5.1E+17"],  # E2 (phone) then F2 (ID number)
            ["M2", "李四", "P1", None, "13800138000", 5.1e17]]  # F3
    records, problems = _records(rows, "members")
    assert [(p.line, p.column, p.key, p.record) for p in problems] == [
        (2, 5, "sheet.phone_float", "M1"), (2, 6, "sheet.scientific", "M1"), (3, 6, "sheet.id_number_float", "M2")]
    # A refused cell's field is left out; its row is still a record (the model is not reached anyway).
    assert [dict(r) for r in records] == [{"code": "M1", "name": "张三", "org": "P1"},
                                          {"code": "M2", "name": "李四", "org": "P1", "phone": "13800138000"}]


def test_short_csv_rows_and_a_refused_cell_through_the_command(cli, write_yaml, db_path, tmp_path):
    result = cli("--db", db_path, "import", write_yaml(BASE_ROSTER, "base.yaml"))
    assert result.exit_code == 0, result.output
    before = file_digest(db_path)
    # H1's row stops after the size (no phone): read as the cells it has; H2's phone E3 is refused.
    path = tmp_path / "农户.csv"
    path.write_text("编码,户主,村民小组,人口,电话\nH1,陈一,G1,4\nH2,陈二,G1,2,1.38E+10\n", encoding="utf-8")
    result = cli("--db", db_path, "import", path)
    assert result.exit_code == 2, result.output
    assert f"{path}!E3: 1.38E+10 是科学计数法" in result.output
    assert file_digest(db_path) == before
    path.write_text("编码,户主,村民小组,人口,电话\nH1,陈一,G1,4\nH2,陈二,G1,2,13800138000\n", encoding="utf-8")
    result = cli("--db", db_path, "import", path)
    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT code, size, phone FROM households ORDER BY code") == [
        {"code": "H1", "size": 4, "phone": None}, {"code": "H2", "size": 2, "phone": "13800138000"}]


class _ParserMark:
    """A YAML parser's mark: 0-based line and column."""

    def __init__(self, line, column):
        self.line, self.column = line, column


@pytest.mark.parametrize("marks", [
    {"code": (5, 1), "phone": (5, 5)},                      # a sheet's cells: (row, column), 1-based
    {"code": _ParserMark(4, 0), "phone": (5, 5)},           # YAML, with an inherited key's (line, column)
    {"code": (5, 1), "phone": _ParserMark(4, 4)},           # the other way round
], ids=["sheet", "parser-then-tuple", "tuple-then-parser"])
def test_an_entry_keeps_the_cells_of_a_sheet_record_and_mixed_marks(marks):
    from village_gov.core.batch import Entry
    from village_gov.core.yamlio import Mapping

    item = Mapping({"code": "H1", "phone": "13800138000"})
    item.file, item.line, item.column, item.marks, item.key_marks = "x.xlsx!农户", 5, 1, marks, {}
    entry = Entry(None, item)
    # A parser mark (4, 0) is line 5, column 1; (4, 4) line 5, column 5.
    assert (entry.line, entry.column) == (5, 1)
    assert entry.mark_of("code") == (5, 1) and entry.mark_of("phone") == (5, 5)
    assert entry.at("phone") == ("x.xlsx!农户", 5, 5)
