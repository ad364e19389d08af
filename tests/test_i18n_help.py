"""Help in Chinese (English with --lang en), fitted to 80 columns; Click's usage errors in Chinese; the catalogs."""

from __future__ import annotations

import ast
import inspect
import re
import unicodedata
from pathlib import Path

import pytest
import typer

from village_gov.cli import app

REPO_ROOT = Path(__file__).resolve().parent.parent
LOCALE = REPO_ROOT / "village_gov" / "locale" / "zh_CN" / "LC_MESSAGES"


def _commands(command, path=()):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


ALL_COMMANDS = list(_commands(typer.main.get_command(app)))
IDS = [" ".join(p) or "root" for p, _ in ALL_COMMANDS]


def columns(line: str) -> int:
    """Display width measured independently of the program: East Asian wide/full-width = 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 0 if unicodedata.combining(ch) else 1
               for ch in line)


# What may stay in Latin letters in the Chinese help: file formats and names a clerk types or sees on
# files, and acronyms.  Option names, env var names, codes, rule ids, choice lists and `code` are
# removed before the check (see english_words).
ALLOWED = {"json", "csv", "CSV", "markdown", "xlsx", "html", "yaml", "yml", "table", "zh", "en", "YAML", "HTML",
           "SQLite", "Excel", "PRAGMA", "UTC", "ID", "YYYYQn"}
COMMAND_NAMES = {name for path, _ in ALL_COMMANDS for name in path}  # typed as they are, like option names


def english_words(text: str) -> list[str]:
    text = re.sub(r"`[^`]*`", " ", text)                      # code, e.g. `archived: true`
    text = re.sub(r"(?<![\w-])--?[A-Za-z][\w-]*", " ", text)   # option names
    text = re.sub(r"\$?\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b", " ", text)  # environment variables
    text = re.sub(r"[\w.-]+(?:\s*\|\s*[\w.-]+)+", " ", text)   # choice lists a|b|c
    text = re.sub(r"\S*[\d_=/<>.:-]\S*", " ", text)             # codes, ids, dates, file names, rule ids
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED and w not in COMMAND_NAMES]


def help_page(cli, path, lang):
    args = (["--lang", "en"] if lang == "en" else []) + list(path) + ["--help"]
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("path", [p for p, _ in ALL_COMMANDS], ids=IDS)
def test_every_help_fits_80_columns_in_both_languages_and_zh_is_chinese(cli, path):
    zh = help_page(cli, path, "zh")
    en = help_page(cli, path, "en")
    for lang, page in (("zh", zh), ("en", en)):
        for line in page.splitlines():
            assert columns(line) <= 80, f"{lang} {' '.join(path)}: {columns(line)} columns: {line!r}"
    for line in zh.splitlines():
        assert not line.strip() or line.strip()[0] not in "、，。；：）」", f"line starts with punctuation: {line!r}"
    assert english_words(zh) == [], f"English in the Chinese help of {' '.join(path) or 'village-gov'}"
    assert zh != en
    assert "用法：" in zh and "Usage:" in en
    assert "Usage" not in zh and "Options" not in zh and "[required]" not in zh and "default:" not in zh
    # An option's notes are punctuated as Chinese: 。[默认：30；最小 0], never "。 [默认：30; 最小 0]".
    for note in re.findall(r"\[[^\]]*\]", " ".join(zh.split())):
        assert ";" not in note and ">=" not in note and "<=" not in note, f"{' '.join(path)}: {note}"
    for line in zh.splitlines():
        assert not re.search(r"[。）] \[", line), f"space after full-width punctuation: {line!r}"


def test_help_follows_the_environment_variable_too(cli):
    assert "Usage:" in cli("report", "monthly", "--help", env={"VILLAGE_GOV_LANG": "en"}).stdout
    page = cli("report", "monthly", "--help").stdout
    assert "--month 月份 YYYY-MM" in page and "[必填]" in page


def test_placeholders_are_words_a_clerk_knows(cli):
    page = cli("consult", "log", "--help").stdout
    assert "--village 村编码" in page and "--attendees 数字" in page and "--date 日期 YYYY-MM-DD" in page
    assert "<str>" not in page and "<int>" not in page and "list[str]" not in page
    assert "x>=0" not in cli("check", "--help").stdout
    en = cli("--lang", "en", "consult", "log", "--help").stdout
    assert "--village VILLAGE" in en and "--attendees NUMBER" in en


def _unwrapped(page: str) -> str:
    """A Chinese help page with its lines joined as the wrapping broke them (Chinese breaks need no space)."""
    return "".join(line.strip() for line in page.splitlines())


def test_option_notes_use_chinese_punctuation_and_english_keeps_click_s(cli):
    # export's --findings-per-rule has a default (1000) and a minimum (0): Click joins the two notes with
    # "; ", which the Chinese help writes "；" and the English help keeps.
    zh = _unwrapped(cli("export", "--help").stdout)
    assert "（0：全部）。[默认：1000；最小 0]" in zh
    assert "未办结诉求超过多少天算超期。[默认：30；最小 0]" in zh and "（YYYY-MM）。[必填]" in zh
    en = " ".join(cli("--lang", "en", "export", "--help").stdout.split())
    assert "rule (0: all). [default: 1000; at least 0]" in en and "The month YYYY-MM. [required]" in en
    # A range and a required value in one bracket (report development's --year); an env var note (--db).
    assert "报表年份。[1949 到 9999；必填]" in _unwrapped(cli("report", "development", "--help").stdout)
    assert "$VILLAGE_GOV_DB）。[环境变量：VILLAGE_GOV_DB]" in _unwrapped(cli("--help").stdout)


def test_chinese_notes_keep_the_space_after_a_latin_word_and_leave_other_text_alone():
    from village_gov.cli.helpformat import chinese_notes

    # Click's form is f"{help}  [{notes}]"; after a Latin word the notes keep their space (no help of
    # the program ends so today, hence the direct call).
    assert chinese_notes("格式：csv", "格式：csv  [默认：a; 最小 0]") == "格式：csv  [默认：a；最小 0]"
    assert chinese_notes("", "[默认：3; 最小 1]") == "[默认：3；最小 1]"
    assert chinese_notes("说明。", "说明。") == "说明。"                  # no notes
    assert chinese_notes("说明。", "另一段  [x; y]") == "另一段  [x; y]"  # not Click's form: untouched


def test_help_at_a_narrow_terminal_stays_inside_it(cli):
    for path in (("check",), ("consult", "log"), ()):
        page = cli(*path, "--help", env={"COLUMNS": "50"}).stdout
        assert max(columns(line) for line in page.splitlines()) <= 50, page


# --- usage errors -----------------------------------------------------------------------------------

def _fails(result, *expected):
    assert result.exit_code == 2, result.output
    for text in expected:
        assert text in result.stderr, result.stderr
    assert "Error" not in result.stderr and "Usage" not in result.stderr
    assert "Input should" not in result.stderr and "Value error" not in result.stderr


def test_no_such_command_in_chinese_with_suggestions(cli):
    result = cli("reprot")
    _fails(result, "用法：village-gov [选项] 命令 [参数]...", "错误：没有命令 'reprot'。", "report", "export",
           "运行 'village-gov --help' 查看帮助。")


def test_missing_option_in_chinese(cli):
    _fails(cli("report", "monthly"), "错误：缺少选项 '--month'。")


def test_bad_integer_never_shows_pydantic(cli):
    result = cli("consult", "log", "--village", "V01", "--date", "2026-10-08", "--format", "村民说事",
                 "--attendees", "abc")
    _fails(result, "--attendees 应为整数，实为 abc")


def test_number_below_its_minimum(cli):
    _fails(cli("org", "list", "--limit", "-1"), "--limit 应 ≥ 0，实为 -1")


def test_bad_choice_in_chinese(cli):
    _fails(cli("org", "tree", "--format", "xml"), "'--format' / '-f' 的值无效：'xml' 不是可选值（可选：table、json）。")


def test_bad_lang_names_the_option_typed_or_the_variable_set(cli):
    _fails(cli("--lang", "cn", "check"), "'--lang' 的值无效：'cn' 不是可选值（可选：zh、en）。")
    result = cli("check", env={"VILLAGE_GOV_LANG": "cn"})
    _fails(result, "环境变量 VILLAGE_GOV_LANG 的值无效")
    assert "'--lang'" not in result.stderr


def test_no_such_option_extra_argument_and_missing_value(cli):
    _fails(cli("check", "--strct"), "没有选项 '--strct'。", "--strict")
    _fails(cli("check", "extra"), "多余的参数（extra）")
    _fails(cli("org", "show"), "缺少参数 '编码'。")
    _fails(cli("--db"), "选项 '--db' 后面需要给出值。")


def test_usage_errors_in_english_with_lang_en(cli):
    result = cli("--lang", "en", "reprot")
    assert result.exit_code == 2
    assert "Error: No such command 'reprot'." in result.stderr and "report" in result.stderr
    result = cli("--lang", "en", "consult", "log", "--village", "V01", "--date", "2026-10-08", "--format", "x",
                 "--attendees", "abc")
    assert result.exit_code == 2 and "--attendees should be a whole number, got abc" in result.stderr
    assert "Input should" not in result.stderr


def test_usage_error_changes_nothing(cli, db_path):
    cli("report", "monthly")
    assert not db_path.exists()


def test_tab_in_yaml_is_named_with_line_and_column(cli, write_yaml, db_path):
    roster = write_yaml("townships:\n  - code: T1\n    name: 乡\nvillages:\n\t- code: V1\n")
    result = cli("import", roster)
    assert result.exit_code == 2
    assert "roster.yaml:5:1:" in result.stderr and "第 5 行第 1 列是制表符（Tab）" in result.stderr
    assert "cannot start any token" not in result.stderr
    assert not db_path.exists() or "V1" not in db_path.read_bytes().decode("latin-1")


# --- the catalogs ---------------------------------------------------------------------------------------

def _read_po(name):
    from babel.messages.pofile import read_po

    with open(LOCALE / f"{name}.po", "rb") as fp:
        return read_po(fp)


def _translations(name) -> dict:
    catalog = _read_po(name)
    out = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        value = message.string if isinstance(message.string, str) else message.string[0]
        out[key] = value
        assert not message.fuzzy, key
    return out


def _help_msgids() -> list[str]:
    """Every text of the command tree the help shows: help, placeholders, argument names, usage words."""
    from village_gov.cli.localized import OPTION_PLACEHOLDERS

    ids = ["[OPTIONS]", "COMMAND [ARGS]...", "Show this message and exit.", "FILE", "FOLDER", "NUMBER", "TEXT",
           "at least {min}", "at most {max}", "{min} to {max}", *OPTION_PLACEHOLDERS.values()]
    for _, command in ALL_COMMANDS:
        # vars(): the English as written in the code, not the translation the localized classes read out.
        ids += [vars(command).get("help"), vars(command).get("short_help")]
        for param in command.params:
            ids += [vars(param).get("help"), vars(param).get("metavar")]
            if param.param_type_name == "argument" and not vars(param).get("metavar"):
                ids.append(param.name.upper())
    return [inspect.cleandoc(i) for i in dict.fromkeys(i for i in ids if i)]


def test_every_help_text_has_a_chinese_translation():
    translations = _translations("village_gov")
    missing = [m for m in _help_msgids() if not translations.get(m)]
    # Printed in .po form, ready to translate and paste into village_gov.po:
    assert missing == [], "\n" + "\n".join(f'msgid "{m}"\nmsgstr ""\n' for m in missing)


def _click_msgids() -> set[str]:
    """What the installed Click/Typer pass to gettext, and what village-gov's error display looks up."""
    import importlib.util

    from babel.messages.extract import extract_from_file

    files = []
    for module in ("typer.core", "click.core", "click.exceptions", "click.parser", "click.types",
                   "click.formatting", "click.decorators", "click.termui"):
        spec = importlib.util.find_spec(module)
        if spec is not None and spec.origin:
            files.append(spec.origin)
    ids = set()
    for path in files:
        for _, message, _, _ in extract_from_file("python", path, keywords={"_": None, "ngettext": (1, 2)}):
            ids.add(message if isinstance(message, str) else message[0])
    source = (REPO_ROOT / "village_gov" / "cli" / "localized.py").read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("click_text", "click_ntext")
                and isinstance(node.args[0], ast.Constant)):
            ids.add(node.args[0].value)
    return ids


