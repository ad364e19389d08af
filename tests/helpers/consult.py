"""A small hand-made month of consultations and requests, with its figures worked out by hand.

Township T1 (from rosters.SMALL_ROSTER) plus village V3 with no activity at all.

    code  village raised      category  status / dates                           note
    R1    V1      2026-10-08  环境治理   已办结 2026-10-08 (on the spot)          resolved the same day
    R2    V1      2026-10-08  民生实事   已办结 2026-10-20                        12 days
    R3    V1      2026-10-08  民生实事   待办
    R4    V1      2026-10-31  产业发展   已办结 2026-11-01                        last day → first day next month
    R5    V2      2026-10-15  矛盾纠纷   已转办 2026-10-20 to 县信访局            a referral
    R6    V2      2026-09-10  干部作风   已办结 2026-10-05                        25 days, raised in September
    R7    V2      2026-08-25  产业发展   办理中                                    carried over Aug → Sep → Oct
    R8    V1      2026-09-20  其他       已办结 2026-11-05                        46 days

Consultations: C1 V1 2026-10-08 书记坝坝会 40 people (R1–R3); C2 V1 2026-10-31 村民说事 12 (R4);
C3 V2 2026-10-15 民情恳谈 20 (R5); C4 V2 2026-09-10 书记龙门阵 30 (R6).
"""

EXTRA_VILLAGE = """
villages:
  - {code: V3, name: 白果村, township: T1}
"""

CONSULTATIONS = """
consultations:
  - code: C1
    village: V1
    date: 2026-10-08
    format: 书记坝坝会
    topics: [环境治理, livelihood]
    host: M1
    attendees: 40
    summary: 坝坝会
    requests:
      - {code: R1, content: 垃圾清运, category: 环境治理, household: H1, answered_on_spot: true,
         response: 已安排, status: 已办结, resolved: 2026-10-08}
      - {code: R2, content: 路灯维修, category: 民生实事, status: resolved, resolved: 2026-10-20}
      - {code: R3, content: 水渠清淤, category: 民生实事}
  - code: C2
    village: V1
    date: 2026-10-31
    format: villagers_talk
    attendees: 12
    requests:
      - {code: R4, content: 茶叶销路, category: 产业发展, resolved: 2026-11-01}
  - code: C3
    village: V2
    date: 2026-10-15
    format: 民情恳谈
    attendees: 20
    requests:
      - {code: R5, content: 宅基地纠纷, category: 矛盾纠纷, status: 已转办, referred: 2026-10-20, referred_to: 县信访局}
  - code: C4
    village: V2
    date: 2026-09-10
    format: 书记龙门阵
    attendees: 30
    requests:
      - {code: R6, content: 村干部办事态度, category: 干部作风, resolved: 2026-10-05}
requests:
  - {code: R7, village: V2, raised: 2026-08-25, content: 合作社分红, category: 产业发展, status: 办理中}
  - {code: R8, village: V1, raised: 2026-09-20, content: 其他事项, status: 已办结, resolved: 2026-11-05}
"""

# October 2026, worked out by hand from the table above.
OCTOBER = {
    # V1: C1 (坝坝会) and C2; 40 + 12 people.  Raised in October: R1–R4; R1 on the spot.
    # Resolved in October: R1 (0 days), R2 (12 days) → median 6.  Raised in October and resolved
    # by 10-31: R1, R2 → 2/4.  Open at 10-31: R3 (open), R4 (resolved 11-01), R8 (resolved 11-05) = 3;
    # overdue (raised before 10-01): R8 only.
    "V1": dict(consultations=2, attendees=52, secretary_meetings=1, secretary_meeting_held=True,
               requests_raised=4, answered_on_spot=1, requests_resolved=2, resolution_rate=0.5,
               median_days_to_resolve=6.0, open_at_month_end=3, overdue=1, referred=0),
    # V2: only C3 (民情恳谈, not a secretary's meeting; C4 was in September).  Raised: R5 (referred, not
    # resolved → rate 0/1).  Resolved in October: R6 (25 days).  Open at 10-31: R7 (overdue, 08-25).
    "V2": dict(consultations=1, attendees=20, secretary_meetings=0, secretary_meeting_held=False,
               requests_raised=1, answered_on_spot=0, requests_resolved=1, resolution_rate=0.0,
               median_days_to_resolve=25.0, open_at_month_end=1, overdue=1, referred=1),
    # V3: nothing at all.
    "V3": dict(consultations=0, attendees=0, secretary_meetings=0, secretary_meeting_held=False,
               requests_raised=0, answered_on_spot=0, requests_resolved=0, resolution_rate=None,
               median_days_to_resolve=None, open_at_month_end=0, overdue=0, referred=0),
}
# Total: the rate from summed counts 2/5 = 0.4 (not the mean of 0.5 and 0.0); the median over
# R1 0, R2 12, R6 25 = 12 (not the mean of the village medians, 15.5); 1 village of 3 held a meeting.
OCTOBER_TOTAL = dict(consultations=3, attendees=72, secretary_meetings=1, secretary_meeting_held=1,
                     requests_raised=5, answered_on_spot=1, requests_resolved=3, resolution_rate=0.4,
                     median_days_to_resolve=12.0, open_at_month_end=4, overdue=2, referred=1)
OCTOBER_BY_CATEGORY = {"干部作风": 0, "民生实事": 2, "环境治理": 1, "产业发展": 1, "矛盾纠纷": 1, "其他": 0}

# The township month by month (2026-08 … 2026-11), by hand:
#   Aug: R7 raised; open at 08-31: R7 (not overdue: 08-25 is within 30 days of 08-31).
#   Sep: C4 (龙门阵, 30); R6, R8 raised, neither resolved in September (rate 0/2); open at 09-30:
#        R6, R7, R8; overdue: R7 (08-25 < 08-31).
#   Oct: as OCTOBER_TOTAL.
#   Nov: R4 (1 day) and R8 (46 days) resolved → median 23.5; open at 11-30: R3, R7, both overdue.
TREND = {
    "2026-08": dict(consultations=0, requests_raised=1, requests_resolved=0, resolution_rate=0.0,
                    median_days_to_resolve=None, open_at_month_end=1, overdue=0, referred=0),
    "2026-09": dict(consultations=1, attendees=30, secretary_meetings=1, secretary_meeting_held=1,
                    requests_raised=2, requests_resolved=0, resolution_rate=0.0, open_at_month_end=3, overdue=1),
    "2026-10": OCTOBER_TOTAL,
    "2026-11": dict(consultations=0, requests_raised=0, requests_resolved=2, resolution_rate=None,
                    median_days_to_resolve=23.5, open_at_month_end=2, overdue=2, referred=0),
}
