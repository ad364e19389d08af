"""The traps of a clerk's spreadsheet, each read correctly or refused naming the exact cell (exit 2,
the database unchanged): a phone or ID number Excel made a number or scientific notation, text dates,
merged cells, blank rows, formulas, an unknown header, a sheet of no section, a zip bomb."""

from __future__ import annotations

import datetime as dt
import zipfile

from tests.helpers.db import file_digest, rows
from tests.helpers.sheets import BASE_ROSTER, HOUSEHOLD_HEADER, MEMBER_HEADER, Formula, write_workbook


def _base(cli, write_yaml, db_path):
    """The township, village, groups and party organization the sheets' records point at."""
    result = cli("--db", db_path, "import", write_yaml(BASE_ROSTER, "base.yaml"))
    assert result.exit_code == 0, result.output
    return file_digest(db_path)


def _refused(cli, db_path, path, before, *more):
    result = cli("--db", db_path, "import", path, *more)
    assert result.exit_code == 2, result.output
    assert file_digest(db_path) == before  # the database unchanged
    return result.output


def _households(db_path):
    return {r["code"]: r for r in rows(db_path, 'SELECT code, head, "group" AS grp, size, phone FROM households')}


def test_float_phone_of_11_digits_is_taken_other_float_phones_refused(cli, write_yaml, db_path, tmp_path):
    before = _base(cli, write_yaml, db_path)
    # 13800138000.0 is a whole 11-digit mobile number: a double holds it exactly, nothing was lost.
    ok = write_workbook(tmp_path / "ok.xlsx", {"农户": [HOUSEHOLD_HEADER, ["H1", "陈一", "G1", 4, 13800138000.0]]})
    result = cli("--db", db_path, "import", ok)
    assert result.exit_code == 0, result.output
    assert _households(db_path)["H1"]["phone"] == "13800138000"
    before = file_digest(db_path)
    # 02812345678 typed into a number cell lost its 0: 2812345678 (10 digits) is refused at E3 (row 2
    # of the sheet is H1, row 3 is H2; the phone is the fifth column).
    bad = write_workbook(tmp_path / "bad.xlsx", {"农户": [HOUSEHOLD_HEADER, ["H1", "陈一", "G1", 4, "13800138000"],
                                                         ["H2", "陈二", "G1", 2, 2812345678.0]]})
    out = _refused(cli, db_path, bad, before)
    assert f"{bad}!农户!E3: 电话被 Excel 存成了数字（2812345678）" in out
    assert "[H2]" in out


def test_scientific_notation_id_refused_as_text_and_as_a_number(cli, write_yaml, db_path, tmp_path):
    before = _base(cli, write_yaml, db_path)
    path = write_workbook(tmp_path / "m.xlsx", {"党员": [
        MEMBER_HEADER,
        ["M1", "张三", "P1", None, None, "5.10101199001011E+17"],  # text as Excel shows the number
        ["M2", "李四", "P1", None, None, 510101199001011234.0],     # the number itself: 18 digits > a double's
        ["M3", "王五", "P1", None, "1.38001380013E+10", None],     # a phone in scientific notation, as text
    ]})
    out = _refused(cli, db_path, path, before)
    assert f"{path}!党员!F2: 5.10101199001011E+17 是科学计数法，原来的数字已丢失" in out
    assert f"{path}!党员!F3: 身份证号被 Excel 存成了数字" in out
    assert f"{path}!党员!E4: 1.38001380013E+10 是科学计数法" in out


def test_scientific_notation_id_in_csv_refused_naming_the_cell(cli, write_yaml, db_path, tmp_path):
    before = _base(cli, write_yaml, db_path)
    path = tmp_path / "党员.csv"
    path.write_text("编码,姓名,党组织,身份证号\nM1,张三,P1,5.10101E+17\n", encoding="utf-8")
    out = _refused(cli, db_path, path, before)
    assert f"{path}!D2: 5.10101E+17 是科学计数法" in out


def test_text_dates_in_four_forms_and_a_date_cell(cli, write_yaml, db_path, tmp_path):
    _base(cli, write_yaml, db_path)
    header = ["编码", "姓名", "党组织", "出生日期"]
    path = write_workbook(tmp_path / "m.xlsx", {"党员": [
        header, ["M1", "甲", "P1", "1980-01-02"], ["M2", "乙", "P1", "1980/1/2"], ["M3", "丙", "P1", "1980年1月2日"],
        ["M4", "丁", "P1", "1980.1.2"], ["M5", "戊", "P1", dt.date(1980, 1, 2)],
        ["M6", "己", "P1", 29222.0],  # a serial number without a date format: 1980-01-02 is day 29222 of 1900
    ]})
    result = cli("--db", db_path, "import", path)
    assert result.exit_code == 0, result.output
    born = {r["code"]: r["born"] for r in rows(db_path, "SELECT code, born FROM members")}
    assert born == {f"M{n}": "1980-01-02" for n in range(1, 7)}


