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
