"""``village-gov template``: every column has a Chinese and an English header.

No header falls back to its field name; where a field's word differs between sections the
section's own label wins (a member's ``name`` is 姓名, an organization's 名称; an organization's
``members`` is 成员, not the 党员数 of the reports); a decision's step columns read as the steps of
四议两公开 followed by the field (提议·日期, 审议·应到).  The expected headers are written out by hand
from the models' fields, in their order.
"""

from __future__ import annotations

import re

import openpyxl

from village_gov.core import i18n
from village_gov.reports.template import build_template


def _headers(cli, tmp_path, sheet, *args, lang=None):
    target = tmp_path / "模板.xlsx"
    result = cli(*(["--lang", lang] if lang else []), "template", "--output", target, *args)
    assert result.exit_code == 0, result.output
    return [cell.value for cell in openpyxl.load_workbook(target)[sheet][1]]


def test_no_column_is_left_unlabeled_in_either_language():
    assert build_template("all").unlabeled == []
    i18n.set_lang("en")
    assert build_template("all").unlabeled == []


def test_no_chinese_header_holds_a_latin_letter():
    """A Chinese header is Chinese: no field name shows through (the unit of 面积(km²) aside)."""
    latin = {f"{sheet.title}.{column.key}": column.header for sheet in build_template("all").sheets
             for column in sheet.columns if re.search("[A-Za-z]", column.header.replace("km²", ""))}
    assert latin == {}


def test_decision_steps_are_headed_by_the_steps_of_the_procedure(cli, tmp_path):
    assert _headers(cli, tmp_path, "决策事项", "--ledger", "procedures") == [
        "编码", "村", "主题", "类别", "监督方",
        "提议·日期", "商议·日期",
        "审议·日期", "审议·应到", "审议·实到", "审议·赞成", "审议·反对", "审议·弃权",
        "决议·日期", "决议·应到", "决议·实到", "决议·赞成", "决议·反对", "决议·弃权", "决议·决议机构",
        "决议公开·日期", "结果公开·日期",
    ]


def test_decision_steps_in_english(cli, tmp_path):
    headers = _headers(cli, tmp_path, "decision", "--ledger", "procedures", lang="en")
    assert headers[4:8] == ["supervised by", "proposed·date", "deliberated·date", "reviewed·date"]
    assert headers[-3:] == ["resolved·body", "resolution made public·date", "results made public·date"]


def test_a_persons_name_is_a_full_name_and_a_places_name_a_name(cli, tmp_path):
    assert _headers(cli, tmp_path, "党员", "--ledger", "roster")[:2] == ["编码", "姓名"]
    assert _headers(cli, tmp_path, "村两委成员", "--ledger", "roster") == ["编码", "村", "党员", "姓名", "职务",
                                                                          "任现职日期"]
    assert _headers(cli, tmp_path, "乡镇", "--ledger", "roster") == ["编码", "名称", "类型"]
    assert _headers(cli, tmp_path, "微组织", "--ledger", "micros") == [
        "编码", "名称", "村", "组织类型", "类别", "负责人", "成员", "成立日期", "有章程"]


def test_the_reform_and_the_villages_before_it(cli, tmp_path):
    assert _headers(cli, tmp_path, "两项改革", "--ledger", "roster") == ["编码", "名称", "生效日期"]
    assert _headers(cli, tmp_path, "改革前村", "--ledger", "roster") == [
        "编码", "名称", "改革前乡镇", "户籍人口", "面积(km²)", "党组织数", "并入村"]


def test_consultations_and_requests(cli, tmp_path):
    assert _headers(cli, tmp_path, "议事活动", "--ledger", "consult") == [
        "编码", "村", "日期", "形式", "议题", "主持人", "参加人数", "阵地", "纪要"]
    assert _headers(cli, tmp_path, "诉求", "--ledger", "consult") == [
        "编码", "村", "提出日期", "议事活动", "农户", "内容", "类别", "当场答复", "答复", "状态", "办结日期",
        "转办日期", "转往", "可公开"]


def test_the_other_procedure_sheets(cli, tmp_path):
    wb_headers = {sheet: _headers(cli, tmp_path, sheet, "--ledger", "procedures")
                  for sheet in ("公开记录", "组织生活记录", "红黑榜记录", "积分记录")}
    assert wb_headers == {
        "公开记录": ["编码", "村", "日期", "类型", "公开内容", "公开方式"],
        "组织生活记录": ["编码", "党组织", "日期", "类型", "应到", "实到", "主题"],
        "红黑榜记录": ["编码", "日期", "村", "农户", "榜单", "事由", "已公示"],
        "积分记录": ["编码", "日期", "农户", "积分", "事由", "规则"],
    }


def test_the_explanation_sheet_names_the_labelled_reference_columns(cli, tmp_path):
    target = tmp_path / "模板.xlsx"
    assert cli("template", "--output", target).exit_code == 0
    lines = [row[0] for row in openpyxl.load_workbook(target)["说明"].iter_rows(values_only=True) if row[0]]
    assert "「改革前村」表的「改革前乡镇」列 → 「改革前乡镇」表的编码" in lines
    assert "「改革前村」表的「并入村」列 → 「村」表的编码" in lines
    assert "「诉求」表的「议事活动」列 → 「议事活动」表的编码" in lines


def test_a_section_label_names_a_column_that_exists():
    """``label.column_<section>_<field>`` is looked up by a column's path: a key that matches none
    (a field renamed or removed) would be dead text."""
    i18n._load_modules()
    paths = {f"{sheet.section}_{'_'.join(column.key.split('.')[:n])}" for sheet in build_template("all").sheets
             for column in sheet.columns for n in range(1, column.key.count(".") + 2)}
    paths |= {f"{sheet.section}_{part}" for sheet in build_template("all").sheets
              for column in sheet.columns for part in column.key.split(".")}
    keys = {key.removeprefix("label.column_") for key in [*i18n.CATALOG, *i18n.ALIASES]
            if key.startswith("label.column_")}
    assert keys and keys <= paths


def test_the_shared_labels_are_unchanged_for_the_other_outputs():
    """The section's own labels are the template's: lists and reports keep the shared ones."""
    assert i18n.label("label.name") == "名称"
    assert i18n.label("label.members") == "党员数"
    assert i18n.label("label.raised", "raised") == "raised"
