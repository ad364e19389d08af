"""The names a clerk gives sheets, CSV files and columns, besides the template's own: one data table.

The template's sheet titles and column headers (in Chinese and English), the section and field
names themselves, and these variants are all accepted; matching ignores spaces, case, full- or
half-width forms and a trailing ``*`` (a required column's mark).  A variant is keyed by the field
(or section) it names, whatever the section: ``phone`` is 手机 on any sheet that has a phone.
"""

from __future__ import annotations

SECTION_VARIANTS: dict[str, tuple[str, ...]] = {
    "townships": ("乡镇街道", "镇"),
    "villages": ("村庄", "行政村", "村（社区）", "村社区"),
    "groups": ("小组", "村小组", "组"),
    "party_orgs": ("党组织信息", "基层党组织"),
    "households": ("户籍", "农户信息", "农户花名册", "花名册", "户"),
    "members": ("党员信息", "党员花名册"),
    "cadres": ("村干部", "两委成员", "村两委"),
    "consultations": ("议事", "协商议事", "议事台账"),
    "requests": ("群众诉求", "诉求台账"),
}

HEADER_VARIANTS: dict[str, tuple[str, ...]] = {
    "code": ("代码", "编号"),
    "name": ("名字",),
    "head": ("户主姓名", "户主名"),
    "size": ("家庭人口", "人口数", "户人口", "人数"),
    "phone": ("手机", "手机号", "手机号码", "联系电话", "电话号码", "联系方式"),
    "id_number": ("身份证号码", "公民身份号码", "身份证", "身份证件号码", "ID number", "ID"),
    "born": ("出生年月", "出生日期", "生日"),
    "joined": ("入党时间", "入党年月"),
    "gender": ("性",),
    "group": ("所属小组", "所在小组", "组"),
    "village": ("所属村", "所在村", "村名"),
    "org": ("所属党组织", "所在党组织", "所在支部"),
    "households": ("联系农户", "联系户编码"),
}

IGNORED_HEADERS: tuple[str, ...] = ("序号", "No.", "#")
"""Columns a clerk adds that hold nothing of the ledger (a row number): read past, not refused."""

DIGIT_FIELDS: dict[str, str] = {"phone": "phone", "id_number": "id_number"}
"""Fields holding a phone or ID number: a number Excel made of them is refused (see cells.py)."""

LIST_SEPARATORS = "、;；\n"
"""What separates the values of a list cell (the template says 、)."""
CODE_LIST_SEPARATORS = LIST_SEPARATORS + ",，"
"""A list of codes may also be separated by commas (a code holds none)."""
