"""Tables written without rich (``render/plain_table.py``) are byte for byte what rich draws.

A table printed to a pipe or a file, with every cell on one line, is written as plain lines; rich
draws everything else.  ``TTY_COMPATIBLE=0`` tells rich the output is not a terminal (so it draws no
style either) and makes the plain path step aside: each list of the example township, at several
widths, must come out the same both ways.  A probe checks which path drew it.
"""

from __future__ import annotations

import shutil
import sys

import pytest

from tests.helpers.paths import EXAMPLES
from village_gov.render import plain_table

LISTS = [
    ["household", "list"], ["household", "list", "--limit", "0"], ["member", "list"], ["village", "list"],
    ["group", "list", "--village", "V02"], ["org", "list"], ["consult", "list"], ["request", "list"],
    ["position", "list"], ["decision", "list"], ["member", "list", "--village", "V03", "--limit", "5"],
]
WIDTHS = ["36", "60", "80", "132"]


@pytest.fixture(scope="module")
def township(tmp_path_factory):
    """The example township, imported once for the module (the lists only read it)."""
    from tests.helpers.cli import Runner

    db = tmp_path_factory.mktemp("plain") / "baihe.db"
    runner = Runner()
    paths = [EXAMPLES / name for name in ("roster", "micros", "consultations", "procedures")]
    result = runner("--db", db, "import", *paths, env={"VILLAGE_GOV_DB": str(db)})
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", LISTS, ids=[" ".join(a) for a in LISTS])
def test_plain_table_is_what_rich_draws(cli, township, monkeypatch, args, width):
    monkeypatch.setenv("COLUMNS", width)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    plain = cli("--db", township, *args)
    monkeypatch.setenv("TTY_COMPATIBLE", "0")
    drawn = cli("--db", township, *args)
    assert plain.exit_code == drawn.exit_code == 0, drawn.output
    assert plain.stdout == drawn.stdout


def test_household_list_drawn_without_rich(cli, township, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    calls = []
    real = plain_table.plain_lines
    monkeypatch.setattr(plain_table, "plain_lines", lambda *a: calls.append(1) or real(*a))
    result = cli("--db", township, "household", "list", "--limit", "3")
    assert result.exit_code == 0 and calls == [1]
    lines = result.stdout.splitlines()
    # Worked out by hand from the first three households: 编码 H00001 (6 cells), 户主 三字 names (6),
    # 村民小组 (8, the header), 村 V01 (3), 人口 (4, the header), 电话 138****4214 (11), 党员 M0004 (5):
    # 43 cells of columns and 6 gaps of 2 make a rule of 55.
    assert lines[1] == "─" * 55
    assert lines[0] == "编码    户主    村民小组  村   人口  电话         党员 "
    assert lines[2].startswith("H00001  ")
    assert lines[-1] == "另有 452 条未显示（用 --limit 0 显示全部，或 --format csv）"


@pytest.mark.parametrize("env,isatty,expected", [
    ({"COLUMNS": "77"}, False, 77),
    ({"COLUMNS": "77", "FORCE_COLOR": ""}, False, None),
    ({"COLUMNS": "77", "TTY_COMPATIBLE": "0"}, False, None),
    ({"COLUMNS": "77"}, True, None),
    ({"COLUMNS": "0"}, False, None),
])
def test_plain_width_follows_rich(monkeypatch, env, isatty, expected):
    for name in ("COLUMNS", "FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    class Out:
        def isatty(self):
            return isatty

    monkeypatch.setattr(sys, "stdout", Out())
    assert plain_table.plain_width() == expected


def test_plain_width_without_columns_is_the_terminal_or_80(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(plain_table.os, "get_terminal_size", lambda fd: (_ for _ in ()).throw(OSError()))
    assert plain_table.plain_width() == 80
    monkeypatch.setattr(plain_table.os, "get_terminal_size", lambda fd: shutil.os.terminal_size((101, 30)))
    assert plain_table.plain_width() == 101


def test_a_cell_that_wraps_is_left_to_rich():
    assert plain_table.plain_lines(["a"], ["A"], [["x y"]], [1], [False], set()) is None
    assert plain_table.plain_lines(["a"], ["A"], [["两行\n文字"]], [9], [False], set()) is None
    # Right-justified columns pad on the left.
    assert plain_table.plain_lines(["a", "b"], ["A", "B"], [["1", "22"]], [2, 3], [True, True], {"b"}) == [
        "A     B", "─" * 7, "1    22"]  # "A " + gap + "  B"; "1 " + gap + " 22"
