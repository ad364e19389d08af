"""`service log`, `activity log`, the four lists, `org tree --positions`, help texts and the migration."""

from __future__ import annotations

import json

import pytest

from tests.helpers.db import settled_digest
from tests.helpers.micros import TODAY
from village_gov.store.db import open_db

pytestmark = pytest.mark.usefixtures("pinned_today")


def test_service_log_prints_generated_codes_and_writes(micros_loaded):
    args = ("service", "log", "--village", "V1", "--date", "2026-11-03", "--kind", "errand", "--provider", "O5",
            "--household", "H1", "--hours", "0.5", "--position", "PS2", "--content", "代办社保认证")
    first = micros_loaded(*args)
    assert first.exit_code == 0, first.output
    assert first.stdout == "S-V1-20261103-1\n"
    assert micros_loaded(*args).stdout == "S-V1-20261103-2\n"
    listed = json.loads(micros_loaded("service", "list", "--village", "V1", "--from", "2026-11-03", "--format", "json").output)
    assert listed == [
        {"code": f"S-V1-20261103-{n}", "date": "2026-11-03", "village": "V1", "kind": "代办服务", "provider": "O5",
         "household": "H1", "hours": 0.5, "position": "PS2", "content": "代办社保认证"} for n in (1, 2)]


def test_activity_log_defaults_to_today(micros_loaded):
    result = micros_loaded(
        "activity",
        "log",
        "--village",
        "V2",
        "--kind",
        "节庆",
        "--title",
        "重阳敬老",
        "--participants",
        "33",
        "--organizer",
        "M7",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "A-V2-20261115-1\n"
    rows = json.loads(micros_loaded("activity", "list", "--from", TODAY, "--format", "json").output)
    assert rows == [{"code": "A-V2-20261115-1", "date": TODAY, "village": "V2", "kind": "节庆", "title": "重阳敬老",
                     "organizer": "M7", "position": None, "participants": 33}]


@pytest.mark.parametrize("args, message", [
    (("service", "log", "--village", "V9", "--kind", "errand", "--provider", "M1"), "--village 指向不存在的村：V9"),
    (("service", "log", "--village", "V1", "--kind", "errand", "--provider", "M99"),
     "provider 指向不存在的党员或微组织：M99"),
    (("service", "log", "--village", "V1", "--kind", "errand", "--provider", "M1", "--household", "H99"),
     "--household 指向不存在的农户：H99"),
    (("service", "log", "--village", "V1", "--kind", "errand", "--provider", "M1", "--household", "H5"),
     "农户 H5 属于村 V2，不是 V1"),
    (("service", "log", "--village", "V1", "--kind", "errand", "--provider", "M1", "--position", "PS3"),
     "阵地 PS3 属于村 V2，不是 V1"),
    (("service", "log", "--village", "V1", "--kind", "errand", "--provider", "M1", "--date", "2026-11-16"),
     "日期 2026-11-16 晚于今天（2026-11-15）"),
    (("service", "log", "--village", "V1", "--kind", "errand", "--provider", "M1", "--hours", "-2"),
     "--hours 应 ≥ 0"),
    (("service", "log", "--village", "V1", "--kind", "跑腿", "--provider", "M1"), "--kind 的值 跑腿 无效"),
    (("service", "log", "--village", "V1", "--kind", "errand", "--provider", "M1", "--date", "2026-02-30"),
     "--date 应为日期（YYYY-MM-DD）"),
    (("activity", "log", "--village", "V1", "--kind", "节庆", "--title", "x", "--participants", "-1"),
     "--participants 应 ≥ 0"),
    (("activity", "log", "--village", "V1", "--kind", "节庆", "--title", "x", "--participants", "1",
      "--organizer", "NOBODY"), "organizer 指向不存在的党员或微组织：NOBODY"),
    (("activity", "log", "--village", "V1", "--kind", "节庆", "--title", "x", "--participants", "1",
      "--position", "PX"), "--position 指向不存在的阵地：PX"),
])
def test_log_refusals_write_nothing(micros_loaded, db_path, args, message):
    before = settled_digest(db_path)
    result = micros_loaded(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "未登记" in result.stderr and "数据库未作任何修改" in result.stderr
    assert "Traceback" not in result.output
    assert settled_digest(db_path) == before


def test_log_refusal_in_english(micros_loaded):
    result = micros_loaded("--lang", "en", "service", "log", "--village", "V1", "--kind", "errand", "--provider", "M1",
                    "--date", "2027-01-01")
    assert result.exit_code == 2
    assert "date 2027-01-01 is after today (2026-11-15); future events cannot be logged" in result.stderr
    assert "not logged: 1 problem(s) found, the database was not changed" in result.stderr


def test_position_and_organization_lists(micros_loaded):
    positions = json.loads(micros_loaded("position", "list", "--village", "V1", "--format", "json").output)
    assert [(p["code"], p["kind"], p["functions"]) for p in positions] == [
        ("PS1", "主阵地", ["议事", "服务"]), ("PS2", "微阵地", ["活动", "议事"])]
    csv = micros_loaded("organization", "list", "--village", "V2", "--format", "csv").output.splitlines()
    assert csv == ["code,name,village,type,category,leader,head_count,founded,charter",
                   "O6,青龙村民议事会,V2,自治组织,村民议事会,M6,,,False"]
    table = micros_loaded("--lang", "en", "organization", "list", "--village", "V1").output
    assert "陈大姐" in table and "O5" in table


def test_list_with_bad_date_is_refused(micros_loaded):
    result = micros_loaded("service", "list", "--from", "last week")
    assert result.exit_code == 2 and "--from 应为日期" in result.stderr


def test_org_tree_positions(micros_loaded):
    roots = json.loads(micros_loaded("org", "tree", "--positions", "--format", "json").output)
    v1, v2 = roots[0]["children"]
    assert [p["code"] for p in v1["positions"]] == ["PS1"] and v2["positions"] == []
    top = v1["children"][0]
    by_code = {c["code"]: c for c in top["children"]}
    assert by_code["P2"]["positions"] == [{"code": "PS2", "name": "邻里百家", "kind": "微阵地", "source": "废弃圈舍"}]
    assert by_code["P3"]["positions"] == []
    plain = json.loads(micros_loaded("org", "tree", "--format", "json").output)
    assert "positions" not in plain[0]["children"][0]
    text = micros_loaded("org", "tree", "--positions", "--village", "V1").output
    assert "⌂ 邻里百家 PS2" in text
    assert "⌂ 无微阵地" in text


@pytest.mark.parametrize("command", [
    ("position", "list"), ("organization", "list"), ("service", "list"), ("service", "log"),
    ("activity", "list"), ("activity", "log"), ("report", "micros")])
def test_every_command_has_help(cli, command):
    result = cli(*command, "--help")
    assert result.exit_code == 0
    assert "用法：" in result.output and len(result.output.splitlines()) > 5


def test_old_database_gains_the_micro_tables(tmp_path):
    """A database at the roster-only schema opens in this release with its data kept."""
    import sqlite_utils

    from village_gov.store.migrations import MIGRATIONS, apply_migrations

    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    apply_migrations(old, 0, target=1)
    old["townships"].insert({"code": "T1", "name": "青竹镇", "kind": "镇"})
    old.conn.commit()
    old.conn.close()
    db = open_db(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert db.execute("SELECT name FROM townships").fetchone()[0] == "青竹镇"
    assert db["services"].columns_dict == {
        "code": str, "date": str, "village": str, "kind": str, "provider_member": str, "provider_org": str,
        "household": str, "hours": float, "content": str, "position": str, "archived": int}
    fks = {(fk.column, fk.other_table) for fk in db["services"].foreign_keys}
    assert fks == {("village", "villages"), ("provider_member", "members"), ("provider_org", "organizations"),
                   ("household", "households"), ("position", "positions")}
    assert {(fk.column, fk.other_table) for fk in db["organization_members"].foreign_keys} == {
        ("organization", "organizations"), ("member", "members")}
    db.conn.close()
