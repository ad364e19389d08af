"""``check``'s duplicate rules: duplicate-id-number, duplicate-person, duplicate-household.

The roster is ``duplicates_roster()`` (tests/helpers/rosters.py): the clean roster (M1–M4 have no
birth date and no ID number, so they are in no block) plus members D01–D22 and households H5, H6.
What each rule must say is worked out here, pair by pair.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.helpers.rosters import check_json, clean_roster, dump, duplicates_roster, findings, id_number

RULES = ("--rule", "duplicate-id-number", "--rule", "duplicate-person", "--rule", "duplicate-household")
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture
def load(cli, tmp_path):
    def load(roster: dict):
        result = cli("import", dump(roster, tmp_path / "roster.yaml"))
        assert result.exit_code == 0, result.output

    return load


def _pairs(report: dict, rule: str) -> list[tuple]:
    return [(subject, p["other"], p.get("reason")) for subject, p in findings(report, rule)]


def test_planted_pairs_are_found(cli, load):
    load(duplicates_roster())
    code, report = check_json(cli, *RULES)
    # D11 周杰 and D12 吴涛 hold the same ID number (5199 0019600101 007 + check): one error, subject
    # the lower code.  It is an error, so check exits 1.
    assert code == 1
    assert _pairs(report, "duplicate-id-number") == [("D11", "D12", None)]
    # Blocks by birth date (born, else ID digits 7-14), then by name, pair by pair:
    #   1980-01-02 D01 张三 / D02 张叁: zhang san = zhang san          → homophone
    #   1985-03-04 D03 李明 / D04 黎明: li ming = li ming              → homophone
    #   1986-07-08 D05 王芳 / D06 汪芳: wang fang = wang fang          → homophone
    #   1990-05-06 D07 陈小红 / D08 陈晓红: chen xiao hong both        → homophone
    #   1975-09-10 D09 刘建国 / D10 刘建军: guo ≠ jun; one character   → similar_name
    #   1960-01-01 D11 周杰 / D12 吴涛 (ID-derived): same ID, left to duplicate-id-number
    #   1970-06-06 D13 孙丽 / D14 孙丽                                 → same_name
    #   1988-08-08 D15 马超 (ID-derived) / D16 马超                    → same_name
    # and not: D17/D18 王伟 (1970-01-01 vs 1971-01-01), D19 赵敏 / D20 赵明 (one character, other
    # birth dates), D21 郑和 / D22 钱多多 (same day; nothing in common: 3 edits).
    assert _pairs(report, "duplicate-person") == [
        ("D01", "D02", "homophone"), ("D03", "D04", "homophone"), ("D05", "D06", "homophone"),
        ("D07", "D08", "homophone"), ("D09", "D10", "similar_name"), ("D13", "D14", "same_name"),
        ("D15", "D16", "same_name")]
    # H5's head 陈一 is H1's, both in G1; H6's head 陈三 is H3's, but H3 is in G2.
    assert _pairs(report, "duplicate-household") == [("H1", "H5", None)]
    severities = {f["rule"]: f["severity"] for f in report["findings"]}
    assert severities == {"duplicate-id-number": "error", "duplicate-person": "warning",
                          "duplicate-household": "warning"}


def test_findings_name_both_records(cli, load):
    load(duplicates_roster())
    _, report = check_json(cli, *RULES)
    (subject, params), = [f for f in findings(report, "duplicate-person") if f[0] == "D01"]
    # D01 is in P2, D02 in P3 (the helper's org= argument); both born 1980-01-02.
    assert params == {"name": "张三", "org": "P2", "other": "D02", "other_name": "张叁", "other_org": "P3",
                      "born": "1980-01-02", "reason": "homophone"}
    message = next(f["message"] for f in report["findings"] if f["subject"] == "D01")
    assert message == "党员张三（P2）与党员D02（张叁，P3）姓名同音，出生日期同为1980-01-02：可能重复登记"
    (_, similar), = [f for f in findings(report, "duplicate-person") if f[0] == "D09"]
    assert similar["distance"] == 1
    (_, household), = findings(report, "duplicate-household")
    assert household == {"head": "陈一", "group": "G1", "other": "H5"}


def test_id_numbers_masked_unless_unmask(cli, load, db_path):
    load(duplicates_roster())
    full = id_number("1960-01-01", 7)
    _, report = check_json(cli, "--rule", "duplicate-id-number")
    (_, params), = findings(report, "duplicate-id-number")
    # The first 4 and the last 4 characters are kept, the 10 between hidden (core/privacy.py).
    assert params["id_number"] == full[:4] + "*" * 10 + full[-4:]
    assert full not in cli("check", "--rule", "duplicate-id-number").stdout
    _, report = check_json(cli, "--rule", "duplicate-id-number", "--unmask")
    assert findings(report, "duplicate-id-number")[0][1]["id_number"] == full
    with sqlite3.connect(db_path) as conn:
        counts = [c for (c,) in conn.execute("SELECT counts FROM audit ORDER BY id")]
    # The unmasked output is recorded: what was shown, and how many findings.
    assert json.loads(counts[-1]) == {"unmask": "check", "rows": 1}


def test_english_messages(cli, load):
    load(duplicates_roster())
    result = cli("--lang", "en", "check", "--format", "json", "--rule", "duplicate-household")
    assert '"message": "same head 陈一 in villager group G1 as household H5: possibly entered twice"' in result.stdout


@pytest.mark.parametrize(("distance", "expected"), [
    # 刘建国/刘建军 and 陈红/陈小红 are 1 edit apart, 林小燕/林大鹏 2; 赵/钱 are single characters.
    ("0", []),
    ("1", [("D09", "D10"), ("E01", "E02")]),
    ("2", [("D09", "D10"), ("E01", "E02"), ("E03", "E04")]),
])
def test_name_distance_boundaries(cli, load, distance, expected):
    roster = duplicates_roster()
    for code, name, born in (("E01", "陈红", "1991-01-01"), ("E02", "陈小红", "1991-01-01"),
                             ("E03", "林小燕", "1992-12-12"), ("E04", "林大鹏", "1992-12-12"),
                             ("E05", "赵", "1993-03-03"), ("E06", "钱", "1993-03-03")):
        roster["members"].append({"code": code, "name": name, "born": born, "org": "P2"})
    load(roster)
    _, report = check_json(cli, "--rule", "duplicate-person", "--name-distance", distance)
    similar = [(s, o) for s, o, reason in _pairs(report, "duplicate-person") if reason == "similar_name"]
    # 赵/钱 is never reported: one-character names are compared for equality and sound only.
    assert similar == expected
    # Equal and homophone names do not depend on the distance: 4 homophone + 2 same-name pairs.
    assert sum(1 for *_, reason in _pairs(report, "duplicate-person") if reason != "similar_name") == 6


def test_name_distance_refuses_a_negative_value(cli, load):
    load(clean_roster())
    result = cli("check", "--name-distance", "-1")
    assert result.exit_code == 2


def test_common_name_different_birth_dates_is_not_a_duplicate(cli, load):
    roster = clean_roster()
    # Three 王伟, three birth dates, no ID numbers: three people.
    for code, born in (("W1", "1970-01-01"), ("W2", "1980-01-01"), ("W3", "1990-01-01")):
        roster["members"].append({"code": code, "name": "王伟", "born": born, "org": "P2"})
    load(roster)
    code, report = check_json(cli, *RULES)
    assert (code, report["findings"]) == (0, [])


def test_archived_records_are_left_out(cli, load, tmp_path):
    roster = duplicates_roster()
    for member in roster["members"]:
        if member["code"] in ("D02", "D12", "D14"):
            member["archived"] = True
    roster["households"][-2]["archived"] = True  # H5
    load(roster)
    _, report = check_json(cli, *RULES)
    # Without D02, D12, D14 and H5, their pairs are gone: D11's ID is unique, D01 and D13 alone.
    assert _pairs(report, "duplicate-id-number") == []
    assert [s for s, *_ in _pairs(report, "duplicate-person")] == ["D03", "D05", "D07", "D09", "D15"]
    assert _pairs(report, "duplicate-household") == []


def test_example_township_has_no_duplicates(cli):
    # 白鹤镇's 124 members hold 124 different ID numbers; only M0109 王海涛 and M0115 赵川 share a
    # birth date (1975-06-22), and their names share nothing; no group has two households with one head.
    assert cli("import", EXAMPLES / "roster").exit_code == 0
    code, report = check_json(cli, *RULES)
    assert (code, report["findings"]) == (0, [])


def test_a_character_of_several_readings_matches_by_any(cli, load):
    roster = clean_roster()
    # 曾 reads zeng or ceng, 增 zeng: 曾国 and 增国 share a reading at each character (zeng, guo).
    # 单 reads dan or shan (and chan), 山 shan: 单红 and 山红 likewise.  Other birth dates per pair.
    for code, name, born in (("Z1", "曾国", "1966-06-16"), ("Z2", "增国", "1966-06-16"),
                             ("Z3", "单红", "1977-07-17"), ("Z4", "山红", "1977-07-17")):
        roster["members"].append({"code": code, "name": name, "born": born, "org": "P2"})
    load(roster)
    _, report = check_json(cli, "--rule", "duplicate-person", "--name-distance", "0")
    assert _pairs(report, "duplicate-person") == [("Z1", "Z2", "homophone"), ("Z3", "Z4", "homophone")]


def test_each_township_is_compared_within_itself(cli, load):
    roster = duplicates_roster()
    roster["townships"].append({"code": "T2", "name": "白石乡", "kind": "乡"})
    roster["villages"].append({"code": "V2", "name": "青龙村", "township": "T2"})
    roster["groups"].append({"code": "G3", "name": "一组", "village": "V2"})
    roster["party_orgs"].append({"code": "P4", "name": "青龙村党支部", "level": "党支部", "village": "V2"})
    roster["members"].append({"code": "X1", "name": "张三", "born": "1980-01-02", "org": "P4"})
    roster["households"].append({"code": "H7", "head": "陈一", "group": "G3", "size": 1})
    load(roster)
    # X1 张三 (T2) was born the day D01 张三 and D02 张叁 (T1) were, but each township's members are
    # compared among themselves (a county file holds each township's own ledger): X1 pairs with no
    # one.  H7 陈一 is in G3, not H1's group G1.
    _, report = check_json(cli, *RULES)
    born_1980 = [p for p in _pairs(report, "duplicate-person") if "X1" in p or p[0] in ("D01", "D02")]
    assert born_1980 == [("D01", "D02", "homophone")]
    assert _pairs(report, "duplicate-household") == [("H1", "H5", None)]
    # Narrowed to T1: the same as the whole; to T2 (one member, one household): nothing.
    _, t1 = check_json(cli, *RULES, "--township", "T1")
    assert t1["findings"] == report["findings"]
    _, t2 = check_json(cli, *RULES, "--township", "T2")
    assert t2["findings"] == []
