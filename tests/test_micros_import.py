"""The four micro sections: import, resolution of two-way references, idempotence, validation errors."""

from __future__ import annotations

import pytest

from tests.helpers.db import settled_digest
from tests.helpers.micros import MICROS, TODAY
from village_gov.store.db import open_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)


@pytest.fixture
def micros(write_yaml):
    return write_yaml(MICROS, "micros.yaml")


def rows(db_path, sql, params=()):
    db = open_db(db_path)
    try:
        return [tuple(r) for r in db.execute(sql, params).fetchall()]
    finally:
        db.conn.close()


def test_import_resolves_codes_into_foreign_key_columns(cli, small_roster, micros, db_path):
    result = cli("import", small_roster, micros)
    assert result.exit_code == 0, result.output
    assert rows(db_path, 'SELECT code, "group", kind, source, functions FROM positions ORDER BY code') == [
        ("PS1", None, "主阵地", "新建", '["议事", "服务"]'),
        ("PS2", "G1", "微阵地", "废弃圈舍", '["活动", "议事"]'),
        ("PS3", "G3", "微阵地", "村民活动广场", "[]"),
    ]
    # leader M1 is a member code; 陈大姐 is a name; O4 names nobody.  members: a list (its size) or a head count.
    assert rows(db_path, "SELECT code, type, category, leader_member, leader_name, head_count, charter "
                         "FROM organizations ORDER BY code") == [
        ("O1", "自治组织", "村民议事会", "M1", None, 2, 1),
        ("O2", "自治组织", "红白理事会", None, "陈大姐", 12, 0),
        ("O3", "自治组织", "道德评议会", "M3", None, None, 0),
        ("O4", "自治组织", "禁毒禁赌会", None, None, None, 0),
        ("O5", "社会组织", "公益服务", "M2", None, 2, 0),
        ("O6", "自治组织", "村民议事会", "M6", None, None, 0),
    ]
    assert rows(db_path, "SELECT organization, member FROM organization_members ORDER BY 1, 2") == [
        ("O1", "M2"), ("O5", "M2"), ("O5", "M3")]
    assert rows(db_path, "SELECT organization, household FROM organization_households") == [("O1", "H3")]
    # provider: a member code goes to provider_member, an organization code to provider_org.
    assert rows(db_path, "SELECT code, kind, provider_member, provider_org, hours FROM services "
                         "WHERE code IN ('S1', 'S2', 'S3') ORDER BY code") == [
        ("S1", "代办服务", "M2", None, 1.5), ("S2", "志愿服务", None, "O5", 2.0), ("S3", "帮扶", "M3", None, None)]
    assert rows(db_path, "SELECT code, kind, organizer_member, organizer_org FROM activities ORDER BY code") == [
        ("A1", "百家讲堂", None, "O1"), ("A2", "评选表彰", "M1", None), ("A3", "文体活动", None, None),
        ("A4", "环境整治", "M6", None)]


