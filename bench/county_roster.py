"""A deterministic, county-scale fictional roster for the benchmarks.

40 villages in 4 townships, 350 villager groups, 390 party organizations,
60,000 households, 3,000 party members each liaising with 15–25 households of
their own village, and 120 cadres: about 6 MB of YAML spread over 81 files, in
the two styles clerks write (households in block style, members in flow style).

``generate(folder, seed)`` writes the files and returns the rows each table
should hold after the import, so a benchmark can insert the very same rows with
raw ``sqlite3`` as its baseline.
"""

from __future__ import annotations

import random
from pathlib import Path

TOWNSHIPS = 4
VILLAGES = 40
GROUPS = 350
HOUSEHOLDS = 60_000
MEMBERS = 3_000

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "建国秀英桂兰志强春梅国华德明玉兰永红丽华海燕文军明辉小平金凤家豪淑珍晓东红梅振华"
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def _name(rng: random.Random) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return rng.choice(SURNAMES) + given


def _id_number(rng: random.Random, born: str) -> str:
    first17 = "510132" + born.replace("-", "") + f"{rng.randrange(1000):03d}"
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS))
    return first17 + _ID_CHECK[total % 11]


def _split(total: int, parts: int) -> list[int]:
    """``total`` spread over ``parts`` as evenly as possible (the first ones get the remainder)."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def generate(folder: str | Path, seed: int = 2024, *, households: int = HOUSEHOLDS, members: int = MEMBERS,
             groups: int = GROUPS, villages: int = VILLAGES, townships: int = TOWNSHIPS,
             nested: bool = False) -> dict[str, list[tuple]]:
    """Write the roster under ``folder``; return ``{table: rows}`` with rows in the table's column order.

    The keyword arguments scale the roster (the defaults give the county above); ``villages`` must be a
    multiple of ``townships``.  With ``nested`` each 党小组 sits under the 党支部 of the next group of its
    village (when there is one) instead of under the village's 党总支, so branches count members
    through their party groups too.

    Row layouts (each ends with ``archived`` = 0 except liaisons):
    townships (code, name, kind), villages (code, name, township, kind, population, area_km2),
    groups (code, name, village), party_orgs (code, name, level, village, group, parent, setup, secretary),
    households (code, head, group, size, phone), members (code, name, gender, born, joined, status, org,
    phone, id_number), liaisons (member, household), cadres (code, village, member, name, posts).
    """
    rng = random.Random(seed)
    folder = Path(folder)
    (folder / "households").mkdir(parents=True, exist_ok=True)
    (folder / "members").mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[tuple]] = {t: [] for t in (
        "townships", "villages", "groups", "party_orgs", "households", "members", "liaisons", "cadres")}
    org_lines = ["townships:"]
    for t in range(1, townships + 1):
        code, name = f"T{t:02d}", f"第{t}镇"
        org_lines.append(f"  - {{code: {code}, name: {name}, kind: 镇}}")
        rows["townships"].append((code, name, "镇", 0))
    village_lines, group_lines, org_rows_lines, cadre_lines = ["villages:"], ["groups:"], ["party_orgs:"], ["cadres:"]
    groups_per_village = _split(groups, villages)
    households_per_village = _split(households, villages)
    members_per_village = _split(members, villages)
    member_number = 0
    for v in range(villages):
        vcode = f"V{v + 1:02d}"
        vname = f"{rng.choice(SURNAMES)}家{rng.choice('湾沟坪坝庄岭桥')}村"
        township = f"T{v // (villages // townships) + 1:02d}"
        population = households_per_village[v] * 3 + rng.randrange(500)
        area = round(rng.uniform(3, 30), 1)
        village_lines.append(f"  - code: {vcode}\n    name: {vname}\n    township: {township}\n"
                             f"    population: {population}\n    area_km2: {area}")
        rows["villages"].append((vcode, vname, township, "建制村", population, area, 0))
        top = f"P{vcode}"
        group_codes = [f"{vcode}G{g + 1:02d}" for g in range(groups_per_village[v])]
        group_orgs = []
        for g, gcode in enumerate(group_codes):
            gname = f"{g + 1}组"
            group_lines.append(f"  - {{code: {gcode}, name: {gname}, village: {vcode}}}")
            rows["groups"].append((gcode, gname, vcode, 0))
            level = "党支部" if g % 3 else "党小组"
            ocode = f"P{gcode}"
            group_orgs.append(ocode)
            parent = top
            if nested and level == "党小组" and g + 1 < len(group_codes):
                parent = f"P{group_codes[g + 1]}"
            org_rows_lines.append(f"  - {{code: {ocode}, name: {gname}{level}, level: {level}, village: {vcode}, "
                                  f"group: {gcode}, parent: {parent}}}")
            rows["party_orgs"].append((ocode, f"{gname}{level}", level, vcode, gcode, parent, "单建", None, 0))
        # Households, block style, one file per village.
        household_codes = []
        lines = ["households:"]
        for g, count in zip(group_codes, _split(households_per_village[v], len(group_codes))):
            for h in range(count):
                hcode = f"{g}H{h + 1:03d}"
                head, size = _name(rng), rng.randint(1, 7)
                phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}" if rng.random() < 0.6 else None
                lines.append(f"  - code: {hcode}\n    head: {head}\n    group: {g}\n    size: {size}")
                if phone:
                    lines.append(f'    phone: "{phone}"')
                rows["households"].append((hcode, head, g, size, phone, 0))
                household_codes.append(hcode)
        (folder / "households" / f"{vcode}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        # Members, flow style, one file per village.
        lines = ["members:"]
        secretary = None
        for _ in range(members_per_village[v]):
            member_number += 1
            mcode = f"M{member_number:05d}"
            secretary = secretary or mcode
            name, gender = _name(rng), rng.choice("男女")
            born = f"{rng.randint(1940, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            joined = f"{int(born[:4]) + rng.randint(18, 23)}-07-01"
            status = "预备" if rng.random() < 0.05 else "正式"
            org = top if mcode == secretary else rng.choice(group_orgs)
            phone = f"13{rng.randrange(10**9):09d}"
            id_number = _id_number(rng, born) if rng.random() < 0.5 else None
            liaisons = sorted(rng.sample(household_codes, rng.randint(15, 25)))
            fields = [f"code: {mcode}", f"name: {name}", f"gender: {gender}", f"born: {born}",
                      f"joined: {joined}", f"status: {status}", f"org: {org}", f'phone: "{phone}"']
            if id_number:
                fields.append(f'id_number: "{id_number}"')
            fields.append(f"households: [{', '.join(liaisons)}]")
            lines.append("  - {" + ", ".join(fields) + "}")
            rows["members"].append((mcode, name, gender, born, joined, status, org, phone, id_number, 0))
            rows["liaisons"].extend((mcode, h) for h in liaisons)
        (folder / "members" / f"{vcode}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        org_rows_lines.append(f"  - {{code: {top}, name: {vname}党总支, level: 党总支, village: {vcode}, "
                              f"secretary: {secretary}}}")
        rows["party_orgs"].append((top, f"{vname}党总支", "党总支", vcode, None, None, "单建", secretary, 0))
        director = _name(rng)
        committee = _name(rng)
        if committee == director:
            committee += "甲"
        cadre_lines.append(f"  - {{village: {vcode}, member: {secretary}, posts: [党组织书记, 集体经济组织负责人]}}")
        cadre_lines.append(f"  - {{village: {vcode}, name: {director}, posts: [村委会主任]}}")
        cadre_lines.append(f"  - {{village: {vcode}, name: {committee}, posts: [委员]}}")
        rows["cadres"].append((f"{vcode}/{secretary}", vcode, secretary, None,
                               '["党组织书记", "集体经济组织负责人"]', 0))
        rows["cadres"].append((f"{vcode}/{director}", vcode, None, director, '["村委会主任"]', 0))
        rows["cadres"].append((f"{vcode}/{committee}", vcode, None, committee, '["委员"]', 0))
    text = "\n".join(org_lines + village_lines + group_lines + org_rows_lines + cadre_lines) + "\n"
    (folder / "organization.yaml").write_text(text, encoding="utf-8")
    return rows


def yaml_files(folder: str | Path) -> list[Path]:
    """The roster's files in the order the importer reads them."""
    return sorted(p for p in Path(folder).rglob("*") if p.suffix in (".yaml", ".yml"))


def total_bytes(folder: str | Path) -> int:
    return sum(p.stat().st_size for p in yaml_files(folder))
