"""Too-deep nesting is refused at the line and column where level 101 starts, found from the text
itself (not from where libyaml gives up, which differs between releases), and only real collections
count: brackets in comments, quoted scalars, block scalars and plain words do not."""

from __future__ import annotations

import re
import textwrap

import pytest

from tests.helpers.db import file_digest

PROBLEM = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")


@pytest.fixture
def loaded(cli, small_roster, db_path):
    assert cli("import", small_roster).exit_code == 0
    return file_digest(db_path)


def _problems(cli, path):
    result = cli("import", path)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return [m.groupdict() for m in map(PROBLEM.match, result.stderr.splitlines()) if m]


def _too_deep(cli, path, db_path, before):
    (problem,) = _problems(cli, path)
    assert "嵌套过深（超过 100 层）" in problem["message"], problem
    assert file_digest(db_path) == before
    return int(problem["line"]), int(problem["column"])


def test_flow_nesting_after_quoted_brackets_and_a_comment(cli, write_yaml, db_path, loaded):
    # Line 1 is a comment full of brackets, line 2 a quoted string holding "]]]]" and a plain word
    # "O'Brien" whose apostrophe starts nothing.  Line 3: "townships: " is 11 characters, so the
    # first "[" is column 12 and the 101st is column 12 + 100 = 112.
    path = write_yaml('# [[[[[[[[[[ {{{{{{ ' * 20 + "\n"
                      + "note: \"]]]] [[[[\" O'Brien\n"
                      + "townships: " + "[" * 150 + "]" * 150 + "\n", "deep.yaml")
    assert _too_deep(cli, path, db_path, loaded) == (3, 112)


def test_block_scalar_text_is_not_counted(cli, write_yaml, db_path, loaded):
    # 300 brackets inside a literal block scalar are text; then 101 levels of "{" start at column 8
    # of line 5 ("groups: " is 8 characters): level 101 is at column 9 + 100 = 109.
    path = write_yaml("note: |\n  " + "[ " * 300 + "\n  more text {{{\n"
                      + "villages: []\n"
                      + "groups: " + "{" * 101 + "}" * 101 + "\n", "deep.yaml")
    assert _too_deep(cli, path, db_path, loaded) == (5, 109)


def test_block_nesting_by_indentation(cli, write_yaml, db_path, loaded):
    # "townships:" is level 1 (the top mapping); "k0:" indented one column opens level 2, …, so the
    # key k99 (line 101, indented 100 columns, column 101) opens level 101.
    text = "townships:\n" + "".join(" " * (i + 1) + f"k{i}:\n" for i in range(150)) + " " * 151 + "x\n"
    path = write_yaml(text, "deep.yaml")
    assert _too_deep(cli, path, db_path, loaded) == (101, 101)


def test_one_hundred_levels_are_not_too_deep(cli, write_yaml, db_path, loaded):
    # Exactly 100 levels of "[" pass the nesting limit; the file is then refused for its shape.
    path = write_yaml("townships: " + "[" * 100 + "]" * 100 + "\n", "deep.yaml")
    problems = _problems(cli, path)
    assert problems and not any("嵌套" in p["message"] for p in problems), problems
    assert file_digest(db_path) == loaded


def test_brackets_in_words_and_quotes_leave_a_roster_importable(cli, write_yaml, db_path):
    # Over 100 unclosed "[" and "{" in quoted names, plain words and comments: nothing here nests,
    # and the roster imports.
    path = write_yaml(textwrap.dedent("""
        townships:
          - {code: T9, name: "新镇[[[[", kind: 镇}   # [[[[ a comment {{{{
        villages:
          - {code: V9, name: '村[{\'\'', township: T9}
        groups:
          - code: G9
            name: 组#1[二 [[[[
            village: V9
        """) + "# " + " [[[[" * 40 + "\n", "brackets.yaml")
    result = cli("import", path)
    assert result.exit_code == 0, result.output
    import sqlite3

    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT name FROM villages WHERE code = 'V9'").fetchone() == ("村[{'",)
    assert conn.execute("SELECT name FROM groups WHERE code = 'G9'").fetchone() == ("组#1[二 [[[[",)
