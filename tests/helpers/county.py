"""Three small townships with every ledger (roster, consultations and requests, micros, procedures),
for the county merge tests; October 2026 figures of each worked out by hand below.

The same codes (V1, H1, R1, S1, D1 …) are used in every township; the villages differ:
T1 and T3 have V1 and V2 (T3's with other names), T2 has a third village V3 (group G4, household H8).

Consultations and requests (days = resolved − raised):

    T1  consult.CONSULTATIONS (its hand figures: consult.OCTOBER_TOTAL):
        raised in Oct R1–R5; resolved in Oct R1 0, R2 12, R6 25 days; raised in Oct and resolved
        by 10-31: R1, R2; open at 10-31: R3, R4, R8 (V1), R7 (V2); overdue R8, R7; referred R5.
    T2  C1 V1 10-05 书记坝坝会 30: R1 on the spot, resolved 10-05 (0); R2 resolved 10-26 (21)
        C2 V3 10-12 书记龙门阵 15: R3 resolved 10-19 (7); R4 open
        R5 V2 raised 07-01, resolved 10-30 (121)
        → consultations 2, attendees 45, secretary meetings 2, held in 2 villages; raised 4
          (R1–R4), on the spot 1; resolved in Oct R1, R2, R3, R5 = 4, median of 0, 7, 21, 121 =
          (7 + 21) / 2 = 14.0; raised and resolved by 10-31: R1–R3 → rate 3/4 = 0.75;
          open at 10-31: R4 (raised 10-12, not overdue); referred 0.
    T3  R1 V1 raised 10-02, resolved 10-05 (3); R2 V2 raised 10-20, referred 10-22;
        R3 V1 raised 09-01, open (overdue: before 10-01 = 10-31 − 30 days)
        → raised 2, resolved 1 (median 3.0), rate 1/2 = 0.5, open 1, overdue 1, referred 1.

Micros (services/activities dated in October):

    T1  micros.MICROS: V1 S1 (H2 1.5 h), S2 (H2 2 h), S3 (H3, no hours); V2 S6 (4 h, no
        household); activities V1 A1 40, A2 25; V2 A4 0 → services 4, hours 7.5, households 2,
        activities 3, participants 65.
    T2  S1 V1 H1 2 h, S2 V3 H8 1.5 h (S3 is 11-02); A1 V3 30 → 2, 3.5, 2, 1, 30.
    T3  S1 V2 H5 1 h; A1 V1 12 (A2 is 09-30) → 1, 1.0, 1, 1, 12.

Procedures:

    T1  D1 V1 proposed 10-02, deliberated 10-05 (started); D2 V2 proposed 08-01 only (stalled at
        10-31: more than 30 days since); disclosures 财务 V1, 村务 V2; red H1, black H5.
    T2  D1 V1 all six steps 07-01 … result published 10-15 (completed); disclosures 党务 V3,
        财务 V1 (another 财务 on 11-01); red H2 (V1), red H8 (V3).
    T3  D1 V2 proposed 10-20 (started); disclosure 村务 V2; black H3.
"""

from __future__ import annotations

from tests.helpers.consult import CONSULTATIONS
from tests.helpers.micros import MICROS
from tests.helpers.rosters import SMALL_ROSTER

MONTH = "2026-10"
TOWNSHIP_NAMES = {"T1": "青竹镇", "T2": "白鹤镇", "T3": "汉阳镇"}


def roster(code: str) -> str:
    """SMALL_ROSTER moved to township ``code``; T2 gets a third village, T3 other village names."""
    text = SMALL_ROSTER.replace("code: T1", f"code: {code}").replace("township: T1", f"township: {code}")
    text = text.replace("青竹镇", TOWNSHIP_NAMES[code])
    if code == "T2":
        text = text.replace("groups:\n", f"  - {{code: V3, name: 白果村, township: {code}, population: 900}}\n"
                                         "groups:\n  - {code: G4, name: 一组, village: V3}\n")
        text = text.replace("cadres:\n", "  - {code: H8, head: 陈八, group: G4, size: 3}\ncadres:\n")
    if code == "T3":
        text = text.replace("百家池村", "白鹤村").replace("青龙村", "石桥村")
    return text


