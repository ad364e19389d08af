"""Regression tests for issue 12's findings 1, 2 and 6: stored text as markup, raw terminal escapes,
CSV formula injection and bare CR, Markdown HTML and links.

The ledger is rosters.SMALL_ROSTER and helpers/consult.py's month with hostile text in a few names;
each test names what it stored and what must (and must not) come out.
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
import zipfile

import pytest
import yaml

from tests.helpers.consult import CONSULTATIONS
from tests.helpers.rosters import SMALL_ROSTER
from tests.helpers.safe_out import importable, write_directly

TITLE = "\x1b]0;pwned\x07"  # set the window title
CLEAR = "\x1b[2J"  # clear the screen
HIDE = "\x1b[8m"  # hide what follows
LINK = "\x1b]8;;http://evil.example\x1b\\点我\x1b]8;;\x1b\\"  # a hyperlink (OSC 8)

HOSTILE = {
    ("villages", "V1", "name"): "[/x]",
    ("villages", "V2", "name"): "[link=http://evil.example]青龙村[/link]",
    ("households", "H1", "head"): f"{TITLE}陈一{CLEAR}",
    ("households", "H2", "head"): f"{HIDE}陈二",
    ("households", "H3", "head"): LINK,
    ("members", "M2", "name"): "=cmd|' /C calc'!A0",
    ("members", "M3", "name"): "-2+3",
    ("members", "M4", "name"): "李\r四",
    ("members", "M5", "name"): "@SUM(A1)",
    ("members", "M6", "name"): "+86",
    ("groups", "G1", "name"): "<script>alert(1)</script>",
    ("groups", "G2", "name"): "[x](javascript:alert(1))",
    ("groups", "G3", "name"): "<img src=x onerror=alert(1)>",
    ("party_orgs", "P2", "name"): "[bold]一组[/bold]党支部",
    ("townships", "T1", "name"): "<b>青竹镇</b>",
    ("requests", "R1", "content"): "[urgent] 路灯不亮",
    ("requests", "R2", "content"): "路灯\x9b31m维修",
}


@pytest.fixture
def hostile(cli, db_path, tmp_path, monkeypatch):
    """The small roster and the consultations month with the HOSTILE texts, imported; returns the runner."""
    monkeypatch.setenv("VILLAGE_GOV_TODAY", "2026-11-15")
    data = yaml.safe_load(textwrap.dedent(SMALL_ROSTER))
    data.update(yaml.safe_load(textwrap.dedent(CONSULTATIONS)))
    requests = {r["code"]: r for c in data["consultations"] for r in c.get("requests") or []}
    for (section, code, field), value in HOSTILE.items():
        records = requests if section == "requests" else {r.get("code"): r for r in data[section]}
        if importable(value):
            records[code][field] = value
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = cli("import", path)
    assert result.exit_code == 0, result.output
    # Escape sequences are refused by the importer; a ledger may still hold them (an older release,
    # a merged file, an edit outside the tool): they go straight into SQLite.
    write_directly(db_path, {slot: value for slot, value in HOSTILE.items() if not importable(value)})
    return cli


def out(result) -> str:
    """stdout as bytes decoded (Click's ``result.stdout`` turns CRLF into LF)."""
    return result.stdout_bytes.decode("utf-8")


def err(result) -> str:
    return result.stderr_bytes.decode("utf-8")


# --- finding 1: stored text is markup ----------------------------------------------------------------

@pytest.mark.parametrize(
    "args, code",
    [
        (["check"], 1),
        (["report", "monthly", "--month", "2026-10"], 0),
        (["report", "micros", "--as-of", "2026-11-01"], 0),
        (["village", "list"], 0),
        (["village", "show", "V1"], 0),
        (["org", "tree"], 0),
        (["org", "list"], 0),
        (["household", "list"], 0),
        (["request", "list"], 0),
        (["consult", "show", "C1"], 0),
    ],
)
def test_a_village_named_like_closing_markup_does_not_crash(hostile, args, code):
    result = hostile(*args)
    assert result.exit_code == code, result.output
    assert "MarkupError" not in result.output


def test_markup_in_stored_text_is_shown_not_applied(hostile):
    # "[urgent] 路灯不亮" was shown as " 路灯不亮"; a [link=…] became a link; [bold] made bold.
    assert "[urgent] 路灯不亮" in out(hostile("request", "list"))
    assert "[urgent] 路灯不亮" in out(hostile("request", "show", "R1"))
    assert "[link=http://evil.example]青龙村[/link]" in out(hostile("village", "show", "V2"))
    assert "[/x]" in out(hostile("report", "monthly", "--month", "2026-10"))
    assert "[bold]一组[/bold]党支部" in out(hostile("org", "tree"))
    # A check finding's message names the organization (branch-too-small): the name as stored.
    assert "[bold]一组[/bold]党支部" in out(hostile("check"))


def test_markup_is_not_applied_on_a_colour_terminal(hostile):
    """With colours on (a terminal), the only escape sequences are the console's own colour codes."""
    result = hostile("village", "list", env={"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"})
    text = out(result)
    assert "[link=http://evil.example]青龙村[/link]" in text
    assert "\x1b]8;" not in text  # no hyperlink


# --- finding 2: raw terminal escapes ---------------------------------------------------------------

def test_escape_sequences_in_audited_text_reach_no_screen(hostile, db_path):
    """Free text typed on the command line is refused as in a YAML file; text a ledger already holds
    reaches the audit trail (the before/after of a change) as stored, and the audit log shows it safe."""
    added = hostile("request", "add", "--village", "V1", "--date", "2026-10-20", "--category", "民生实事",
                    "--content", f"{TITLE}路灯{CLEAR}")
    assert added.exit_code == 2, added.output
    assert "--content 含有控制字符" in err(added)
    # A stored value the change replaces is shown as it was (the audit view lists the changed fields).
    write_directly(db_path, {("requests", "R2", "resolved"): f"{TITLE}路灯{CLEAR}"})
    assert hostile("request", "update", "R2", "--status", "办理中").exit_code == 0
    text = out(hostile("audit", "log", "--code", "R2", env={"COLUMNS": "200"}))
    assert "\x1b" not in text and "\x07" not in text
    assert "␛]0;pwned␇路灯␛[2J" in text


@pytest.mark.parametrize("args", [
    ["household", "list"], ["household", "show", "H1"], ["org", "tree", "--households"],
    ["household", "list", "--format", "markdown"], ["household", "list", "--format", "json"],
])
def test_escape_sequences_in_names_reach_no_screen(hostile, args):
    text = out(hostile(*args, env={"COLUMNS": "200"}))  # wide enough that no name wraps
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    if "markdown" in args:
        text = re.sub(r"\\(.)", r"\1", text)  # read Markdown's backslash escapes back
    if "json" not in args:
        # Shown as visible placeholders, ESC as ␛ and BEL as ␇: the title, clear, hide and link read as text.
        assert "␛]0;pwned␇陈一␛[2J" in text
    if args[:2] == ["household", "list"] and "json" not in args:
        assert "␛[8m陈二" in text and "␛]8;;http://evil.example␛\\点我␛]8;;␛\\" in text


def test_only_the_consoles_own_colour_codes_reach_a_colour_terminal(hostile):
    text = out(hostile("household", "list", env={"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"}))
    rest = re.sub(r"\x1b\[[0-9;]*m", "", text)  # the console's own colours (SGR)
    assert "\x1b" not in rest and "\x07" not in rest
    assert "␛]0;pwned␇" in rest and "␛[8m" in rest


def test_c1_controls_are_escaped_in_json_and_shown_on_screen(hostile):
    result = hostile("request", "list", "--format", "json")
    assert "\x9b" not in out(result) and "\\u009b" in out(result)
    assert {r["code"]: r["content"] for r in json.loads(out(result))}["R2"] == "路灯\x9b31m维修"
    assert "路灯�31m维修" in out(hostile("request", "list"))


def test_an_error_message_never_carries_an_escape_to_stderr(hostile):
    result = hostile("village", "show", f"{TITLE}V9")
    assert result.exit_code == 2
    assert "\x1b" not in err(result) and "␛]0;pwned␇V9" in err(result)


def test_an_import_problem_never_echoes_an_escape(cli, write_yaml):
    # The refused value and the record's code are quoted back in the problem line: as placeholders.
    path = write_yaml('''
    villages:
      - {code: "V\\e]0;t\\a9", name: x, township: T1, population: "\\e[2J"}
    ''')
    result = cli("import", path)
    assert result.exit_code == 2
    assert "\x1b" not in err(result) and "\x07" not in err(result)
    assert "␛[2J" in err(result) and "V␛]0;t␇9" in err(result)


# --- finding 6: CSV and Markdown -----------------------------------------------------------------

def _csv(result) -> list[list[str]]:
    return list(csv.reader(io.StringIO(out(result), newline="")))


def test_csv_neutralises_formula_prefixes_on_text_cells(hostile):
    rows = {row[0]: row for row in _csv(hostile("member", "list", "--format", "csv"))}
    name = rows["code"].index("name")
    assert rows["M2"][name] == "'=cmd|' /C calc'!A0"
    assert rows["M3"][name] == "'-2+3"
    assert rows["M5"][name] == "'@SUM(A1)"
    assert rows["M6"][name] == "'+86"
    assert rows["M1"][name] == "张三"  # ordinary text is untouched


def test_csv_keeps_numbers_from_the_database_as_numbers(hostile, write_yaml):
    # A negative count is a number, not a formula: written -10, not '-10.
    points = write_yaml("""
    points:
      - {code: PT1, date: 2026-10-05, household: H1, points: -10, reason: 乱倒垃圾}
    """, "points.yaml")
    assert hostile("import", points).exit_code == 0
    rows = _csv(hostile("points", "show", "H1", "--format", "csv"))
    assert rows[1][rows[0].index("points")] == "-10"


def test_csv_quotes_a_field_holding_a_bare_carriage_return(hostile):
    result = hostile("member", "list", "--format", "csv")
    assert '"李\r四"' in out(result)
    rows = _csv(result)
    assert len(rows) == 1 + 8  # the header and the eight members: the CR split no row
    assert {len(r) for r in rows} == {len(rows[0])}
    assert {r[0]: r for r in rows}["M4"][rows[0].index("name")] == "李\r四"


def test_markdown_escapes_html_and_links(hostile):
    text = out(hostile("group", "list", "--format", "markdown"))
    assert "<script>" not in text and "<img" not in text and not re.search(r"(?<!\\)\]\(", text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "\\[x\\](javascript:alert(1))" in text


def test_markdown_report_escapes_titles_and_cells(hostile):
    text = out(hostile("report", "monthly", "--month", "2026-10", "--format", "markdown"))
    assert "<b>" not in text and "&lt;b&gt;青竹镇&lt;/b&gt;" in text.splitlines()[0]
    assert "| V1 | \\[/x\\] |" in text
    assert "\\[link=http://evil.example\\]青龙村\\[/link\\]" in text


def test_xlsx_writes_text_that_looks_like_a_formula_as_text(hostile, tmp_path, write_yaml):
    renamed = write_yaml("""
    villages:
      - {code: V2, name: '=HYPERLINK("http://evil.example","青龙村")', township: T1, population: 1500, area_km2: 4.0}
    """, "rename.yaml")
    assert hostile("import", renamed).exit_code == 0
    path = tmp_path / "month.xlsx"
    result = hostile("export", "--month", "2026-10", "--output", path)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(path) as book:
        sheets = [book.read(n).decode("utf-8") for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
        strings = book.read("xl/sharedStrings.xml").decode("utf-8")
    assert not any("<f>" in sheet for sheet in sheets)  # no formula anywhere
    assert '=HYPERLINK("http://evil.example","青龙村")' in strings and "[/x]" in strings
