"""The county of the source case, as a roster: 10 townships → 7, 71 villages → 38 (``examples/county/``).

Run ``python -m tests.helpers.reform`` to (re)write ``examples/county/``; the tests check that the shipped
files are exactly what :func:`case_files` produces, and import them.

The case's figures and the arithmetic that gives them (averages per village, before vs after):

- townships 10 → 7 (4 镇, 2 乡, 1 街道): (7 − 10) / 10 = −30.0 %.
- villages 71 → 38 建制村: (38 − 71) / 71 = −0.46479 → −46.5 %.  Of the 71 old villages, 58 were
  merged into the 38 建制村 (the first 20 take two old villages each, the other 18 one: 40 + 18 = 58);
  10 were merged into the 街道's 3 社区 (4 + 3 + 3) and 3 became urban with no current village
  (10 + 3 = 13; 58 + 13 = 71).  社区 are not 建制村, so they do not count after.
- village party organizations: 71 × 1 (party_orgs defaults to 1) → one top organization (党总支) in
  each of the 38 建制村: −46.5 %.
- average registered population: before 2,000 per village → total 71 × 2,000 = 142,000; after
  2,946 per 建制村 → total 38 × 2,946 = 111,948.  2,946 / 2,000 = 1.473 → +47.3 %.  The 58 rural old
  villages hold 111,948 (each current village's population is the sum of the old villages merged
  into it); the 13 urban ones hold 142,000 − 111,948 = 30,052.
- average area: before 5.0 km² → total 71 × 5.0 = 355.0; after 7.7 km² → 38 × 7.7 = 292.6.
  7.7 / 5.0 = 1.54 → +54.0 %.  Rural old villages 292.6 km², urban 355.0 − 292.6 = 62.4 km².
- villager groups: 6 建制村 × 10 + 32 × 9 = 60 + 288 = 348, each with one 党小组: 348 group-level
  organizations, coverage 348 / 348 = 100.0 %.

Within each part the figures vary by a fixed pattern and the last village takes the remainder, so
the totals above hold exactly (asserted below).  Areas are handled in tenths of a km².
"""

from __future__ import annotations

import sys
from pathlib import Path

EXAMPLE_DIR = Path(__file__).resolve().parents[2] / "examples" / "county"

TOWNSHIPS = [("LX01", "龙溪镇", "镇"), ("LX02", "桃源镇", "镇"), ("LX03", "石桥镇", "镇"), ("LX04", "金沙镇", "镇"),
             ("LX05", "竹林乡", "乡"), ("LX06", "柳湾乡", "乡"), ("LX07", "东岳街道", "街道")]
VILLAGES_PER_TOWNSHIP = [7, 7, 6, 6, 5, 4, 3]          # 38 建制村
COMMUNITIES = [("LX07-S01", "东岳社区"), ("LX07-S02", "新桥社区"), ("LX07-S03", "河滨社区")]
OLD_TOWNSHIPS = [("LXB01", "龙溪镇", "镇"), ("LXB02", "石门乡", "乡"), ("LXB03", "桃源镇", "镇"),
                 ("LXB04", "黄泥乡", "乡"), ("LXB05", "石桥镇", "镇"), ("LXB06", "金沙镇", "镇"),
                 ("LXB07", "白马乡", "乡"), ("LXB08", "竹林乡", "乡"), ("LXB09", "柳湾乡", "乡"),
                 ("LXB10", "东岳镇", "镇")]
VILLAGE_NAMES = "青白红黄金银石竹柳桃李杏松柏梅兰菊荷莲枫杨槐桂樱茶桑麻稻禾丰泰和安宁康乐顺福寿喜瑞祥"
RURAL_POPULATION, URBAN_POPULATION = 111_948, 30_052   # 142,000 = 71 × 2,000
RURAL_AREA_TENTHS, URBAN_AREA_TENTHS = 2_926, 624       # 355.0 km² = 71 × 5.0


def _with_remainder(values: list[int], total: int) -> list[int]:
    """``values`` plus one last value making the sum exactly ``total``."""
    last = total - sum(values)
    assert last > 0, (total, sum(values))
    return values + [last]


