"""Reports written without rich (``render/plain_report.py``) are byte for byte what rich draws.

Into a pipe or a file the monthly report and the trend are written as plain lines when rich would
draw them unstyled; ``TTY_COMPATIBLE=0`` tells rich the output is not a terminal (so it draws no
style either) and makes the plain path step aside, so the same report printed both ways must come
out the same: on the example township, and on reports whose names are wide, hostile (escape codes,
markup brackets, controls: shown as text) or long enough to wrap (rich draws those tables), in zh and
en at several widths.  A property test draws random tables both ways.  On a terminal rich draws as
before (bold totals and headers).
"""

from __future__ import annotations

import io
import json
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from village_gov.core.i18n import using_lang
from village_gov.render import plain_report, reports
from village_gov.render.plain_report import padded_lines, text_lines
from village_gov.render.wrap import Wrapped

MONTH = "2026-10"
WIDTHS = ["36", "80", "100"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def unstyled(monkeypatch):
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VILLAGE_GOV_TODAY", "2026-11-01")


def both_ways(cli, monkeypatch, *args) -> tuple[str, str]:
    """``args`` run plain, then with rich drawing (TTY_COMPATIBLE=0: rich draws unstyled)."""
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    plain = cli(*args)
    monkeypatch.setenv("TTY_COMPATIBLE", "0")
    drawn = cli(*args)
    monkeypatch.delenv("TTY_COMPATIBLE")
    assert plain.exit_code == drawn.exit_code == 0, drawn.output
    return plain.stdout, drawn.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_example_reports_plain_are_what_rich_draws(cli, example_db, db_path, unstyled, monkeypatch, lang, width):
    monkeypatch.setenv("COLUMNS", width)
    for args in (["report", "monthly", "--month", MONTH], ["report", "trend", "--from", "2025-11", "--to", MONTH]):
        plain, drawn = both_ways(cli, monkeypatch, "--db", db_path, "--lang", lang, *args)
        assert plain == drawn
        assert "─" in plain


def test_example_report_into_a_file_plain_is_what_rich_draws(cli, example_db, db_path, unstyled, monkeypatch,
                                                              tmp_path):
    texts = []
    for env in ({}, {"TTY_COMPATIBLE": "0"}):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        target = tmp_path / f"monthly{len(texts)}.txt"
        result = cli("--db", db_path, "report", "monthly", "--month", MONTH, "--output", target)
        assert result.exit_code == 0, result.output
        texts.append(target.read_text(encoding="utf-8"))
    assert texts[0] == texts[1]


def test_example_report_drawn_without_rich(cli, example_db, db_path, unstyled, monkeypatch):
    """At 80 columns every table of the example fits: no rich console is made at all."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(reports, "_console", lambda out: pytest.fail("rich console made"))
    calls = []
    real = plain_report.padded_lines
    monkeypatch.setattr(plain_report, "padded_lines", lambda *a: calls.append(1) or real(*a))
    result = cli("--db", db_path, "report", "monthly", "--month", MONTH)
    assert result.exit_code == 0, result.output
    assert len(calls) >= 5  # one per ledger's table (consultations, requests, micros, procedures…) and more


@pytest.mark.parametrize("env", [{"FORCE_COLOR": "1"}, {"FORCE_COLOR": "1", "NO_COLOR": "1"},
                                 {"FORCE_COLOR": "1", "TERM": "dumb"}], ids=["colour", "no-colour", "dumb"])
def test_on_a_terminal_styles_are_what_rich_draws(cli, example_db, db_path, unstyled, monkeypatch, env):
    """FORCE_COLOR (what a terminal gets): bold headers and totals, written as rich writes them;
    TTY_COMPATIBLE=1 (a terminal too) makes the plain path step aside and rich draw."""
    monkeypatch.setenv("COLUMNS", "100")
    outputs = []
    for args in (["report", "monthly", "--month", MONTH], ["report", "trend", "--from", "2025-11", "--to", MONTH]):
        monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
        for name in env:
            monkeypatch.delenv(name, raising=False)
        plain = cli("--db", db_path, *args)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        styled = cli("--db", db_path, *args)
        monkeypatch.setenv("TTY_COMPATIBLE", "1")
        drawn = cli("--db", db_path, *args)
        assert styled.exit_code == drawn.exit_code == plain.exit_code == 0
        assert styled.stdout == drawn.stdout
        assert ANSI.sub("", styled.stdout) == plain.stdout
        outputs.append(styled.stdout)
    total = next(line for line in outputs[0].splitlines() if "合计" in line)
    assert total.startswith("\x1b[1m") == ("TERM" not in env)  # a dumb terminal gets no style at all
    assert ("\x1b[1m" in outputs[1]) == ("TERM" not in env)  # the trend's header


# Generated reports: the example's report with its names replaced.
NAMES = {
    "wide": ["彭家沟村彭家沟村", "卢家庄村", "董家湾村（社区）"],
    "hostile": ["\x1b[31m红村\x1b[0m", "[bold]假[/bold]", "[link=http://x]链[/link]", "\x9b2J村", "a\tb\rc\x07",
                "\u202e右到左村", "村\u3000\u3000", "村  "],
    "long": ["一个名字长得放不进八十列表格的村民委员会所在地的村庄", "柳塘村、梨园村、桃花村、杏花村、李子村、青杠村"],
    "newline": ["两行\n名字"],
}


@pytest.fixture(scope="module")
def example_report(tmp_path_factory):
    """The example township's monthly report as JSON (read once), and the providers' fields."""
    from tests.helpers.cli import Runner
    from tests.helpers.paths import EXAMPLES
    from village_gov.reports.monthly import load_providers

    db = tmp_path_factory.mktemp("plain_report") / "example.db"
    runner = Runner()
    env = {"VILLAGE_GOV_DB": str(db), "VILLAGE_GOV_TODAY": "2026-11-01"}
    result = runner("import", *(EXAMPLES / f for f in ("roster", "micros", "consultations", "procedures")), env=env)
    assert result.exit_code == 0, result.output
    result = runner("report", "monthly", "--month", MONTH, "--format", "json", env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), [(p.name, p.fields) for p in load_providers()]


def renamed(report: dict, names: list[str], townships: int) -> dict:
    """``report`` with its villages (and township) named from ``names``, the first two villages without
    their monthly meeting (the "missed" line names them); ``townships`` > 1: as many copies as
    townships of a county report, for a month not over yet (the status line, "…" and "pending")."""
    report = json.loads(json.dumps(report))
    for i, village in enumerate(report["villages"]):
        village["name"] = names[i % len(names)]
        village["secretary_meeting_held"] = village["secretary_meeting_held"] and i >= 2
    report["township"]["name"] = names[-1]
    if townships == 1:
        return report
    blocks = [{**{k: report[k] for k in ("villages", "total", "by_category")},
               "township": {"code": f"T{n}", "name": names[n % len(names)]}} for n in range(townships)]
    return {"month": report["month"], "period_complete": False, "as_of": "2026-10-15", "townships": blocks,
            "total": report["total"], "by_category": report["by_category"], "audit_head": report.get("audit_head")}


def printed(report: dict, providers, lang: str, monkeypatch) -> str:
    out = io.StringIO()  # not a terminal, unless FORCE_COLOR says so
    monkeypatch.setattr(sys, "stdout", out)
    with using_lang(lang):
        reports.print_monthly(report, providers, "table", out)
    return out.getvalue()


@pytest.mark.parametrize("townships", [1, 3])
@pytest.mark.parametrize("kind", sorted(NAMES))
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", ["80", "100"])
@pytest.mark.parametrize("terminal", [False, True], ids=["pipe", "terminal"])
def test_generated_reports_plain_are_what_rich_draws(example_report, unstyled, monkeypatch, kind, lang, width,
                                                     townships, terminal):
    report, providers = example_report
    report = renamed(report, NAMES[kind], townships)
    monkeypatch.setenv("COLUMNS", width)
    if terminal:
        monkeypatch.setenv("FORCE_COLOR", "1")
    plain = printed(report, providers, lang, monkeypatch)
    monkeypatch.setenv("TTY_COMPATIBLE", "1" if terminal else "0")  # rich draws, on a terminal or not
    drawn = printed(report, providers, lang, monkeypatch)
    assert plain == drawn
    assert ("\x1b[1m" in plain) == terminal
    plain = ANSI.sub("", plain)
    assert ("⚠" in plain) == (townships > 1) and "─" in plain
    assert "\x1b" not in plain and "\x9b" not in plain and "\u202e" not in plain  # controls shown, never sent
    if kind == "hostile":
        assert "[bold]假[/bold]" in plain and "␛[31m红村␛[0m" in plain  # markup and escapes shown as text


def test_a_long_name_leaves_its_table_to_rich(example_report, unstyled, monkeypatch):
    """A name wider than 80 columns allow: rich narrows the name column and wraps it; the other tables
    and lines stay plain."""
    report, providers = example_report
    report = renamed(report, NAMES["long"], 1)
    monkeypatch.setenv("COLUMNS", "80")
    made = []
    real = reports._console
    monkeypatch.setattr(reports, "_console", lambda out: made.append(1) or real(out))
    text = printed(report, providers, "zh", monkeypatch)
    assert made == [1]
    assert not any(len(line) > 80 for line in text.splitlines())


def test_padded_lines_worked_by_hand():
    # Columns of 4 ("编码"), 8 ("柳塘村 " wrapped: its trailing space dropped, the width kept) and 2 ("12"):
    # three cells apart; the rule is 4 + 3 + 8 + 3 + 2 = 20; the number right-justified.
    lines = padded_lines(["编码", "村", "数"], [["V01", "柳塘村  ", "12"], ["", "合计", "3"]],
                         [False, False, True], [True, True, False], 80)
    assert lines == ["编码   村         数", "─" * 20, "V01    柳塘村     12", "       合计        3"]
    # Without the trailing spaces the table is 4 + 3 + 6 + 3 + 2 = 18 wide: it fits 18 columns, not 17.
    short = (["编码", "村", "数"], [["V01", "柳塘村", "12"]], [False, False, True], [True, True, False])
    assert padded_lines(*short, 18) is not None and padded_lines(*short, 17) is None
    assert padded_lines(["a", "b"], [["x\ny", "1"]], [False, True], [True, False], 80) is None
    assert padded_lines(["a"], [["x"]], [False], [True], 80) is None  # one column: left to rich


# The property: random tables and lines, drawn by rich and by plain_report, agree whenever the
# plain path answers.
CHARS = st.sampled_from(list("aZ09 .-_,()[]/、，。（）柳塘村一二三✓✗…%") + ["\u3000", "\x1b", "\t", "\x9b", "\u0301",
                                                                      "\u200b", "\u202e", "😀", "é"])
TEXT = st.text(CHARS, max_size=12)


def rich_lines(renderable, width: int) -> str:
    from village_gov.render.safe import console

    out = io.StringIO()
    console(file=out, width=width, color_system=None).print(renderable)
    return out.getvalue()


@settings(max_examples=150, deadline=None)
@given(columns=st.integers(2, 5), data=st.data(), width=st.integers(10, 120),
       system=st.sampled_from([None, "standard", "256", "truecolor"]))
def test_random_tables_plain_are_what_rich_draws(columns, data, width, system):
    """Unstyled (``system`` None: a pipe), or on a terminal of each colour system, bold rows too."""
    from rich import box
    from rich.table import Table

    from village_gov.render.safe import console, text

    headers = data.draw(st.lists(TEXT, min_size=columns, max_size=columns))
    rows = data.draw(st.lists(st.lists(TEXT, min_size=columns, max_size=columns), max_size=4))
    right = data.draw(st.lists(st.booleans(), min_size=columns, max_size=columns))
    wrapped = [not r and data.draw(st.booleans()) for r in right]
    bold = data.draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows)))
    out = io.StringIO()
    screen = console(file=out, width=width, force_terminal=system is not None, color_system=system)
    marks = plain_report.style_marks(screen, "table.header"), plain_report.style_marks(screen, "bold")
    lines = padded_lines(headers, rows, right, wrapped, width, bold, marks)
    if lines is None:
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1))
    for header, r, w in zip(headers, right, wrapped):
        table.add_column(text(header), no_wrap=not w, justify="right" if r else "left")
    for row, strong in zip(rows, bold):
        table.add_row(*(Wrapped(c, names=True) if w else text(c) for c, w in zip(row, wrapped)),
                      style="bold" if strong else None)
    screen.print(table)
    assert "".join(line + "\n" for line in lines) == out.getvalue()
    assert ("\x1b[1m" in out.getvalue()) == (system is not None)


@settings(max_examples=150, deadline=None)
@given(value=st.text(st.one_of(CHARS, st.just("\n")), max_size=60), width=st.integers(1, 40))
def test_random_lines_plain_are_what_rich_draws(value, width):
    lines = text_lines(value, width)
    if lines is None:
        return
    assert "".join(line + "\n" for line in lines) == rich_lines(Wrapped(value), width)
