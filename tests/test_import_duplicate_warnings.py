"""``import`` warns about duplicates (the roster ledger's ``@import_warning`` rules) and writes all the same.

Positions are worked out from the YAML below: a record ``  - {code: H2, head: 陈一, …}`` has its
``head`` value at column 22 (2 spaces, "- ", "{", "code: H2, " is 10 characters, "head: " 6), and a
member's ``name`` value at column 22 likewise.
"""

from __future__ import annotations

import json
import sqlite3

from tests.helpers.rosters import id_number, places

ID = id_number("1980-01-02", 123)

ROSTER = places() + f"""\
party_orgs:
  - {{code: P1, name: 青竹村党总支, level: 党总支, village: V1}}
households:
  - {{code: H1, head: 陈一, group: G1, size: 3}}
  - {{code: H2, head: 陈一, group: G1, size: 3}}
members:
  - {{code: M1, name: 张三, born: 1980-01-02, org: P1, id_number: "{ID}"}}
  - {{code: M2, name: 张叁, born: 1980-01-02, org: P1}}
  - {{code: M3, name: 王伟, born: 1970-01-01, org: P1}}
  - {{code: M4, name: 王伟, born: 1971-01-01, org: P1}}
"""
# Lines: H1 10, H2 11, M1 13, M2 14, M3 15, M4 16.  Expected: H2 (line 11) has H1's head in G1;
# M2 张叁 (line 14) sounds like M1 张三 (line 13), same birth date.  M3/M4 王伟: other birth dates.


def _import_json(cli, *paths):
    result = cli("import", "--format", "json", *paths)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _where(warnings):
    return [(w["file"].rsplit("/", 1)[-1], w["line"], w["column"], w["record"], w["key"]) for w in warnings]


def test_warnings_within_one_file(cli, write_yaml, db_path):
    path = write_yaml(ROSTER)
    report = _import_json(cli, path)
    assert report["written"] is True  # the import goes ahead
    assert _where(report["warnings"]) == [
        ("roster.yaml", 11, 22, "H2", "roster.import_duplicate_household"),
        ("roster.yaml", 14, 22, "M2", "roster.import_duplicate_person_homophone")]
    household, person = report["warnings"]
    assert household["params"] == {"head": "陈一", "group": "G1", "other": "H1", "other_at": f"{path}:10"}
    assert person["message"] == f"姓名 张叁 与 {path}:13 的党员 M1（张三）同音，出生日期同为 1980-01-02：可能重复登记"
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM members").fetchone()[0] == 4


def test_warnings_printed_after_the_summary(cli, write_yaml):
    path = write_yaml(ROSTER)
    result = cli("import", path)
    assert result.exit_code == 0
    assert "已导入 1 个文件" in result.stdout
    # On stderr, like problems: a count, then one editor-friendly line per warning, in file order.
    lines = [line for line in result.stderr.splitlines() if not line.startswith("新建数据库")]
    assert lines == [
        "有 2 条警告（导入照常进行）：",
        f"{path}:11:22: 户主 陈一 与 {path}:10 的农户 H1 相同，同在村民小组 G1：可能重复登记 [H2]",
        f"{path}:14:22: 姓名 张叁 与 {path}:13 的党员 M1（张三）同音，出生日期同为 1980-01-02：可能重复登记 [M2]"]


def test_dry_run_warns_too(cli, write_yaml):
    result = cli("import", "--dry-run", "--format", "json", write_yaml(ROSTER))
    report = json.loads(result.stdout)
    assert report["written"] is False and len(report["warnings"]) == 2


