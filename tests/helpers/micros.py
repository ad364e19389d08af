"""A small micros ledger on top of rosters.SMALL_ROSTER, with the figures it should give worked out by hand.

SMALL_ROSTER: village V1 has groups G1 (households H1–H3) and G2 (H4); V2 has G3 (H5–H7).
"""

MICROS = """
positions:
  - {code: PS1, name: 百家池党群服务中心, village: V1, kind: 主阵地, source: 新建, functions: [议事, 服务], opened: 2020-01-01}
  - {code: PS2, name: 邻里百家, village: V1, group: G1, kind: micro, source: abandoned_pen, functions: [activity, 议事], opened: 2021-05-01}
  - {code: PS3, name: 村民议事坝, village: V2, group: G3, kind: 微阵地, source: 村民活动广场, opened: 2026-09-15}
organizations:
  - {code: O1, name: 百家池村民议事会, village: V1, type: 自治组织, category: 村民议事会, leader: M1, members: [M2, H3], charter: true}
  - {code: O2, name: 红白理事会, village: V1, type: self_governance, category: 红白理事会, leader: 陈大姐, members: 12}
  - {code: O3, name: 道德评议会, village: V1, type: 自治组织, category: 道德评议会, leader: M3}
  - {code: O4, name: 禁毒禁赌会, village: V1, type: 自治组织, category: 禁毒禁赌会}
  - {code: O5, name: 百家志愿服务队, village: V1, type: social, category: public_benefit, leader: M2, members: [M2, M3], founded: 2023-03-05}
  - {code: O6, name: 青龙村民议事会, village: V2, type: 自治组织, category: 村民议事会, leader: M6}
services:
  - {code: S1, date: 2026-10-01, village: V1, kind: 代办服务, provider: M2, household: H2, hours: 1.5, position: PS1, content: 代办医保}
  - {code: S2, date: 2026-10-15, village: V1, kind: volunteer, provider: O5, household: H2, hours: 2, position: PS2}
  - {code: S3, date: 2026-10-31, village: V1, kind: 帮扶, provider: M3, household: H3}
  - {code: S4, date: 2026-11-01, village: V1, kind: errand, provider: M1, household: H1, hours: 1}
  - {code: S5, date: 2026-09-30, village: V2, kind: 调解, provider: M6, household: H5, hours: 3}
  - {code: S6, date: 2026-10-20, village: V2, kind: 志愿服务, provider: O6, hours: 4}
activities:
  - {code: A1, date: 2026-10-03, village: V1, kind: 百家讲堂, title: 百家讲堂·垃圾分类, organizer: O1, position: PS2, participants: 40}
  - {code: A2, date: 2026-10-31, village: V1, kind: selection, title: 十月百家评选, organizer: M1, participants: 25}
  - {code: A3, date: 2026-09-01, village: V1, kind: 文体活动, title: 坝坝舞, position: PS1, participants: 60}
  - {code: A4, date: 2026-10-10, village: V2, kind: environment, title: 河道清理, organizer: M6, participants: 0}
"""

# The "today" the tests run on: after every fixture date, so none is in the future.
TODAY = "2026-11-15"
