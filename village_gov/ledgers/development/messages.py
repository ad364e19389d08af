"""The development ledger's texts: ``{key: (zh, en)}`` (stage names ``development.stage_<stage>``,
where a record stands ``development.standing_<stage>``, the template's headers ``label.column_development_<field>``)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "label.column_development_education": ("文化程度", "education"),
    "label.column_development_applied": ("申请日期", "applied"),
    "label.column_development_talked": ("谈话日期", "talked"),
    "label.column_development_activist": ("确定积极分子日期", "activist since"),
    "label.column_development_contacts": ("培养联系人", "contacts"),
    "label.column_development_assessments": ("培养考察日期", "assessments"),
    "label.column_development_target": ("确定发展对象日期", "target since"),
    "label.column_development_review": ("政审日期", "political review"),
    "label.column_development_training_hours": ("集中培训学时", "training hours"),
    "label.column_development_committee": ("支委会审查日期", "committee review"),
    "label.column_development_prereview": ("上级预审日期", "pre-review"),
    "label.column_development_introducers": ("入党介绍人", "introducers"),
    "label.column_development_meeting": ("接收大会", "admission meeting"),
    "label.column_development_meeting_date": ("接收大会·日期", "admission meeting·date"),
    "label.column_development_meeting_voting": ("接收大会·有表决权", "admission meeting·voting"),
    "label.column_development_meeting_present": ("接收大会·实到", "admission meeting·present"),
    "label.column_development_meeting_approve": ("接收大会·赞成", "admission meeting·for"),
    "label.column_development_approved": ("上级审批日期", "approved"),
    "label.column_development_sworn": ("宣誓日期", "sworn"),
    "label.column_development_extension_months": ("延长预备期（月）", "extension (months)"),
    "label.column_development_conversion_meeting": ("转正大会", "conversion meeting"),
    "label.column_development_conversion_meeting_date": ("转正大会·日期", "conversion meeting·date"),
    "label.column_development_conversion_meeting_voting": ("转正大会·有表决权", "conversion meeting·voting"),
    "label.column_development_conversion_meeting_present": ("转正大会·实到", "conversion meeting·present"),
    "label.column_development_conversion_meeting_approve": ("转正大会·赞成", "conversion meeting·for"),
    "label.column_development_conversion_approved": ("转正审批日期", "conversion approved"),
    "label.column_development_member": ("党员编号", "member code"),
    "label.column_development_stopped": ("终止发展", "process stopped"),
    "label.column_development_stopped_date": ("终止·日期", "stopped·date"),
    "label.column_development_stopped_reason": ("终止·原因", "stopped·reason"),
    "section.development": ("发展党员", "party-member development"),
    "development.stage_applied": ("入党申请", "application"),
    "development.stage_talked": ("谈话", "talk"),
    "development.stage_activist": ("确定入党积极分子", "activist"),
    "development.stage_assessment": ("培养考察", "assessment"),
    "development.stage_target": ("确定发展对象", "development target"),
    "development.stage_review": ("政治审查", "political review"),
    "development.stage_committee": ("支部委员会审查", "branch committee review"),
    "development.stage_prereview": ("上级党委预审", "higher committee pre-review"),
    "development.stage_meeting": ("支部大会接收", "branch assembly (admission)"),
    "development.stage_approved": ("上级党委审批", "higher committee approval"),
    "development.stage_sworn": ("入党宣誓", "oath"),
    "development.stage_conversion_meeting": ("支部大会转正", "branch assembly (conversion)"),
    "development.stage_conversion_approved": ("转正审批", "conversion approved"),
    "development.stage_stopped": ("终止", "stopped"),
    "development.stage_born": ("出生日期", "date of birth"),
    "development.standing_applicant": ("申请人", "applicant"),
    "development.standing_activist": ("积极分子", "activist"),
    "development.standing_target": ("发展对象", "development target"),
    "development.standing_probationary": ("预备党员", "probationary member"),
    "development.standing_full": ("正式党员", "full member"),
    "development.standing_stopped": ("已终止", "stopped"),
    "development.org_other_village": (
        "党组织 {org} 不属于村 {village}",
        "party organization {org} is not of village {village}"),
    "development.rule_underage": (
        "{applied} 递交入党申请时未满 18 周岁（{born} 出生，{adult} 满 18 周岁）",
        "applied on {applied} before turning 18 (born {born}, 18 on {adult})"),
    "development.rule_talk_late": (
        "{date} 才谈话，晚于收到申请（{start}）后一个月（{deadline}）",
        "talked on {date}, later than one month after the application of {start} ({deadline})"),
    "development.rule_talk_missing": (
        "收到申请（{start}）后一个月内（{deadline} 前）未谈话（截至 {as_of}）",
        "no talk within one month of the application of {start} (by {deadline}; as of {as_of})"),
    "development.rule_assessment_gap": (
        "培养考察间隔超过 {months} 个月：{from} 至 {to}",
        "more than {months} months without an assessment: {from} to {to}"),
    "development.rule_too_soon": (
        "{target} 确定为发展对象，积极分子培养不满一年（{activist} 起，{earliest} 方满）",
        "named a development target on {target}, less than a year after becoming an activist on {activist} "
        "(a year on {earliest})"),
    "development.rule_contacts": (
        "培养联系人应为 1 至 2 名正式党员：现有 {count} 名；非正式党员：{not_full}",
        "one or two full members as contacts: {count} named; not full members: {not_full}"),
    "development.rule_introducers": (
        "入党介绍人应为 2 名不同的正式党员：现有 {count} 名；非正式党员：{not_full}",
        "two distinct full members as introducers: {count} named; not full members: {not_full}"),
    "development.rule_training": (
        "集中培训 {hours} 学时，不足 {min} 学时",
        "{hours} hours of concentrated training, fewer than {min}"),
    "development.rule_order": (
        "{stage_label}（{date}）早于其前一步{previous_label}（{previous_date}）",
        "{stage_label} ({date}) before the step it follows, {previous_label} ({previous_date})"),
    "development.rule_future": (
        "{stage_label}的日期 {date} 晚于今天（{today}）",
        "{stage_label} dated {date}, after today ({today})"),
    "development.rule_quorum_present": (
        "{date} 支部大会：实到有表决权的正式党员 {present} 人，未超过应到 {voting} 人的半数（至少 {needed} 人）",
        "branch assembly of {date}: {present} of {voting} voting members present, not more than half "
        "(at least {needed})"),
    "development.rule_quorum_approve": (
        "{date} 支部大会：赞成 {approve} 票，未超过应到 {voting} 人的半数（至少 {needed} 票）",
        "branch assembly of {date}: {approve} in favour of {voting} voting members, not more than half "
        "(at least {needed})"),
    "development.rule_approval_late": (
        "{date} 才经上级党委审批，晚于支部大会（{start}）后三个月（{deadline}）",
        "approved on {date}, later than three months after the branch assembly of {start} ({deadline})"),
    "development.rule_approval_missing": (
        "支部大会（{start}）后三个月内（{deadline} 前）未经上级党委审批（截至 {as_of}）",
        "not approved within three months of the branch assembly of {start} (by {deadline}; as of {as_of})"),
    "development.rule_conversion_late": (
        "预备期 {end} 届满，{date} 才讨论转正，晚于届满后一个月（{deadline}）",
        "probation ended on {end}; conversion discussed on {date}, later than one month after ({deadline})"),
    "development.rule_conversion_missing": (
        "预备期 {end} 届满，一个月内（{deadline} 前）未讨论转正（截至 {as_of}）",
        "probation ended on {end}; no conversion meeting by {deadline} (as of {as_of})"),
    "development.rule_conversion_early": (
        "预备期 {end} 才届满，{date} 即讨论转正",
        "conversion discussed on {date}, before the probation ends on {end}"),
    "development.rule_extension": (
        "延长预备期 {months} 个月：应为 {min} 至 {max} 个月，或不延长",
        "probation extended by {months} months: {min} to {max}, or none"),
    "development.rule_roster_missing": ("党员 {member} 不在花名册中", "member {member} is not on the roster"),
    "development.rule_roster_full": (
        "党员 {member} 在花名册中为正式党员，但未记录转正审批",
        "member {member} is full on the roster, but no conversion is approved"),
    "development.rule_roster_probationary": (
        "{converted} 已批准转正，党员 {member} 在花名册中仍为预备党员",
        "conversion approved on {converted}, but member {member} is still probationary on the roster"),
    "development.rule_stalled": (
        "{last} 以来超过 {months} 个月未记录任何步骤（截至 {as_of}）",
        "no step recorded for more than {months} months since {last} (as of {as_of})"),
    "development.month_applied": ("入党申请", "applications"),
    "development.month_admitted": ("接收预备党员", "admitted"),
    "development.month_converted": ("预备党员转正", "converted"),
    "development.month_overdue": ("发展党员超时", "development overdue"),
    "development.report_title": (
        "{year} 年发展党员（截至 {as_of}）", "Party-member development, {year} (as of {as_of})"),
    "development.sources_title": ("{year} 年接收预备党员来源", "Sources of the members admitted in {year}"),
    "development.sheet": ("发展党员", "development"),
    "development.col_applicants": ("申请人", "applicants"),
    "development.col_activists": ("积极分子", "activists"),
    "development.col_targets": ("发展对象", "targets"),
    "development.col_probationary": ("预备党员", "probationary"),
    "development.col_admitted": ("本年接收", "admitted"),
    "development.col_converted": ("本年转正", "converted"),
    "development.col_stopped": ("本年终止", "stopped"),
    "development.col_share_under_35": ("35 岁以下占比", "under 35"),
    "development.col_share_women": ("女性占比", "women"),
    "development.col_share_high_school_plus": ("高中以上占比", "high school+"),
    "development.col_stage": ("环节", "stage"),
    "development.col_standing": ("所处阶段", "stage"),
    "development.col_days": ("间隔天数", "days"),
    "development.col_note": ("说明", "note"),
    "development.col_overdue": ("超时", "overdue"),
    "development.votes": (
        "应到 {voting} 实到 {present} 赞成 {approve}",
        "voting {voting}, present {present}, for {approve}"),
    "development.hours": ("{hours} 学时", "{hours} hours"),
    "development.extension": ("延长预备期 {months} 个月", "probation extended {months} months"),
    "development.exists": ("发展党员记录 {code} 已存在", "development record {code} already exists"),
    "development.stage_exists": ("{code} 已记录{stage_label}（{date}）", "{code} already has {stage_label} ({date})"),
    "development.unknown_stage": ("未知的步骤 {stage}；可选：{stages}", "unknown step {stage}; one of: {stages}"),
    "development.needs_votes": (
        "{stage_label}需要 --voting、--present、--approve",
        "{stage_label} needs --voting, --present and --approve"),
    "development.refused": (
        "发展党员记录 {code} 未写入：{count} 个问题",
        "development record {code} not written: {count} problem(s)"),
}

# The check rules' short names (the 检查 sheet's count per rule).
MESSAGES.update({
    "development.rule_name_underage": ("递交入党申请时未满 18 周岁", "applied before 18"),
    "development.rule_name_talk_late": ("收到申请一个月内未谈话", "no talk within a month of applying"),
    "development.rule_name_assessment_gap": ("积极分子培养考察间隔超过 6 个月", "activist not assessed for 6 months"),
    "development.rule_name_too_soon": ("积极分子不满一年即确定为发展对象", "target less than a year after activist"),
    "development.rule_name_contacts": ("培养联系人不是 1–2 名正式党员", "contacts not 1–2 full members"),
    "development.rule_name_introducers": ("入党介绍人不是 2 名正式党员", "introducers not 2 full members"),
    "development.rule_name_training": ("集中培训不足 24 学时", "under 24 training hours"),
    "development.rule_name_order": ("步骤日期倒置或晚于今天", "a step before the one it follows, or after today"),
    "development.rule_name_meeting_quorum": (
        "接收预备党员的支部大会人数或票数未过半",
        "admission assembly without a majority"),
    "development.rule_name_conversion_quorum": (
        "转正的支部大会人数或票数未过半",
        "conversion assembly without a majority"),
    "development.rule_name_approval_late": ("支部大会后三个月内未经上级审批", "not approved within 3 months"),
    "development.rule_name_conversion_late": (
        "预备期满一个月内未讨论转正",
        "conversion not discussed within a month of the probation's end"),
    "development.rule_name_conversion_early": (
        "预备期未满即讨论转正",
        "conversion discussed before the probation ends"),
    "development.rule_name_extension": ("延长预备期不是 6–12 个月", "extension not 6–12 months"),
    "development.rule_name_roster_mismatch": ("与花名册的党员身份不符", "roster status does not match"),
    "development.rule_name_stalled": ("超过 12 个月无进展", "no step for 12 months"),
})
