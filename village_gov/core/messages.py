"""Texts of the corrections (``edit``, ``void``, ``unvoid``): ``{key: (zh, en)}``, owner ``edit``."""

MESSAGES: dict[str, tuple[str, str]] = {
    "edit.unknown_section": ("没有可更正的部分 {name}{hint_text}（可选：{choices}）",
                             "no section {name} to correct{hint_text} (choices: {choices})"),
    "edit.unknown_field": ("{name} 没有字段 {field}{hint_text}", "{name} has no field {field}{hint_text}"),
    "edit.unknown_code": ("{section_label}中没有编码为 {code} 的记录", "no {section_label} with code {code}"),
    "edit.record_voided": ("{section_label} {code} 已作废（{reason}），不能更改；可用 unvoid 恢复",
                           "{section_label} {code} is void ({reason}) and cannot be changed; unvoid brings it back"),
    "edit.nothing_to_set": ("没有要更改的字段：用 --set 字段=值 指定", "nothing to change: give --set field=value"),
    "edit.bad_set": ("--set 应写作 字段=值，实为 {item}", "--set should be field=value, got {item}"),
    "edit.code_fixed": ("不能更改编码 {code}：其他记录和审计记录都以编码指向它。"
                        "请作废（void）此记录，再以正确的编码新增",
                        "the code {code} cannot be edited: other records and the audit trail point at it by its "
                        "code. Void the record and add it again under the right code"),
    "edit.changed_meanwhile": ("记录 {code} 在确认期间已被更改，未作修改，请重新运行",
                               "record {code} was changed while waiting for the answer; nothing written, run "
                               "the command again"),
    "edit.refused": ("未更正 {code}：发现 {count} 个问题，数据库未作任何修改",
                     "{code} not corrected: {count} problem(s) found, the database was not changed"),
    "edit.unchanged": ("{code} 的值与所给相同，未作修改", "{code} already holds these values; nothing written"),
    "edit.change_line": ("{field}：{before} → {after}", "{field}: {before} → {after}"),
    "edit.confirm": ("确认更正 {code}？", "Correct {code}?"),
    "edit.needs_yes": ("更正 {code} 需要确认：不在终端上运行时请加 --yes；数据库未作任何修改",
                       "correcting {code} needs a confirmation: outside a terminal add --yes; the database was not "
                       "changed"),
    "edit.declined": ("未确认，数据库未作任何修改", "not confirmed; the database was not changed"),
    "edit.edited": ("已更正 {section_label} {code}", "corrected {section_label} {code}"),
    "edit.void_needs_reason": ("作废需要说明原因：--reason 不能为空",
                               "a void needs its reason: --reason must not be empty"),
    "edit.void_referenced": ("不能作废{section_label} {code}：仍有 {count} 条记录指向它（{referrers}）；"
                             "请先更正或作废这些记录",
                             "cannot void {section_label} {code}: {count} record(s) still point at it ({referrers}); "
                             "correct or void those first"),
    "edit.and_more": ("等，另有 {count} 条", " and {count} more"),
    "edit.voided": ("已作废{section_label} {code}（{reason}）", "voided {section_label} {code} ({reason})"),
    "edit.void_confirm": ("确认作废{section_label} {code}？", "Void {section_label} {code}?"),
    "edit.void_needs_yes": ("作废 {code} 需要确认：不在终端上运行时请加 --yes；数据库未作任何修改",
                            "voiding {code} needs a confirmation: outside a terminal add --yes; the database was not "
                            "changed"),
    "edit.code_voided": ("{section_label} {code} 已作废（{reason}），不能再次使用此编码；可用 unvoid 恢复该记录",
                         "{section_label} {code} was voided ({reason}); its code is not used again (unvoid brings "
                         "the record back)"),
    "edit.not_voided": ("{section_label} {code} 未作废", "{section_label} {code} is not void"),
    "edit.unvoid_refused": ("未恢复 {code}：发现 {count} 个问题，数据库未作任何修改",
                            "{code} not brought back: {count} problem(s) found, the database was not changed"),
    "edit.unvoided": ("已恢复{section_label} {code}", "brought back {section_label} {code}"),
    "edit.void_marker": ("作废", "void"),
    "edit.bad_voided": ("voided: 应是作废记录的列表，每条含 section、code、reason、at、record、rows（由 dump 写出）",
                        "voided: should be a list of voided records, each with section, code, reason, at, record, "
                        "rows (as dump writes it)"),
    "edit.voided_is_live": ("{section_label} {code} 在 voided 中记为作废，但数据库中是有效记录；数据库未作任何修改",
                            "{section_label} {code} is listed in voided but is a live record here; the database "
                            "was not changed"),
    "edit.col_reason": ("作废原因", "reason"),
    "edit.col_at": ("作废时间", "voided at"),
}
