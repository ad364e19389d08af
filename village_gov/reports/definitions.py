"""What each figure of the reports means: one text, in Chinese and English.

The exported workbooks (the 说明 sheet) and HTML reports (the 说明 section) print these, and the
definitions table of ``docs/reports.md`` is generated from them (``python -m
village_gov.reports.definitions``; a test checks the two agree).  Groups follow the reports:
``monthly`` (also the trend's figures), ``micros``, ``party-life``, ``reform``.  Month M runs from its
first to its last day inclusive; archived records are left out.
"""

from __future__ import annotations

DEFINITIONS: dict[str, dict[str, tuple[str, str]]] = {
    "monthly": {
        "consultations": ("M 内的议事活动次数", "consultations dated in M"),
        "attendees": ("这些议事活动的参加人数之和", "their `attendees`, summed"),
        "secretary_meetings": ("其中形式为书记坝坝会或书记龙门阵的次数",
                               "of those, the ones of format 书记坝坝会 or 书记龙门阵"),
        "secretary_meeting_held": (
            "每村：M 内至少开过一次为 ✓（每月要求）；月份未结束时尚未开的记为进行中，不算未开；合计行：开过的村数",
            "per village: `true` if at least one (the monthly rule); while M is not over, a village that has not "
            "held one yet is in progress, not missed; in a total: the number of villages that held one"),
        "requests_raised": ("M 内提出的诉求数", "requests raised in M"),
        "answered_on_spot": ("其中当场答复的", "of those, answered on the spot"),
        "requests_resolved": ("办结日期在 M 内的诉求数，不论何时提出",
                              "requests resolved with a date in M, whenever raised"),
        "resolution_rate": (
            "M 内提出的诉求中，到 M 最后一天已办结的比例；本月无诉求时为空。合计按相加后的数计算，不平均各村比率。"
            "所以“办结”可以不为 0 而办结率为 0%：办结的是以前月份提出的诉求",
            "of the requests raised in M, the share resolved by the last day of M (0–1, 4 decimals); `null` when "
            "none were raised. Totals divide the summed counts, never average village rates. So a month can show "
            "requests resolved and a rate of 0%: the resolved ones were raised in earlier months"),
        "median_days_to_resolve": (
            "M 内办结的诉求从提出到办结天数的中位数（偶数个时取中间两个的平均）；无则为空。合计取全部村诉求的中位数",
            "median of (resolved − raised) in days over the requests resolved in M (mean of the two middle values "
            "for an even count); `null` when none. Totals take the median over all the villages' requests"),
        "open_at_month_end": (
            "M 最后一天（M 未结束时为今天）及以前提出、到那天仍未办结也未转办的诉求（次月 1 日办结的也算未结）",
            "raised on or before the last day of M (today, while M is not over) and neither resolved nor referred "
            "by then (a request resolved on the 1st of the next month counts as open)"),
        "overdue": ("其中提出日早于那天 30 天以上的（--overdue-days）",
                    "of those, raised more than `--overdue-days` (default 30) days before that day"),
        "referred": ("转办日期在 M 内的诉求数", "requests referred with a date in M"),
        "by_category": ("乡镇层面：M 内提出的诉求按类别计数，每类都列出",
                        "township level: requests raised in M per category, every category listed"),
        "services": ("M 内的微服务次数", "services dated in M"),
        "service_hours": ("这些服务的时长之和（未填时长计 0），保留两位小数",
                          "their `hours` summed (a service without hours counts 0), rounded to 0.01"),
        "households_served": ("这些服务涉及的不同农户数（不针对具体农户的服务不计）",
                              "distinct households named by those services (services to no particular household "
                              "add none)"),
        "activities": ("M 内的微活动次数", "activities dated in M"),
        "activity_participants": ("这些活动的参加人数之和", "their `participants` summed"),
        "decisions_started": ("首个步骤在 M 内的决策数", "decisions whose first recorded step is dated in M"),
        "decisions_completed": ("实施结果公开在 M 内的决策数", "decisions whose results were made public in M"),
        "decisions_stalled": ("M 月末（M 未结束时为今天）停滞的决策数：未完成，最后一步在那天 30 天以前",
                              "decisions stalled at the end of M (today, while M is not over): not finished, last "
                              "step more than 30 days before it"),
        "disclosures": ("M 内各类公开次数（党务、村务、财务各一列）",
                        "disclosures dated in M, one column per kind (党务, 村务, 财务)"),
        "red_list": ("M 内上红榜的条数", "red list entries dated in M"),
        "black_list": ("M 内上黑榜的条数（只计数）", "black list entries dated in M (counts only)"),
        "development_applied": ("M 内收到的入党申请数", "applications for membership received in M"),
        "development_admitted": ("M 内经上级党委审批接收的预备党员数",
                                 "people admitted in M (approved by the higher party committee)"),
        "development_converted": ("M 内批准转正的预备党员数",
                                  "probationary members whose conversion was approved in M"),
        "development_overdue": (
            "M 月末（M 未结束时为今天）按当时的记录至少违反一条发展党员时限规则（错误级）的记录数",
            "records breaking at least one error rule of the development ledger at the end of M (today, while M "
            "is not over), judged on the records as they stood that day"),
        "link_visits": ("M 内挂联领导到该村党组织的指导次数", "visits dated in M of the links to the village's party "
                        "organizations"),
        "mentor_meetings": ("M 内导师帮带该村书记的活动次数（按书记所在村）",
                            "mentor meetings dated in M, by the village of the secretary mentored"),
        "rectification_overdue": (
            "M 最后一天仍未完成、且期限早于那天的述职评议整改事项数（按书记所在村）",
            "整改 items of reviews still not done on the last day of M and due before it (by the village of the "
            "secretary reviewed)"),
    },
    "micros": {
        "main_positions": ("截止日 D 及以前开放（或无开放日期）的主阵地数",
                           "主阵地 opened on or before the report date D (or with no date)"),
        "micro_positions": ("截止日 D 及以前开放（或无开放日期）的微阵地数",
                            "微阵地 opened on or before D (or with no date)"),
        "groups": ("村民小组数", "villager groups"),
        "groups_covered": ("到 D 至少有一个微阵地的小组数", "groups with at least one 微阵地 open by D"),
        "group_coverage_pct": ("有微阵地的小组所占百分比（没有小组时为空）；合计按相加后的数计算",
                               "the share of groups covered, in % (null with no groups); the total's share from "
                               "the summed counts"),
        "organizations": ("D 及以前成立（或无成立日期）的组织数",
                          "organizations founded on or before D (or with no date)"),
        "orgs_self_governance": ("D 及以前成立的自治组织数", "self-governance organizations founded on or before D"),
        "orgs_mass": ("D 及以前成立的群众组织数", "mass organizations founded on or before D"),
        "orgs_social": ("D 及以前成立的社会组织数", "social organizations founded on or before D"),
        "self_governance_present": ("已有的必备自治组织（仅村行）",
                                    "the required self-governance categories the village has (village rows only)"),
        "self_governance_missing": ("缺少的必备自治组织（村民议事会、红白理事会、道德评议会、禁毒禁赌会）",
                                    "the required self-governance categories the village lacks (village rows only)"),
        "villages": ("（仅合计）村数", "(total only) villages"),
        "villages_self_governance_complete": ("（仅合计）必备自治组织齐全的村数",
                                              "(total only) villages lacking no required self-governance organization"),
        "services": ("截至 D 的 12 个月（上一年同日的次日至 D）内的微服务次数",
                     "services in the twelve months ending on D: from the day after the same date a year earlier, "
                     "to D"),
        "service_hours": ("这些服务的时长之和", "their hours summed"),
        "households_served": ("这些服务涉及的不同农户数", "distinct households named by those services"),
        "activities": ("截至 D 的 12 个月内的微活动次数", "activities in the twelve months ending on D"),
        "activity_participants": ("这些活动的参加人数之和", "their participants summed"),
    },
    "party-life": {
        "held": ("本季度内召开的次数", "meetings of the kind held in the quarter"),
        "required": (
            "应达标期数：在本季度内结束、且已经结束的考核周期（月、季、年）数；尚未结束的周期不计入",
            "requirement periods (month, quarter, year) ending in the quarter and already over; a period still "
            "running is not required yet"),
        "met": ("已达标期数：其中至少开过一次的周期数", "of those periods, the ones with at least one meeting"),
        "due": ("本季度各次会议应到人数之和", "people due at the quarter's meetings, summed"),
        "present": ("本季度各次会议实到人数之和", "people present at the quarter's meetings, summed"),
        "attendance_rate": ("出席率 = 实到之和 ÷ 应到之和", "attendance rate = Σ present ÷ Σ due"),
        "short": ("未达标的会议类别；季度未结束时尚无缺项的记为进行中",
                  "the kinds of meeting falling short; while the quarter is not over, none short yet reads in "
                  "progress"),
    },
    "cadres": {
        "link_leader": ("报表日在任的挂联领导（挂联期间含报表日）；合计：有挂联领导的村数",
                        "the link leaders whose period covers the day; in the total: villages with one"),
        "link_visits_90d": ("报表日及前 89 天内的挂联指导次数", "link visits on the day or in the 89 days before"),
        "mentor": ("现任书记在帮的导师；合计：有导师的村数",
                   "the current secretary's current mentor; in the total: villages with one"),
        "mentor_meetings_90d": ("报表日及前 89 天内的帮带活动次数",
                                "mentor meetings on the day or in the 89 days before"),
        "reserves": ("报表日在列的后备力量人数", "reserve cadres on the list on the day"),
        "reserves_under_35": ("其中报表日未满 35 岁的", "of those, under 35 on the day"),
        "reserves_women": ("其中女性", "of those, women"),
        "rating": ("现任书记最近一次述职评议的等次；合计：各等次的村数",
                   "the current secretary's last review rating; in the total: villages per rating"),
        "rectification_total": ("报表日及以前的述职评议的整改事项数（按书记所在村）",
                                "整改 items of the reviews dated on or before the day (by the secretary's village)"),
        "rectification_done": ("其中报表日及以前已完成的", "of those, done on or before the day"),
        "rectification_open": ("其中到报表日仍未完成的", "of those, not done by the day"),
        "rectification_overdue": ("未完成且期限早于报表日的", "not done and due before the day"),
        "under_supervision": ("报表日处于提级监督期内且未销号；合计：村数",
                              "under escalated supervision on the day and not closed; in the total: villages"),
        "work_reports": ("报表日所在年 1 月 1 日至报表日，村级组织向村党组织报告工作的次数",
                         "work reports heard from 1 January of the day's year up to the day"),
    },
    "reform": {
        "before": ("改革前的数字", "the figure before the reforms"),
        "after": ("改革后（当前）的数字", "the figure after the reforms (now)"),
        "change_pct": ("变化百分比 = (后 − 前) ÷ 前 × 100", "change in % = (after − before) ÷ before × 100"),
        "group_coverage_pct": ("建有党组织的村民小组所占百分比",
                               "the share of villager groups with a party organization, in %"),
    },
    "development": {
        "applicants": ("年末（年份未结束时为今天）已申请、尚未确定为积极分子、未终止的人数",
                       "at the year's end (today, while the year runs): applied, not yet an activist, not stopped"),
        "activists": ("年末为入党积极分子、尚未确定为发展对象的人数", "at the year's end: activists not yet targets"),
        "targets": ("年末为发展对象、尚未经上级党委审批接收的人数", "at the year's end: targets not yet admitted"),
        "probationary": ("年末已接收、尚未批准转正的预备党员数",
                         "at the year's end: admitted, conversion not yet approved"),
        "admitted": ("本年经上级党委审批接收的人数", "admitted in the year (approved by the higher committee)"),
        "converted": ("本年批准转正的人数", "conversions approved in the year"),
        "stopped": ("本年终止发展的人数", "processes stopped in the year"),
        "share_under_35": ("本年接收的人中，接收时未满 35 周岁的比例；无接收时为空",
                           "of those admitted in the year, the share under 35 on the day of admission; null when "
                           "none"),
        "share_women": ("本年接收的人中女性的比例", "of those admitted in the year, the share of women"),
        "share_high_school_plus": ("本年接收的人中高中（含中专）及以上文化程度的比例",
                                   "of those admitted in the year, the share with high school (or 中专) or above"),
        "count": ("本年接收的人按来源计数", "those admitted in the year, per source"),
    },
}

SHEET_GROUPS = {"monthly": "monthly", "trend": "monthly", "micros": "micros", "party-life": "party-life",
                "reform": "reform", "development": "development", "cadres": "cadres"}
GROUP_TITLES = {"monthly": ("月报与趋势", "monthly report and trend"), "micros": ("四微报表", "report micros"),
                "party-life": ("三会一课", "report party-life"), "reform": ("两项改革", "report reform"),
                "development": ("发展党员", "report development"), "cadres": ("村干部", "report cadres")}


def _figure_key(group: str, key: str) -> str:
    """A column key as defined: ``members_assembly_held`` → ``held`` in the party-life group."""
    if group == "party-life":
        for suffix in ("held", "required", "met"):
            if key.endswith("_" + suffix):
                return suffix
    return key


def definition(group: str, key: str, lang: str | None = None) -> str | None:
    """The definition of column ``key`` of a report of ``group`` in ``lang`` (default: the current one)."""
    from village_gov.core.i18n import get_lang

    pair = DEFINITIONS.get(group, {}).get(_figure_key(group, key))
    if pair is None:
        return None
    return pair[0] if (lang or get_lang()) == "zh" else pair[1]


def markdown() -> str:
    """The definitions as the Markdown table of ``docs/reports.md``."""
    lines = ["| report | field | 定义 | definition |", "|---|---|---|---|"]
    for group, figures in DEFINITIONS.items():
        for key, (zh, en) in figures.items():
            lines.append(f"| {GROUP_TITLES[group][1]} | `{key}` | {zh} | {en} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
