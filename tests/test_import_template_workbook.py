"""``village-gov template``: the blank workbook built from the sections the importer reads.

Read back with openpyxl: the sheets and their order, the headers and notes, the drop-downs of choice
and reference columns, date formats, frozen headers, the 说明 sheet, English headers with
``--lang en``, every ledger of LEDGERS (a toy ledger added by monkeypatching included), and the
refusals (exit 2, no file written).
"""

from __future__ import annotations

import typing

import openpyxl
import pytest

ROSTER_SHEETS = ["说明", "乡镇", "村", "村民小组", "党组织", "农户", "党员", "村两委成员", "两项改革", "改革前乡镇",
                 "改革前村"]


def _template(cli, tmp_path, *args, lang=None, name="模板.xlsx"):
    target = tmp_path / name
    result = cli(*(["--lang", lang] if lang else []), "template", "--output", target, *args)
    assert result.exit_code == 0, result.output
    assert str(target) in result.stderr
    return openpyxl.load_workbook(target)


def _validations(ws) -> dict[str, str]:
    """The drop-downs of a sheet: first cell of the range → its list (``"a,b"``) or its formula."""
    return {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation
            if dv.type == "list"}


def _format(ws, letter: str) -> str:
    """The number format of a whole column (openpyxl keeps neighbouring columns of one style as one range)."""
    index = openpyxl.utils.column_index_from_string(letter)
    return next((d.number_format for d in ws.column_dimensions.values() if d.min <= index <= d.max), "General")


def _row(ws, number):
    return [cell.value for cell in ws[number]]


def test_roster_sheets_in_import_order(cli, tmp_path):
    wb = _template(cli, tmp_path, "--ledger", "roster")
    assert wb.sheetnames == ROSTER_SHEETS


def test_households_headers_notes_frozen_and_group_reference(cli, tmp_path):
    wb = _template(cli, tmp_path, "--ledger", "roster")
    ws = wb["农户"]
    assert _row(ws, 1) == ["编码", "户主", "村民小组", "人口", "电话"]
    assert _row(ws, 2) == ["必填", "必填", "必填；填「村民小组」表中的编码", "必填；整数", "可不填"]
    assert ws.max_row == 2  # blank below the headers
    assert ws.freeze_panes == "B3"
    # The group column lists the codes of the 村民小组 sheet, whose first column is the code.
    assert _validations(ws) == {"C3": "'村民小组'!$A$3:$A$5000"}
    assert wb["村民小组"]["A1"].value == "编码"


def test_choice_columns_list_the_models_choices(cli, tmp_path):
    from village_gov.ledgers.roster.models import Member

    def choices(field):
        """The values of the model's Literal (the field may be Optional)."""
        literal = next(a for a in typing.get_args(Member.model_fields[field].annotation) if a is not type(None))
        if typing.get_origin(literal) is typing.Annotated:  # choice(): a Literal with its validator
            literal = typing.get_args(literal)[0]
        return '"' + ",".join(typing.get_args(literal)) + '"'

    wb = _template(cli, tmp_path, "--ledger", "roster")
    ws = wb["党员"]
    assert _row(ws, 1) == ["编码", "姓名", "性别", "出生日期", "入党日期", "状态", "党组织", "电话", "身份证号",
                           "联系户"]
    dropdowns = _validations(ws)
    assert dropdowns["C3"] == '"男,女"'
    assert dropdowns["F3"] == '"正式,预备"'
    assert dropdowns["C3"] == choices("gender")
    assert typing.get_args(Member.model_fields["status"].annotation) == ("正式", "预备")
    assert dropdowns["G3"] == "'党组织'!$A$3:$A$5000"
    assert dropdowns["J3"] == "'农户'!$A$3:$A$5000"  # several households: a help, not a rule
    # Dates are formatted as dates; phone and ID numbers as text (no float, no 1.1E+17).
    assert _format(ws, "D") == "yyyy-mm-dd"
    assert _format(ws, "E") == "yyyy-mm-dd"
    assert _format(ws, "I") == "@"
    assert _row(ws, 2)[3] == "可不填；YYYY-MM-DD"


def test_the_explanation_sheet_names_the_references(cli, tmp_path):
    wb = _template(cli, tmp_path, "--ledger", "roster")
    lines = [row[0] for row in wb["说明"].iter_rows(values_only=True) if row[0]]
    assert lines[0] == "台账导入模板"
    assert any("编码不得重复" in line for line in lines)
    assert "「农户」表的「村民小组」列 → 「村民小组」表的编码" in lines
    assert "「村」表的「乡镇」列 → 「乡镇」表的编码" in lines


def test_english_headers_with_lang_en(cli, tmp_path):
    wb = _template(cli, tmp_path, "--ledger", "roster", lang="en")
    assert wb.sheetnames[:3] == ["definitions", "township", "village"]
    ws = wb["household"]
    assert _row(ws, 1) == ["code", "head", "group", "size", "phone"]
    assert _row(ws, 2)[2] == "required；a code of the villager group sheet"
    assert _validations(ws) == {"C3": "'villager group'!$A$3:$A$5000"}