def build_case() -> dict[str, list]:
    """The records of the case, section by section (plain dicts)."""
    townships = [{"code": c, "name": n, "kind": k} for c, n, k in TOWNSHIPS]
    villages = []
    for (t_code, t_name, _), count in zip(TOWNSHIPS, VILLAGES_PER_TOWNSHIP):
        for i in range(1, count + 1):
            villages.append({"code": f"{t_code}-V{i:02d}", "name": f"{t_name[:2]}{VILLAGE_NAMES[len(villages)]}村",
                             "township": t_code})
    assert len(villages) == 38
    # Old villages: 58 rural (first 20 current villages take 2, the rest 1), 10 into communities, 3 urban.
    targets = [v["code"] for v in villages[:20] for _ in range(2)] + [v["code"] for v in villages[20:]]
    targets += [COMMUNITIES[0][0]] * 4 + [COMMUNITIES[1][0]] * 3 + [COMMUNITIES[2][0]] * 3 + [None] * 3
    assert len(targets) == 71
    population = (_with_remainder([1584 + (i * 97) % 700 for i in range(57)], RURAL_POPULATION)
                  + _with_remainder([2000 + (i * 131) % 600 for i in range(12)], URBAN_POPULATION))
    area = (_with_remainder([38 + (i * 7) % 25 for i in range(57)], RURAL_AREA_TENTHS)
            + _with_remainder([35 + (i * 11) % 25 for i in range(12)], URBAN_AREA_TENTHS))
    old_villages = []
    for i, merged_into in enumerate(targets):
        old_township = OLD_TOWNSHIPS[min(i // 7, 9) if i < 70 else 9][0]  # 7 per old township, the last 8
        old_villages.append(
            {
                "code": f"{old_township}-{i + 1:02d}",
                "name": f"原{VILLAGE_NAMES[i % 40]}{'山水林田'[i // 40]}村",
                "township_before": old_township,
                "population": population[i],
                "area_km2": area[i] / 10,
                "merged_into": merged_into,
            }
        )
    for village in villages:
        merged = [o for o in old_villages if o["merged_into"] == village["code"]]
        village["population"] = sum(o["population"] for o in merged)
        village["area_km2"] = sum(round(o["area_km2"] * 10) for o in merged) / 10
    assert sum(v["population"] for v in villages) == 38 * 2946
    assert sum(round(v["area_km2"] * 10) for v in villages) == 38 * 77
    assert sum(o["population"] for o in old_villages) == 71 * 2000
    assert sum(round(o["area_km2"] * 10) for o in old_villages) == 71 * 50
    communities = [{"code": c, "name": n, "township": "LX07", "kind": "社区"} for c, n in COMMUNITIES]
    groups, orgs, members, cadres = [], [], [], []
    for index, village in enumerate(villages + communities):
        top = f"{village['code']}-P"
        secretary = f"{village['code']}-M01"
        orgs.append({"code": top, "name": f"{village['name']}党总支", "level": "党总支", "village": village["code"],
                     "secretary": secretary})
        members.append({"code": secretary, "name": f"{village['name'][:2]}书记", "org": top})
        cadres.append({"village": village["code"], "member": secretary,
                       "posts": ["党组织书记", "村委会主任", "集体经济组织负责人"]})
        if village.get("kind") == "社区":
            continue
        for g in range(1, (10 if index < 6 else 9) + 1):
            group = f"{village['code']}-G{g:02d}"
            groups.append({"code": group, "name": f"{g}组", "village": village["code"]})
            orgs.append({"code": f"{group}-P", "name": f"{g}组党小组", "level": "党小组", "village": village["code"],
                         "group": group, "parent": top})
    assert len(groups) == 348
    reform = {"name": "两项改革", "effective": "2019-12-31",
              "townships_before": [{"code": c, "name": n, "kind": k} for c, n, k in OLD_TOWNSHIPS],
              "villages_before": old_villages}
    return {"townships": townships, "villages": villages + communities, "groups": groups, "party_orgs": orgs,
            "members": members, "cadres": cadres, "reform": reform}


def _flow(record: dict) -> str:
    def value(v):
        if v is None:
            return "null"
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return str(v)

    return "{" + ", ".join(f"{k}: {value(v)}" for k, v in record.items() if v is not None) + "}"


def _section(name: str, records: list[dict], indent: str = "") -> str:
    return f"{indent}{name}:\n" + "".join(f"{indent}  - {_flow(r)}\n" for r in records)


HEADER = (
    "# 龙溪县（虚构）两项改革案例花名册，由 tests/helpers/reform.py 生成。A fictional county matching the source case.\n"
)


def case_files() -> dict[str, str]:
    """File name → YAML text of the example roster."""
    case = build_case()
    reform = case["reform"]
    reform_text = (HEADER + "# 改革前 10 个乡镇、71 个建制村 → 改革后 4镇2乡1街道、38 个建制村。\n"
                   "# 村均户籍人口 2000 → 2946（+47.3%），村均面积 5.0 → 7.7 km²（+54.0%）。\n"
                   f"reform:\n  name: {reform['name']}\n  effective: {reform['effective']}\n"
                   + _section("townships_before", reform["townships_before"], "  ")
                   + _section("villages_before", reform["villages_before"], "  "))
    return {
        "townships.yaml": HEADER + _section("townships", case["townships"]) + _section("villages", case["villages"]),
        "groups.yaml": HEADER + _section("groups", case["groups"]),
        "party_orgs.yaml": HEADER + _section("party_orgs", case["party_orgs"]),
        "members.yaml": HEADER + _section("members", case["members"]) + _section("cadres", case["cadres"]),
        "reform.yaml": reform_text,
    }


def write_case(folder: Path = EXAMPLE_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in case_files().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


# One township after the reform, with one township and two villages before it (one merged into V1,
# one with two party organizations): the small case the reform report and its export sheet are checked on.
SMALL_REFORM = """
townships:
  - {code: T1, name: 青竹镇, kind: 镇}
villages:
  - {code: V1, name: 百家池村, township: T1, population: 3000, area_km2: 8}
reform:
  effective: 2019-12-01
  townships_before:
    - {code: B1, name: 老镇, kind: 镇}
  villages_before:
    - {code: OV1, name: 甲村, township_before: B1, population: 1000, area_km2: 3, merged_into: V1}
    - {code: OV2, name: 乙村, township_before: B1, population: 2000, area_km2: 5, party_orgs: 2}
"""


if __name__ == "__main__":
    for path in write_case(Path(sys.argv[1]) if len(sys.argv) > 1 else EXAMPLE_DIR):
        print(path)
