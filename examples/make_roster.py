"""Write the example roster of 白鹤镇 (a fictional township) into examples/roster/.

Run from the repository root:  python examples/make_roster.py [OUTPUT_FOLDER]

The output is deterministic (a fixed seed), so running it again rewrites the
same files.  The YAML files are what people read and edit; this script only
saves typing the few hundred households.  Every person, phone number and ID
number in them is invented: phones are in the 138-0000-xxxx block and ID
numbers use the area code 519900, which no county has.

The roster carries a handful of deliberate problems for ``village-gov check``
to find; they are listed in examples/README.md and marked ``# 问题`` in the files.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from village_gov.ledgers.roster.fields import id_check_digit

OUT = Path(__file__).resolve().parent / "roster"
SEED = 20191130  # the day the county's village merger was announced, as good as any
TODAY = dt.date(2026, 11, 20)
NUMERALS = "一二三四五六七八九十"

SURNAMES = ("王 李 张 刘 陈 杨 黄 赵 周 吴 徐 孙 胡 朱 高 林 何 郭 马 罗 梁 宋 郑 谢 韩 唐 冯 董 程 曹 "
            "袁 邓 许 傅 沈 曾 彭 吕 苏 卢 蒋 蔡 丁 魏 薛 叶 余 潘 杜 戴 夏 钟 汪 田 任 姜 范 方 石 "
            "姚 谭 廖 邹 熊 金 陆 郝 孔 白 崔 康 毛 邱 秦 江 史 顾 侯 邵 孟 龙 万 段 雷 钱 汤 尹 黎 "
            "易 常 武 乔 贺 赖 龚 文 税 杨 刘 陈 李 王").split()
MALE_OLD = ("国富 建国 德明 志强 学文 永福 开明 正清 树林 长生 明华 光荣 金山 银贵 世平 泽民 家兴 宗林 "
            "文才 天富 守成 发贵 元清 成林 仕云 绍华 继先 庆丰 万全 贵林 炳章 清泉 顺华 玉成 德全 "
            "兴平 国良 连生 廷贵 崇德 明富 朝林 志成 福生 远清 光明 德华 良才 代富 其昌").split()
MALE_YOUNG = ("磊 杰 伟 强 勇 涛 浩 鹏 俊 宇 波 斌 军 海军 小龙 建波 志刚 红军 小平 明亮 晓东 俊杰 "
              "浩然 宇航 鑫 林峰 建华 永强 春林 家豪 文斌 志勇 小兵 海涛 川 超 刚 洪 亮 毅 正阳").split()
FEMALE_OLD = ("秀英 玉兰 桂芳 淑华 素珍 德芬 琼芳 玉珍 秀兰 凤英 桂英 翠华 仕芬 明秀 春兰 素芬 "
              "菊芳 兰英 玉芬 秀琼 德珍 淑芬 会英 永秀 正英").split()
FEMALE_YOUNG = ("丽 娟 敏 燕 婷 静 芳 霞 丹 莉 小红 晓燕 雪梅 红梅 琴 倩 欣怡 思雨 佳怡 春梅 丽君 "
                "海燕 晓琴 小琳 玉洁 艳 蓉 梦瑶").split()


@dataclass
class Person:
    name: str
    gender: str
    born: dt.date


@dataclass
class Member:
    code: str
    person: Person
    org: str
    home: str  # the group the member lives in (liaises with households there)
    joined: dt.date
    status: str = "正式"
    phone: str | None = None
    id_number: str | None = None
    liaises: bool = True
    households: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Household:
    code: str
    head: str
    group: str
    size: int
    phone: str | None


# --- the township, as the clerk would describe it --------------------------------------------
# (village code, name, kind, population, area, level of the village party organization,
#  history note, [(group households, group-org members, main surnames of the group)])
VILLAGES = [
    ("V01", "柳塘村", "建制村", 3862, 9.6, "党总支",
     "2019 年由原柳塘村（一至五组）、黄桷村（六至九组）合并；全县“一领四微”示范村，“邻里百家”微阵地在三组",
     [(20, 6, "周何"), (18, 5, "何罗"), (21, 6, "罗税"), (19, 5, "周曾"), (17, 5, "曾万"),
      (19, 5, "黄杨"), (14, 3, "黄邱"), (18, 5, "杨邱"), (20, 5, "廖黄")]),
    ("V02", "石桥村", "建制村", 2475, 7.2, "党支部",
     "2019 年由原石桥村、河坝村合并；岷江东岸，与青杠村隔河相望",
     [(10, 2, "陈刘"), (9, 3, "刘唐"), (11, 2, "唐陈"), (9, 2, "宋蒋"), (10, 2, "蒋宋"),
      (8, 2, "张陈"), (9, 2, "刘赖"), (10, 2, "赖张")]),
    ("V03", "青杠村", "建制村", 2130, 8.4, "党支部",
     "2019 年由原青杠村、松林村合并；丘陵村，茶叶和柑橘为主",
     [(9, 2, "谢彭"), (8, 2, "彭龚"), (10, 3, "龚谢"), (9, 2, "文钟"), (8, 2, "钟文"),
      (9, 2, "邓彭"), (7, 2, "邓龚"), (9, 2, "谢文")]),
    ("V04", "金竹村", "建制村", 2648, 11.3, "党支部",
     "2019 年由原金竹村、观音村合并；九组为 2024 年建成的金竹湾集中安置点",
     [(8, 2, "熊袁"), (9, 2, "袁熊"), (8, 2, "田程"), (10, 3, "程田"), (9, 2, "苏熊"),
      (8, 2, "苏袁"), (9, 2, "程苏"), (10, 2, "田袁"), (8, 0, "")]),
    ("V05", "白鹤社区", "社区", 3315, 2.8, "党支部",
     "镇政府驻地；五组为滨河安置小区，2026 年有新迁入户",
     [(13, 2, "王李"), (12, 2, "李赵"), (14, 3, "赵王"), (11, 2, "孙李"), (15, 3, "")]),
]


class Township:
    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.used: dict[str, set[str]] = {}
        self.phones: set[str] = set()
        self.households: list[Household] = []
        self.members: list[Member] = []
        self.orgs: list[dict] = []
        self.groups: list[dict] = []
        self.cadres: list[dict] = []
        self.comments: dict[str, str] = {}  # record code -> trailing comment
        self.overloaded: list[Member] = []

    # --- people ------------------------------------------------------------------------------
    def person(self, village: str, surnames: str, *, gender: str | None = None, born: tuple[int, int] = (1945, 1995),
               main_share: float = 0.65) -> Person:
        rng = self.rng
        gender = gender or ("男" if rng.random() < 0.78 else "女")
        born_date = dt.date(rng.randint(*born), rng.randint(1, 12), rng.randint(1, 28))
        for _ in range(200):
            surname = rng.choice(surnames) if surnames and rng.random() < main_share else rng.choice(SURNAMES)
            old = born_date.year < 1972
            pool = {("男", True): MALE_OLD, ("男", False): MALE_YOUNG,
                    ("女", True): FEMALE_OLD, ("女", False): FEMALE_YOUNG}[gender, old]
            name = surname + rng.choice(pool)
            if name not in self.used.setdefault(village, set()):
                self.used[village].add(name)
                return Person(name, gender, born_date)
        raise RuntimeError("ran out of names")

    def phone(self) -> str:
        while True:
            number = f"1380000{self.rng.randint(0, 9999):04d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def id_number(self, person: Person) -> str:
        sequence = self.rng.randrange(1, 999, 2) if person.gender == "男" else self.rng.randrange(0, 998, 2)
        first17 = f"519900{person.born:%Y%m%d}{sequence:03d}"
        return first17 + id_check_digit(first17)

    def joined(self, born: dt.date, probationary: bool = False) -> dt.date:
        if probationary:
            return TODAY - dt.timedelta(days=self.rng.randint(40, 320))
        year = min(born.year + self.rng.randint(21, 42), 2024)
        return dt.date(year, self.rng.choice((1, 3, 6, 7, 7, 7, 10, 12)), self.rng.randint(1, 28))

    def size(self) -> int:
        return self.rng.choices(range(1, 8), weights=(8, 22, 25, 22, 13, 7, 3))[0]

    # --- building ------------------------------------------------------------------------------
    def build(self) -> None:
        for spec in VILLAGES:
            self.build_village(*spec)
        self.plant_cross_village_liaison()
        self.assign_liaisons()

    def add_member(self, code_village: str, org: str, home: str, surnames: str, *, born=(1950, 1996),
                   gender=None, status="正式", liaises=True, note="", with_id=False) -> Member:
        person = self.person(code_village, surnames, gender=gender, born=born)
        member = Member(code=f"M{len(self.members) + 1:04d}", person=person, org=org, home=home,
                        joined=self.joined(person.born, status == "预备"), status=status,
                        phone=self.phone() if self.rng.random() < 0.85 or with_id else None,
                        id_number=self.id_number(person) if with_id else None, liaises=liaises, note=note)
        if person.born.year < 1950:
            member.liaises = False
            member.note = member.note or "年老体弱，不承担联系户"
        self.members.append(member)
        return member

    def build_village(self, code, name, kind, population, area, level, note, groups) -> None:
        self.comments[code] = note
        top = f"{code}-P00"
        top_org = {"code": top, "name": f"{name}{level}", "level": level, "village": code}
        self.orgs.append(top_org)
        group_level = "党支部" if level == "党总支" else "党小组"
        first_surnames = groups[0][2]
        # Village-level members first: the secretary, then one or two committee members.
        secretary = self.add_member(code, top, f"{code}-G01", first_surnames, born=(1968, 1984), gender="男",
                                    with_id=True, note="书记")
        top_org["secretary"] = secretary.code
        direct = [secretary]
        for i in range(2 if level == "党总支" else 1):
            home = f"{code}-G{self.rng.randint(2, len(groups) - 1):02d}"
            direct.append(self.add_member(code, top, home, groups[int(home[-2:]) - 1][2], born=(1972, 1994),
                                          with_id=(i == 0), note="副书记" if i == 0 else "支委"))
        for number, (count, org_members, surnames) in enumerate(groups, start=1):
            group = f"{code}-G{number:02d}"
            self.groups.append({"code": group, "name": f"{NUMERALS[number - 1]}组", "village": code})
            for _ in range(count):
                self.add_household(code, group, surnames)
            if not org_members:
                continue
            org = {"code": f"{code}-P{number:02d}", "name": f"{name}{NUMERALS[number - 1]}组{group_level}",
                   "level": group_level, "village": code, "group": group, "parent": top}
            self.orgs.append(org)
            in_group = []
            for i in range(org_members):
                status = "预备" if (code, number, i) in PROBATIONARY else "正式"
                in_group.append(self.add_member(code, org["code"], group, surnames, status=status,
                                                born=(1996, 2002) if status == "预备" else (1946, 1992)))
            if group_level == "党支部":  # the branch secretary: the first full member still of working age
                org["secretary"] = next(m.code for m in in_group if m.status == "正式" and m.person.born.year >= 1955)
        self.village_extras(code, name, top, direct)
        self.cadres_of(code, secretary, direct)

    def add_household(self, village: str, group: str, surnames: str) -> None:
        head = self.person(village, surnames, born=(1938, 1992), main_share=0.7)
        self.households.append(Household(code=f"H{len(self.households) + 1:05d}", head=head.name, group=group,
                                         size=self.size(), phone=self.phone() if self.rng.random() < 0.6 else None))

    def village_extras(self, code: str, name: str, top: str, direct: list[Member]) -> None:
        """The one-off things a real roster has: a joint branch, a regional party group, an old secretary."""
        if code == "V01":
            coop = {"code": "V01-P10", "name": "柳塘村茶叶专业合作社党支部", "level": "党支部", "village": code,
                    "parent": top, "setup": "联建"}
            self.comments["V01-P10"] = "与合作社联建，社员党员就近联系本组农户"
            self.orgs.append(coop)
            for home in ("V01-G03", "V01-G04", "V01-G06", "V01-G09"):
                m = self.add_member(code, "V01-P10", home, "", born=(1970, 1992))
                coop.setdefault("secretary", m.code)
        if code == "V04":
            # 问题: 九组（安置点）没有党小组，全组由老支书一人联系（连同八组 4 户，共 12 户）。
            old = self.add_member(code, top, "V04-G08", "田袁", born=(1952, 1953), gender="男",
                                  note="问题：老支书一人联系 12 户（九组安置点 8 户 + 八组 4 户）")
            old.liaises = True
            self.overloaded.append(old)
        if code == "V05":
            for org in self.orgs:
                if org["code"] == "V05-P05":
                    org["setup"] = "区域统建"
                    org["name"] = "白鹤社区滨河安置小区党小组"

    def cadres_of(self, code: str, secretary: Member, direct: list[Member]) -> None:
        if code == "V03":
            # 问题: 书记是 2026 年选派的，尚未当选村委会主任（未"一肩挑"）。
            self.cadres.append({"village": code, "member": secretary.code, "posts": ["党组织书"
                                                                                     "记", "集体经济组织负责"
                                                                                              "人"]})
            director = self.person(code, "谢彭", gender="男", born=(1966, 1970))
            self.cadres.append({"village": code, "name": director.name, "posts": ["村委会主任"]})
        else:
            self.cadres.append({"village": code, "member": secretary.code,
                                "posts": ["党组织书记", "村委会主任", "集体经济组织负责人"]})
        for m in direct[1:3]:
            self.cadres.append({"village": code, "member": m.code, "posts": ["委员"]})
        women = self.person(code, "", gender="女", born=(1978, 1990))
        self.cadres.append({"village": code, "name": women.name, "posts": ["委员"]})
        group_members = [m for m in self.members if m.org.startswith(code) and m.org != f"{code}-P00"
                         and m.status == "正式" and m.person.born.year < 1975]
        supervisor = group_members[len(group_members) // 2]
        self.cadres.append({"village": code, "member": supervisor.code, "posts": ["村务监督委员会主任"]})

    def plant_cross_village_liaison(self) -> None:
        # 问题: 石桥村八组的一名党员联系着河对岸青杠村一组的亲戚家（合村前的老关系）。
        member = next(m for m in self.members if m.org == "V02-P08")
        household = next(h for h in self.households if h.group == "V03-G01")
        member.households.append(household.code)
        member.note = "问题：联系河对岸青杠村一组一户（亲戚，合村前的老关系）"

    def assign_liaisons(self) -> None:
        """Each group's households go, in runs of neighbours, to the members living in that group."""
        by_group: dict[str, list[Household]] = {}
        for h in self.households:
            by_group.setdefault(h.group, []).append(h)
        for group, households in by_group.items():
            if group in UNASSIGNED_TAIL:
                households = households[:-UNASSIGNED_TAIL[group]]
            old = [m for m in self.overloaded if m.home == group]
            if group == "V04-G09":  # no members live in the new resettlement site
                self.overloaded[0].households.extend(h.code for h in households)
                continue
            for m in old:
                m.households.extend(h.code for h in households[:4])
                households = households[4:]
            people = [m for m in self.members if m.home == group and m.liaises and m not in old]
            people.sort(key=lambda m: (m.org.endswith("P00"), m.code))
            if not people:
                raise RuntimeError(f"nobody to liaise in {group}")
            # The secretary and committee members take 3 households each; group members share the rest.
            start = 0
            shares = _shares(len(households), people)
            for m, share in zip(people, shares):
                m.households[:0] = [h.code for h in households[start:start + share]]
                start += share