def test_every_click_string_the_cli_can_print_is_translated():
    translations = _translations("messages")
    ids = _click_msgids()
    assert {"Usage:", "Missing option", "No such command {name!r}.", "Error: {message}"} <= ids
    missing = sorted(m for m in ids if not translations.get(m))
    assert missing == [], "\n" + "\n".join(f'msgid "{m}"\nmsgstr ""\n' for m in missing)


@pytest.mark.parametrize("name", ["village_gov", "messages"])
def test_translations_keep_the_placeholders(name):
    for msgid, msgstr in _translations(name).items():
        fields = set(re.findall(r"\{(\w*)[^}]*\}", msgid)) & {"min", "max", "name", "message", "param_hint",
                                                              "command", "option", "value", "args", "var",
                                                              "default", "choices", "filename"}
        assert fields <= set(re.findall(r"\{(\w*)[^}]*\}", msgstr)) | {"choice"}, (msgid, msgstr)


@pytest.mark.parametrize("name", ["village_gov", "messages"])
def test_committed_mo_is_the_compiled_po(name):
    import io

    from babel.messages.mofile import write_mo

    compiled = io.BytesIO()
    write_mo(compiled, _read_po(name))
    assert (LOCALE / f"{name}.mo").read_bytes() == compiled.getvalue(), (
        f"village_gov/locale/zh_CN/LC_MESSAGES/{name}.mo is stale: pybabel compile -d village_gov/locale -D {name}")


