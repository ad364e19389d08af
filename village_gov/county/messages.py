"""Messages and labels of the two-reforms table and of merging township databases."""

MESSAGES = {
    # --- the single-mapping section (generic in the validator) ---------------
    "import.section_not_mapping": ("部分 {section} 应是一个映射（字段: 值），不是列表",
                            "section {section} must be one mapping (key: value), not a list"),
    "import.section_nested": ("{section} 应写在 {parent}: 之下，不能单独成部分",
                       "{section} belongs inside {parent}:, not at the top level"),
    "section.reform": ("两项改革", "reform"),
    "section.townships_before": ("改革前乡镇", "township before the reform"),
    "section.villages_before": ("改革前村", "village before the reform"),
    # --- report reform -------------------------------------------------------
    "county.reform_none": ("数据库中没有两项改革数据（reform 部分），改革前各项为空",
                    "no two-reforms data (reform section) in the database; the before figures are empty"),
    "county.reform_townships": ("乡镇（街道）", "townships"),
    "county.reform_villages": ("建制村", "administrative villages"),
    "county.reform_village_party_orgs": ("村级党组织", "village party organizations"),
    "county.reform_avg_population": ("村均户籍人口", "avg registered population per village"),
    "county.reform_avg_area_km2": ("村均幅员面积(km²)", "avg area per village (km²)"),
    "county.reform_group_party_orgs": ("村民小组党支部(党小组)", "villager-group party branches/groups"),
    "county.reform_group_coverage": ("覆盖率 {pct}", "coverage {pct}"),
    "county.reform_urban": ("（撤村改居，无对应现村）", "(became urban: no current village)"),
    "label.indicator": ("指标", "indicator"),
    "label.before": ("改革前", "before"),
    "label.after": ("改革后", "after"),
    "label.change_pct": ("变化", "change"),
    "label.merged_from": ("由原村合并", "merged from"),
    "label.current_village": ("现村", "current village"),
    # --- merge ---------------------------------------------------------------
    "county.merge_no_files": ("请至少给出一个乡镇数据库文件", "give at least one township database file"),
    "county.merge_file_missing": ("找不到乡镇数据库文件：{path}", "no such township database file: {path}"),
    "county.merge_into_is_source": ("县级数据库 {path} 不能同时作为被合并的乡镇文件",
                             "the county database {path} cannot also be a township file to merge"),
    "county.merge_same_file": ("同一文件给出了两次：{path}", "the same file was given twice: {path}"),
    "county.merge_not_ours": ("{path} 不是 village-gov 数据库，拒绝合并；县级数据库未作修改",
                       "{path} is not a village-gov database; refused, the county database was not changed"),
    "county.merge_not_sqlite": ("{path} 不是 SQLite 数据库（{reason}），拒绝合并；县级数据库未作修改",
                         "{path} is not a SQLite database ({reason}); refused, the county database was not changed"),
    "county.merge_newer": ("{path} 由更新版本的 village-gov 创建（结构版本 {found}，本程序支持到 {supported}），拒绝合"
                           "并；请升级 village-gov。县级数据库未作修改",
                    "{path} was written by a newer village-gov (schema {found}, this release supports up to "
                    "{supported}); refused, upgrade village-gov. The county database was not changed"),
    "county.merge_corrupt": ("{path} 未通过完整性检查（PRAGMA integrity_check：{detail}），拒绝合并；县级数据库未作修"
                             "改",
                      "{path} failed PRAGMA integrity_check ({detail}); refused, the county database was not changed"),
    "county.merge_schema": ("{path} 的数据库结构与 village-gov 结构版本 {version} 不符（{detail}），拒绝合并；县级数据"
                            "库未作修改",
                     "{path} does not have the schema village-gov creates at version {version} ({detail}); refused, "
                     "the county database was not changed"),
    "county.merge_audit_broken": ("{path}：乡镇 {township} 的审计记录第 {id} 条与哈希链不符（{reason}），拒绝合并；县级"
                                  "数据库未作修改",
                           "{path}: township {township}'s audit entry {id} does not match the hash chain ({reason}); "
                           "refused, the county database was not changed"),
    "county.merge_audit_empty": ("{path}：乡镇 {township} 的审计记录已全部删除，拒绝合并；县级数据库未作修改",
                          "{path}: township {township}'s audit trail has been deleted (no entries); refused, the "
                          "county database was not changed"),
    "county.merge_head_deleted": ("{path}：乡镇 {township} 的审计记录已全部删除，不再延续县里上次合并时记下的链头 "
                                  "{anchor}，拒绝合并；县级数据库未作修改",
                           "{path}: township {township}'s audit trail has been deleted and no longer extends the head "
                           "{anchor} recorded at its last merge; refused, the county database was not changed"),
    "county.merge_head_truncated": ("{path}：乡镇 {township} 的审计链被截短（链头记录 {anchor}，文件的链止于第 {end} 条"
                                    "），拒绝合并；县级数据库未作修改",
                             "{path}: township {township}'s audit chain was truncated (head {anchor} recorded, the "
                             "file's chain ends at entry {end}); refused, the county database was not changed"),
    "county.merge_head_rewritten": ("{path}：乡镇 {township} 的审计链被改写（与县里上次合并时记下的链头 {anchor} 不符）"
                                    "，拒绝合并；县级数据库未作修改",
                             "{path}: township {township}'s audit chain was rewritten (it does not match the head "
                             "{anchor} recorded at its last merge); refused, the county database was not changed"),
    "county.merge_townships": ("{path} 含 {count} 个乡镇（{codes}）；每个文件须恰好含一个乡镇。县级数据库未作修改",
                        "{path} holds {count} township(s) ({codes}); each file must hold exactly one. The county "
                        "database was not changed"),
    "county.merge_bad_code": ("{path} 的乡镇编码 {code} 含有“/”，无法用作限定前缀。县级数据库未作修改",
                       "township code {code} in {path} contains '/', which cannot qualify codes. The county database "
                       "was not changed"),
    "county.merge_duplicate_township": ("{path} 与 {other} 是同一乡镇 {code}，一次只能合并其中一个",
                                 "{path} and {other} are both township {code}; merge one of them at a time"),
    "county.merge_missing_table": ("县级数据库缺少表 {table}（{path} 中有）",
                            "the county database has no table {table} (found in {path})"),
    "county.merge_fk_conflict": ("合并后外键不一致（{table}.{column} 指向不存在的记录，共 {count} 处，如 {example}）；"
                                 "已回滚，县级数据库未作修改",
                          "merging would leave broken references ({count} in {table}.{column}, e.g. {example}); rolled "
                          "back, the county database was not changed"),
    "county.merge_done": ("已合并 {files} 个乡镇文件，共 {rows} 条记录",
                          "merged {files} township file(s), {rows} record(s)"),
    "label.file": ("文件", "file"),
    "label.rows": ("记录数", "records"),
    "label.replaced": ("替换原有", "replaced"),
    "label.migrated_from": ("原结构版本", "migrated from schema"),
}
