"""One small ledger using EVERY section: the roster, the four micros, consultations and requests, the
procedures, the reform mapping and the cadre ledger, all on rosters.SMALL_ROSTER's township (T1: V1 with G1, G2; V2 with G3).

Used by the round-trip dump test, the audit tests of the log commands and the crash tests.  Edge cases
kept on purpose: requests inside and outside meetings, in every status; an organization with a member
list mixing members and households, one with a head count, one with neither; a leader who is a member
and one who is only a name; providers and organizers that are members and organizations; a decision
with all six steps and one with only its proposal; an archived disclosure.
"""

from __future__ import annotations

from tests.helpers.consult import CONSULTATIONS
from tests.helpers.micros import MICROS
from tests.helpers.rosters import SMALL_ROSTER

PROCEDURES = """
decisions:
  - code: D1
    village: V1
    title: 道路硬化
    category: 基础设施
    supervisor: 村务监督委员会
    steps:
      proposed: {date: 2026-07-01}
      deliberated: {date: 2026-07-05}
      reviewed: {date: 2026-07-10, due: 12, present: 9, approve: 8, oppose: 1, abstain: 0}
      resolved: {date: 2026-07-15, body: 村民代表会议, due: 30, present: 24, approve: 20, oppose: 2, abstain: 2}
      resolution_published: {date: 2026-07-16}
      result_published: {date: 2026-09-30}
  - {code: D2, village: V2, title: 河堤护栏, steps: {党组织提议: {date: 2026-10-01}}}
disclosures:
  - {code: DS1, village: V1, date: 2026-10-05, kind: 财务, channel: 公开栏, items: 9 月收支明细}
  - {code: DS2, village: V2, date: 2026-10-09, kind: party}
  - {code: DS3, village: V2, date: 2026-09-09, kind: 村务, channel: wechat, items: 旧的公开, archived: true}
party_meetings:
  - {code: PM1, org: P1, date: 2026-10-08, kind: 支委会, due: 7, present: 7, topic: 研究道路验收}
  - {code: PM2, org: P4, date: 2026-10-10, kind: party_day, due: 19, present: 15}
moral_list:
  - {code: ML1, date: 2026-10-12, village: V1, household: H1, list: 红榜, reason: 孝老爱亲, published: true}
  - {code: ML2, date: 2026-10-12, village: V2, household: H5, list: black}
points:
  - {code: PT1, date: 2026-10-05, household: H1, points: 10, reason: 参加义务劳动, rule: 第四条}
  - {code: PT2, date: 2026-10-12, household: H5, points: -10}
"""

# Party-member development: a record through every stage (the meetings, lists and the extension
# included), an applicant with only the application, and a process stopped.
DEVELOPMENT = """
development:
  - code: DV1
    name: 张晓梅
    gender: 女
    born: 1998-03-02
    village: V1
    org: P2
    source: 优秀农民工
    education: 高中
    applied: 2023-03-01
    talked: 2023-03-20
    activist: 2023-05-10
    contacts: [M2, M3]
    assessments: [2023-11-01, 2024-05-01]
    target: 2024-06-01
    review: 2024-07-01
    training_hours: 24
    committee: 2024-08-01
    prereview: 2024-08-15
    introducers: [M2, M3]
    meeting: {date: 2024-09-01, voting: 20, present: 15, approve: 14}
    approved: 2024-10-20
    sworn: 2024-10-25
    extension_months: 6
    conversion_meeting: {date: 2026-03-10, voting: 21, present: 16, approve: 16}
    conversion_approved: 2026-04-10
    member: M5
  - {code: DV2, name: 李明, gender: male, born: 2001-06-30, village: V2, org: P4, source: 创客, education: 本科,
     applied: 2026-10-20}
  - {code: DV3, name: 王丽, gender: 女, born: 1990-01-15, village: V2, org: P4, source: 致富能手, education: 中专,
     applied: 2025-02-01, talked: 2025-02-20, stopped: {date: 2025-06-01, reason: 本人申请}}
"""

REFORM = """
reform:
  name: 两项改革
  effective: 2019-12-31
  townships_before:
    - {code: TB1, name: 老青竹乡, kind: 乡}
    - {code: TB2, name: 老白马乡}
  villages_before:
    - {code: VB1, name: 原百家村, township_before: TB1, population: 1200, area_km2: 3.5, merged_into: V1}
    - {code: VB2, name: 原池塘村, township_before: TB1, population: 800, area_km2: 2.0, party_orgs: 2, merged_into: V1}
    - {code: VB3, name: 原青龙村, township_before: TB2, merged_into: V2}
    - {code: VB4, name: 原街村, township_before: TB2, party_orgs: 0}
"""

CADRE = """
cadre_links:
  - {code: L1, leader: 王建国, level: 乡镇, post: 党委副书记, org: P1, from: 2024-01-01, to: null}
  - {code: L2, leader: 刘明, level: county, org: P4, from: 2023-01-01, to: 2025-12-31}
link_visits:
  - {link: L1, date: 2026-10-12, topic: 指导换届筹备}
  - {code: LV-X, link: L2, date: 2025-06-01}
mentorships:
  - {code: T1M, mentor: 刘老支书, secretary: M6, from: 2025-02-01}
  - {code: T2M, mentor: M1, secretary: M1, from: 2020-01-01, to: 2021-12-31}
mentor_meetings:
  - {mentorship: T1M, date: 2026-09-03, topic: 村集体经济}
reserves:
  - {code: B1, village: V1, name: 陈思远, born: 1996-05-01, gender: 男, education: 大专, source: 农二代, since: 2025-03-01}
  - {code: B2, village: V2, name: 王丽, born: 1988-01-01, gender: female, member: M7, since: 2024-03-01, until: 2026-01-31}
reviews:
  - code: RV1
    year: 2025
    secretary: M1
    date: 2026-01-15
    rating: 较好
    items:
      - {text: 集体经济台账不规范, due: 2026-04-30, done: 2026-04-10}
      - {text: 党员联系户走访记录缺失, due: 2026-06-30}
  - {code: RV2, year: 2025, secretary: M6, date: 2026-01-16, rating: good}
supervision:
  - {village: V2, reason: 集体资金管理问题, from: 2026-03-01, to: 2026-12-31}
  - {code: SV-OLD, village: V1, from: 2024-01-01, to: 2024-12-31, closed: 2025-01-10}
work_reports:
  - {org: P1, reporter: O1, date: 2026-06-20, topic: 议事会半年工作}
  - {org: P4, reporter: 村委会, date: 2026-07-01}
checkups:
  - {cadre: M1, date: 2026-03-10, result: 合格}
  - {cadre: V2/郑十一, date: 2026-03-11, result: pass}
duty_lists:
  - {secretary: M1, kind: 权力清单, items: 12, published: 2025-05-01}
  - {secretary: M1, kind: responsibilities, items: 20, published: 2025-05-01}
"""

FILES = {
    "roster.yaml": SMALL_ROSTER,
    "micros.yaml": MICROS,
    "consultations.yaml": CONSULTATIONS,
    "procedures.yaml": PROCEDURES,
    "development.yaml": DEVELOPMENT,
    "reform.yaml": REFORM,
    "cadre.yaml": CADRE,
}

# The "today" for the micros' future-date rule: after every date above.
TODAY = "2026-11-15"


def write_ledger(folder):
    """Write the fixture's files into ``folder`` (created); return the folder."""
    import textwrap
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in FILES.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder
