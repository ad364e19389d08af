"""Messages and labels of the procedures ledgers (Chinese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- sections (for "names an unknown …") ------------------------------------
    "sec.decisions": ("决策事项", "decision"),
    "sec.disclosures": ("公开记录", "disclosure"),
    "sec.party_meetings": ("组织生活记录", "party meeting"),
    "sec.moral_list": ("红黑榜记录", "red/black list entry"),
    "sec.points": ("积分记录", "points entry"),
    # --- validation ---------------------------------------------------------------
    "v.proc_present_over_due": ("{field}：实到 {present} 人多于应到 {due} 人",
                                "{field}: present {present} is more than due {due}"),
    "v.proc_votes_over_present": ("{field}：赞成、反对、弃权合计 {votes} 票，多于实到 {present} 人",
                                  "{field}: approve + oppose + abstain = {votes}, more than present {present}"),
    "proc_step_gap": ("步骤 {step} 之前缺少步骤 {missing}（四议两公开须按顺序进行）",
                      "step {step} is recorded but the step before it, {missing}, is not (四议两公开 goes in order)"),
    "proc_step_backwards": ("步骤 {step} 的日期 {date} 早于上一步 {previous} 的日期 {previous_date}",
                            "step {step} is dated {date}, before the previous step {previous} ({previous_date})"),
    "proc_household_other_village": ("农户 {household} 属于 {household_village}，不属于 {village}",
                                     "household {household} is in {household_village}, not in {village}"),
}

MESSAGES.update({
    # --- options -------------------------------------------------------------------
    "proc_bad_month": ("月份应为 YYYY-MM，实为 {value}", "a month is YYYY-MM, got {value}"),
    "proc_bad_quarter": ("季度应为 YYYYQn（如 2026Q4），实为 {value}", "a quarter is YYYYQn (e.g. 2026Q4), got {value}"),
    "proc_bad_date": ("{option} 应为日期 YYYY-MM-DD，实为 {value}", "{option} should be a date YYYY-MM-DD, got {value}"),
    "proc_bad_cadence": ("频次设置 {value} 无效：应为 类别=频次，类别为 {kinds}，频次为 {cadences}",
                         "bad frequency {value}: use KIND=CADENCE with KIND one of {kinds} and CADENCE one of {cadences}"),
    # --- check rules -------------------------------------------------------------------
    "r.proc.quorum_present": ("{step_label}：实到 {present} 人，不足应到 {due} 人的三分之二（至少 {needed} 人）",
                              "{step_label}: {present} present, fewer than two thirds of the {due} due (at least {needed})"),
    "r.proc.approve_of_due": ("{step_label}：赞成 {approve} 票，未超过应到 {due} 人的半数（至少 {needed} 票）",
                              "{step_label}: {approve} approve, not more than half of the {due} due (at least {needed})"),
    "r.proc.approve_of_present": ("{step_label}：赞成 {approve} 票，未超过实到 {present} 人的半数（至少 {needed} 票）",
                                  "{step_label}: {approve} approve, not more than half of the {present} present (at least {needed})"),
    "r.proc.unpublished": ("{resolved} 作出决议，超过 {days} 天仍未公开（截至 {as_of}）",
                           "resolved on {resolved}, not made public within {days} days (as of {as_of})"),
    "r.proc.published_late": ("{resolved} 作出决议，{published} 才公开，超过 {days} 天",
                              "resolved on {resolved} but made public only on {published}, more than {days} days later"),
    "r.proc.stalled": ("「{title}」停在「{step_label}」（{date}），已 {days} 天无进展",
                       "“{title}” stopped at “{step_label}” ({date}): no step for {days} days"),
    "r.proc.no_supervisor": ("「{title}」未注明监督方（村务监督委员会）", "“{title}” names no supervisor (村务监督委员会)"),
    "r.proc.disclosure_overdue": ("{period} 没有{kind}公开", "no {kind} disclosure in {period}"),
    "r.proc.no_disclosure": ("没有任何三公开记录", "no 三公开 disclosure recorded at all"),
})

MESSAGES.update({
    "l.proc.step.proposed": ("党组织提议", "proposed by the party organization"),
    "l.proc.step.deliberated": ("两委会商议", "deliberated by the two committees"),
    "l.proc.step.reviewed": ("党员大会审议", "reviewed by the party members' assembly"),
    "l.proc.step.resolved": ("村民（代表）会议决议", "resolved by the villagers' (representatives') assembly"),
    "l.proc.step.resolution_published": ("决议公开", "resolution made public"),
    "l.proc.step.result_published": ("实施结果公开", "results made public"),
})
