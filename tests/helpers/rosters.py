"""Rosters for the tests: ``SMALL_ROSTER`` (the township most tests import), ``TWO_TOWNSHIPS``,
``places()`` (the township, village and groups a test's own roster starts with), and rosters built as
Python data with helpers to write them and to read the checks back.

``clean_roster()`` is a one-village township on which every check rule is
silent; each check test changes one thing in it and works out by hand what the
rule must report.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import yaml

# V1 青竹村 has two villager groups.  P1 党总支 (secretary M1) sits on top; P2 is the
# G1 group branch (党支部) and P3 the G2 party group (党小组) under P2, so P2's
# members are M2, M3 (its own) + M4 (P3's) = 3 full members: exactly the minimum.
# Each of H1..H4 has one liaising member; M1 holds both 书记 and 村委会主任 (一肩挑).
_CLEAN = {
    "townships": [{"code": "T1", "name": "青竹镇", "kind": "镇"}],
    "villages": [{"code": "V1", "name": "青竹村", "township": "T1", "population": 1200, "area_km2": 3.5}],
    "groups": [
        {"code": "G1", "name": "一组", "village": "V1"},
        {"code": "G2", "name": "二组", "village": "V1"},
    ],
    "party_orgs": [
        {"code": "P1", "name": "青竹村党总支", "level": "党总支", "village": "V1", "secretary": "M1"},
        {"code": "P2", "name": "一组党支部", "level": "党支部", "village": "V1", "group": "G1", "parent": "P1"},
        {"code": "P3", "name": "二组党小组", "level": "党小组", "village": "V1", "group": "G2", "parent": "P2"},
    ],
    "members": [
        {"code": "M1", "name": "张书记", "org": "P1", "households": ["H1"]},
        {"code": "M2", "name": "李二", "org": "P2", "households": ["H2"]},
        {"code": "M3", "name": "王三", "org": "P2", "households": ["H3"]},
        {"code": "M4", "name": "赵四", "org": "P3", "households": ["H4"]},
    ],
    "households": [
        {"code": "H1", "head": "陈一", "group": "G1", "size": 3},
        {"code": "H2", "head": "陈二", "group": "G1", "size": 4},
        {"code": "H3", "head": "陈三", "group": "G2", "size": 2},
        {"code": "H4", "head": "陈四", "group": "G2", "size": 5},
    ],
    "cadres": [{"village": "V1", "member": "M1", "posts": ["党组织书记", "村委会主任"]}],
}


def clean_roster() -> dict:
    """A fresh copy of the clean one-village roster."""
    return copy.deepcopy(_CLEAN)


def record(roster: dict, section: str, code: str) -> dict:
    """The record ``code`` of ``section`` (to change it in place)."""
    return next(r for r in roster[section] if r.get("code") == code)


def dump(roster: dict, path: Path) -> Path:
    """Write ``roster`` as UTF-8 YAML (Chinese kept readable) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(roster, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def check_json(cli, *args) -> tuple[int, dict]:
    """Run ``check --format json`` and return (exit code, parsed report)."""
    result = cli("check", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def findings(report: dict, rule: str) -> list[tuple]:
    """``(subject, params)`` of the findings of one rule."""
    return [(f["subject"], f["params"]) for f in report["findings"] if f["rule"] == rule]


_GROUP_NAMES = "一二三四五六七八九十"


def places(groups: int = 1, **village) -> str:
    """The head of a small roster in YAML, one record a line: township T1 青竹镇, its village V1 青竹村
    (with ``village``'s fields added, e.g. ``population=800``) and villager groups G1 一组, G2 二组 …
    (``groups`` of them, at most 10).  With one group it is 6 lines, so a section written after it
    starts on line 7."""
    facts = "".join(f", {key}: {value}" for key, value in village.items())
    groups_yaml = "".join(f"  - {{code: G{n}, name: {_GROUP_NAMES[n - 1]}组, village: V1}}\n"
                          for n in range(1, groups + 1))
    return ("townships:\n  - {code: T1, name: 青竹镇, kind: 镇}\n"
            f"villages:\n  - {{code: V1, name: 青竹村, township: T1{facts}}}\n"
            "groups:\n" + groups_yaml)


SMALL_ROSTER = """
townships:
  - {code: T1, name: 青竹镇, kind: 镇}
villages:
  - {code: V1, name: 百家池村, township: T1, population: 2000, area_km2: 5.5}
  - {code: V2, name: 青龙村, township: T1, population: 1500, area_km2: 4.0}
groups:
  - {code: G1, name: 一组, village: V1}
  - {code: G2, name: 二组, village: V1}
  - {code: G3, name: 一组, village: V2}
party_orgs:
  - {code: P1, name: 百家池村党总支, level: 党总支, village: V1, secretary: M1}
  - {code: P2, name: 一组党支部, level: 党支部, village: V1, group: G1, parent: P1}
  - {code: P3, name: 二组党小组, level: 党小组, village: V1, group: G2, parent: P1}
  - {code: P4, name: 青龙村党支部, level: 党支部, village: V2, secretary: M6}
  - {code: P5, name: 一组党小组, level: 党小组, village: V2, group: G3, parent: P4}
members:
  - {code: M1, name: 张三, gender: 男, born: 1970-03-01, joined: 1995-07-01, org: P1, phone: "13800000001", id_number: "11010519491231002X", households: [H1]}
  - {code: M2, name: 李四, gender: 男, org: P2, households: [H2]}
  - {code: M3, name: 王芳, gender: 女, org: P2, households: [H3]}
  - {code: M4, name: 赵六, org: P2, status: 预备, households: [H4]}
  - {code: M5, name: 钱七, org: P3, households: [H4]}
  - {code: M6, name: 孙八, org: P4, households: [H5]}
  - {code: M7, name: 周九, org: P5, households: [H6]}
  - {code: M8, name: 吴十, org: P5, households: []}
households:
  - {code: H1, head: 陈一, group: G1, size: 4, phone: "13900000002"}
  - {code: H2, head: 陈二, group: G1, size: 3}
  - {code: H3, head: 陈三, group: G1, size: 2}
  - {code: H4, head: 陈四, group: G2, size: 5}
  - {code: H5, head: 陈五, group: G3, size: 1}
  - {code: H6, head: 陈六, group: G3, size: 6}
  - {code: H7, head: 陈七, group: G3, size: 2}
cadres:
  - {village: V1, member: M1, posts: [党组织书记, 村委会主任, 集体经济组织负责人]}
  - {village: V2, member: M6, posts: [党组织书记]}
  - {village: V2, name: 郑十一, posts: [村委会主任]}
"""

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


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_number(born: str, serial: int = 1, area: str = "519900") -> str:
    """A valid 18-character ID number (GB 11643: area, birth date, serial, ISO 7064 check character)
    for ``born`` (``YYYY-MM-DD``): digits 7–14 are the birth date."""
    first17 = f"{area}{born.replace('-', '')}{serial:03d}"
    return first17 + _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS)) % 11]


