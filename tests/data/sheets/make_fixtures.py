"""Makes the old-format workbooks of the import tests: ``农户.xls`` (Excel 97-2003) and ``农户.ods``
(OpenDocument).  Neither village-gov nor its tests can write these formats, so the files are
committed; this script remade them with ``xlwt`` and ``odfpy``, installed for it alone (they are
no dependency of village-gov):

    pip install xlwt odfpy && python tests/data/sheets/make_fixtures.py

Both hold the same sheet 农户: a merged title row, the header, and three households of the
group G1 (the test's base roster): H1 陈一 4 persons with phone 13800138000 typed as text, H2 陈二
3 persons as a number cell (3.0), H3 陈三 2 persons after a blank row.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
TITLE = "青竹镇农户花名册"
HEADER = ["编码", "户主", "村民小组", "人口", "电话"]
ROWS = [["H1", "陈一", "G1", 4.0, "13800138000"], ["H2", "陈二", "G1", 3.0, None], None,
        ["H3", "陈三", "G1", 2.0, None]]


def make_xls(path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("农户")
    sheet.write_merge(0, 0, 0, len(HEADER) - 1, TITLE)
    for c, text in enumerate(HEADER):
        sheet.write(1, c, text)
    for r, row in enumerate(ROWS, start=2):
        for c, value in enumerate(row or []):
            if value is not None:
                sheet.write(r, c, value)
    book.save(str(path))


def make_ods(path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="农户")

    def row(values):
        tr = TableRow()
        for value in values:
            if value is None:
                tr.addElement(TableCell())
            elif isinstance(value, float):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
                tr.addElement(cell)
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
                tr.addElement(cell)
        table.addElement(tr)

    title = TableRow()
    merged = TableCell(valuetype="string", numbercolumnsspanned=len(HEADER))
    merged.addElement(P(text=TITLE))
    title.addElement(merged)
    table.addElement(title)
    row(HEADER)
    for values in ROWS:
        row(values or [None])
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


if __name__ == "__main__":
    make_xls(HERE / "农户.xls")
    make_ods(HERE / "农户.ods")
    print("wrote", HERE / "农户.xls", HERE / "农户.ods")
