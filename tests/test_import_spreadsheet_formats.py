"""Every spreadsheet format import reads: .xlsx, .xls, .ods, CSV in UTF-8, UTF-8 with a BOM and
GBK/GB18030 (the detection said), UTF-16 refused with advice; a CSV's section from its name or
``--section``; YAML and spreadsheets in one all-or-nothing import; English headers; and a YAML
problem printed exactly as before."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers.db import file_digest, rows
from tests.helpers.sheets import BASE_ROSTER, HOUSEHOLD_HEADER, write_workbook

FIXTURES = Path(__file__).parent / "data" / "sheets"
CSV_TEXT = "编码,户主,村民小组,人口,电话\nH1,陈一,G1,4,13800138000\nH2,陈二,G1,3,\n"


def _base(cli, write_yaml, db_path):
    result = cli("--db", db_path, "import", write_yaml(BASE_ROSTER, "base.yaml"))
    assert result.exit_code == 0, result.output
    return file_digest(db_path)


def _households(db_path):
    return [(r["code"], r["head"], r["grp"], r["size"], r["phone"]) for r in rows(
        db_path, 'SELECT code, head, "group" AS grp, size, phone FROM households ORDER BY code')]


@pytest.mark.parametrize("name", ["农户.xls", "农户.ods"])
def test_old_excel_and_opendocument_workbooks(cli, write_yaml, db_path, tmp_path, name):
    _base(cli, write_yaml, db_path)
    path = tmp_path / name
    shutil.copy(FIXTURES / name, path)
    result = cli("--db", db_path, "import", path)
    assert result.exit_code == 0, result.output
    # As make_fixtures.py wrote them: a merged title row, the header, H1 and H2, a blank row, H3.
    assert _households(db_path) == [("H1", "陈一", "G1", 4, "13800138000"), ("H2", "陈二", "G1", 3, None),
                                    ("H3", "陈三", "G1", 2, None)]


@pytest.mark.parametrize(("encoding", "said"), [("utf-8", False), ("utf-8-sig", False), ("gb18030", True),
                                                ("gbk", True)])
def test_csv_encodings_read_and_gb18030_said(cli, write_yaml, db_path, tmp_path, encoding, said):
    _base(cli, write_yaml, db_path)
    path = tmp_path / "户籍.csv"
    path.write_bytes(CSV_TEXT.encode(encoding))
    result = cli("--db", db_path, "import", path)
    assert result.exit_code == 0, result.output
    assert _households(db_path) == [("H1", "陈一", "G1", 4, "13800138000"), ("H2", "陈二", "G1", 3, None)]
    assert (f"{path}：按 GB18030 编码读取" in result.output) is said


def test_utf16_csv_refused_with_advice(cli, write_yaml, db_path, tmp_path):
    before = _base(cli, write_yaml, db_path)
    path = tmp_path / "households.csv"
    path.write_bytes(CSV_TEXT.encode("utf-16"))
    result = cli("--db", db_path, "import", path)
    assert result.exit_code == 2
    assert f"{path}: 文件是 UTF-16 编码（Excel 的「Unicode 文本」），无法读取；请在 Excel 中另存为「CSV UTF-8（逗号分隔）」" \
        in result.output
    assert file_digest(db_path) == before


def test_csv_section_from_option_and_an_unknown_name_refused(cli, write_yaml, db_path, tmp_path):
    before = _base(cli, write_yaml, db_path)
    path = tmp_path / "2026年花名册导出.csv"
    path.write_text(CSV_TEXT, encoding="utf-8")
    result = cli("--db", db_path, "import", path)
    assert result.exit_code == 2
    assert f"{path}: 无法从文件名 2026年花名册导出.csv 判断是哪一部分" in result.output
    assert file_digest(db_path) == before
    result = cli("--db", db_path, "import", path, "--section", "农户")
    assert result.exit_code == 0, result.output
    assert [h[0] for h in _households(db_path)] == ["H1", "H2"]
    result = cli("--db", db_path, "import", path, "--section", "housholds", "--force")
    assert result.exit_code == 2
    assert "--section 的值 housholds 不是台账的部分（是否想写 households？）" in result.output


def test_csv_problems_name_the_cell(cli, write_yaml, db_path, tmp_path):
    before = _base(cli, write_yaml, db_path)
    path = tmp_path / "村民小组.csv"
    path.write_text("编码,名称,村\nG3,三组,V1\nG4,四组,V9\n", encoding="utf-8")
    result = cli("--db", db_path, "import", path)
    assert result.exit_code == 2
    assert f"{path}!C3: village 指向不存在的村：V9 [G4]" in result.output
    assert file_digest(db_path) == before


def test_yaml_and_spreadsheet_in_one_import_all_or_nothing(cli, write_yaml, db_path, tmp_path):
    base = write_yaml(BASE_ROSTER, "base.yaml")
    good = write_workbook(tmp_path / "good.xlsx", {"农户": [HOUSEHOLD_HEADER, ["H1", "陈一", "G1", 4]]})
    bad = write_workbook(tmp_path / "bad.xlsx", {"农户": [HOUSEHOLD_HEADER, ["H1", "陈一", "G7", 4]]})
    result = cli("--db", db_path, "import", base, bad)
    assert result.exit_code == 2
    assert f"{bad}!农户!C2: group 指向不存在的村民小组：G7 [H1]" in result.output
    assert not db_path.exists()  # a refused import into a new path leaves no file
    result = cli("--db", db_path, "import", base, good)
    assert result.exit_code == 0, result.output
    assert _households(db_path) == [("H1", "陈一", "G1", 4, None)]
    assert rows(db_path, "SELECT count(*) AS n FROM groups") == [{"n": 2}]


def test_english_template_headers_and_sheet_names(cli, write_yaml, db_path, tmp_path):
    _base(cli, write_yaml, db_path)
    template = tmp_path / "template-en.xlsx"
    assert cli("--lang", "en", "template", "--output", template, "--ledger", "roster").exit_code == 0
    import openpyxl

    book = openpyxl.load_workbook(template)
    sheet = next(s for s in book.worksheets if s.title.lower().startswith("household"))
    headers = [c.value for c in sheet[1]]
    row = {"code": "H1", "head": "陈一", "group": "G1", "size": 4.0}
    labels = dict(zip(("code", "head", "group", "size"), headers[:4]))
    for col, header in enumerate(headers, start=1):
        key = next((k for k, v in labels.items() if v == header), None)
        if key:
            sheet.cell(row=3, column=col, value=row[key])
    book.save(tmp_path / "filled-en.xlsx")
    result = cli("--db", db_path, "import", tmp_path / "filled-en.xlsx")
    assert result.exit_code == 0, result.output
    assert _households(db_path) == [("H1", "陈一", "G1", 4, None)]


def test_yaml_problem_printed_as_before(cli, write_yaml, db_path):
    # The place of a YAML problem is unchanged by the cell places of spreadsheets: file:line:column.
    path = write_yaml(BASE_ROSTER + "households:\n  - {code: H1, head: 陈一, group: G9, size: 4}\n", "r.yaml")
    result = cli("--db", db_path, "import", path)
    assert result.exit_code == 2
    # BASE_ROSTER is 9 lines once its leading newline is cut (townships, T1, villages, V1, groups, G1,
    # G2, party_orgs, P1): households: is line 10, the record line 11.  In "  - {code: H1, head: 陈一,
    # group: G9" the value G9 starts at character 33 (2 spaces, "- {" to 5, "code: H1, " to 15,
    # "head: 陈一, " to 25, "group: " to 32).
    assert f"{path}:11:33: group 指向不存在的村民小组：G9 [H1]\n" in result.output


def test_reform_sheets_make_the_one_reform_mapping(cli, write_yaml, db_path, tmp_path):
    _base(cli, write_yaml, db_path)
    path = write_workbook(tmp_path / "reform.xlsx", {
        "两项改革": [["名称", "生效日期"], ["两项改革", "2019-12-31"]],
        "改革前乡镇": [["编码", "名称", "类型"], ["B1", "旧镇", "乡"]],
        "改革前村": [["编码", "名称", "改革前乡镇", "户籍人口", "并入村"], ["B1-1", "原东村", "B1", 800, "V1"],
                   ["B1-2", "原西村", "B1", 700.0, "V1"]],
    })
    result = cli("--db", db_path, "import", path)
    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT code, name, effective FROM reform") == [
        {"code": "reform", "name": "两项改革", "effective": "2019-12-31"}]
    assert rows(db_path, "SELECT code, reform, population, merged_into FROM villages_before ORDER BY code") == [
        {"code": "B1-1", "reform": "reform", "population": 800, "merged_into": "V1"},
        {"code": "B1-2", "reform": "reform", "population": 700, "merged_into": "V1"}]
    # Two rows on the one-row sheet: the second is refused at its row.
    bad = write_workbook(tmp_path / "two.xlsx", {"两项改革": [["名称"], ["甲"], ["乙"]]})
    result = cli("--db", db_path, "import", bad)
    assert result.exit_code == 2
    assert f"{bad}!两项改革!3: 一个工作表只能有一行（两项改革），第 2 行之后又有一行" in result.output


def test_dry_run_of_a_workbook_writes_nothing(cli, write_yaml, db_path, tmp_path):
    before = _base(cli, write_yaml, db_path)
    path = write_workbook(tmp_path / "h.xlsx", {"农户": [HOUSEHOLD_HEADER, ["H1", "陈一", "G1", 4]]})
    result = cli("--db", db_path, "import", path, "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
    assert file_digest(db_path) == before
    (households,) = [s for s in json.loads(result.stdout)["sections"] if s["section"] == "households"]
    # A dry run's JSON lists the records of its plan; the numbers are under counts.
    assert households["added"] == [{"code": "H1", "label": "陈一"}] and households["counts"]["added"] == 1


def test_gb18030_said_when_the_file_is_refused_too(cli, write_yaml, db_path, tmp_path):
    before = _base(cli, write_yaml, db_path)
    path = tmp_path / "农户.csv"
    path.write_bytes("编码,户主,村民小组,人口\nH1,陈一,G8,4\n".encode("gb18030"))
    result = cli("--db", db_path, "import", path)
    assert result.exit_code == 2
    assert result.output.index(f"{path}：按 GB18030 编码读取") < result.output.index(f"{path}!C2: group 指向不存在")
    assert file_digest(db_path) == before
