"""Write the 三会一课 ledger of 白鹤镇 (examples/procedures/party_meetings.yaml) from its roster.

Run from the repository root:  python examples/make_party_meetings.py [OUTPUT_FILE]

Every party organization of examples/roster/party.yaml holds its meetings from July to
October 2026 (the third quarter in full and the first month of the fourth):

- 党总支 and 党支部: 支委会 on the 8th and 主题党日 on the 10th of every month, 支部党员大会
  on 15 July (third quarter) and 15 October (fourth), the yearly 党课 on 1 July (七一党课), and the
  assemblies that reviewed a village decision (``DECISION_ASSEMBLIES``);
- 党小组: 党小组会 on the 20th of every month.

One planted shortfall: 石桥村党支部 (V02-P00) held no 支委会 in August (its secretary was away
on flood duty), so ``report party-life --quarter 2026Q3`` finds it short.  ``due`` is the
organization's members (a 党总支 or a village 党支部 counts those of its party groups too; a 支委会
counts its committee), ``present`` is drawn with a fixed seed, so rerunning rewrites the same file.
A test checks that this script and the committed file agree.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

import yaml

EXAMPLES = Path(__file__).resolve().parent
ROSTER = EXAMPLES / "roster" / "party.yaml"
OUT = EXAMPLES / "procedures" / "party_meetings.yaml"
SEED = 20260701
MONTHS = (7, 8, 9, 10)
COMMITTEE = {"V01-P00": 7, "V02-P00": 5}  # committee sizes; every other branch committee has 3
MISSED = {("V02-P00", "支委会", 8)}  # 问题: 石桥村党支部 8 月未开支委会
# Members' assemblies that reviewed a decision (四议两公开一监督, examples/procedures/decisions.yaml):
# (org, date, due, present, topic); their attendance is the decision's ``reviewed`` step.
DECISION_ASSEMBLIES = [
    ("V01-P00", dt.date(2026, 7, 12), 52, 40, "审议三组道路硬化方案"),
    ("V02-P00", dt.date(2026, 10, 16), 19, 12, "审议河堤护栏修缮方案"),  # 问题: 实到 12 人，不足三分之二
]
TOPICS = {7: "学习七一重要讲话精神", 8: "防汛救灾与秋收", 9: "中秋走访困难群众", 10: "学习村规民约与红黑榜"}


def member_counts(party: dict) -> dict[str, int]:
    """Members per organization; a village-level organization also counts those of the organizations under it."""
    direct: dict[str, int] = {}
    for m in party["members"]:
        direct[m["org"]] = direct.get(m["org"], 0) + 1
    counts = dict(direct)
    for org in party["party_orgs"]:
        if org.get("parent"):
            counts[org["parent"]] = counts.get(org["parent"], 0) + direct.get(org["code"], 0)
    return counts


def meetings_of(org: dict, members: int, rng: random.Random) -> list[dict]:
    """One organization's meetings, in date order."""
    code = org["code"]

    def meeting(day: dt.date, kind: str, due: int, topic: str) -> dict:
        absent = rng.randint(0, max(0, due // 5))
        return {"code": f"PM-{code}-{day:%m%d}", "org": code, "date": day.isoformat(), "kind": kind,
                "due": due, "present": due - absent, "topic": topic}

    rows = []
    if org["level"] == "党小组":
        for month in MONTHS:
            rows.append(meeting(dt.date(2026, month, 20), "党小组会", members, f"传达支部会议精神·{TOPICS[month]}"))
        return rows
    committee = COMMITTEE.get(code, min(3, members))
    rows.append(meeting(dt.date(2026, 7, 1), "党课", members, "书记讲党课·七一党课"))
    for month in MONTHS:
        if (code, "支委会", month) not in MISSED:
            rows.append(meeting(dt.date(2026, month, 8), "支委会", committee, f"研究部署：{TOPICS[month]}"))
        rows.append(meeting(dt.date(2026, month, 10), "主题党日", members, TOPICS[month]))
        if month in (7, 10):
            rows.append(meeting(dt.date(2026, month, 15), "支部党员大会", members,
                                "三季度工作安排" if month == 7 else "四季度工作安排、审议年度发展党员计划"))
    for org_code, day, due, present, topic in DECISION_ASSEMBLIES:
        if org_code == code:
            rows.append({"code": f"PM-{code}-{day:%m%d}", "org": code, "date": day.isoformat(), "kind": "支部党员大会",
                         "due": due, "present": present, "topic": topic})
    return sorted(rows, key=lambda r: r["date"])


def render(party: dict) -> str:
    counts = member_counts(party)
    rng = random.Random(SEED)
    lines = ["# 白鹤镇（虚构示例）三会一课台账 · 2026 年 7—10 月（由 examples/make_party_meetings.py 生成）",
             "# 党总支、党支部：每月支委会、主题党日，每季度支部党员大会，七一党课；党小组：每月党小组会。",
             "# 问题：石桥村党支部（V02-P00）8 月未开支委会，三季度三会一课未达要求。",
             "", "party_meetings:"]
    for org in party["party_orgs"]:
        lines.append(f"  # {org['name']}")
        if org["code"] == "V02-P00":
            lines.append("  # 问题：8 月未开支委会（书记驻守河堤防汛）")
        for row in meetings_of(org, counts.get(org["code"], 0), rng):
            lines.append("  - {" + ", ".join(f"{k}: {v}" for k, v in row.items()) + "}")
    return "\n".join(lines) + "\n"


def write(out: Path = OUT) -> None:
    party = yaml.safe_load(ROSTER.read_text(encoding="utf-8"))
    out.write_text(render(party), encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
