"""``village-gov import``: every section lands in its table with the right values; re-import,
``--dry-run``, changes, absent records, ``--prune`` and restoring."""

from __future__ import annotations

import json

from tests.helpers.db import file_digest, rows
from tests.helpers.rosters import SMALL_ROSTER

FULL_ROSTER = """
townships:
  - {code: T1, name: 青竹镇, kind: 镇}
  - {code: T2, name: 白鹤乡, kind: township}
villages:
  - {code: V1, name: 百家池村, township: T1, population: 2000, area_km2: 5.5}
  - {code: V2, name: 新区社区, township: T2, kind: community}
groups:
  - {code: G1, name: 一组, village: V1}
  - {code: G2, name: 二组, village: V1}
party_orgs:
  - {code: P1, name: 百家池村党委, level: committee, village: V1, setup: joint, secretary: M1}
  - {code: P2, name: 一组党支部, level: branch, village: V1, group: G1, parent: P1}
  - {code: P3, name: 二组党小组, level: group, village: V1, group: G2, parent: P2}
  - {code: P4, name: 新区党总支, level: general_branch, village: V2, setup: 区域统建}
members:
  - code: M1
    name: 张三
    gender: 男
    born: 1970-03-01
    joined: 1995-07-01
    org: P1
    phone: 13800000001
    id_number: "11010519491231002x"
    households: [H2, H1, H1]
  - {code: M2, name: 王芳, gender: female, status: probationary, org: P3, households: []}
  - {code: M3, name: 李四, org: P4}
households:
  - {code: H1, head: 陈一, group: G1, size: 4, phone: "13900000002"}
  - {code: H2, head: 陈二, group: G2, size: 1}
cadres:
  - {village: V1, member: M1, posts: [党组织书记, director]}
  - {village: V1, name: 郑十一, posts: [村务监督委员会主任]}
"""


def test_every_section_lands_in_its_table(cli, write_yaml, db_path):
    result = cli("import", write_yaml(FULL_ROSTER))
    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT * FROM townships ORDER BY code") == [
        {"code": "T1", "name": "青竹镇", "kind": "镇", "archived": 0},
        {"code": "T2", "name": "白鹤乡", "kind": "乡", "archived": 0},   # English alias
    ]
    assert rows(db_path, "SELECT * FROM villages ORDER BY code") == [
        {"code": "V1", "name": "百家池村", "township": "T1", "kind": "建制村", "population": 2000,
         "area_km2": 5.5, "archived": 0},                                  # kind defaults to 建制村
        {"code": "V2", "name": "新区社区", "township": "T2", "kind": "社区", "population": None,
         "area_km2": None, "archived": 0},
    ]
    assert rows(db_path, "SELECT code, name, village FROM groups ORDER BY code") == [
        {"code": "G1", "name": "一组", "village": "V1"}, {"code": "G2", "name": "二组", "village": "V1"}]
    assert rows(db_path, 'SELECT code, level, village, "group", parent, setup, secretary FROM party_orgs '
                         "ORDER BY code") == [
        {"code": "P1", "level": "党委", "village": "V1", "group": None, "parent": None, "setup": "联建",
         "secretary": "M1"},
        {"code": "P2", "level": "党支部", "village": "V1", "group": "G1", "parent": "P1", "setup": "单建",
         "secretary": None},
        {"code": "P3", "level": "党小组", "village": "V1", "group": "G2", "parent": "P2", "setup": "单建",
         "secretary": None},
        {"code": "P4", "level": "党总支", "village": "V2", "group": None, "parent": None, "setup": "区域统建",
         "secretary": None},
    ]
    assert rows(db_path, "SELECT * FROM members ORDER BY code") == [
        # The unquoted phone arrives as a number and is kept as its digits; the ID's x is upper-cased.
        {"code": "M1", "name": "张三", "gender": "男", "born": "1970-03-01", "joined": "1995-07-01",
         "status": "正式", "org": "P1", "phone": "13800000001", "id_number": "11010519491231002X", "archived": 0},
        {"code": "M2", "name": "王芳", "gender": "女", "born": None, "joined": None, "status": "预备",
         "org": "P3", "phone": None, "id_number": None, "archived": 0},
        {"code": "M3", "name": "李四", "gender": None, "born": None, "joined": None, "status": "正式",
         "org": "P4", "phone": None, "id_number": None, "archived": 0},
    ]
    # M1's list [H2, H1, H1]: two distinct liaisons; M2 and M3 have none.
    assert rows(db_path, "SELECT member, household FROM liaisons ORDER BY member, household") == [
        {"member": "M1", "household": "H1"}, {"member": "M1", "household": "H2"}]
    assert rows(db_path, 'SELECT code, head, "group", size, phone FROM households ORDER BY code') == [
        {"code": "H1", "head": "陈一", "group": "G1", "size": 4, "phone": "13900000002"},
        {"code": "H2", "head": "陈二", "group": "G2", "size": 1, "phone": None}]
    cadres = rows(db_path, "SELECT code, village, member, name, posts FROM cadres ORDER BY code")
    # A cadre's code is village/member or village/name; posts are kept as a JSON list.
    assert cadres == [
        {"code": "V1/M1", "village": "V1", "member": "M1", "name": None, "posts": '["党组织书记", "村委会主任"]'},
        {"code": "V1/郑十一", "village": "V1", "member": None, "name": "郑十一", "posts": '["村务监督委员会主任"]'},
    ]


