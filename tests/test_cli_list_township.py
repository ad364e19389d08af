"""``--township`` on the ledger lists (positions, organizations, services, activities, disclosures,
party meetings, the moral list), on a database holding two townships."""

import json

import pytest

from tests.conftest import file_digest

# Two townships in one database, one village each, and one record of every ledger in each village:
# T1 → V1 (百家池村), T2 → V2 (青龙村).  So `--township T1` must list exactly the V1 record of a ledger,
# `--township T2` exactly the V2 one, and no option both.
TWO_TOWNSHIPS = """
townships:
  - {code: T1, name: 青竹镇, kind: 镇}
  - {code: T2, name: 白石乡, kind: 乡}
villages:
  - {code: V1, name: 百家池村, township: T1, population: 2000, area_km2: 5.5}
  - {code: V2, name: 青龙村, township: T2, population: 1500, area_km2: 4.0}
groups:
  - {code: G1, name: 一组, village: V1}
  - {code: G2, name: 一组, village: V2}
party_orgs:
  - {code: P1, name: 百家池村党支部, level: 党支部, village: V1, secretary: M1}
  - {code: P2, name: 青龙村党支部, level: 党支部, village: V2, secretary: M2}
members:
  - {code: M1, name: 张三, org: P1, households: [H1]}
  - {code: M2, name: 李四, org: P2, households: [H2]}
households:
  - {code: H1, head: 陈一, group: G1, size: 4}
  - {code: H2, head: 陈二, group: G2, size: 3}
positions:
  - {code: V1-MAIN, name: 百家池村党群服务中心, village: V1, kind: 主阵地, source: 新建, functions: [议事], opened: 2020-01-01}
  - {code: V2-MAIN, name: 青龙村党群服务中心, village: V2, kind: 主阵地, source: 新建, functions: [议事], opened: 2020-01-01}
organizations:
  - {code: V1-O1, name: 百家池村村民议事会, village: V1, type: 自治组织, category: 村民议事会, leader: M1, members: 5}
  - {code: V2-O1, name: 青龙村村民议事会, village: V2, type: 自治组织, category: 村民议事会, leader: M2, members: 6}
services:
  - {code: S-V1-20261005-1, date: 2026-10-05, village: V1, kind: 代办服务, provider: M1, household: H1, hours: 1}
  - {code: S-V2-20261006-1, date: 2026-10-06, village: V2, kind: 代办服务, provider: M2, household: H2, hours: 2}
activities:
  - {code: A-V1-20261007-1, date: 2026-10-07, village: V1, kind: 文体活动, title: 坝坝舞, organizer: V1-O1, participants: 20}
  - {code: A-V2-20261008-1, date: 2026-10-08, village: V2, kind: 文体活动, title: 篮球赛, organizer: V2-O1, participants: 30}
disclosures:
  - {code: DS-V1-1, village: V1, date: 2026-10-05, kind: 财务, channel: 公开栏, items: 9月收支}
  - {code: DS-V2-1, village: V2, date: 2026-10-06, kind: 财务, channel: 公开栏, items: 9月收支}
party_meetings:
  - {code: PM-P1-1, org: P1, date: 2026-10-09, kind: 支委会, due: 3, present: 3}
  - {code: PM-P2-1, org: P2, date: 2026-10-10, kind: 支委会, due: 3, present: 2}
moral_list:
  - {code: ML-V1-1, date: 2026-10-12, village: V1, household: H1, list: 红榜, reason: 孝老爱亲, published: true}
  - {code: ML-V2-1, date: 2026-10-13, village: V2, household: H2, list: 红榜, reason: 拾金不昧, published: true}
"""

# (command, the code of the T1 record, the code of the T2 record)
LISTS = [
    ("position", "V1-MAIN", "V2-MAIN"),
    ("organization", "V1-O1", "V2-O1"),
    ("service", "S-V1-20261005-1", "S-V2-20261006-1"),
    ("activity", "A-V1-20261007-1", "A-V2-20261008-1"),
    ("disclose", "DS-V1-1", "DS-V2-1"),
    ("party-meeting", "PM-P1-1", "PM-P2-1"),
    ("moral", "ML-V1-1", "ML-V2-1"),
]


@pytest.fixture
def two_townships(cli, write_yaml, db_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", "2026-11-01")
    result = cli("import", write_yaml(TWO_TOWNSHIPS))
    assert result.exit_code == 0, result.output
    return db_path


def codes(cli, noun: str, *options: str) -> list[str]:
    result = cli(noun, "list", *options, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rows = data["entries"] if noun == "moral" else data  # the moral list's JSON also holds black-list counts
    return [row["code"] for row in rows]


@pytest.mark.parametrize("noun, in_t1, in_t2", LISTS)
def test_township_narrows_the_list(cli, two_townships, noun, in_t1, in_t2):
    assert codes(cli, noun) == [in_t1, in_t2]
    assert codes(cli, noun, "--township", "T1") == [in_t1]
    assert codes(cli, noun, "--township", "T2") == [in_t2]


@pytest.mark.parametrize("noun", [noun for noun, _, _ in LISTS])
def test_unknown_township_is_refused(cli, two_townships, noun):
    before = file_digest(two_townships)
    result = cli(noun, "list", "--township", "T9")
    assert result.exit_code == 2
    assert "找不到乡镇 T9" in result.stderr
    assert file_digest(two_townships) == before


# Every list that takes --village/--org/--group refuses a code the database does not hold (a typo
# would otherwise print an empty, clean-looking page), naming the kind and the code.
UNKNOWN_FILTERS = [
    *[(noun, "--village", "V9", "找不到村 V9") for noun in
      ("position", "organization", "service", "activity", "disclose", "party-meeting", "moral", "group",
       "member", "household", "org", "consult", "request", "decision")],
    ("party-meeting", "--org", "P9", "找不到党组织 P9"),
    ("member", "--org", "P9", "找不到党组织 P9"),
    ("household", "--org", "P9", "找不到党组织 P9"),
    ("household", "--group", "G9", "找不到村民小组 G9"),
]


@pytest.mark.parametrize("noun, option, code, message", UNKNOWN_FILTERS)
def test_unknown_filter_code_is_refused(cli, two_townships, noun, option, code, message):
    before = file_digest(two_townships)
    result = cli(noun, "list", option, code)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert file_digest(two_townships) == before


def test_known_village_still_lists(cli, two_townships):
    # V2's one service: the check lets a real code through.
    assert codes(cli, "service", "--village", "V2") == ["S-V2-20261006-1"]
