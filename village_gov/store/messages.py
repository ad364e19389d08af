"""Messages of the audit trail, backup/restore, dump and the input limits (owners ``audit``, ``store``,
``valid``, ``label``)."""

MESSAGES = {
    "audit.ok": (
        "审计记录完整：已核对 {count} 条，哈希链无误",
        "audit trail intact: {count} entries checked, hash chain matches",
    ),
    "audit.broken": (
        "审计记录第 {id} 条（{time}）与哈希链不符（{reason}）：该条或之前的记录被改动过",
        "audit entry {id} ({time}) does not match the hash chain ({reason}): it or an earlier entry was altered",
    ),
    "audit.deleted": (
        "审计记录已全部删除（deleted: no entries）：数据库至少应有建库时的记录",
        "deleted: no entries: a database always holds at least the entries of its creation",
    ),
    "audit.anchor_truncated": (
        "审计链被截短（truncated: entry {entry} missing, chain ends at {end}）：锚点第 {entry} "
        "条不存在，链止于第 {end} 条",
        "truncated: entry {entry} missing (chain ends at {end})",
    ),
    "audit.anchor_rewritten": (
        "审计链被改写（rewritten: entry {entry}'s hash differs）：第 {entry} 条的哈希与锚点不符",
        "rewritten: entry {entry}'s hash differs from the anchor",
    ),
    "audit.anchor_ok": (
        "锚点一致：截至第 {entry} 条的历史未被改写或截短",
        "anchor matches: the history up to entry {entry} was not rewritten or truncated",
    ),
    "audit.bad_anchor": (
        "锚点 {value} 无效：应为 N:HASH（条目号:哈希，哈希至少 16 位十六进制）",
        "anchor {value} is not valid: expected N:HASH (entry number:hash, at least 16 hex digits)",
    ),
    "audit.bad_anchor_line": (
        "{path} 第 {line} 行的锚点 {value} 无效：应为 N:HASH（条目号:哈希，哈希至少 16 位十六进制）",
        "{path} line {line}: anchor {value} is not valid: expected N:HASH (entry number:hash, at least 16 hex digits)",
    ),
    "audit.anchor_file": ("无法读取锚点文件 {path}：{reason}", "cannot read the anchor file {path}: {reason}"),
    "audit.digest_changed": (
        "表 {tables} 的内容与最后一次经本程序写入时记下的摘要不符：有人绕过本程序直接改动了数据库",
        "table(s) {tables} differ from the digest recorded at the last write: the database was "
        "changed outside village-gov",
    ),
    "audit.outside_recorded": (
        "注意：第 {id} 条审计记录写入时发现表 {tables} 曾被绕过本程序直接改动（已记入该条）",
        "note: entry {id} found table(s) {tables} changed outside village-gov before it was "
        "written (recorded in that entry)",
    ),
    "audit.digest_none": (
        "尚未记录数据表摘要（数据库来自较早版本）：下一次写入时开始记录",
        "no table digest recorded yet (a database from an earlier release): the next write starts recording one",
    ),
    "audit.digest_ok": (
        "数据表摘要与最后一次写入时一致（{count} 张表）",
        "table digest matches the last write ({count} tables)",
    ),
    "audit.head": ("审计链头：{anchor}", "audit chain head: {anchor}"),
    "audit.empty": ("没有审计记录", "no audit entries"),
    "audit.damaged": (
        "本条已损坏：{fields} 无法读取（用 village-gov audit verify 检查）",
        "this entry is damaged: {fields} cannot be read (check with village-gov audit verify)",
    ),
    "audit.damaged_short": ("（已损坏：{fields}）", "(damaged: {fields})"),
    "audit.damaged_entry": (
        "审计记录第 {id} 条（{time}）已损坏：{fields} 无法读取，该条记录被改动过",
        "audit entry {id} ({time}) is damaged: {fields} cannot be read; the entry was altered",
    ),
    "audit.bad_since": (
        "{option} 应为日期 YYYY-MM-DD（或 ISO 时间），实为 {value}",
        "{option} should be a date YYYY-MM-DD (or an ISO time), got {value}",
    ),
    "audit.bad_range": (
        "--since {since} 晚于 --until {until}，没有这样的时段",
        "--since {since} is after --until {until}: no such period",
    ),
    "audit.entry_head": ("第 {id} 条  {time}  {user}", "entry {id}  {time}  {user}"),
    "audit.user_unknown": ("（未记录用户）", "(user not recorded)"),
    "label.removed": ("删除", "removed"),
    "audit.no_field_change": ("（字段未变）", "(no field changed)"),
    "audit.large_import_values": (
        "（大批导入：逐条数值未记入审计，以来源文件的 sha256 与分区摘要为准）",
        "(large import: values not listed; the files' sha256 and the section digests pin them)"),
    "audit.more_changes": (
        "……另有 {count} 条记录的变更；用 --code 编码 或 --format json 查看",
        "… and changes to {count} more records; see them with --code CODE or --format json",
    ),
    "env.tz_unknown": (
        "时区 {name} 不存在（{env}）；请用 IANA 时区名，如 Asia/Shanghai",
        "unknown time zone {name} ({env}); use an IANA zone name such as Asia/Shanghai",
    ),
    "store.backup_done": (
        "已备份到 {path}（{tables} 张表，{rows} 行，完整性检查通过）",
        "backed up to {path} ({tables} tables, {rows} rows, integrity check passed)",
    ),
    "store.backup_exists": (
        "{path} 已存在，未覆盖；请换一个文件名",
        "{path} already exists and was not overwritten; choose another name",
    ),
    "store.backup_mismatch": (
        "备份校验失败：表 {table} 原有 {expected} 行，副本 {found} 行；副本已删除",
        "backup check failed: table {table} has {expected} rows, the copy {found}; the copy was removed",
    ),
    "store.backup_failed": ("备份失败：{reason}", "backup failed: {reason}"),
    "store.restore_missing": ("找不到备份文件 {path}", "no backup file {path}"),
    "store.restore_is_folder": (
        "{path} 是文件夹，不是备份文件；请给出其中的备份文件（.db）",
        "{path} is a folder, not a backup file; name the backup file (.db) in it",
    ),
    "store.restore_not_sqlite": (
        "{path} 不是 SQLite 数据库，未恢复；当前数据库未作修改",
        "{path} is not a SQLite database; nothing restored, the current database is unchanged",
    ),
    "store.restore_corrupt": (
        "{path} 完整性检查失败（{detail}），未恢复；当前数据库未作修改",
        "{path} fails the integrity check ({detail}); nothing restored, the current database is unchanged",
    ),
    "store.restore_not_ours": (
        "{path} 不是 village-gov 数据库，未恢复；当前数据库未作修改",
        "{path} is not a village-gov database; nothing restored, the current database is unchanged",
    ),
    "store.restore_newer": (
        "{path} 由更新版本的 village-gov 创建（结构版本 {found}，本程序支持到 {supported}），未恢复；请先升级",
        "{path} was written by a newer village-gov (schema {found}, this release supports {supported}); "
        "nothing restored, upgrade first",
    ),
    "store.restore_schema": (
        "{path} 的数据库结构与 village-gov 结构版本 {version} 不符（{detail}），未恢复；当前数据库未作修改",
        "{path} does not have the schema village-gov creates at version {version} ({detail}); nothing "
        "restored, the current database is unchanged",
    ),
    "store.schema_extra": ("多出 {type} {name}", "extra {type} {name}"),
    "store.schema_missing": ("缺少 {type} {name}", "missing {type} {name}"),
    "store.schema_different": ("{type} {name} 的定义不同", "different {type} {name}"),
    "store.schema_more": ("；另有 {count} 处不同", "; and {count} more differences"),
    "store.restore_audit_broken": (
        "{path} 的审计记录第 {id} 条与哈希链不符（{reason}），未恢复；当前数据库未作修改。确"
        "需恢复请加 --force（将记入审计记录）",
        "{path}: audit entry {id} does not match the hash chain ({reason}); nothing restored, the "
        "current database is unchanged. To restore it anyway use --force (recorded in the audit trail)",
    ),
    "store.restore_audit_empty": (
        "{path} 没有审计记录（已被清空），未恢复；当前数据库未作修改。确需恢复请加 --force（将记入审计记录）",
        "{path} has no audit entries (the trail was emptied); nothing restored, the current "
        "database is unchanged. To restore it anyway use --force (recorded in the audit trail)",
    ),
    "store.restore_forced": (
        "注意：{path} 的审计记录哈希链不完整，按 --force 恢复；此次恢复已作为强制恢复记入审计记录",
        "warning: the audit chain of {path} is broken; restored because of --force, and recorded as a "
        "forced restore in the audit trail",
    ),
    "store.restore_unreadable": (
        "无法读取 {path}（没有读取权限），未恢复；当前数据库未作修改",
        "cannot read {path} (no read permission); nothing restored, the current database is unchanged",
    ),
    "store.restore_readonly_folder": (
        "无法打开 {path}：所在文件夹 {folder} 只读，SQLite 无法在其中建立临时文件；请先把"
        "它复制到可写的文件夹。未恢复；当前数据库未作修改",
        "cannot open {path}: its folder {folder} is read-only and SQLite needs to create a "
        "file beside it; copy it to a writable folder first. Nothing restored, the current database is unchanged",
    ),
    "store.restore_cannot_open": (
        "无法打开 {path}（{reason}），未恢复；当前数据库未作修改",
        "cannot open {path} ({reason}); nothing restored, the current database is unchanged",
    ),
    "store.restore_same": ("{path} 就是当前数据库，无需恢复", "{path} is the current database; nothing to restore"),
    "store.restore_done": (
        "已从 {path} 恢复（{rows} 行）；恢复前的数据库已另存为 {safety}",
        "restored from {path} ({rows} rows); the database as it was is saved as {safety}",
    ),
    "store.restore_done_fresh": ("已从 {path} 恢复（{rows} 行）", "restored from {path} ({rows} rows)"),
    "store.dump_done": (
        "已导出 {records} 条记录到 {path}（{files} 个文件）",
        "dumped {records} records to {path} ({files} files)",
    ),
    "store.dump_voids_left_out": ("工作簿不含 {count} 条已作废的记录；YAML 导出（dump --output 文件夹）保留它们",
                                  "the workbook leaves out {count} voided record(s); the YAML dump "
                                  "(dump --output FOLDER) keeps them"),
    "store.dump_bad_format": ("没有 {fmt} 格式；可选：yaml、xlsx", "no format {fmt}; choose yaml or xlsx"),
    "store.dump_ledger_yaml": ("--ledger 只用于 --format xlsx（YAML 导出总是整个数据库）",
                               "--ledger is for --format xlsx only (a YAML dump is always the whole database)"),
    "store.dump_not_dir": ("{path} 不是文件夹", "{path} is not a folder"),
    "valid.int_too_large": ("{field} 数值过大：{input}", "{field} is too large: {input}"),
    "valid.number_not_finite": ("{field} 应为有限的数，实为 {input}", "{field} should be a finite number, got {input}"),
    "valid.archived_flag": (
        "archived 应为 true 或 false，实为 {input}",
        "archived should be true or false, got {input}",
    ),
    "label.time": ("时间", "time"),
    "label.user": ("用户", "user"),
    "label.command": ("命令", "command"),
    "label.sources": ("来源文件", "sources"),
    "label.counts": ("数量", "counts"),
    "label.changes": ("变更", "changes"),
    "label.id": ("序号", "id"),
}
