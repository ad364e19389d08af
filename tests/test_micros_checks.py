"""Each micros check rule: a ledger that trips it and one that does not."""

from __future__ import annotations

import json

import pytest

from tests.helpers.micros import MICROS
from village_gov.store.db import open_db

pytestmark = pytest.mark.usefixtures("pinned_today")


def findings(cli, *args, rule=None):
    rules = ["--rule", rule] if rule else []
    result = cli("check", "--format", "json", *rules, *args)
    assert result.exit_code in (0, 1), result.output
    return [(f["rule"], f["subject"]) for f in json.loads(result.output)["findings"]]


def test_village_without_main_position(micros_loaded, write_yaml):
    # V1 has PS1 (主阵地); V2 has only the micro-position PS3.
    assert findings(micros_loaded, rule="village-without-main-position") == [("village-without-main-position", "V2")]
    fix = write_yaml("positions:\n  - {code: PS4, name: 青龙党群服务中心, village: V2, kind: 主阵地}\n", "fix.yaml")
    assert micros_loaded("import", fix).exit_code == 0
    assert findings(micros_loaded, rule="village-without-main-position") == []


def test_group_without_position_gives_village_coverage(micros_loaded, write_yaml):
    # V1: G1 has PS2, G2 has none → 1/2; V2: G3 has PS3 → covered.
    result = micros_loaded("check", "--format", "json", "--rule", "group-without-position")
    found = json.loads(result.output)["findings"]
    assert [(f["subject"], f["params"]["covered"], f["params"]["groups"]) for f in found] == [("G2", 1, 2)]
    assert "1+N 覆盖 1/2 个小组" in found[0]["message"]
    fix = write_yaml("positions:\n  - {code: PS5, name: 二组院坝, village: V1, group: G2, kind: 微阵地}\n", "fix.yaml")
    assert micros_loaded("import", fix).exit_code == 0
    assert findings(micros_loaded, rule="group-without-position") == []


def test_main_position_does_not_cover_a_group(cli, small_roster, write_yaml):
    text = "positions:\n  - {code: PM, name: 中心, village: V2, kind: 主阵地}\n"
    assert cli("import", small_roster, write_yaml(text, "p.yaml")).exit_code == 0
    assert ("group-without-position", "G3") in findings(cli, rule="group-without-position")


@pytest.mark.parametrize("as_of, flagged", [
    # Window = the 90 days ending on --as-of.  PS1's last event is S1 on 2026-10-01, inside the window up to
    # 2026-10-01 + 89 days = 2026-12-29.  PS2's last is S2 on 2026-10-15 (inside up to 2027-01-12).
    # PS3 (opened 2026-09-15, no event ever) is flagged once it has been open the whole window:
    # from as-of 2026-09-15 + 89 days = 2026-12-13.
    ("2026-10-31", []),
    ("2026-12-12", []),
    ("2026-12-13", ["PS3"]),
    ("2026-12-29", ["PS3"]),
    ("2026-12-30", ["PS1", "PS3"]),
    ("2027-01-13", ["PS1", "PS2", "PS3"]),
])
def test_position_unused_window(micros_loaded, as_of, flagged):
    assert findings(micros_loaded, "--as-of", as_of, rule="position-unused") == [("position-unused", c) for c in flagged]


def test_position_unused_window_length_is_an_option(micros_loaded):
    # 30 days to 2026-10-31 start on 2026-10-02: PS1's S1 (10-01) falls out; PS2 has S2 (10-15);
    # PS3 (opened 09-15, before 10-02) has nothing.
    assert findings(micros_loaded, "--as-of", "2026-10-31", "--unused-days", "30", rule="position-unused") == [
        ("position-unused", "PS1"), ("position-unused", "PS3")]


def test_position_unused_counts_consultations(micros_loaded, db_path):
    db = open_db(db_path)
    village = db.execute("SELECT village FROM positions WHERE code = 'PS1'").fetchone()[0]
    db["consultations"].insert({"code": "C1", "date": "2026-12-20", "position": "PS1", "village": village,
                                "format": "书记坝坝会", "topics": "[]", "attendees": 10})
    db.conn.commit()
    db.conn.close()
    # Without C1, PS1 would be flagged on 2026-12-30 (see the window test).
    assert findings(micros_loaded, "--as-of", "2026-12-30", rule="position-unused") == [("position-unused", "PS3")]


def test_village_missing_self_governance_org(micros_loaded):
    result = micros_loaded("check", "--format", "json", "--rule", "village-missing-self-governance-org")
    found = json.loads(result.output)["findings"]
    # V1 has all four; V2 has only 村民议事会 (O6).
    assert [(f["subject"], f["params"]["missing"]) for f in found] == [("V2", "红白理事会、道德评议会、禁毒禁赌会")]


def test_self_governance_set_is_configurable(micros_loaded):
    # Requiring only 村民议事会 and 老年协会: V1 and V2 both lack 老年协会.
    result = micros_loaded("check", "--format", "json", "--rule", "village-missing-self-governance-org",
                    "--self-governance", "村民议事会", "--self-governance", "elderly_association")
    found = json.loads(result.output)["findings"]
    assert [(f["subject"], f["params"]["missing"]) for f in found] == [("V1", "老年协会"), ("V2", "老年协会")]


def test_unknown_self_governance_category_is_refused(micros_loaded):
    result = micros_loaded("check", "--self-governance", "麻将协会")
    assert result.exit_code == 2
    assert "未知的组织类别 麻将协会" in result.stderr


def test_organization_without_leader(micros_loaded, write_yaml):
    assert findings(micros_loaded, rule="organization-without-leader") == [("organization-without-leader", "O4")]
    fixed = write_yaml(MICROS.replace("category: 禁毒禁赌会}", "category: 禁毒禁赌会, leader: 周主任}"), "micros.yaml")
    assert micros_loaded("import", fixed).exit_code == 0
    assert findings(micros_loaded, rule="organization-without-leader") == []


def test_bad_as_of_is_refused(micros_loaded):
    result = micros_loaded("check", "--as-of", "2026-13-01")
    assert result.exit_code == 2
    assert "--as-of 应为日期（YYYY-MM-DD），实为 2026-13-01" in result.stderr


def test_rules_in_english(micros_loaded):
    result = micros_loaded("--lang", "en", "check", "--rule", "village-without-main-position", "--format", "json")
    assert "village 青龙村 has no main position (党群服务中心)" in result.output
