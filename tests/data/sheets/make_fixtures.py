"""Makes the workbooks of the import tests that village-gov and its tests cannot write themselves:
``农户.xls`` (Excel 97-2003), ``农户.ods`` (OpenDocument), and the same sheet with a password to open
it, ``加密.xlsx`` and ``加密.xls``.  The files are committed; this script remade them with ``xlwt``,
``odfpy`` and ``msoffcrypto-tool``, installed for it alone (they are no dependency of village-gov),
and LibreOffice (``soffice`` and the Python that has its ``uno`` module, /usr/bin/python3 on Debian):

    pip install xlwt odfpy msoffcrypto-tool && python tests/data/sheets/make_fixtures.py

``农户.xls`` and ``农户.ods`` hold the same sheet 农户: a merged title row, the header, and three
households of the group G1 (the test's base roster): H1 陈一 4 persons with phone 13800138000 typed
as text, H2 陈二 3 persons as a number cell (3.0), H3 陈三 2 persons after a blank row.
``加密.xlsx`` is an xlsxwriter workbook of that sheet encrypted as Excel does ("Encrypt with
Password": an OLE file holding EncryptionInfo and EncryptedPackage); ``加密.xls`` is ``农户.xls``
saved by LibreOffice with a password (a FILEPASS record).  The password of both is ``village-gov``.
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


PASSWORD = "village-gov"


def make_encrypted_xlsx(path: Path) -> None:
    import io

    import xlsxwriter
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO()
    book = xlsxwriter.Workbook(plain, {"in_memory": True})
    sheet = book.add_worksheet("农户")
    for r, row in enumerate([HEADER, *[values for values in ROWS if values]]):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    book.close()
    plain.seek(0)
    with open(path, "wb") as out:
        OOXMLFile(plain).encrypt(PASSWORD, out)


# Run by LibreOffice's Python: open the .xls, save it again with a password.
_UNO_SCRIPT = """
import os, subprocess, sys, tempfile, time, uno
from com.sun.star.beans import PropertyValue
def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p
source, target, password = sys.argv[1:4]
profile = uno.systemPathToFileUrl(tempfile.mkdtemp())
office = subprocess.Popen(["soffice", "--headless", "--norestore", "-env:UserInstallation=" + profile,
                           "--accept=pipe,name=vgfixtures;urp;"])
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
for _ in range(120):
    try:
        ctx = resolver.resolve("uno:pipe,name=vgfixtures;urp;StarOffice.ComponentContext")
        break
    except Exception:
        time.sleep(0.5)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
try:
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
    doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "MS Excel 97"), prop("Password", password)))
    doc.close(True)
finally:
    try:
        desktop.terminate()
    except Exception:
        pass
    office.wait(timeout=60)
"""


def make_encrypted_xls(path: Path, source: Path, python: str = "/usr/bin/python3") -> None:
    import subprocess

    subprocess.run([python, "-c", _UNO_SCRIPT, str(source.resolve()), str(path.resolve()), PASSWORD], check=True)


if __name__ == "__main__":
    make_xls(HERE / "农户.xls")
    make_ods(HERE / "农户.ods")
    make_encrypted_xlsx(HERE / "加密.xlsx")
    make_encrypted_xls(HERE / "加密.xls", HERE / "农户.xls")
    print("wrote", *(HERE / name for name in ("农户.xls", "农户.ods", "加密.xlsx", "加密.xls")))
