"""A small roster with the example township's codes (V01, V02, V01-P00, H00001 …) for the procedures tests."""

from __future__ import annotations

ROSTER = """
townships:
  - {code: T01, name: 白鹤镇, kind: 镇}
villages:
  - {code: V01, name: 柳塘村, township: T01}
  - {code: V02, name: 石桥村, township: T01}
groups:
  - {code: V01-G01, name: 一组, village: V01}
  - {code: V02-G01, name: 一组, village: V02}
party_orgs:
  - {code: V01-P00, name: 柳塘村党总支, level: 党总支, village: V01, secretary: M0001}
  - {code: V02-P00, name: 石桥村党支部, level: 党支部, village: V02, secretary: M0053}
""" + "".join(
    f"  - {{code: V02-P0{g}, name: 石桥村{g}组党小组, level: 党小组, village: V02, parent: V02-P00}}\n"
    for g in range(1, 9)) + """
members:
  - {code: M0001, name: 何德明, org: V01-P00, households: [H00001]}
  - {code: M0053, name: 陈国富, org: V02-P00, households: [H00167]}
households:
  - {code: H00001, head: 毛明富, group: V01-G01, size: 3}
  - {code: H00002, head: 何连生, group: V01-G01, size: 1}
  - {code: H00003, head: 何继先, group: V01-G01, size: 5}
  - {code: H00004, head: 秦志强, group: V01-G01, size: 1}
  - {code: H00005, head: 何斌, group: V01-G01, size: 3}
  - {code: H00167, head: 姜国良, group: V02-G01, size: 5}
  - {code: H00168, head: 陈树林, group: V02-G01, size: 3}
"""


def decision_yaml(code: str = "D1", village: str = "V01", supervisor: str | None = "村务监督委员会",
                  steps: str = "") -> str:
    """A ``decisions`` section with one decision; ``steps`` are lines ``name: {…}``."""
    lines = ["decisions:", f"  - code: {code}", f"    village: {village}", "    title: 道路硬化"]
    if supervisor:
        lines.append(f"    supervisor: {supervisor}")
    if steps.strip():
        lines.append("    steps:")
        lines += [f"      {s.strip()}" for s in steps.strip().splitlines()]
    return "\n".join(lines) + "\n"


FULL_STEPS = """
proposed: {date: 2026-07-01}
deliberated: {date: 2026-07-05}
reviewed: {date: 2026-07-10, due: 12, present: 9, approve: 8, oppose: 1, abstain: 0}
resolved: {date: 2026-07-15, body: 村民代表会议, due: 30, present: 24, approve: 20, oppose: 2, abstain: 2}
resolution_published: {date: 2026-07-16}
result_published: {date: 2026-09-30}
"""