def test_import_summary_table_and_json(cli, write_yaml):
    result = cli("import", "--format", "json", write_yaml(FULL_ROSTER))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["written"] is True and report["dry_run"] is False
    assert {s["section"]: s["added"] for s in report["sections"]} == {
        "townships": 2, "villages": 2, "groups": 2, "party_orgs": 4, "households": 2, "members": 3, "cadres": 2}
    table = cli("import", "--force", write_yaml(FULL_ROSTER))  # --force: read and compared again
    # 乡镇 row: 0 added, 0 changed, 2 unchanged, 0 absent, 0 archived.
    assert table.stdout.splitlines()[2].split() == ["乡镇", "0", "0", "2", "0", "0"]


def test_reimport_changes_nothing(cli, small_roster, db_path):
    assert cli("import", small_roster).exit_code == 0
    before = file_digest(db_path)
    # --force reads and compares the files (without it they are recognised as unchanged and not read).
    again = cli("import", "--force", small_roster)
    assert again.exit_code == 0
    assert "无变化：数据库已是最新，未写入任何内容" in again.stdout
    assert file_digest(db_path) == before
    report = json.loads(cli("import", "--force", "--format", "json", small_roster).stdout)
    assert report["written"] is False
    # SMALL_ROSTER: 1 township, 2 villages, 3 groups, 5 orgs, 7 households, 8 members, 3 cadres.
    assert [(s["section"], s["added"], s["changed"], s["unchanged"]) for s in report["sections"]] == [
        ("townships", 0, 0, 1), ("villages", 0, 0, 2), ("groups", 0, 0, 3), ("party_orgs", 0, 0, 5),
        ("households", 0, 0, 7), ("members", 0, 0, 8), ("cadres", 0, 0, 3)]


def test_dry_run_reports_and_writes_nothing(cli, small_roster, write_yaml, db_path):
    assert cli("import", small_roster).exit_code == 0
    before = file_digest(db_path)
    # One township added (T2), one household changed (H1: 4 → 5 people).
    text = SMALL_ROSTER.replace(
        "{code: H1, head: 陈一, group: G1, size: 4", "{code: H1, head: 陈一, group: G1, size: 5"
    ).replace("townships:\n", "townships:\n  - {code: T2, name: 白鹤乡, kind: 乡}\n")
    changed = write_yaml(text, "changed.yaml")
    result = cli("import", "--dry-run", "--format", "json", changed)
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["dry_run"] is True and report["written"] is False
    # A dry run's JSON gives each section's plan (the records, not their numbers); the numbers under "counts".
    sections = {s["section"]: s for s in report["sections"]}
    assert (sections["townships"]["counts"]["added"], sections["townships"]["counts"]["unchanged"]) == (1, 1)
    assert (sections["households"]["counts"]["changed"], sections["households"]["counts"]["unchanged"]) == (1, 6)
    assert [r["code"] for r in sections["townships"]["added"]] == ["T2"]
    assert file_digest(db_path) == before
    assert "试运行" in cli("import", "--dry-run", changed).stdout
    assert file_digest(db_path) == before
    assert rows(db_path, "SELECT count(*) AS n FROM townships") == [{"n": 1}]


def test_dry_run_on_a_new_database(cli, small_roster, db_path):
    result = cli("import", "--dry-run", small_roster)
    assert result.exit_code == 0
    assert rows(db_path, "SELECT count(*) AS n FROM members") == [{"n": 0}]


def test_changed_records_are_reported_and_written(cli, small_roster, write_yaml, db_path):
    assert cli("import", small_roster).exit_code == 0
    # H1 grows to 5 people; M2 now also liaises with H3 (a child-table change only).
    text = SMALL_ROSTER.replace(
        "{code: H1, head: 陈一, group: G1, size: 4", "{code: H1, head: 陈一, group: G1, size: 5"
    ).replace("org: P2, households: [H2]}", "org: P2, households: [H2, H3]}")
    report = json.loads(cli("import", "--format", "json", write_yaml(text, "v2.yaml")).stdout)
    sections = {s["section"]: s for s in report["sections"]}
    assert (sections["households"]["changed"], sections["members"]["changed"]) == (1, 1)
    assert rows(db_path, "SELECT size FROM households WHERE code = 'H1'") == [{"size": 5}]
    assert rows(db_path, "SELECT household FROM liaisons WHERE member = 'M2' ORDER BY household") == [
        {"household": "H2"}, {"household": "H3"}]