def test_a_text_date_that_is_no_date_is_refused_at_its_cell(cli, write_yaml, db_path, tmp_path):
    before = _base(cli, write_yaml, db_path)
    path = write_workbook(tmp_path / "m.xlsx", {"党员": [["编码", "姓名", "党组织", "出生日期"],
                                                         ["M1", "甲", "P1", "1980年2月30日"]]})
    out = _refused(cli, db_path, path, before)
    assert f"{path}!党员!D2: " in out


def test_merged_title_row_and_merged_data_cell_blank_rows_between(cli, write_yaml, db_path, tmp_path):
    _base(cli, write_yaml, db_path)
    sheet = [["青竹镇农户花名册"], [], HOUSEHOLD_HEADER,
             ["H1", "陈一", "G1", 4], [], ["H2", "陈二", None, 3], ["H3", "陈三", None, 2], [None], ["H4", "陈四", "G2", 1]]
    # The title merged over A1:E1; the group G1 merged down C4:C7 (H1, the blank row, H2, H3).
    path = write_workbook(tmp_path / "h.xlsx", {"农户": sheet}, merges={"农户": [(0, 0, 0, 4), (3, 2, 6, 2)]})
    result = cli("--db", db_path, "import", path)
    assert result.exit_code == 0, result.output
    got = {code: (r["grp"], r["size"]) for code, r in _households(db_path).items()}
    assert got == {"H1": ("G1", 4), "H2": ("G1", 3), "H3": ("G1", 2), "H4": ("G2", 1)}


def test_formula_cells_read_by_their_cached_value(cli, write_yaml, db_path, tmp_path):
    _base(cli, write_yaml, db_path)
    path = write_workbook(tmp_path / "h.xlsx", {"农户": [HOUSEHOLD_HEADER, ["H1", "陈一", "G1", Formula(("=1+2", 3))],
                                                         ["H2", Formula(('="陈"&"二"', "陈二")), "G1", 2]]})
    result = cli("--db", db_path, "import", path)
    assert result.exit_code == 0, result.output
    got = {code: (r["head"], r["size"]) for code, r in _households(db_path).items()}
    assert got == {"H1": ("陈一", 3), "H2": ("陈二", 2)}


def test_unknown_header_refused_with_did_you_mean_naming_the_cell(cli, write_yaml, db_path, tmp_path):
    before = _base(cli, write_yaml, db_path)
    path = write_workbook(tmp_path / "h.xlsx", {"农户": [["编码", "户注", "村民小组", "人口"], ["H1", "陈一", "G1", 4]]})
    out = _refused(cli, db_path, path, before)
    assert f"{path}!农户!B1: 未知的列名 户注（是否想写 户主？）" in out


def test_header_variants_a_clerk_types_and_a_row_number_column(cli, write_yaml, db_path, tmp_path):
    _base(cli, write_yaml, db_path)
    header = ["序号", "编号", "名字", "所属党组织", "出生年月", "手机号", "公民身份号码"]
    path = write_workbook(tmp_path / "m.xlsx", {"党员": [header, [1, "M1", "张三", "P1", "1970/3/1", "13800000001",
                                                                  "11010519491231002X"]]})
    result = cli("--db", db_path, "import", path)
    assert result.exit_code == 0, result.output
    (member,) = rows(db_path, "SELECT code, name, org, born, phone, id_number FROM members")
    assert member == {"code": "M1", "name": "张三", "org": "P1", "born": "1970-03-01", "phone": "13800000001",
                      "id_number": "11010519491231002X"}


def test_a_missing_required_column_and_a_repeated_one_are_refused_at_the_header(cli, write_yaml, db_path, tmp_path):
    before = _base(cli, write_yaml, db_path)
    path = write_workbook(tmp_path / "h.xlsx", {"农户": [["编码", "户主", "户主姓名", "人口"], ["H1", "陈一", "陈一", 4]]})
    out = _refused(cli, db_path, path, before)
    assert f"{path}!农户!C1: 列名 户主姓名 与第 2 列重复" in out
    assert f"{path}!农户!1: 缺少必填列 村民小组" in out


def test_model_and_reference_problems_name_the_cell(cli, write_yaml, db_path, tmp_path):
    before = _base(cli, write_yaml, db_path)
    path = write_workbook(tmp_path / "h.xlsx", {"农户": [HOUSEHOLD_HEADER, ["H1", "陈一", "G9", 4],
                                                         ["H2", "陈二", "G1", 2.5]]})
    out = _refused(cli, db_path, path, before)
    assert f"{path}!农户!C2: group 指向不存在的村民小组：G9 [H1]" in out
    assert f"{path}!农户!D3: size 应为整数，实为 2.5 [H2]" in out


