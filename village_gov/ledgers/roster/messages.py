"""The roster's texts: its import rules, its check rules and the liaison coverage of ``check``."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- cross-record rules of an import ---------------------------------------
        "roster.org_group_other_village": (
        "村民小组 {group} 不属于村 {village}",
        "villager group {group} is not in village {village}",
    ),
        "roster.org_group_level": (
        "村民小组一级的组织应为党支部或党小组，不是 {level}",
        "a group-level organization must be a 党支部 or 党小组, not {level}",
    ),
        "roster.org_parent_other_village": (
        "上级组织 {parent} 不在村 {village}",
        "parent organization {parent} is not in village {village}",
    ),
        "roster.org_parent_cycle": (
        "党组织 {code} 的上级关系形成了环",
        "the parent chain of {code} loops back on itself",
    ),
        "roster.cadre_name_mismatch": (
        "党员 {member} 的姓名是 {member_name}，不是 {name}",
        "member {member} is named {member_name}, not {name}",
    ),
    # --- warnings of an import (the files are written all the same) ------------
        "roster.import_duplicate_id_number": (
        "身份证号 {id_number} 与 {other_at} 的党员 {other}（{other_name}）相同",
        "ID number {id_number} is also that of member {other} ({other_name}) at {other_at}",
    ),
        "roster.import_duplicate_id_number_stored": (
        "身份证号 {id_number} 与数据库中的党员 {other}（{other_name}，{other_org}）相同",
        "ID number {id_number} is also that of member {other} ({other_name}, {other_org}) in the database",
    ),
        "roster.import_duplicate_person_same_name": (
        "与 {other_at} 的党员 {other} 同名（{name}），出生日期同为 {born}：可能重复登记",
        "same name ({name}) and birth date {born} as member {other} at {other_at}: possibly entered twice",
    ),
        "roster.import_duplicate_person_same_name_stored": (
        "与数据库中的党员 {other}（{other_org}）同名（{name}），出生日期同为 {born}：可能重复登记",
        "same name ({name}) and birth date {born} as member {other} ({other_org}) in the database: "
        "possibly entered twice",
    ),
        "roster.import_duplicate_person_homophone": (
        "姓名 {name} 与 {other_at} 的党员 {other}（{other_name}）同音，出生日期同为 {born}：可能重复登记",
        "name {name} sounds the same as member {other} ({other_name}) at {other_at}, born the same day {born}: "
        "possibly entered twice",
    ),
        "roster.import_duplicate_person_homophone_stored": (
        "姓名 {name} 与数据库中的党员 {other}（{other_name}，{other_org}）同音，出生日期同为 {born}：可能重复登记",
        "name {name} sounds the same as member {other} ({other_name}, {other_org}) in the database, born the "
        "same day {born}: possibly entered twice",
    ),
        "roster.import_duplicate_person_similar_name": (
        "姓名 {name} 与 {other_at} 的党员 {other}（{other_name}）只差 {distance} 个字以内，出生日期同为 {born}："
        "可能重复登记",
        "name {name} is at most {distance} character(s) from member {other} ({other_name}) at {other_at}, born "
        "the same day {born}: possibly entered twice",
    ),
        "roster.import_duplicate_person_similar_name_stored": (
        "姓名 {name} 与数据库中的党员 {other}（{other_name}，{other_org}）只差 {distance} 个字以内，"
        "出生日期同为 {born}：可能重复登记",
        "name {name} is at most {distance} character(s) from member {other} ({other_name}, {other_org}) in the "
        "database, born the same day {born}: possibly entered twice",
    ),
        "roster.import_duplicate_household": (
        "户主 {head} 与 {other_at} 的农户 {other} 相同，同在村民小组 {group}：可能重复登记",
        "head {head} is also that of household {other} at {other_at}, in the same villager group {group}: "
        "possibly entered twice",
    ),
        "roster.import_duplicate_household_stored": (
        "户主 {head} 与数据库中的农户 {other} 相同，同在村民小组 {group}：可能重复登记",
        "head {head} is also that of household {other} in the database, in the same villager group {group}: "
        "possibly entered twice",
    ),
    # --- check rules -------------------------------------------------------------
        "roster.rule_group_without_party_org": (
        "村民小组{name}（{village}）没有小组党支部或党小组",
        "villager group {name} ({village}) has no group-level party branch or party group",
    ),
        "roster.rule_branch_too_small": (
        "党支部{name}只有{full}名正式党员（至少{min}名）",
        "party branch {name} has only {full} full member(s) (at least {min})",
    ),
        "roster.rule_org_level_mismatch": (
        "党支部有{members}名党员，超过{max}名，可设党总支",
        "party branch has {members} members, more than {max}; a general branch may be set up",
    ),
        "roster.rule_village_without_party_org": (
        "村{name}没有村级党组织",
        "village {name} has no village-level party organization",
    ),
        "roster.rule_village_without_secretary": (
        "村党组织{org}未填书记",
        "village party organization {org} names no secretary",
    ),
        "roster.rule_not_one_shoulder": (
        "书记{secretary}未兼任村委会主任（一肩挑）",
        "secretary {secretary} is not also villager committee director (一肩挑)",
    ),
        "roster.rule_household_unlinked": (
        "农户（{group}）没有联系党员",
        "household ({group}) has no liaising party member",
    ),
        "roster.rule_member_overloaded": (
        "党员{name}联系{households}户，超过{max}户",
        "member {name} liaises with {households} households, more than {max}",
    ),
        "roster.rule_cross_village_liaison": (
        "联系了外村（{household_village}）的农户{household}，党员属{member_village}",
        "liaises with household {household} of another village ({household_village}); member is in {member_village}",
    ),
        "roster.rule_duplicate_id_number": (
        "党员{name}（{org}）与党员{other}（{other_name}，{other_org}）的身份证号相同：{id_number}",
        "member {name} ({org}) and member {other} ({other_name}, {other_org}) have the same ID number {id_number}",
    ),
        "roster.rule_duplicate_person_same_name": (
        "党员{name}（{org}）与党员{other}（{other_name}，{other_org}）同名，出生日期同为{born}：可能重复登记",
        "member {name} ({org}) and member {other} ({other_name}, {other_org}) share name and birth date {born}: "
        "possibly entered twice",
    ),
        "roster.rule_duplicate_person_homophone": (
        "党员{name}（{org}）与党员{other}（{other_name}，{other_org}）姓名同音，出生日期同为{born}：可能重复登记",
        "member {name} ({org}) and member {other} ({other_name}, {other_org}) have names that sound the same "
        "and birth date {born}: possibly entered twice",
    ),
        "roster.rule_duplicate_person_similar_name": (
        "党员{name}（{org}）与党员{other}（{other_name}，{other_org}）姓名只差{distance}个字以内，出生日期同为{born}："
        "可能重复登记",
        "member {name} ({org}) and member {other} ({other_name}, {other_org}) have names at most {distance} "
        "character(s) apart and birth date {born}: possibly entered twice",
    ),
        "roster.rule_duplicate_household": (
        "与农户{other}同在村民小组{group}，户主同为{head}：可能重复登记",
        "same head {head} in villager group {group} as household {other}: possibly entered twice",
    ),
    # --- headers of the template's columns (``label.column_<section>_<field>``) ---
    "label.column_members_name": ("姓名", "name"),
    "label.column_reform_effective": ("生效日期", "effective date"),
    "label.column_villages_before_party_orgs": ("党组织数", "party organizations"),
    "label.column_villages_before_merged_into": ("并入村", "merged into"),
    # --- check's summary ---------------------------------------------------------
        "roster.liaison_coverage": (
        "党员联系户覆盖率：{linked}/{total} 户（{pct}）",
        "liaison coverage: {linked}/{total} households ({pct})",
    ),
}

# The check rules' short names (the 检查 sheet's count per rule).
MESSAGES.update({
    "roster.rule_name_group_without_party_org": ("村民小组未建党组织", "villager group without a party organization"),
    "roster.rule_name_branch_too_small": ("党支部正式党员不足", "party branch with too few full members"),
    "roster.rule_name_org_level_mismatch": ("党支部规模过大", "party branch larger than its level"),
    "roster.rule_name_village_without_party_org": ("村无村级党组织", "village without a party organization"),
    "roster.rule_name_village_without_secretary": (
        "村党组织未填书记",
        "village party organization without a secretary"),
    "roster.rule_name_not_one_shoulder": ("未“一肩挑”", "secretary not also villager-committee director"),
    "roster.rule_name_household_unlinked": ("农户无联系党员", "household with no liaising member"),
    "roster.rule_name_member_overloaded": ("党员联系户过多", "member liaising with too many households"),
    "roster.rule_name_cross_village_liaison": ("跨村联系", "liaison with a household of another village"),
    "roster.rule_name_duplicate_id_number": ("身份证号重复", "one ID number on two people"),
    "roster.rule_name_duplicate_person": ("疑似同一人重复登记", "the same person under two codes"),
    "roster.rule_name_duplicate_household": ("户主重复", "one household head under two household codes"),
})
