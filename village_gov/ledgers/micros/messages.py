"""Messages and labels of the four micros: ``{key: (中文, English)}``."""

MESSAGES = {
    "report.title_micros": ("四微：服务与活动", "Four micros: services and activities"),
    # --- sections (for "names an unknown …" messages) ------------------------------------------
    "section.organizations": ("微组织", "micro-organization"),
    "section.services": ("微服务", "micro-service"),
    "section.activities": ("微活动", "micro-activity"),
    # --- validation -------------------------------------------------------------------------------
    "valid.micro_members_negative": ("{field} 人数应 ≥ 0，实为 {input}",
                                     "{field}: the head count must be ≥ 0, got {input}"),
    "valid.micro_members_item": ("{field} 应为党员或农户编码列表（文本）",
                                 "{field} must be a list of member or household codes (text)"),
    "valid.micro_members_type": ("{field} 应为编码列表或人数，实为 {input}",
                                 "{field} must be a list of codes or a head count, got {input}"),
    "micros.main_position_group": ("主阵地属于全村，不应填写村民小组（{group}）",
                                   "a village main position (主阵地) has no villager group (got {group})"),
    "micros.position_needs_group": ("微阵地需要填写所在村民小组 group",
                                    "a micro-position (微阵地) needs its villager group (group)"),
    "micros.second_main_position": ("村 {village} 已有主阵地 {other}，每村只设一个主阵地",
                                    "village {village} already has a main position ({other}); one per village"),
    "micros.category_type": ("{category} 属于自治组织，type 应为 自治组织，不是 {type}",
                             "{category} is a self-governance organization: type should be 自治组织, not {type}"),
    "micros.leader_unknown": ("leader 看来是编码，但没有这个党员：{code}（填写党员编码或负责人姓名）",
                              "leader looks like a code but names no member: {code} (write a member code or a person's "
                              "name)"),
    "micros.unknown_member_or_org": ("{field} 指向不存在的党员或微组织：{code}",
                                     "{field} names no known member or organization: {code}"),
    "micros.unknown_member_or_household": ("members 中的 {code} 既不是党员编码也不是农户编码",
                                           "members: {code} is neither a member nor a household code"),
    "micros.ambiguous_code": ("{field} 的编码 {code} 同时是党员和另一类记录的编码，无法区分",
                              "{field}: code {code} names both a member and another record; it is ambiguous"),
    "micros.future_date": ("日期 {date} 晚于今天（{today}），不能登记未来的事项",
                           "date {date} is after today ({today}); future events cannot be logged"),
    "micros.position_other_village": ("阵地 {position} 属于村 {position_village}，不是 {village}",
                                      "position {position} is in village {position_village}, not {village}"),
    "micros.household_other_village": ("农户 {household} 属于村 {household_village}，不是 {village}",
                                       "household {household} is in village {household_village}, not {village}"),
    # --- command line -----------------------------------------------------------------------------
    "micros.bad_category": ("未知的组织类别 {value}；可选：{choices}",
                            "unknown organization category {value}; choose from {choices}"),
    # --- check rules ------------------------------------------------------------------------------
    "micros.rule_village_without_main_position": ("村 {name} 没有主阵地（党群服务中心）",
                                                  "village {name} has no main position (党群服务中心)"),
    "micros.rule_group_without_position": ("村民小组 {name}（{village}）没有微阵地（本村 1+N 覆盖 {covered}/{groups} 个"
                                           "小组）",
                                           "villager group {name} ({village}) has no micro-position (village 1+N "
                                           "coverage {covered}/{groups} groups)"),
    "micros.rule_position_unused": ("阵地 {name}（{village}）截至 {as_of} 的 {days} 天内没有议事、活动或服务（最近一次"
                                    "：{last}）",
                                    "position {name} ({village}) had no consultation, activity or service in the "
                                    "{days} days to {as_of} (last: {last})"),
    "micros.rule_village_missing_self_governance_org": ("村 {name} 缺少自治组织：{missing}",
                                                        "village {name} lacks self-governance organization(s): "
                                                        "{missing}"),
    "micros.rule_organization_without_leader": ("微组织 {name}（{village}）未填负责人",
                                                "micro-organization {name} ({village}) names no leader"),
    # --- labels -----------------------------------------------------------------------------------
    "label.position": ("阵地", "position"),
    "label.source": ("来源", "source"),
    "label.functions": ("功能", "functions"),
    "label.opened": ("启用日期", "opened"),
    "label.org_type": ("组织类型", "type"),
    "label.column_organizations_members": ("成员", "members"),
    "label.category": ("类别", "category"),
    "label.leader": ("负责人", "leader"),
    "label.head_count": ("人数", "head count"),
    "label.founded": ("成立日期", "founded"),
    "label.charter": ("有章程", "charter"),
    "label.date": ("日期", "date"),
    "label.provider": ("服务提供者", "provider"),
    "label.hours": ("时长(小时)", "hours"),
    "label.content": ("内容", "content"),
    "label.title": ("主题", "title"),
    "label.organizer": ("组织者", "organizer"),
    "label.participants": ("参与人数", "participants"),
    "label.services": ("微服务", "services"),
    "label.service_hours": ("服务时长", "hours"),
    "label.households_served": ("服务户数", "households"),
    "label.activities": ("微活动", "activities"),
    "label.activity_participants": ("参与人次", "participants"),
    "label.main_positions": ("主阵地", "main"),
    "label.micro_positions": ("微阵地", "micro"),
    "label.groups_covered": ("覆盖小组", "covered"),
    "label.group_coverage_pct": ("覆盖率%", "cov. %"),
    "label.organizations": ("微组织", "organizations"),
    "label.orgs_self_governance": ("自治", "self-gov"),
    "label.orgs_mass": ("群众", "mass"),
    "label.orgs_social": ("社会", "social"),
    "label.self_governance_present": ("已有自治组织", "self-governance present"),
    "label.self_governance_missing": ("缺自治", "missing"),
    "micros.report_title_positions": ("阵地与组织（截至 {as_of}）", "Positions and organizations (as of {as_of})"),
    "micros.report_title_events": ("近 12 个月服务与活动（{start} 至 {end}）",
                                   "Services and activities, last 12 months ({start} to {end})"),
}
MESSAGES.update({
    "micros.complete_villages": ("  必备自治组织齐全的村：{complete}/{villages}",
                                 "  villages with every required self-governance organization: {complete}/{villages}"),
})
MESSAGES.update({
    "micros.missing_line": ("  {name} 缺少：{missing}", "  {name} lacks: {missing}"),
})

# The check rules' short names (the 检查 sheet's count per rule).
MESSAGES.update({
    "micros.rule_name_village_without_main_position": ("村无主阵地（“1+N”的 1）", "village without a main position"),
    "micros.rule_name_group_without_position": (
        "村民小组无微阵地（“1+N”的 N）",
        "villager group without a micro-position"),
    "micros.rule_name_position_unused": ("阵地 90 天内无活动", "position unused for 90 days"),
    "micros.rule_name_village_missing_self_governance_org": (
        "村缺少自治组织",
        "village missing a self-governance organization"),
    "micros.rule_name_organization_without_leader": ("微组织无负责人", "organization without a leader"),
})
