"""Messages and labels of the procedures ledgers (Chinese, English)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "procedures.future_date": ("{field}的日期{date}晚于今天", "{field} {date} is in the future"),
    # --- sections (for "names an unknown …") ------------------------------------
    "section.decisions": ("决策事项", "decision"),
    "section.disclosures": ("公开记录", "disclosure"),
    "section.party_meetings": ("组织生活记录", "party meeting"),
    "section.moral_list": ("红黑榜记录", "red/black list entry"),
    "section.points": ("积分记录", "points entry"),
    # --- validation ---------------------------------------------------------------
    "valid.proc_present_over_due": ("{field}：实到 {present} 人多于应到 {due} 人",
                                "{field}: present {present} is more than due {due}"),
    "valid.proc_votes_over_present": ("{field}：赞成、反对、弃权合计 {votes} 票，多于实到 {present} 人",
                                  "{field}: approve + oppose + abstain = {votes}, more than present {present}"),
    "procedures.step_gap": ("步骤 {step} 之前缺少步骤 {missing}（四议两公开须按顺序进行）",
                      "step {step} is recorded but the step before it, {missing}, is not (四议两公开 goes in order)"),
    "procedures.step_backwards": ("步骤 {step} 的日期 {date} 早于上一步 {previous} 的日期 {previous_date}",
                            "step {step} is dated {date}, before the previous step {previous} ({previous_date})"),
    "procedures.household_other_village": ("农户 {household} 属于 {household_village}，不属于 {village}",
                                     "household {household} is in {household_village}, not in {village}"),
}

MESSAGES.update({
    # --- options -------------------------------------------------------------------
    "procedures.bad_month": ("月份应为 YYYY-MM，实为 {value}", "a month is YYYY-MM, got {value}"),
    "procedures.bad_quarter": ("季度应为 YYYYQn（如 2026Q4），实为 {value}",
                               "a quarter is YYYYQn (e.g. 2026Q4), got {value}"),
    "procedures.bad_cadence": ("频次设置 {value} 无效：应为 类别=频次，类别为 {kinds}，频次为 {cadences}",
                         "bad frequency {value}: use KIND=CADENCE with KIND one of {kinds} and CADENCE one of "
                         "{cadences}"),
    # --- check rules -------------------------------------------------------------------
    "procedures.rule_quorum_present": ("{step_label}：实到 {present} 人，不足应到 {due} 人的三分之二（至少 {needed} 人"
                                       "）",
                              "{step_label}: {present} present, fewer than two thirds of the {due} due (at least "
                              "{needed})"),
    "procedures.rule_approve_of_due": ("{step_label}：赞成 {approve} 票，未超过应到 {due} 人的半数（至少 {needed} 票）",
                              "{step_label}: {approve} approve, not more than half of the {due} due (at least "
                              "{needed})"),
    "procedures.rule_approve_of_present": ("{step_label}：赞成 {approve} 票，未超过实到 {present} 人的半数（至少 "
                                           "{needed} 票）",
                                  "{step_label}: {approve} approve, not more than half of the {present} present (at "
                                  "least {needed})"),
    "procedures.rule_unpublished": ("{resolved} 作出决议，超过 {days} 天仍未公开（截至 {as_of}）",
                           "resolved on {resolved}, not made public within {days} days (as of {as_of})"),
    "procedures.rule_published_late": ("{resolved} 作出决议，{published} 才公开，超过 {days} 天",
                              "resolved on {resolved} but made public only on {published}, more than {days} days "
                              "later"),
    "procedures.rule_stalled": ("「{title}」停在「{step_label}」（{date}），已 {days} 天无进展",
                       "“{title}” stopped at “{step_label}” ({date}): no step for {days} days"),
    "procedures.rule_no_supervisor": ("「{title}」未注明监督方（村务监督委员会）",
                                      "“{title}” names no supervisor (村务监督委员会)"),
    "procedures.rule_disclosure_overdue": ("{period} 没有{kind}公开", "no {kind} disclosure in {period}"),
    "procedures.rule_no_disclosure": ("没有任何三公开记录", "no 三公开 disclosure recorded at all"),
})

MESSAGES.update({
    "procedures.step_proposed": ("党组织提议", "proposed by the party organization"),
    "procedures.step_deliberated": ("两委会商议", "deliberated by the two committees"),
    "procedures.step_reviewed": ("党员大会审议", "reviewed by the party members' assembly"),
    "procedures.step_resolved": ("村民（代表）会议决议", "resolved by the villagers' (representatives') assembly"),
    "procedures.step_resolution_published": ("决议公开", "resolution made public"),
    "procedures.step_result_published": ("实施结果公开", "results made public"),
    # Headers of the template's columns (``label.column_<section>_<field>``): a step's fields follow
    # its name, 提议·日期, 审议·应到 (``procedures.col_<field>``).
    "label.column_decisions_supervisor": ("监督方", "supervised by"),
    "label.column_decisions_steps_proposed": ("提议", "proposed"),
    "label.column_decisions_steps_deliberated": ("商议", "deliberated"),
    "label.column_decisions_steps_reviewed": ("审议", "reviewed"),
    "label.column_decisions_steps_resolved": ("决议", "resolved"),
    "label.column_decisions_steps_result_published": ("结果公开", "results made public"),
})

MESSAGES.update({
    "procedures.command_line": ("命令行", "command line"),
    "procedures.refused": ("未执行：{code} 有问题，数据库未作任何修改",
                           "refused: {code} has problems; the database was not changed"),
    "procedures.exists": ("{code} 已存在于{section_label}中，未作修改",
                          "{code} already exists among the {section_label}s; nothing changed"),
    "procedures.step_exists": ("决策 {code} 已记录步骤 {step}（{date}）",
                               "decision {code} already has step {step} ({date})"),
    "procedures.unknown_step": ("未知步骤 {step}；可选：{steps}", "unknown step {step}; steps: {steps}"),
    "procedures.black_hidden": ("黑榜记录属个人信息，仅在 --unmask 时显示明细",
                          "black-list entries are personal; they are shown only with --unmask"),
    "procedures.party_life_title": ("{quarter} 三会一课（已达标期数/应达标期数，括号内为本季召开次数）",
                              "{quarter} party meetings (periods met/required; meetings held this quarter in "
                              "brackets)"),
    "procedures.party_life_pending": ("…＝进行中：尚未结束的月份、季度、年度不计入应达标",
                                "… = in progress: months, quarters and years not over yet are not required"),
    "procedures.party_life_summary": ("{total} 个党组织中有 {short} 个未达要求",
                                      "{short} of {total} organizations fall short"),
    "procedures.col_title": ("事项", "title"),
    "procedures.col_supervisor": ("监督", "supervisor"),
    "procedures.col_last_step": ("最近步骤", "last step"),
    "procedures.col_idle_days": ("停滞天数", "days idle"),
    "procedures.status_open": ("进行中", "open"),
    "procedures.status_stalled": ("停滞", "stalled"),
    "procedures.status_finished": ("已完成", "finished"),
    "procedures.col_step": ("步骤", "step"),
    "procedures.col_days_after": ("间隔天数", "days after"),
    "procedures.col_days": ("天", "days"),
    "procedures.col_due": ("应到", "due"),
    "procedures.col_present": ("实到", "present"),
    "procedures.col_approve": ("赞成", "approve"),
    "procedures.col_oppose": ("反对", "oppose"),
    "procedures.col_abstain": ("弃权", "abstain"),
    "procedures.col_body": ("决议机构", "body"),
    "procedures.col_channel": ("公开方式", "channel"),
    "procedures.col_items": ("公开内容", "items"),
    "procedures.col_topic": ("主题", "topic"),
    "procedures.col_rank": ("排名", "rank"),
    "procedures.col_month_points": ("本月积分", "month"),
    "procedures.col_balance": ("累计积分", "balance"),
    "procedures.col_points": ("积分", "points"),
    "procedures.col_reason": ("事由", "reason"),
    "procedures.col_rule": ("依据条款", "rule"),
    "procedures.col_list": ("榜单", "list"),
    "procedures.col_published": ("已公示", "published"),
    "procedures.col_entries": ("条数", "entries"),
    "procedures.col_attendance": ("出席率", "attend."),
    "procedures.col_short": ("达标", "ok"),
    "procedures.kind_members_assembly": ("大会", "assembly"),
    "procedures.kind_branch_committee": ("支委会", "commit."),
    "procedures.kind_group_meeting": ("小组会", "group"),
    "procedures.kind_party_lecture": ("党课", "lecture"),
    "procedures.kind_party_day": ("党日", "day"),
})

MESSAGES.update({
    "procedures.month_decisions_started": ("决策启动", "started"),
    "procedures.month_decisions_completed": ("决策完成", "completed"),
    "procedures.month_decisions_stalled": ("决策停滞", "stalled"),
    "procedures.month_disclosures": ("公开 党/村/财", "disclosed p/v/f"),
    "procedures.month_red_list": ("红榜", "red"),
    "procedures.month_black_list": ("黑榜", "black"),
    "report.title_procedures": ("四议两公开·三公开·红黑榜", "Decisions, disclosures, red/black list"),
})

# The check rules' short names (the 检查 sheet's count per rule).
MESSAGES.update({
    "procedures.rule_name_decision_quorum": (
        "四议两公开：党员大会/村民代表会议人数或票数不足",
        "quorum or majority missed"),
    "procedures.rule_name_decision_unpublished": ("决议 7 日内未公开", "resolution not published within 7 days"),
    "procedures.rule_name_decision_stalled": ("决策超过 30 天无进展", "no step for 30 days"),
    "procedures.rule_name_decision_no_supervisor": ("未注明监督方", "no supervisor named"),
    "procedures.rule_name_disclosure_overdue": ("三公开未按期", "disclosure cadence missed"),
})