def test_reimport_changes_nothing(cli, small_roster, micros, db_path):
    assert cli("import", small_roster, micros).exit_code == 0
    before = settled_digest(db_path)
    result = cli("import", small_roster, micros, "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"written": false' in result.output
    assert settled_digest(db_path) == before


def test_services_are_an_event_ledger_not_a_registry(cli, small_roster, micros, write_yaml):
    """A later file with only next month's services does not report the earlier ones as absent."""
    assert cli("import", small_roster, micros).exit_code == 0
    more = write_yaml("""
        services:
          - {code: S9, date: 2026-11-02, village: V2, kind: other, provider: M7}
        """, "november.yaml")
    result = cli("import", more, "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"added": 1' in result.output and '"absent": 0' in result.output


def test_changed_membership_list_replaces_child_rows(cli, small_roster, micros, write_yaml, db_path):
    assert cli("import", small_roster, micros).exit_code == 0
    changed = write_yaml(MICROS.replace("members: [M2, H3]", "members: [H1, H2, M4]"), "micros.yaml")
    assert cli("import", small_roster, changed).exit_code == 0
    assert rows(db_path, "SELECT member FROM organization_members WHERE organization = 'O1'") == [("M4",)]
    assert rows(db_path, "SELECT household FROM organization_households WHERE organization = 'O1' ORDER BY 1") == [
        ("H1",), ("H2",)]
    assert rows(db_path, "SELECT head_count FROM organizations WHERE code = 'O1'") == [(3,)]


BROKEN = """\
positions:
  - {code: PB1, name: 坏主阵地, village: V1, group: G1, kind: 主阵地}
  - {code: PB2, name: 没有小组, village: V1, kind: 微阵地}
  - {code: PB3, name: 外村小组, village: V1, group: G3, kind: 微阵地}
  - {code: PB4, name: 第二个主阵地, village: V2, kind: main}
  - {code: PB5, name: 第三个主阵地, village: V2, kind: main}
  - {code: PB6, name: 来源不明, village: V1, group: G2, kind: 微阵地, source: 山洞}
organizations:
  - {code: OB1, name: 议事会, village: V1, type: 群众组织, category: 村民议事会}
  - {code: OB2, name: 协会, village: V1, type: 群众组织, category: 其他, leader: M99}
  - {code: OB3, name: 互助会, village: V1, type: 社会组织, category: 互助, members: [M1, X7]}
  - {code: OB4, name: 互助会二, village: V1, type: 社会组织, category: 互助, members: -3}
services:
  - {code: SB1, date: 2026-10-01, village: V1, kind: 代办服务, provider: NOBODY}
  - {code: SB2, date: 2026-11-16, village: V1, kind: 代办服务, provider: M1}
  - {code: SB3, date: 2026-10-01, village: V1, kind: 代办服务, provider: M1, household: H5}
  - {code: SB4, date: 2026-10-01, village: V1, kind: 代办服务, provider: M1, hours: -1}
  - {code: SB5, date: 2026-10-01, village: V1, kind: 代办服务, provider: M1, position: PB9}
activities:
  - {code: AB1, date: 2026-10-01, village: V2, kind: 节庆, title: 中秋, participants: -5}
  - {code: AB2, date: 2026-10-01, village: V2, kind: 节庆, title: 中秋, participants: 5, position: PS1}
  - {code: AB3, date: 2026-10-01, village: V2, kind: 节庆, title: 中秋, participants: 5, organizer: O1}
"""


def at(text: str, line: int, token: str) -> str:
    """``line:column`` of ``token`` on 1-based ``line`` of ``text`` (where an editor would jump)."""
    return f"{line}:{text.splitlines()[line - 1].index(token) + 1}"


def test_every_problem_listed_with_file_line_column_and_nothing_written(cli, small_roster, micros, write_yaml,
                                                                         db_path):
    # O1 (an organization) and PS1 (V1's main position) exist in the database first.
    assert cli("import", small_roster, micros).exit_code == 0
    before = settled_digest(db_path)
    broken = write_yaml(BROKEN, "broken.yaml")
    result = cli("import", broken)
    assert result.exit_code == 2
    err = result.stderr
    f = str(broken)
    expected = [
        (at(BROKEN, 2, "G1"), "主阵地属于全村，不应填写村民小组（G1）", "PB1"),
        (at(BROKEN, 2, "主阵地}"), "村 V1 已有主阵地 PS1，每村只设一个主阵地", "PB1"),
        (at(BROKEN, 3, "微阵地"), "微阵地需要填写所在村民小组", "PB2"),
        (at(BROKEN, 4, "G3"), "村民小组 G3 不属于村 V1", "PB3"),
        (at(BROKEN, 6, "main"), "村 V2 已有主阵地 PB4", "PB5"),
        (at(BROKEN, 7, "山洞"), "source 的值 山洞 无效", "PB6"),
        (at(BROKEN, 9, "群众组织"), "村民议事会 属于自治组织，type 应为 自治组织，不是 群众组织", "OB1"),
        (at(BROKEN, 10, "M99"), "leader 看来是编码，但没有这个党员：M99", "OB2"),
        (at(BROKEN, 11, "[M1"), "members 中的 X7 既不是党员编码也不是农户编码", "OB3"),
        (at(BROKEN, 12, "-3"), "members 人数应 ≥ 0", "OB4"),
        (at(BROKEN, 14, "NOBODY"), "provider 指向不存在的党员或微组织：NOBODY", "SB1"),
        (at(BROKEN, 15, "2026-11-16"), "日期 2026-11-16 晚于今天（2026-11-15）", "SB2"),
        (at(BROKEN, 16, "H5"), "农户 H5 属于村 V2，不是 V1", "SB3"),
        (at(BROKEN, 17, "-1}"), "hours 应 ≥ 0", "SB4"),
        (at(BROKEN, 18, "PB9"), "position 指向不存在的阵地：PB9", "SB5"),
        (at(BROKEN, 20, "-5}"), "participants 应 ≥ 0", "AB1"),
        (at(BROKEN, 21, "PS1"), "阵地 PS1 属于村 V1，不是 V2", "AB2"),
    ]
    for where, message, code in expected:
        line = next((line for line in err.splitlines() if line.startswith(f"{f}:{where}:")), None)
        assert line is not None, (where, message, err)
        assert message in line and line.endswith(f"[{code}]"), (line, message)
    # AB3's organizer is an organization of another village: allowed (township-wide volunteers).
    assert "AB3" not in err
    assert "发现 17 个问题，数据库未作任何修改" in err
    assert settled_digest(db_path) == before


def test_ambiguous_provider_code_is_refused(cli, small_roster, write_yaml, db_path):
    """An organization coded like a member (M1) makes `provider: M1` ambiguous."""
    text = """\
organizations:
  - {code: M1, name: 撞码组织, village: V1, type: 社会组织, category: 互助}
services:
  - {code: S1, date: 2026-10-01, village: V1, kind: 代办服务, provider: M1}
"""
    assert cli("import", small_roster).exit_code == 0
    path = write_yaml(text, "ambiguous.yaml")
    result = cli("import", path)
    assert result.exit_code == 2
    assert f"{path}:{at(text, 4, 'M1')}: provider 的编码 M1 同时是党员和另一类记录的编码" in result.stderr


def test_english_messages(cli, small_roster, write_yaml):
    text = "positions:\n  - {code: P9, name: x, village: V1, kind: micro}\n"
    assert cli("import", small_roster).exit_code == 0
    result = cli("--lang", "en", "import", write_yaml(text, "en.yaml"))
    assert result.exit_code == 2
    assert "a micro-position (微阵地) needs its villager group (group) [P9]" in result.stderr