def test_two_files_and_the_database(cli, write_yaml):
    roster = write_yaml(ROSTER)
    # A second file in the same import: N1 刘建军 is one character from N2 刘建国 (same file, same
    # day); N3 孙叁 is no homophone of 张三 or 张叁 (sun ≠ zhang) and 2 characters from 张三, but one
    # character from M2 张叁: a two-character name one character from another is reported.
    more = write_yaml("""\
        members:
          - {code: N1, name: 刘建军, born: 1975-09-10, org: P1}
          - {code: N2, name: 刘建国, born: 1975-09-10, org: P1}
          - {code: N3, name: 孙叁, born: 1980-01-02, org: P1}
          - {code: N4, name: 张三, born: 1980-01-02, org: P1}
        """, "more.yaml")
    report = _import_json(cli, roster, more)
    # N4 张三 (more.yaml:5) matches M1 张三 (same name) and M2 张叁 (homophone), both in roster.yaml;
    # N2 (more.yaml:3) is one character from N1 (more.yaml:2); N3 (more.yaml:4) from M2.
    assert sorted(_where(report["warnings"])) == [
        ("more.yaml", 3, 22, "N2", "roster.import_duplicate_person_similar_name"),
        ("more.yaml", 4, 22, "N3", "roster.import_duplicate_person_similar_name"),
        ("more.yaml", 5, 22, "N4", "roster.import_duplicate_person_homophone"),
        ("more.yaml", 5, 22, "N4", "roster.import_duplicate_person_same_name"),
        ("roster.yaml", 11, 22, "H2", "roster.import_duplicate_household"),
        ("roster.yaml", 14, 22, "M2", "roster.import_duplicate_person_homophone")]
    n4 = [w for w in report["warnings"] if w["record"] == "N4"]
    assert sorted(w["params"]["other_at"] for w in n4) == [f"{roster}:13", f"{roster}:14"]

    # Later, a file of one member holding M1's ID number, and a household under a new code with the
    # head of H1 and H2: each is compared with the stored records, which it names by code.  M9
    # 欧阳修 (born 1980-01-02 by the ID) is 3 characters from every name of that day: no name match.
    late = write_yaml(f"""\
        households:
          - {{code: H9, head: 陈一, group: G1, size: 3}}
        members:
          - {{code: M9, name: 欧阳修, org: P1, id_number: "{ID}"}}
        """, "late.yaml")
    report = _import_json(cli, late)
    # id_number's value: "  - {code: M9, name: 欧阳修, org: P1, id_number: " is 5 + 10 + 11 + 9 + 11 = 46
    # characters, so the quoted number starts at column 47.
    assert _where(report["warnings"]) == [
        ("late.yaml", 2, 22, "H9", "roster.import_duplicate_household_stored"),
        ("late.yaml", 2, 22, "H9", "roster.import_duplicate_household_stored"),
        ("late.yaml", 4, 47, "M9", "roster.import_duplicate_id_number_stored")]
    *households, same_id = report["warnings"]
    assert sorted(w["params"]["other"] for w in households) == ["H1", "H2"]
    masked = ID[:4] + "*" * 10 + ID[-4:]
    assert same_id["message"] == f"身份证号 {masked} 与数据库中的党员 M1（张三，P1）相同"
    assert ID not in json.dumps(report, ensure_ascii=False)


def test_records_held_again_are_compared_as_the_files_give_them(cli, write_yaml):
    path = write_yaml(ROSTER)
    first = _import_json(cli, path)
    # Importing the same roster again (read again with --force): the stored M1..M4, H1, H2 are the
    # files' own records, so the same two warnings, not doubled by the stored copies.
    again = json.loads(cli("import", "--force", "--format", "json", path).stdout)
    assert _where(again["warnings"]) == _where(first["warnings"])


def test_a_clean_import_has_an_empty_warnings_list(cli, small_roster):
    report = _import_json(cli, small_roster)
    assert report["warnings"] == []


def test_a_spreadsheet_row_is_named_by_its_cell(cli, write_yaml, tmp_path):
    # The places from ROSTER's first 8 lines (township … party organization), the members in a CSV
    # named for its section: header on row 1, M1 on row 2, M2 on row 3; name is column B.
    places = write_yaml("".join(ROSTER.splitlines(keepends=True)[:8]), "places.yaml")
    members = tmp_path / "members.csv"
    members.write_text("code,name,born,org\nM1,张三,1980-01-02,P1\nM2,张叁,1980-01-02,P1\n", encoding="utf-8")
    result = cli("import", places, members)
    assert result.exit_code == 0, result.output
    # M2's name cell is B3; M1's row starts at A2.
    assert (f"{members}!B3: 姓名 张叁 与 {members}!A2 的党员 M1（张三）同音，出生日期同为 1980-01-02：可能重复登记 [M2]"
            in result.stderr.splitlines())


def test_three_households_of_one_head_each_named_after_the_first(cli, write_yaml):
    # H1, H2 and H3 have one head in G1 (lines 10-12), H4 too but is archived (line 13), H5 another
    # head: H2 and H3 are each reported once, naming H1 (the first of them); H4 is left out.
    text = ROSTER.replace("  - {code: H2, head: 陈一, group: G1, size: 3}\n",
                          "  - {code: H2, head: 陈一, group: G1, size: 3}\n"
                          "  - {code: H3, head: 陈一, group: G1, size: 2}\n"
                          "  - {code: H4, head: 陈一, group: G1, size: 2, archived: true}\n"
                          "  - {code: H5, head: 陈五, group: G1, size: 2}\n")
    report = _import_json(cli, write_yaml(text))
    households = [w for w in report["warnings"] if w["key"].startswith("roster.import_duplicate_household")]
    assert [(w["line"], w["record"], w["params"]["other"]) for w in households] == [(11, "H2", "H1"), (12, "H3", "H1")]