def test_no_sheet_of_any_section_is_refused_naming_the_sheets(cli, write_yaml, db_path, tmp_path):
    before = _base(cli, write_yaml, db_path)
    path = write_workbook(tmp_path / "x.xlsx", {"说明": [["填表说明"]], "村民": [HOUSEHOLD_HEADER]})
    out = _refused(cli, db_path, path, before)
    assert f"{path}: 没有一个工作表对应台账的部分（工作表：说明、村民）" in out


def test_sheets_of_no_section_are_skipped_when_another_matches(cli, write_yaml, db_path, tmp_path):
    _base(cli, write_yaml, db_path)
    path = write_workbook(tmp_path / "x.xlsx", {"说明": [["填表说明"]], "统计": [["合计", 3]],
                                                "户籍": [HOUSEHOLD_HEADER, ["H1", "陈一", "G1", 4]]})
    result = cli("--db", db_path, "import", path)
    assert result.exit_code == 0, result.output
    assert list(_households(db_path)) == ["H1"]


def test_zip_bomb_refused_from_the_zip_directory(cli, write_yaml, db_path, tmp_path, monkeypatch):
    before = _base(cli, write_yaml, db_path)
    monkeypatch.setenv("VILLAGE_GOV_MAX_FILE_MB", "1")
    # 400,000 cells of 15 characters (6,000,000 bytes, with the 8 of the other part 6,000,008 bytes =
    # 5.7 MB) pack to a few kilobytes: the file is small, its XML over the 4 × 1 MB allowed unpacked.
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<c><v>1</v></c>" * 400_000)
    assert path.stat().st_size < 1048576
    out = _refused(cli, db_path, path, before)
    assert f"{path}: 电子表格解压后过大（5.7 MB，上限 4.0 MB）" in out


def test_file_over_the_size_limit_refused_before_reading(cli, write_yaml, db_path, tmp_path, monkeypatch):
    before = _base(cli, write_yaml, db_path)
    path = tmp_path / "农户.csv"
    path.write_bytes(("编码,户主,村民小组,人口\n" + "H1,陈一,G1,4\n" * 20000).encode())
    monkeypatch.setenv("VILLAGE_GOV_MAX_FILE_MB", "0.1")
    out = _refused(cli, db_path, path, before)
    assert f"{path}: 文件过大" in out


def test_a_file_that_is_no_workbook_is_refused(cli, write_yaml, db_path, tmp_path):
    before = _base(cli, write_yaml, db_path)
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(b"not a zip at all")
    out = _refused(cli, db_path, path, before)
    assert f"{path}: 文件不是工作簿：内容不是 Excel、WPS 或 OpenDocument 表格" in out


def test_a_code_twice_names_both_cells(cli, write_yaml, db_path, tmp_path):
    before = _base(cli, write_yaml, db_path)
    path = write_workbook(tmp_path / "h.xlsx", {"农户": [HOUSEHOLD_HEADER, ["H1", "陈一", "G1", 4], ["H1", "陈二", "G1", 2]]})
    out = _refused(cli, db_path, path, before)
    # The second H1 (row 3) is refused at its code cell A3, naming the first one's row (A2).
    assert f"{path}!农户!A3: households 中编码 H1 重复（首次出现在 {path}!农户!A2）" in out


def test_zip_lying_about_its_sizes_refused_by_the_reader(cli, write_yaml, db_path, tmp_path):
    before = _base(cli, write_yaml, db_path)
    import struct

    base = write_workbook(tmp_path / "base.xlsx", {"农户": [HOUSEHOLD_HEADER]})
    big = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           + b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 200_000 + b"</sheetData></worksheet>")
    packed = tmp_path / "packed.xlsx"
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, big if info.filename == "xl/worksheets/sheet1.xml" else source.read(info))
        real = out.getinfo("xl/worksheets/sheet1.xml").file_size
    # The sheet's unpacked size, in its local header and in the directory, rewritten as 1,000 bytes:
    # the directory now passes the size check, and the reader stops at the declared size.
    raw = packed.read_bytes().replace(struct.pack("<I", real), struct.pack("<I", 1000))
    path = tmp_path / "lying.xlsx"
    path.write_bytes(raw)
    assert sum(i.file_size for i in zipfile.ZipFile(path).infolist()) < 20_000
    out = _refused(cli, db_path, path, before)
    # The reader's reason is kept in parentheses: it tells this damage from a cut download.
    assert f"{path}: 工作簿内部数据已损坏，无法读取（" in out
    assert "File is larger than its declared uncompressed size）" in out