def test_help_imports_no_heavy_module():
    import subprocess
    import sys

    code = (
        "import sys; from village_gov.cli import main\n"
        "sys.argv = ['village-gov', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('heavy:' + ','.join(m for m in ('yaml', 'sqlite_utils', 'pydantic', 'rich', 'babel') if m in "
        "sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT,
                          env={"PATH": "", "COLUMNS": "80"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "heavy:"


def test_display_width_agrees_with_wcwidth_on_every_character_of_the_help():
    """The help formatter measures with the standard library (fast to import); wcwidth is the reference."""
    from wcwidth import wcwidth

    from village_gov.cli.helpformat import char_width

    text = "".join(_translations("village_gov").values()) + "".join(_translations("messages").values())
    text += "".join(_help_msgids()) + "·→≥“”…（）【】、，。；：！？％"
    disagree = {ch: (char_width(ch), wcwidth(ch)) for ch in set(text)
                if ch.isprintable() and char_width(ch) != max(wcwidth(ch), 0)}
    assert disagree == {}


def test_an_unmapped_pydantic_error_type_never_shows_pydantic_s_sentence():
    from village_gov.core.i18n import set_lang, t

    params = {"field": "size", "input": "abc", "detail": "Input should be a valid integer"}
    assert t("valid.some_new_type", **params) == "size 的值无效：abc"
    set_lang("en")
    assert t("valid.some_new_type", **params) == "size: invalid value abc"