def duplicates_roster() -> dict:
    """The clean roster plus the planted duplicates of tests/test_roster_duplicates.py (worked out there)."""
    roster = clean_roster()

    def member(code: str, name: str, born: str | None = None, org: str = "P2", **more) -> None:
        roster["members"].append({"code": code, "name": name, "org": org, **({"born": born} if born else {}),
                                  **more})

    member("D01", "张三", "1980-01-02", id_number=id_number("1980-01-02", 123))
    member("D02", "张叁", "1980-01-02", org="P3")
    member("D03", "李明", "1985-03-04")
    member("D04", "黎明", "1985-03-04")
    member("D05", "王芳", "1986-07-08")
    member("D06", "汪芳", "1986-07-08")
    member("D07", "陈小红", "1990-05-06")
    member("D08", "陈晓红", "1990-05-06")
    member("D09", "刘建国", "1975-09-10")
    member("D10", "刘建军", "1975-09-10")
    member("D11", "周杰", "1960-01-01", id_number=id_number("1960-01-01", 7))
    member("D12", "吴涛", id_number=id_number("1960-01-01", 7))
    member("D13", "孙丽", "1970-06-06")
    member("D14", "孙丽", "1970-06-06")
    member("D15", "马超", id_number=id_number("1988-08-08", 5))
    member("D16", "马超", "1988-08-08")
    member("D17", "王伟", "1970-01-01")
    member("D18", "王伟", "1971-01-01")
    member("D19", "赵敏", "1982-02-02")
    member("D20", "赵明", "1983-03-03")
    member("D21", "郑和", "1995-05-05")
    member("D22", "钱多多", "1995-05-05")
    roster["households"].append({"code": "H5", "head": "陈一", "group": "G1", "size": 2})
    roster["households"].append({"code": "H6", "head": "陈三", "group": "G1", "size": 2})
    return roster