def _without(text: str, *codes: str) -> str:
    return "\n".join(line for line in text.splitlines() if not any(f"code: {c}," in line for c in codes))


def test_absent_records_are_kept_then_pruned_then_restored(cli, small_roster, write_yaml, db_path):
    assert cli("import", small_roster).exit_code == 0
    smaller = write_yaml(_without(SMALL_ROSTER, "M8", "H7"), "smaller.yaml")

    kept = cli("import", "--format", "json", smaller)
    sections = {s["section"]: s for s in json.loads(kept.stdout)["sections"]}
    assert (sections["members"]["absent"], sections["households"]["absent"]) == (1, 1)
    assert "有 2 条记录不在本次导入中，已保留；用 --prune 归档" in cli("import", smaller).stdout
    assert rows(db_path, "SELECT code, archived FROM members WHERE code = 'M8'") == [{"code": "M8", "archived": 0}]

    # 1 of 8 members and 1 of 7 households: more than 10 % of each, so a script confirms with --yes.
    pruned = json.loads(cli("import", "--prune", "--yes", "--format", "json", smaller).stdout)
    sections = {s["section"]: s for s in pruned["sections"]}
    assert (sections["members"]["archived"], sections["households"]["archived"]) == (1, 1)
    # Still in the database, flagged archived.
    assert rows(db_path, "SELECT code, archived FROM members WHERE code = 'M8'") == [{"code": "M8", "archived": 1}]
    assert rows(db_path, "SELECT code, archived FROM households WHERE code = 'H7'") == [{"code": "H7", "archived": 1}]
    # Hidden from lists and the tree, shown with --archived.
    members = json.loads(cli("member", "list", "--format", "json").stdout)
    assert [m["code"] for m in members] == ["M1", "M2", "M3", "M4", "M5", "M6", "M7"]
    everyone = json.loads(cli("member", "list", "--archived", "--format", "json").stdout)
    assert [m["code"] for m in everyone][-1] == "M8"
    households = json.loads(cli("household", "list", "--format", "json").stdout)
    assert "H7" not in [h["code"] for h in households]
    assert "H7" in [h["code"] for h in json.loads(cli("household", "list", "--archived", "--format", "json").stdout)]
    tree = cli("org", "tree", "--format", "json", "--households").stdout
    assert '"M8"' not in tree and '"H7"' not in tree
    # 8 − 1 = 7 members left in the township.
    assert json.loads(tree)[0]["members"] == 7
    # Pruning again: nothing absent any more, nothing written.
    again = cli("import", "--prune", "--force", smaller)
    assert "无变化" in again.stdout

    # They come back in the full roster: restored (reported as changed), archived = 0.
    restored = json.loads(cli("import", "--format", "json", small_roster).stdout)
    sections = {s["section"]: s for s in restored["sections"]}
    assert (sections["members"]["changed"], sections["households"]["changed"]) == (1, 1)
    assert rows(db_path, "SELECT archived FROM members WHERE code = 'M8'") == [{"archived": 0}]
    assert "M8" in [m["code"] for m in json.loads(cli("member", "list", "--format", "json").stdout)]


def test_sections_spread_over_files_of_a_folder(cli, write_yaml, tmp_path, db_path):
    # Members point at a party organization defined in another file, and the organization at its secretary.
    write_yaml("townships:\n  - {code: T1, name: 青竹镇, kind: 镇}\nvillages:\n"
               "  - {code: V1, name: 百家池村, township: T1}\n", "roster/a_places.yaml")
    write_yaml("party_orgs:\n  - {code: P1, name: 党支部, level: 党支部, village: V1, secretary: M1}\n",
               "roster/b_orgs.yml")
    write_yaml("members:\n  - {code: M1, name: 张三, org: P1}\n", "roster/sub/c_members.yaml")
    result = cli("import", tmp_path / "roster")
    assert result.exit_code == 0, result.output
    assert "已导入 3 个文件" in result.stdout
    assert rows(db_path, "SELECT secretary FROM party_orgs") == [{"secretary": "M1"}]


def test_partial_import_points_at_records_already_in_the_database(cli, small_roster, write_yaml, db_path):
    assert cli("import", small_roster).exit_code == 0
    result = cli("import", write_yaml("members:\n  - {code: M9, name: 新党员, org: P2, households: [H7]}\n", "m.yaml"))
    assert result.exit_code == 0, result.output
    assert rows(db_path, "SELECT household FROM liaisons WHERE member = 'M9'") == [{"household": "H7"}]
    # Only the members section was imported: the 8 others are absent but kept.
    assert rows(db_path, "SELECT count(*) AS n FROM members WHERE archived = 0") == [{"n": 9}]


def test_no_progress_bar_when_not_a_terminal(cli, small_roster, db_path):
    result = cli("import", small_roster)
    # No progress bar: stderr holds only the line naming the new database.
    assert result.stderr.splitlines() == [f"新建数据库：{db_path}"]
