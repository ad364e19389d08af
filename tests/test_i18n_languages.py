"""Both languages: Chinese by default, English with --lang en or $VILLAGE_GOV_LANG; JSON keys stable;
tables fit an 80-column terminal with Chinese text."""

from __future__ import annotations

import json

import pytest
from rich.cells import cell_len


@pytest.fixture(autouse=True)
def imported(cli, small_roster):
    assert cli("import", small_roster).exit_code == 0


def test_default_is_chinese(cli):
    header = cli("group", "list").stdout.splitlines()[0]
    assert header.split() == ["编码", "名称", "村", "党组织", "户数"]
    assert "未发现问题" not in cli("check").stdout  # the small roster has findings
    assert "个错误" in cli("check").stdout


def test_lang_option_is_english(cli):
    header = cli("--lang", "en", "group", "list").stdout.splitlines()[0]
    assert header.split() == ["code", "name", "village", "party", "org", "households"]
    assert "1 error(s), 2 warning(s), 0 note(s)" in cli("--lang", "en", "check").stdout
    assert "no party member M404" in cli("--lang", "en", "member", "show", "M404").stderr


def test_environment_variable_is_english(cli, small_roster):
    out = cli("check", env={"VILLAGE_GOV_LANG": "en"}).stdout
    # H1..H6 have a liaising member, H7 none: 6/7 = 85.7 %.
    assert "liaison coverage: 6/7 households (85.7%)" in out
    assert "nothing changed" in cli("import", small_roster, env={"VILLAGE_GOV_LANG": "en"}).stdout


def test_unknown_language_is_usage_error(cli):
    result = cli("--lang", "fr", "member", "list")
    assert result.exit_code == 2


@pytest.mark.parametrize("args", [("member", "list"), ("household", "list"), ("village", "list"),
                                  ("org", "list"), ("org", "tree"), ("member", "show", "M1")])
def test_json_identical_keys_in_both_languages(cli, args):
    zh = json.loads(cli(*args, "--format", "json").stdout)
    en = json.loads(cli("--lang", "en", *args, "--format", "json").stdout)
    assert zh == en  # data only: no labels in JSON


def test_check_json_keys_stable(cli):
    zh = json.loads(cli("check", "--format", "json").stdout)
    en = json.loads(cli("--lang", "en", "check", "--format", "json").stdout)
    assert zh["summary"] == en["summary"]
    assert [(f["rule"], f["severity"], f["subject"], f["params"]) for f in zh["findings"]] == \
           [(f["rule"], f["severity"], f["subject"], f["params"]) for f in en["findings"]]
    assert zh["findings"][0]["message"] != en["findings"][0]["message"]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("args", [("member", "list"), ("household", "list"), ("village", "list"),
                                  ("group", "list"), ("org", "list"), ("check",), ("org", "tree", "--households"),
                                  ("member", "show", "M1"), ("village", "show", "V1")])
def test_tables_fit_80_columns(cli, lang, args):
    out = cli("--lang", lang, *args).stdout
    widths = [cell_len(line) for line in out.splitlines()]
    assert widths and max(widths) <= 80, out


def test_columns_line_up_with_chinese_text(cli):
    # In household list every row's group code starts in the same display cell as the 村民小组 header.
    lines = cli("household", "list").stdout.splitlines()
    header, body = lines[0], [line for line in lines[2:] if line.strip()]
    start = cell_len(header[:header.index("村民小组")])
    for line in body:
        assert cell_len(line[:line.index(" G") + 1]) == start, line


def test_environment_language_read_once_until_set_lang(cli, monkeypatch):
    """$VILLAGE_GOV_LANG is read at the first lookup and kept (an export looks messages up tens of
    thousands of times); set_lang — which every command line calls first — makes the next lookup read
    it again, so one process can switch languages between commands."""
    from village_gov.core.i18n import label, set_lang

    monkeypatch.setenv("VILLAGE_GOV_LANG", "en")
    set_lang(None)
    assert label("label.error") == "error"
    monkeypatch.delenv("VILLAGE_GOV_LANG")
    assert label("label.error") == "error"  # kept: the environment is not read again
    set_lang(None)
    assert label("label.error") == "错误"
    # Commands in one process, each with its own environment, each in its language.
    assert "1 error(s)" in cli("check", env={"VILLAGE_GOV_LANG": "en"}).stdout
    assert "个错误" in cli("check").stdout
    assert "1 error(s)" in cli("check", env={"VILLAGE_GOV_LANG": "en"}).stdout