T2_LEDGER = """
consultations:
  - {code: C1, village: V1, date: 2026-10-05, format: 书记坝坝会, attendees: 30, topics: [民生实事],
     requests: [{code: R1, content: 门前积水, category: 民生实事, answered_on_spot: true, status: 已办结,
                 resolved: 2026-10-05},
                {code: R2, content: 低保复核, category: 民生实事, status: 已办结, resolved: 2026-10-26}]}
  - {code: C2, village: V3, date: 2026-10-12, format: 书记龙门阵, attendees: 15,
     requests: [{code: R3, content: 道路坑洼, category: 环境治理, status: 已办结, resolved: 2026-10-19},
                {code: R4, content: 茶园灌溉, category: 产业发展}]}
requests:
  - {code: R5, village: V2, raised: 2026-07-01, content: 林权纠纷, category: 矛盾纠纷, status: 已办结, resolved: 2026-10-30}
positions:
  - {code: PS1, name: 党群服务中心, village: V1, kind: 主阵地}
services:
  - {code: S1, date: 2026-10-03, village: V1, kind: 代办服务, provider: M2, household: H1, hours: 2}
  - {code: S2, date: 2026-10-09, village: V3, kind: 帮扶, provider: M1, household: H8, hours: 1.5}
  - {code: S3, date: 2026-11-02, village: V1, kind: 帮扶, provider: M1, household: H2, hours: 1}
activities:
  - {code: A1, date: 2026-10-18, village: V3, kind: 文体活动, title: 广场舞, participants: 30}
decisions:
  - code: D1
    village: V1
    title: 道路硬化
    supervisor: 村务监督委员会
    steps:
      proposed: {date: 2026-07-01}
      deliberated: {date: 2026-07-05}
      reviewed: {date: 2026-07-10, due: 12, present: 9, approve: 8, oppose: 1, abstain: 0}
      resolved: {date: 2026-07-15, body: 村民代表会议, due: 30, present: 24, approve: 20, oppose: 2, abstain: 2}
      resolution_published: {date: 2026-07-16}
      result_published: {date: 2026-10-15}
disclosures:
  - {code: DS1, village: V3, date: 2026-10-01, kind: 党务}
  - {code: DS2, village: V1, date: 2026-10-31, kind: 财务}
  - {code: DS3, village: V1, date: 2026-11-01, kind: 财务}
party_meetings:
  - {code: PM1, org: P1, date: 2026-10-08, kind: 支委会, due: 5, present: 4}
moral_list:
  - {code: ML1, date: 2026-10-03, village: V1, household: H2, list: 红榜}
  - {code: ML2, date: 2026-10-04, village: V3, household: H8, list: 红榜}
points:
  - {code: PT1, date: 2026-10-05, household: H1, points: 10, reason: 义务劳动, rule: 第四条}
"""

T1_PROCEDURES = """
decisions:
  - code: D1
    village: V1
    title: 修建文化广场
    steps:
      proposed: {date: 2026-10-02}
      deliberated: {date: 2026-10-05}
  - code: D2
    village: V2
    title: 集体林地流转
    steps:
      proposed: {date: 2026-08-01}
disclosures:
  - {code: DS1, village: V1, date: 2026-10-08, kind: 财务}
  - {code: DS2, village: V2, date: 2026-10-10, kind: 村务}
party_meetings:
  - {code: PM1, org: P1, date: 2026-10-08, kind: 支委会, due: 5, present: 5}
  - {code: PM2, org: P4, date: 2026-10-09, kind: 主题党日, due: 3, present: 3}
moral_list:
  - {code: ML1, date: 2026-10-12, village: V1, household: H1, list: 红榜, published: true}
  - {code: ML2, date: 2026-10-20, village: V2, household: H5, list: 黑榜}
points:
  - {code: PT1, date: 2026-10-05, household: H1, points: 10, rule: 第四条}
  - {code: PT2, date: 2026-10-06, household: H2, points: -5}
"""