def test_all_has_a_sheet_per_section_of_every_ledger(cli, tmp_path):
    from village_gov import ledgers
    from village_gov.reports.template import sheet_titles

    wb = _template(cli, tmp_path)
    names = [section.name for ledger in ledgers.LEDGERS for section in ledger.load_sections()]
    assert len(names) == 10 + 5 + 2 + 4 + 1 + 10  # roster, procedures, consult, micros, development, cadre
    assert wb.sheetnames == ["说明", *sheet_titles(names).values()]
    assert wb.sheetnames[-15:-10] == ["阵地", "微组织", "微服务", "微活动", "发展党员"]
    assert wb.sheetnames[-10:] == ["挂联", "挂联指导", "导师帮带", "帮带活动", "后备力量", "述职评议", "提级监督",
                                   "工作报告", "政治体检", "权责清单"]
    requests = wb["诉求"]
    assert _row(requests, 1)[:3] == ["编码", "村", "提出日期"]
    # A reference to a sheet of another ledger: the request's household lists the 农户 codes.
    column = _row(requests, 1).index("农户")
    assert _validations(requests)[f"{openpyxl.utils.get_column_letter(column + 1)}3"] == "'农户'!$A$3:$A$5000"


def test_one_ledger_alone_has_no_dropdown_to_a_sheet_it_lacks(cli, tmp_path):
    wb = _template(cli, tmp_path, "--ledger", "consult")
    assert wb.sheetnames == ["说明", "议事活动", "诉求"]
    request_dropdowns = set(_validations(wb["诉求"]).values())
    assert "'议事活动'!$A$3:$A$5000" in request_dropdowns
    assert not any("农户" in value or "'村'" in value for value in request_dropdowns)


def test_a_toy_ledger_added_to_LEDGERS_gets_its_sheet(cli, tmp_path, toy):
    wb = _template(cli, tmp_path)
    assert wb.sheetnames[-1] == "树木"
    ws = wb["树木"]
    assert _row(ws, 1) == ["编码", "村", "species", "planted"]
    assert _row(ws, 2) == ["必填", "必填；填「村」表中的编码", "必填", "必填；YYYY-MM-DD"]
    assert _validations(ws) == {"B3": "'村'!$A$3:$A$5000"}
    assert _format(ws, "D") == "yyyy-mm-dd"
    assert _template(cli, tmp_path, "--ledger", "trees", name="trees.xlsx").sheetnames == ["说明", "树木"]


def test_sheet_names_are_valid_for_excel_and_unique(toy_ledger):
    """Titles longer than 31 characters, holding []:*?/\\ or twice the same are made valid (texts added to
    the catalog here leave with the toy_ledger fixture)."""
    from village_gov.core import i18n
    from village_gov.reports.template import sheet_titles

    i18n.register({"section.a_long": ("长" * 40, "long"), "section.b_odd": ("[a]:b*c?d/e\\f", "odd"),
                   "section.c_twin": ("村", "Village"), "section.d_notes": ("说明", "notes")})
    titles = sheet_titles(["a_long", "b_odd", "villages", "c_twin", "d_notes"])
    assert titles == {"a_long": "长" * 31, "b_odd": "_a__b_c_d_e_f", "villages": "村", "c_twin": "村_c_twin",
                      "d_notes": "说明_d_notes"}
    i18n.set_lang("en")
    assert sheet_titles(["villages", "c_twin"]) == {"villages": "village", "c_twin": "Village_c_twin"}


def test_the_same_template_twice_gives_the_same_bytes(cli, tmp_path):
    _template(cli, tmp_path, name="a.xlsx")
    _template(cli, tmp_path, name="b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


def test_an_unknown_ledger_is_refused_and_nothing_written(cli, tmp_path, db_path):
    target = tmp_path / "t.xlsx"
    result = cli("template", "--output", target, "--ledger", "roser")
    assert result.exit_code == 2
    assert "roser" in result.stderr and "roster|procedures|consult|micros|development|cadre|all" in result.stderr
    assert not target.exists()
    assert not db_path.exists()  # no database is made or opened


@pytest.mark.parametrize("lang, expected", [(None, "无法写入"), ("en", "cannot write")])
def test_a_folder_that_cannot_be_made_is_refused_with_no_file(cli, tmp_path, lang, expected):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    target = tmp_path / "a-file" / "sub" / "模板.xlsx"
    result = cli(*(["--lang", lang] if lang else []), "template", "--output", target)
    assert result.exit_code == 2, result.output
    assert expected in result.stderr and str(target) in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_a_missing_folder_is_created_as_export_does(cli, tmp_path):
    wb = _template(cli, tmp_path, "--ledger", "micros", name="new/folder/模板.xlsx")
    assert wb.sheetnames == ["说明", "阵地", "微组织", "微服务", "微活动"]
