"""One catalog of labels and messages, in Chinese (default) and English.

``t(key, **params)`` formats a message in the current language, chosen with
:func:`set_lang` (the CLI's ``--lang``) or ``$VILLAGE_GOV_LANG``.  JSON keys and
rule ids never go through here: they stay English and stable.

Every key is ``<owner>.<name>``, the name in snake_case, the owner one of
:data:`OWNERS`: the layer or ledger whose text it is.  Two owners hold families
looked up by a name taken from the data: ``section.<section>`` (the name of an
input section, as in "names an unknown village") and ``label.<column>`` (a
column or field label shared by the renderers).  Each distinct (zh, en) text is
written once; a key looked up by such a name whose text is another key's points
to it in :data:`ALIASES`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from village_gov.core.message_aliases import ALIASES

# Not ``from typing import Any`` at run time: the quick answer to an unchanged import
# (village_gov.core.quick_import) reads one sentence here, and typing alone costs it more than that.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

LANGS = ("zh", "en")
_current: str | None = None
# ``$VILLAGE_GOV_LANG`` as read once per process (a message is looked up tens of thousands of times
# in a big export); :func:`set_lang` forgets it, so the next lookup reads the environment again.
_from_env: str | None = None

# The owners a key may start with (``<owner>.<name>``).
OWNERS: tuple[str, ...] = (
    "file", "yaml", "import", "valid", "section", "label", "check", "report", "export", "store", "audit",
    "env", "cmd", "roster", "consult", "micros", "procedures", "county", "sheet", "edit", "development", "cadre",
)

# Each ledger keeps its messages in a module of its own with ``MESSAGES = {key: (zh, en)}``, named by
# its ``messages``; they and those of the layers that are not ledgers (county, store, exports) are
# loaded the first time a message is looked up.
_loaded_for: tuple | None = None
_loaded_ledgers: set[str] = set()

# key: (Chinese, English)
CATALOG: dict[str, tuple[str, str]] = {
    # --- files and YAML -------------------------------------------------
    "file.missing": ("找不到文件或文件夹：{file}", "no such file or folder: {file}"),
    "file.folder_no_yaml": ("文件夹中没有 .yaml/.yml 文件：{file}", "folder holds no .yaml/.yml file: {file}"),
    "file.unreadable": ("无法读取 {file}：{reason}", "cannot read {file}: {reason}"),
    "file.too_large": ("文件过大（{size_mb} MB，上限 {limit_mb} MB），请拆分为多个文件",
                       "file too large ({size_mb} MB, limit {limit_mb} MB); split it into several files"),
    "file.utf16": ("文件是 UTF-16 编码，需要 UTF-8。转换：iconv -f UTF-16 -t UTF-8 {file} > 新文件.yaml",
                   "file is UTF-16 encoded, UTF-8 is required. Convert: iconv -f UTF-16 -t UTF-8 {file} > new.yaml"),
    "file.gbk": ("文件看来是 GBK/GB18030 编码，需要 UTF-8。转换：iconv -f GB18030 -t UTF-8 {file} > 新文件.yaml（或在编"
                 "辑器中另存为 UTF-8）",
                 "file looks GBK/GB18030 encoded, UTF-8 is required. Convert: iconv -f GB18030 -t UTF-8 {file} > "
                 "new.yaml (or save as UTF-8 in your editor)"),
    "file.not_utf8": ("文件不是 UTF-8 编码，请另存为 UTF-8", "file is not UTF-8; save it as UTF-8"),
    "yaml.syntax": ("YAML 格式错误：{detail}", "YAML syntax error: {detail}"),
    "yaml.tab": ("第 {line} 行第 {column} 列是制表符（Tab）：YAML 的缩进和分隔只能用空格，请把它换成空格",
                 "line {line}, column {column} is a tab: YAML indents and separates with spaces only; replace it with "
                 "spaces"),
    "yaml.tag": ("不允许的 YAML 标签（只接受普通数据）：{detail}", "YAML tag not allowed (plain data only): {detail}"),
    "yaml.alias": ("不允许使用 YAML 锚点/别名（& 和 *），请直接写出内容",
                   "YAML anchors/aliases (& and *) are not allowed; write the values out"),
    "yaml.duplicate_key": ("同一条记录中字段 {key} 出现了两次", "key {key} appears twice in one mapping"),
    "yaml.too_deep": ("YAML 嵌套过深（超过 {depth} 层），花名册不需要这样的结构",
                      "YAML nested too deeply (more than {depth} levels); a roster needs no such structure"),
    "yaml.too_many_events": ("文件中的 YAML 值和列表/映射过多（{count} 个，上限 {limit} 个），不像花名册；可用环境变量 "
                             "VILLAGE_GOV_MAX_YAML_EVENTS 调高下限",
                             "too many YAML values, lists and mappings in the file ({count}, limit {limit}): this is "
                             "no roster; VILLAGE_GOV_MAX_YAML_EVENTS raises the floor"),
    "yaml.too_many_keys": ("一个映射中的字段过多（超过 {limit} 个），花名册的记录不需要这么多字段",
                           "too many keys in one mapping (more than {limit}); no roster record has that many fields"),
    "yaml.binary": ("不允许 !!binary 二进制数据，花名册只接受文本",
                    "!!binary data is not allowed; a roster holds text only"),
    "yaml.too_many_records": ("文件中的记录过多（{count} 条，上限 {limit} 条）；可拆成多个文件，或用环境变量 "
                              "VILLAGE_GOV_MAX_RECORDS 调高上限",
                         "too many records in the file ({count}, limit {limit}); split it into several files or raise "
                         "VILLAGE_GOV_MAX_RECORDS"),
    "import.problems_more": ("另有 {more} 个问题未列出（只列出前 {shown} 个）",
                             "{more} more problem(s) not listed (only the first {shown} are shown)"),
    "yaml.bad_key": ("字段名必须是简单文本", "keys must be plain text"),
    "import.top_not_mapping": ("文件顶层应是各部分（如 villages:、members:）的映射",
                               "the top level must map section names (villages:, members: …) to lists"),
    "import.unknown_section": ("未知的部分 {section}{hint_text}", "unknown section {section}{hint_text}"),
    "import.section_not_list": ("部分 {section} 应是记录列表（每条以 - 开头）",
                                "section {section} must be a list of records (each starting with -)"),
    "import.duplicate_code": ("{section} 中编码 {code} 重复（首次出现在 {first}）",
                              "duplicate code {code} in {section} (first at {first})"),
    "import.dangling_ref": ("{field} 指向不存在的{section_label}：{code}",
                            "{field} names an unknown {section_label}: {code}"),
    "import.invalid": ("导入未执行：发现 {count} 个问题，数据库未作任何修改",
                       "nothing imported: {count} problem(s) found, the database was not changed"),
    # --- pydantic error types (valid.<type>) -------------------------------
    "valid.missing": ("缺少必填字段 {field}", "missing required field {field}"),
    "valid.extra_forbidden": ("未知字段 {field}{hint_text}", "unknown field {field}{hint_text}"),
    "valid.string_type": ("{field} 应为文本，实为 {input}（编码等请加引号，如 '007'）",
                          "{field} should be text, got {input} (quote codes like '007')"),
    "valid.string_too_short": ("{field} 不能为空", "{field} must not be empty"),
    "valid.string_too_long": ("{field} 过长（最多 {max_length} 个字符）",
                              "{field} is too long (at most {max_length} characters)"),
    "valid.int_type": ("{field} 应为整数，实为 {input}", "{field} should be a whole number, got {input}"),
    "valid.float_type": ("{field} 应为数字，实为 {input}", "{field} should be a number, got {input}"),
    "valid.bool_type": ("{field} 应为 true 或 false，实为 {input}", "{field} should be true or false, got {input}"),
    "valid.greater_than_equal": ("{field} 应 ≥ {ge}，实为 {input}", "{field} should be ≥ {ge}, got {input}"),
    "valid.greater_than": ("{field} 应 > {gt}，实为 {input}", "{field} should be > {gt}, got {input}"),
    "valid.less_than_equal": ("{field} 应 ≤ {le}，实为 {input}", "{field} should be ≤ {le}, got {input}"),
    "valid.literal_error": ("{field} 的值 {input} 无效，可选：{expected}",
                            "{field}: {input} is not allowed; expected {expected}"),
    "valid.date_type": ("{field} 应为日期（YYYY-MM-DD），实为 {input}",
                        "{field} should be a date (YYYY-MM-DD), got {input}"),
    "valid.date_from_datetime_inexact": ("{field} 应为日期，不含时间", "{field} should be a date without a time"),
    "valid.list_type": ("{field} 应为列表，实为 {input}", "{field} should be a list, got {input}"),
    "valid.too_short": ("{field} 至少需要 {min_length} 项", "{field} needs at least {min_length} item(s)"),
    "valid.dict_type": ("记录应为映射（字段: 值），实为 {input}",
                        "a record should be a mapping (key: value), got {input}"),
    "valid.id_number_format": ("{field} 应为 18 位身份证号（17 位数字加校验位）",
                               "{field} should be an 18-character resident ID (17 digits and a check character)"),
    "valid.id_number_checksum": ("{field} 身份证号校验位不正确", "{field}: the ID number's check digit is wrong"),
    "valid.phone_format": ("{field} 电话号码格式不正确：{input}", "{field}: not a phone number: {input}"),
    "valid.org_own_parent": ("党组织不能以自身为上级", "a party organization cannot be its own parent"),
    "valid.member_born_future": ("出生日期 {input} 晚于今天", "born {input}, which is after today"),
    "valid.bool_not_number": ("{field} 应是数字，不是 true/false：{input}",
                              "{field} must be a number, not true/false: {input}"),
    "valid.text_control_char": ("{field} 含有控制字符（如 NUL）：{input}",
                                "{field} holds a control character (such as NUL): {input}"),
    "valid.member_joined_before_born": ("入党日期早于出生日期", "joined before born"),
    "valid.cadre_no_person": ("村两委成员需要 member（党员编码）或 name（姓名）",
                              "a cadre needs member (a member code) or name"),
    "valid.less_than": ("{field} 应 < {lt}，实为 {input}", "{field} should be < {lt}, got {input}"),
    "valid.too_long": ("{field} 最多 {max_length} 项", "{field} has at most {max_length} item(s)"),
    # Any other pydantic error type: pydantic's own (English) sentence is never shown.
    "valid.unknown": ("{field} 的值无效：{input}", "{field}: invalid value {input}"),
    # --- database ----------------------------------------------------------
    "store.db_missing": ("数据库不存在：{path}（检查 --db 或 $VILLAGE_GOV_DB；新台账请先用 village-gov import 导入花名"
                         "册）",
                   "database not found: {path} (check --db or $VILLAGE_GOV_DB; a new ledger starts with village-gov "
                   "import)"),
    "store.db_cannot_create": ("无法创建数据库 {path}：{reason}", "cannot create database {path}: {reason}"),
    "store.db_is_directory": ("{path} 是文件夹，不是数据库文件", "{path} is a folder, not a database file"),
    "store.db_not_sqlite": ("{path} 不是 SQLite 数据库（{reason}）", "{path} is not a SQLite database ({reason})"),
    "store.db_not_ours": ("{path} 不是 village-gov 数据库，未作修改",
                          "{path} is not a village-gov database; left unchanged"),
    "store.db_newer": ("{path} 由更新版本的 village-gov 创建（结构版本 {found}，本程序支持到 {supported}），请升级 "
                       "village-gov；文件未作修改",
                 "{path} was written by a newer village-gov (schema {found}, this release supports up to {supported}); "
                 "upgrade village-gov. The file was not changed"),
    "store.db_locked": ("数据库 {path} 正被其他程序占用（已等待 {seconds} 秒），请稍后重试",
                        "database {path} is locked by another program (waited {seconds} s); try again later"),
    "store.db_readonly": ("数据库 {path} 只读，无法写入", "database {path} is read-only"),
    "store.db_error": ("数据库 {path} 出错：{reason}", "database error in {path}: {reason}"),
    "store.db_created": ("新建数据库：{path}", "new database: {path}"),
    "store.db_written": ("已写入数据库：{path}", "database written: {path}"),
    "store.db_migrated": ("数据库 {path} 已从结构版本 {old} 升级到 {new}；升级前的安全副本：{copy}",
                    "database {path} upgraded from schema {old} to {new}; safety copy of it as it was: {copy}"),
    # --- CLI ---------------------------------------------------------------
    "file.os_error": ("无法使用文件 {path}：{reason}", "cannot use the file {path}: {reason}"),
    "cmd.value_out_of_range": ("数值或日期超出范围（{detail}）", "a number or date is out of range ({detail})"),
    "file.temp_swept": ("已删除上次中断的运行留下的临时文件：{path}",
                        "removed a temporary file left by an interrupted run: {path}"),
    "file.write_interrupted": ("已中断：未写入 {path}，临时文件已删除",
                               "interrupted: {path} was not written, the temporary file was removed"),
    "cmd.arg_not_utf8": ("{option} 含有不是 UTF-8 的字节；请用 UTF-8 文字（文件名请先改为 UTF-8 编码）",
                     "{option} holds bytes that are not UTF-8; use UTF-8 text (rename a file to a UTF-8 name first)"),
    "cmd.arg_position": ("第 {number} 个参数", "argument {number}"),
    "env.invalid": ("环境变量 {name} 的值无效：{value}（应为：{expected}）",
                    "environment variable {name} has an invalid value: {value} (expected {expected})"),
    "env.not_utf8": ("环境变量 {name} 含有不是 UTF-8 的字节",
                     "environment variable {name} holds bytes that are not UTF-8"),
    "env.expect_today": ("日期 YYYY-MM-DD", "a date YYYY-MM-DD"),
    "env.expect_max_file_mb": ("大于 0 的兆字节数，如 64", "a number of megabytes above 0, such as 64"),
    "env.expect_busy_timeout_ms": ("0 到 2147483647 之间的毫秒数，如 5000",
                                   "a number of milliseconds from 0 to 2147483647, such as 5000"),
    "env.expect_backups_keep": ("不小于 1 的整数，如 10", "a whole number of at least 1, such as 10"),
    "env.expect_count": ("不小于 1 的整数，如 1000000", "a whole number of at least 1, such as 1000000"),
    "check.unknown_rule": ("未知规则 {rule}；可用规则：{rules}", "unknown rule {rule}; rules: {rules}"),
    "cmd.not_found": ("找不到{what} {code}", "no {what} {code}"),
    "cmd.record_refused": ("未登记：发现 {count} 个问题，数据库未作任何修改",
                           "not logged: {count} problem(s) found, the database was not changed"),
    "file.errno_missing": ("没有这个文件或文件夹", "no such file or folder"),
    "file.errno_denied": ("没有权限", "permission denied"),
    "file.errno_full": ("磁盘已满", "the disk is full"),
    "file.errno_read_only": ("只读的文件系统", "read-only file system"),
    "file.errno_is_folder": ("这是一个文件夹", "it is a folder"),
    "file.errno_not_folder": ("路径中有一部分不是文件夹", "part of the path is not a folder"),
    "file.errno_too_big": ("文件过大", "file too large"),
    "file.errno_exists": ("已经存在", "it already exists"),
    "cmd.progress_validate": ("校验", "validate"),
    "cmd.progress_write": ("写入", "write"),
    "report.more_rows": ("另有 {count} 条未显示（用 --limit 0 显示全部，或 --format csv）",
                         "{count} more not shown (--limit 0 shows all, or use --format csv)"),
    "import.nothing": ("无变化：数据库已是最新，未写入任何内容",
                       "nothing changed: the database is up to date, nothing written"),
    "import.unchanged_files": ("文件与上次导入相同，未作任何修改",
                               "the files are the same as at the last import; nothing changed"),
    "import.done": ("已导入 {files} 个文件", "imported {files} file(s)"),
    "import.dry": ("试运行（--dry-run）：以下为将发生的变化，未写入",
                   "dry run (--dry-run): the changes below were not written"),
    "import.warnings": ("有 {count} 条警告（导入照常进行）：",
                        "{count} warning(s) (the import goes ahead all the same):"),
    "import.absent_hint": ("有 {count} 条记录不在本次导入中，已保留；用 --prune 归档",
                           "{count} record(s) not in this import were kept; --prune archives them"),
    "import.absent_partial": ("有 {count} 条记录不在本次导入中，已保留（{kept}）。本次导入不是完整花名册（未包含"
                              "{missing}），"
                              "不能据此归档；要归档已离开的记录，请导入完整花名册",
                              "{count} record(s) not in this import were kept ({kept}). This import is not a full "
                              "roster "
                              "(it leaves out {missing}), so it is no ground for archiving; to archive records that "
                              "have "
                              "left, import the full roster"),
    "import.kept_count": ("{section} {count} 条", "{section}: {count}"),
    "cmd.list_sep": ("、", ", "),
    "import.prune_count": ("{section} {archive}/{live} 条（{share}）", "{section} {archive} of {live} ({share})"),
    "import.prune_needs_yes": ("--prune 将归档超过 {share} 的记录：{counts}。未写入任何内容；核对无误后加 --yes（-y）再"
                               "运行",
                        "--prune would archive more than {share} of the records: {counts}. Nothing was written; "
                        "check, then run again with --yes (-y)"),
    "import.prune_confirm_list": ("--prune 将归档：{counts}", "--prune will archive: {counts}"),
    "import.prune_confirm": ("确认归档这些记录？（记录仍保留在数据库中，再次导入即恢复）",
                      "Archive these records? (they stay in the database; importing them again restores them)"),
    "import.prune_declined": ("未归档：数据库未作任何修改", "nothing archived: the database was not changed"),
    "import.prune_moved": ("确认期间台账被其他程序改动，要归档的记录已不同；未写入任何内容，请重新运行",
                    "the ledger was changed by another program meanwhile and the records to archive differ now; "
                    "nothing was written, run again"),
    "import.prune_moved_copy": ("确认期间台账被其他程序改动，要归档的记录已不同；未写入任何内容，请重新运行（已另存安全"
                                "副本：{copy}）",
                         "the ledger was changed by another program meanwhile and the records to archive differ now; "
                         "nothing was written, run again (safety copy saved: {copy})"),
    "store.safety_copy_taken": ("已另存安全副本：{path}", "safety copy saved: {path}"),
    "check.summary": ("{errors} 个错误，{warnings} 个警告，{infos} 条提示",
                      "{errors} error(s), {warnings} warning(s), {infos} note(s)"),
    "check.clean": ("未发现问题", "no findings"),
    # --- labels ------------------------------------------------------------
    "label.list_members": ("党员", "members"),
    "label.list_children": ("下级组织", "sub-organizations"),
    "label.list_groups": ("村民小组", "villager groups"),
    "label.list_cadres": ("村两委", "cadres"),
    "label.section": ("部分", "section"),
    "label.added": ("新增", "added"),
    "label.changed": ("修改", "changed"),
    "label.unchanged": ("未变", "unchanged"),
    "label.absent": ("本次缺少", "absent"),
    "label.archived": ("已归档", "archived"),
    "label.code": ("编码", "code"),
    "label.name": ("名称", "name"),
    "label.kind": ("类型", "kind"),
    "label.township": ("乡镇", "township"),
    "label.village": ("村", "village"),
    "label.group": ("村民小组", "group"),
    "label.org": ("党组织", "party org"),
    "label.level": ("层级", "level"),
    "label.parent": ("上级组织", "parent"),
    "label.setup": ("设置方式", "setup"),
    "label.secretary": ("书记", "secretary"),
    "label.member": ("党员", "member"),
    "label.members": ("党员数", "members"),
    "label.household": ("农户", "household"),
    "label.households": ("户数", "households"),
    "label.head": ("户主", "head"),
    "label.size": ("人口", "size"),
    "label.phone": ("电话", "phone"),
    "label.id_number": ("身份证号", "ID number"),
    "label.gender": ("性别", "gender"),
    "label.born": ("出生日期", "born"),
    "label.joined": ("入党日期", "joined"),
    "label.status": ("状态", "status"),
    "label.population": ("户籍人口", "population"),
    "label.area_km2": ("面积(km²)", "area (km²)"),
    "label.groups": ("小组数", "groups"),
    "label.liaisons": ("联系户", "liaison households"),
    "label.posts": ("职务", "posts"),
    "label.rule": ("规则", "rule"),
    "label.severity": ("级别", "severity"),
    "label.subject": ("对象", "subject"),
    "label.message": ("说明", "message"),
    "label.location": ("位置", "location"),
    "label.error": ("错误", "error"),
    "label.warning": ("警告", "warning"),
    "label.info": ("提示", "info"),
    "label.field": ("字段", "field"),
    "label.one_shoulder": ("一肩挑", "one shoulder (一肩挑)"),
    "label.value": ("值", "value"),
    "section.groups": ("村民小组", "villager group"),
    "section.party_orgs": ("党组织", "party organization"),
    "section.members": ("党员", "party member"),
    "section.cadres": ("村两委成员", "cadre"),
    "import.did_you_mean": ("（是否想写 {hint}？）", " (did you mean {hint}?)"),
}


def get_lang() -> str:
    """The current language: set by :func:`set_lang`, else ``$VILLAGE_GOV_LANG``, else Chinese.

    The environment is read on the first call after :func:`set_lang` (or the first of the process)
    and kept: a change of ``$VILLAGE_GOV_LANG`` is seen after the next ``set_lang``.
    """
    global _from_env
    if _current:
        return _current
    if _from_env is None:
        env = (os.environ.get("VILLAGE_GOV_LANG") or "").strip().lower()
        _from_env = env if env in LANGS else "zh"
    return _from_env


def set_lang(lang: str | None) -> None:
    """Choose the language (``None``: ``$VILLAGE_GOV_LANG``, read again at the next lookup, else Chinese)."""
    global _current, _from_env
    if lang is not None and lang not in LANGS:
        raise ValueError(lang)
    _current = lang
    _from_env = None


@contextmanager
def using_lang(lang: str) -> Iterator[None]:
    """Labels and messages in ``lang`` for the duration (e.g. to know a header in both languages)."""
    global _current
    before = _current
    set_lang(lang)
    try:
        yield
    finally:
        _current = before


def _load_modules() -> None:
    global _loaded_for
    from village_gov import ledgers

    if _loaded_for is ledgers.LEDGERS:
        return
    if _loaded_for is None:
        from village_gov.core.messages import MESSAGES as edit
        from village_gov.core.sheets.messages import MESSAGES as sheets
        from village_gov.county.messages import MESSAGES as county
        from village_gov.reports.exports.messages import MESSAGES as exports
        from village_gov.store.messages import MESSAGES as store

        for entries in (county, store, exports, sheets, edit):
            register(entries)
    _loaded_for = ledgers.LEDGERS
    for ledger in ledgers.LEDGERS:
        if ledger.name not in _loaded_ledgers:
            _loaded_ledgers.add(ledger.name)
            register(ledger.load_messages())


def t(key: str, /, **params: Any) -> str:
    """The message ``key`` in the current language, with ``params`` filled in."""
    _load_modules()
    pair = CATALOG.get(ALIASES.get(key, key))
    if pair is None:
        if key.startswith("valid."):
            pair = CATALOG["valid.unknown"]
        else:
            return key if not params else f"{key} {params}"
    zh = get_lang() == "zh"
    text = pair[0] if zh else pair[1]
    if "hint" in params and key != "import.did_you_mean":
        params = dict(params, hint_text=t("import.did_you_mean", hint=params["hint"]) if params["hint"] else "")
    if "section" in params and "section_label" not in params:
        params = dict(params, section_label=label("section." + str(params["section"]), str(params["section"])))
    if key == "valid.literal_error" and zh:
        params = dict(params, expected=choices_zh(str(params.get("expected", ""))))
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def choices_zh(expected: str) -> str:
    """pydantic's ``'a', 'b' or 'c'`` as a Chinese list ``a、b、c`` (no English "or", no quotes)."""
    import re

    quoted = re.findall(r"'((?:[^'\\]|\\.)*)'", expected)
    return "、".join(quoted) if quoted else expected


def label(key: str, default: str | None = None) -> str:
    """A label, falling back to ``default`` (or the key) when the catalog has none."""
    _load_modules()
    pair = CATALOG.get(ALIASES.get(key, key))
    if pair is None:
        return default if default is not None else key
    return pair[0] if get_lang() == "zh" else pair[1]


def register(entries: dict[str, tuple[str, str]]) -> None:
    """Add a feature's messages to the catalog (keys must be new)."""
    clash = set(entries) & (set(CATALOG) | set(ALIASES))
    if clash:
        raise ValueError(f"catalog keys defined twice: {sorted(clash)}")
    CATALOG.update(entries)