T3_LEDGER = """
requests:
  - {code: R1, village: V1, raised: 2026-10-02, content: 路灯不亮, category: 民生实事, status: 已办结, resolved: 2026-10-05}
  - {code: R2, village: V2, raised: 2026-10-20, content: 邻里纠纷, category: 矛盾纠纷, status: 已转办,
     referred: 2026-10-22, referred_to: 镇综治中心}
  - {code: R3, village: V1, raised: 2026-09-01, content: 河堤加固, category: 环境治理, status: 办理中}
services:
  - {code: S1, date: 2026-10-21, village: V2, kind: 调解, provider: M6, household: H5, hours: 1}
activities:
  - {code: A1, date: 2026-10-01, village: V1, kind: 百家讲堂, title: 法律讲座, participants: 12}
  - {code: A2, date: 2026-09-30, village: V1, kind: 文体活动, title: 坝坝舞, participants: 50}
decisions:
  - code: D1
    village: V2
    title: 水渠维修
    steps:
      proposed: {date: 2026-10-20}
disclosures:
  - {code: DS1, village: V2, date: 2026-10-15, kind: 村务}
party_meetings:
  - {code: PM1, org: P4, date: 2026-10-09, kind: 支委会, due: 3, present: 2}
moral_list:
  - {code: ML1, date: 2026-10-25, village: V1, household: H3, list: 黑榜}
"""

LEDGERS = {"T1": CONSULTATIONS + MICROS + T1_PROCEDURES, "T2": T2_LEDGER, "T3": T3_LEDGER}

# The county's October total, by hand from the figures above (T1 + T2 + T3).
COUNTY_OCTOBER = {
    "consultations": 3 + 2 + 0, "attendees": 72 + 45, "secretary_meetings": 1 + 2,
    "secretary_meeting_held": 1 + 2 + 0,  # villages that held one: T1/V1; T2/V1, T2/V3
    "requests_raised": 5 + 4 + 2, "answered_on_spot": 1 + 1 + 0, "requests_resolved": 3 + 4 + 1,
    # Raised in October and resolved by 10-31: 2 + 3 + 1 = 6 of 11 → 0.5455 (not the mean of the
    # township rates 0.4, 0.75, 0.5 = 0.55).
    "resolution_rate": 0.5455,
    # Every October resolution of the county: 0, 12, 25 | 0, 7, 21, 121 | 3 → sorted
    # 0, 0, 3, 7, 12, 21, 25, 121: median (7 + 12) / 2 = 9.5 (not the median of the township medians
    # 12, 14, 3 = 12, nor their mean 9.67).
    "median_days_to_resolve": 9.5,
    "open_at_month_end": 4 + 1 + 1, "overdue": 2 + 0 + 1, "referred": 1 + 0 + 1,
    "services": 4 + 2 + 1, "service_hours": 7.5 + 3.5 + 1, "households_served": 2 + 2 + 1,
    "activities": 3 + 1 + 1, "activity_participants": 65 + 30 + 12,
    "decisions_started": 1 + 0 + 1, "decisions_completed": 0 + 1 + 0, "decisions_stalled": 1 + 0 + 0,
    "disclosures": {"党务": 0 + 1 + 0, "村务": 1 + 0 + 1, "财务": 1 + 1 + 0},
    "red_list": 1 + 2 + 0, "black_list": 1 + 0 + 1,
    # No township keeps a development record.
    "development_applied": 0, "development_admitted": 0, "development_converted": 0, "development_overdue": 0,
    # No township keeps the cadre ledger: no visit, meeting or 整改 item anywhere.
    "link_visits": 0, "mentor_meetings": 0, "rectification_overdue": 0,
}
# Each township's own October total (rate and median as worked out in the docstring).
TOWNSHIP_RATES = {"T1": (0.4, 12.0), "T2": (0.75, 14.0), "T3": (0.5, 3.0)}