def _shares(total: int, people: list[Member]) -> list[int]:
    """Split ``total`` neighbouring households among ``people``; village-level members take at most 3."""
    fixed = [min(3, total // len(people)) if p.org.endswith("P00") else None for p in people]
    left = total - sum(f for f in fixed if f is not None)
    flexible = [i for i, f in enumerate(fixed) if f is None]
    shares = list(fixed)
    for n, i in enumerate(flexible):
        shares[i] = left // len(flexible) + (1 if n < left % len(flexible) else 0)
    return [s or 0 for s in shares]


PROBATIONARY = {("V01", 7, 2), ("V01", 2, 4), ("V01", 5, 3), ("V02", 2, 2), ("V03", 3, 2), ("V04", 4, 2),
                ("V05", 3, 2)}
UNASSIGNED_TAIL = {"V05-G05": 3}  # 问题: three households moved in this year, not yet assigned


# --- writing -------------------------------------------------------------------------------------
def flow(record: dict) -> str:
    parts = []
    for key, value in record.items():
        if value is None or value == []:
            continue
        if isinstance(value, list):
            text = "[" + ", ".join(value) + "]"
        elif isinstance(value, str) and key in ("phone", "id_number"):
            text = f'"{value}"'
        else:
            text = str(value)
        parts.append(f"{key}: {text}")
    return "{" + ", ".join(parts) + "}"


HEADER = "# 白鹤镇（虚构示例）{title}\n# 镇党建办维护 · 最后核对 {date} · 人名、电话、身份证号均为虚构\n"


def write_township(t: Township) -> str:
    lines = [HEADER.format(title="村（社区）与村民小组", date=TODAY), "townships:",
             "  - {code: T01, name: 白鹤镇, kind: 镇}", "", "villages:"]
    for code, name, kind, population, area, *_ in VILLAGES:
        lines.append(f"  # {t.comments[code]}")
        lines.append("  - " + flow({"code": code, "name": name, "township": "T01", "kind": kind,
                                    "population": population, "area_km2": area}))
    lines += ["", "groups:"]
    village = None
    for g in t.groups:
        if g["village"] != village:
            village = g["village"]
            lines.append(f"  # {_village_name(village)}")
        line = "  - " + flow(g)
        if g["code"] == "V04-G09":
            line += "   # 问题：金竹湾安置点，2024 年新设，尚无党小组"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _village_name(code: str) -> str:
    return next(v[1] for v in VILLAGES if v[0] == code)


def write_party(t: Township) -> str:
    lines = [HEADER.format(title="党组织与党员（党员联系户见 households）", date=TODAY),
             "# 三级组织架构：村党组织 → 村民小组党支部/党小组 → 党员联系户", "", "party_orgs:"]
    village = None
    for org in t.orgs:
        if org["village"] != village:
            village = org["village"]
            lines.append(f"  # {_village_name(village)}")
        line = "  - " + flow(org)
        if org["code"] == "V01-P07":
            line += "   # 问题：正式党员只有 2 名"
        elif org["code"] in t.comments:
            line += f"   # {t.comments[org['code']]}"
        lines.append(line)
        if org["code"] == "V04-P08":
            lines.append("  # 问题：九组（金竹湾安置点）暂无党员居住，尚未设党小组")
    lines += ["", "members:"]
    org_names = {o["code"]: o["name"] for o in t.orgs}
    current = None
    for m in t.members:
        if m.org != current:
            current = m.org
            lines.append(f"  # {org_names[current]}")
        record = {"code": m.code, "name": m.person.name, "gender": m.person.gender, "born": m.person.born,
                  "joined": m.joined, "status": m.status if m.status != "正式" else None, "org": m.org,
                  "phone": m.phone, "id_number": m.id_number, "households": m.households}
        line = "  - " + flow(record)
        if m.note:
            line += f"   # {m.note}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def write_households(t: Township) -> str:
    lines = [HEADER.format(title="农户（户主、人口、联系电话）", date=TODAY), "households:"]
    group = None
    unassigned = {h.code for g, n in UNASSIGNED_TAIL.items() for h in [x for x in t.households if x.group == g][-n:]}
    for h in t.households:
        if h.group != group:
            group = h.group
            name = next(g["name"] for g in t.groups if g["code"] == group)
            lines.append(f"  # {_village_name(group[:3])}{name}")
        line = "  - " + flow({"code": h.code, "head": h.head, "group": h.group, "size": h.size, "phone": h.phone})
        if h.code in unassigned:
            line += "   # 问题：2026 年新迁入，待落实联系党员"
        lines.append(line)
    return "\n".join(lines) + "\n"


# The date each village party secretary took the post (cadres.since; the cadre ledger's
# new-secretary-without-mentor judges it): 石桥村's exactly 24 months before 2026-11-30 (not new),
# 白鹤社区's 23 months before (new, and no mentor: a planted finding of examples/cadres/).
SECRETARY_SINCE = {"V01": "2014-11-20", "V02": "2024-11-30", "V03": "2026-03-01", "V04": "2018-12-15",
                   "V05": "2024-12-30"}


def write_cadres(t: Township) -> str:
    lines = [HEADER.format(title="村“两委”成员", date=TODAY),
             "# 党员填 member（党员编码），非党员填 name；一肩挑：书记兼村委会主任、集体经济组织负责人", "cadres:"]
    village = None
    for c in t.cadres:
        if c["village"] != village:
            village = c["village"]
            lines.append(f"  # {_village_name(village)}")
        if "党组织书记" in c["posts"]:
            c = {**c, "since": SECRETARY_SINCE[village]}
        line = "  - " + flow(c)
        if village == "V03" and "党组织书记" in c["posts"]:
            line += "   # 问题：2026 年选派，村委会主任尚未改选（未一肩挑）"
        lines.append(line)
    return "\n".join(lines) + "\n"


def write_roster(out: Path = OUT) -> Township:
    """Build the township and write its four YAML files into ``out``."""
    t = Township()
    t.build()
    out.mkdir(parents=True, exist_ok=True)
    for name, writer in (("township.yaml", write_township), ("party.yaml", write_party),
                         ("households.yaml", write_households), ("cadres.yaml", write_cadres)):
        (out / name).write_text(writer(t), encoding="utf-8")
    return t


def main() -> None:
    t = write_roster(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    linked = {c for m in t.members for c in m.households}
    print(f"{len(VILLAGES)} villages, {len(t.groups)} groups, {len(t.orgs)} party orgs, {len(t.members)} members, "
          f"{len(t.households)} households ({len(linked)} linked), {len(t.cadres)} cadres")


if __name__ == "__main__":
    main()
