"""A file that cannot be read as a workbook is refused in the clerk's words, naming the file (exit 2, the
database unchanged): cut short, a text file or a web page given a workbook's name, a zip archive with no
workbook inside, a password to open it, an empty file, a format under the other's extension, a damaged
part.  The reader's English ("Could not find EOCD", "File not found '_rels/.rels'") never shows, except
as the reason in parentheses of a damaged part, where it is all there is to tell."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from tests.helpers.db import file_digest
from tests.helpers.sheets import BASE_ROSTER, HOUSEHOLD_HEADER, write_workbook

FIXTURES = Path(__file__).parent / "data" / "sheets"
# What the reader (python-calamine) or zipfile would have said instead.
READERS_ENGLISH = ("EOCD", "Zip archive", "zip file", "File not found", "Cfb error", "password protected",
                   "cannot be read as a spreadsheet", "无法作为电子表格读取")


def _workbook(tmp_path: Path, name: str = "good.xlsx") -> Path:
    return write_workbook(tmp_path / name, {"农户": [HOUSEHOLD_HEADER, ["H1", "陈一", "G1", 4]]})


def truncated(tmp_path: Path) -> Path:
    # The first half of a good workbook, as a download that stopped: the zip's directory (at its end) is gone.
    data = _workbook(tmp_path).read_bytes()
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def text_renamed(tmp_path: Path) -> Path:
    path = tmp_path / "花名册.xlsx"
    path.write_text("编码,户主\nH1,陈一\n", encoding="utf-8")
    return path


def zip_of_no_workbook(tmp_path: Path) -> Path:
    path = tmp_path / "花名册.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("照片/说明.txt", "村委会照片")
    return path


def encrypted_xlsx(tmp_path: Path) -> Path:
    return Path(shutil.copy(FIXTURES / "加密.xlsx", tmp_path / "花名册.xlsx"))


def encrypted_xls(tmp_path: Path) -> Path:
    return Path(shutil.copy(FIXTURES / "加密.xls", tmp_path / "花名册.xls"))


def empty(tmp_path: Path) -> Path:
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(b"")
    return path


def web_page(tmp_path: Path) -> Path:
    # What many web systems export as "Excel": an HTML table named .xls (here with a BOM and a blank line).
    path = tmp_path / "花名册.xls"
    path.write_bytes("\ufeff\n<html><body><table><tr><td>H1</td></tr></table></body></html>".encode())
    return path


def xls_named_xlsx(tmp_path: Path) -> Path:
    return Path(shutil.copy(FIXTURES / "农户.xls", tmp_path / "花名册.xlsx"))


def xlsx_named_xls(tmp_path: Path) -> Path:
    return Path(shutil.copy(_workbook(tmp_path), tmp_path / "花名册.xls"))


def text_named_xls(tmp_path: Path) -> Path:
    path = tmp_path / "花名册.xls"
    path.write_text("not a workbook\n", encoding="utf-8")
    return path


# Each case: the file, then a piece of the Chinese message and of the English one.
CASES = {
    "truncated": (truncated, "工作簿已损坏或不完整（可能下载或复制时中断），无法读取；请重新获取文件",
                  "the workbook is damaged or incomplete (perhaps a download or copy stopped half way)"),
    "text_renamed": (text_renamed, "文件不是工作簿：内容不是 Excel、WPS 或 OpenDocument 表格，可能是别的文件被改成了 "
                     ".xlsx 扩展名",
                     "the file is not a workbook: its content is no Excel, WPS or OpenDocument spreadsheet; "
                     "perhaps another kind of file renamed to .xlsx"),
    "zip_of_no_workbook": (zip_of_no_workbook, "文件是压缩包（zip），但里面没有工作簿",
                           "the file is a zip archive with no workbook inside"),
    "encrypted_xlsx": (encrypted_xlsx, "工作簿设有打开密码，无法读取；请在 Excel 或 WPS 中取消密码后另存，"
                       "再导入",
                       "the workbook has a password to open it and cannot be read; remove the password"),
    "encrypted_xls": (encrypted_xls, "工作簿设有打开密码，无法读取",
                      "the workbook has a password to open it and cannot be read"),
    "empty": (empty, "文件是空的（0 字节），不是工作簿", "the file is empty (0 bytes), not a workbook"),
    "web_page": (web_page, "文件实为网页（HTML），只是扩展名为 .xls，并不是工作簿；请用 Excel 或 WPS 打开后另存为 "
                 ".xlsx",
                 "the file is a web page (HTML) named .xls, not a workbook"),
    "xls_named_xlsx": (xls_named_xlsx, "文件实为 Excel 97-2003 工作簿（.xls），扩展名却是 .xlsx；请把扩展名改为 "
                       ".xls",
                       "the file is an Excel 97-2003 workbook (.xls) named .xlsx; rename it to .xls"),
    "xlsx_named_xls": (xlsx_named_xls, "文件实为新版工作簿（.xlsx 或 .ods），扩展名却是 .xls；请改正扩展名后"
                       "再导入",
                       "the file is a newer workbook (.xlsx or .ods) named .xls"),
    "text_named_xls": (text_named_xls, "文件不是工作簿：内容不是 Excel、WPS 或 OpenDocument 表格，可能是别的文件被改成了 "
                       ".xls 扩展名", "the file is not a workbook: its content is no Excel, WPS or OpenDocument "
                       "spreadsheet; perhaps another kind of file renamed to .xls"),
}


def _base(cli, write_yaml, db_path) -> str | None:
    result = cli("--db", db_path, "import", write_yaml(BASE_ROSTER, "base.yaml"))
    assert result.exit_code == 0, result.output
    return file_digest(db_path)


def _refused(cli, db_path, path, before, *lang) -> str:
    result = cli(*lang, "--db", db_path, "import", path)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert file_digest(db_path) == before  # the database unchanged
    return result.stderr


@pytest.mark.parametrize("case", list(CASES))
def test_an_unreadable_workbook_is_named_and_said_why_in_chinese_and_english(cli, write_yaml, db_path, tmp_path,
                                                                            case):
    make, zh, en = CASES[case]
    before = _base(cli, write_yaml, db_path)
    path = make(tmp_path)
    out = _refused(cli, db_path, path, before)
    assert f"{path}: {zh}" in out, out            # the file named, then why (Chinese by default)
    assert not any(text in out for text in READERS_ENGLISH), out
    out = _refused(cli, db_path, path, before, "--lang", "en")
    assert f"{path}: {en}" in out, out


def test_a_damaged_part_keeps_the_reader_s_reason_in_parentheses(cli, write_yaml, db_path, tmp_path):
    before = _base(cli, write_yaml, db_path)
    good = _workbook(tmp_path)
    path = tmp_path / "花名册.xlsx"
    # The sheet's XML cut after its first 200 bytes: the zip is whole, the sheet is not well-formed XML.
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            out.writestr(info, data[:200] if info.filename == "xl/worksheets/sheet1.xml" else data)
    out = _refused(cli, db_path, path, before)
    assert f"{path}: 工作簿内部数据已损坏，无法读取（" in out and "）；请用 Excel 或 WPS 打开修复后另存" in out
    reason = out.split("无法读取（", 1)[1].split("）；", 1)[0]
    assert reason.isascii() and reason  # the reader's own words, in English
    out = _refused(cli, db_path, path, before, "--lang", "en")
    assert f"{path}: the workbook's content is damaged and cannot be read ({reason}); open it in Excel" in out


def test_an_unreadable_workbook_among_good_files_stops_the_whole_import(cli, write_yaml, db_path, tmp_path):
    # A good workbook and a cut one in one import: nothing of the good one is written either.
    before = _base(cli, write_yaml, db_path)
    good = _workbook(tmp_path, "农户.xlsx")
    bad = truncated(tmp_path)
    result = cli("--db", db_path, "import", good, bad)
    assert result.exit_code == 2, result.output
    assert f"{bad}: 工作簿已损坏或不完整" in result.stderr and "发现 1 个问题" in result.stderr
    assert file_digest(db_path) == before
