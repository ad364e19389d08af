"""Chinese line breaking at 80 columns: the wrapping rules by hand-written cases, and the example
township's party-life report, consultation and position lists and organization tree rendered at
COLUMNS=80 in Chinese and English: no line starts with 、，。 (or other closing punctuation), none is
wider than 80 display columns, and no name or code read from the database is split across lines.
"""

from __future__ import annotations

import io
import re
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tests.helpers.cli import Runner
from tests.helpers.paths import EXAMPLES
from village_gov.render.wrap import NO_END, NO_START, Wrapped, min_width, units, wrap

FOLDERS = [EXAMPLES / "roster", EXAMPLES / "micros", EXAMPLES / "consultations", EXAMPLES / "procedures"]
TODAY = "2026-10-31"


# --- the wrapping function, by hand ---------------------------------------------------------------

def test_free_text_breaks_between_characters_but_not_before_closing_punctuation():
    # Units 路 灯 不 亮， 已 经 报 修。 (2 2 2 4 2 2 2 4 cells): "路灯不亮，" would be 10 > 8, so 亮 goes
    # down with its comma rather than leave "，" to start a line.
    assert wrap("路灯不亮，已经报修。", 8) == ["路灯不", "亮，已经", "报修。"]


def test_an_opening_bracket_never_ends_a_line_and_a_closing_one_never_starts_one():
    # Units 请 找 （张 三） 办 理 (2 2 4 4 2 2) at 6 cells.
    assert wrap("请找（张三）办理", 6) == ["请找", "（张", "三）办", "理"]


def test_codes_dates_and_words_are_never_broken():
    # Units 农 户 H00243 没 有 联 系 党 员: the code is one unit of 6 cells.
    assert wrap("农户H00243没有联系党员", 10) == ["农户H00243", "没有联系党", "员"]
    assert wrap("2026-10-19 作出决议", 10) == ["2026-10-19", "作出决议"]
    assert wrap("road lights out again", 10) == ["road", "lights out", "again"]


def test_a_list_of_names_breaks_only_after_its_separators():
    assert units("民生实事、干部作风、产业发展", names=True) == ["民生实事、", "干部作风、", "产业发展"]
    assert wrap("民生实事、干部作风、产业发展", 10, names=True) == ["民生实事、", "干部作风、", "产业发展"]
    assert wrap("民生实事、干部作风、产业发展", 20, names=True) == ["民生实事、干部作风、", "产业发展"]
    # As free text the same cell may break inside a term, never before the 、.
    assert wrap("民生实事、干部作风", 6) == ["民生实", "事、干", "部作风"]


def test_min_width_is_the_longest_unbreakable_piece():
    name = "柳塘村茶叶专业合作社党支部"  # 13 characters, 26 cells
    assert min_width(name, names=True) == 26
    assert min_width(f"V01-P10 {name}", names=True) == 26
    assert wrap(f"V01-P10 {name}", 26, names=True) == ["V01-P10", name]
    assert wrap(f"V01-P10 {name}", 34, names=True) == [f"V01-P10 {name}"]
    assert min_width("民生实事、干部作风", names=True) == 10  # "民生实事、" with its separator
    assert min_width(name) == 2  # free text could break anywhere


def test_spaces_are_dropped_where_a_line_breaks_and_newlines_are_kept():
    assert wrap("甲 乙", 2, names=True) == ["甲", "乙"]
    assert wrap("甲\n乙丙", 10) == ["甲", "乙丙"]
    assert wrap("", 10) == [""]
    # "1/3(1)": a names cell may break before an ASCII "(".
    assert wrap("1/3(1)", 3, names=True) == ["1/3", "(1)"]


def test_a_piece_wider_than_the_line_is_cut_only_as_a_last_resort():
    assert wrap("ABCDEFGH", 3) == ["ABC", "DEF", "GH"]


NAMES = st.lists(st.text(alphabet="柳塘村党支部一二组张三李四AB01-", min_size=1, max_size=8), min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(NAMES, st.integers(min_value=1, max_value=30), st.sampled_from(["、", "，", "；"]))
def test_lists_of_names_wrap_within_width_and_whole(names, extra, separator):
    text = separator.join(names)
    width = min_width(text, names=True) + extra - 1
    lines = wrap(text, width, names=True)
    assert "".join(lines) == text
    assert all(cell_len(line) <= width for line in lines)
    assert not any(line[:1] in NO_START for line in lines[1:])
    # Each name is whole on one line.
    for name in names:
        assert any(name in line for line in lines)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="路灯不亮已经报修，。、；：（）「」M0004 ab", min_size=0, max_size=60),
       st.integers(min_value=6, max_value=30))
def test_free_text_never_starts_a_line_with_closing_punctuation(text, width):
    lines = wrap(text, width)
    assert all(cell_len(line) <= width for line in lines)
    for line in lines:
        assert line == line.rstrip()
    # A line may start with closing punctuation only where a single unit had to be cut (wider than the line).
    if max((cell_len(u.rstrip()) for u in units(text)), default=0) <= width:
        assert not any(line[:1] in NO_START for line in lines[1:])
        assert not any(line[-1:] in NO_END for line in lines[:-1])
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_wrapped_chunks_keep_each_label_with_its_value():
    from rich.console import Console
    from rich.text import Text

    console = Console(width=30, record=True, color_system=None, file=io.StringIO())
    console.print(Wrapped(chunks=[Text("柳塘村一组党支部 V01-P01"), (Text("（党员6名，联系17户）"), ""),
                                  Text("党支部 · 一组"), Text("书记 周娟 (M0004)")]))
    # 24 + 19 cells do not fit 30: the totals go down whole, then the level, then the secretary.
    assert console.export_text().splitlines() == ["柳塘村一组党支部 V01-P01", "（党员6名，联系17户）",
                                                  "党支部 · 一组", "书记 周娟 (M0004)"]


def test_wrapped_text_is_never_markup():
    from rich.console import Console

    console = Console(width=40, record=True, color_system=None, file=io.StringIO())
    console.print(Wrapped("[bold]村[/bold]、[red]x"))
    assert console.export_text().strip() == "[bold]村[/bold]、[red]x"


# --- the example township at 80 columns -------------------------------------------------------------

@pytest.fixture(scope="module")
def township(tmp_path_factory):
    db = tmp_path_factory.mktemp("layout") / "township.db"
    result = Runner()("--db", db, "import", *FOLDERS, env={"VILLAGE_GOV_TODAY": TODAY})
    assert result.exit_code == 0, result.output
    return db


def _rows(db, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _render(db, lang: str, *args) -> list[str]:
    result = Runner()("--db", db, "--lang", lang, *args, env={"VILLAGE_GOV_TODAY": TODAY})
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


# A closing mark at the start of a line, or of a cell's line inside a table or tree (after spaces or guides).
BAD_START = re.compile(r"(?:^|[\s│├└─])[、，。；：）」』】]")


def _assert_fitted(lines: list[str], whole: set[str]) -> None:
    for line in lines:
        assert cell_len(line) <= 80, line
        assert not BAD_START.search(line), line
    missing = sorted(token for token in whole if token and not any(token in line for line in lines))
    assert not missing, f"split or missing: {missing}"


COMMANDS = {
    "party-life": (("report", "party-life", "--quarter", "2026Q4"),
                   "SELECT code, name FROM party_orgs WHERE archived = 0"),
    "consult": (("consult", "list"),
                "SELECT code, village, host FROM consultations WHERE archived = 0"),
    "position": (("position", "list"),
                 'SELECT code, name, village, "group" FROM positions WHERE archived = 0'),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("which", sorted(COMMANDS))
def test_lists_and_party_life_fit_80_columns_without_splitting_names(township, lang, which):
    args, sql = COMMANDS[which]
    whole = {value for row in _rows(township, sql) for value in row if value}
    assert len(whole) > 20  # the example township has dozens of each
    _assert_fitted(_render(township, lang, *args), whole)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_org_tree_fits_80_columns_with_secretaries_named_and_totals_on_their_node(township, lang):
    lines = _render(township, lang, "org", "tree", "--positions")
    whole = {value for table in ("townships", "villages", "party_orgs", "members")
             for row in _rows(township, f"SELECT code, name FROM {table} WHERE archived = 0") for value in row}
    whole |= {value for row in _rows(township, "SELECT code, name FROM positions WHERE archived = 0") for value in row}
    secretaries = _rows(township, "SELECT p.code, p.name, m.code, m.name FROM party_orgs p "
                                  "JOIN members m ON m.code = p.secretary WHERE p.archived = 0")
    assert len(secretaries) >= 15  # 15 of the 44 organizations name a secretary
    word = "书记" if lang == "zh" else "secretary"
    # The secretary's label, name and code on one line: "书记 周娟 (M0004)".
    whole |= {f"{word} {name} ({code})" for _, _, code, name in secretaries}
    # Each organization's totals right after its name and code, never after the secretary.
    opener = "（党员" if lang == "zh" else " ("
    whole |= {f"{name} {code}{opener}" for code, name, _, _ in secretaries}
    _assert_fitted(lines, whole)
    for _, _, code, _ in secretaries:
        assert not any(re.search(rf"\({code}\)\s*[（(]", line) for line in lines), code
        assert not any(re.match(rf"^[\s│├└─]*{code}[（(]", line) for line in lines), code


def test_org_tree_json_names_the_secretary(township):
    import json

    result = Runner()("--db", township, "org", "tree", "--village", "V01", "--format", "json")
    assert result.exit_code == 0, result.output
    top = json.loads(result.output)[0]["children"][0]["children"][0]
    expected = _rows(township, "SELECT m.name FROM party_orgs p JOIN members m ON m.code = p.secretary "
                               f"WHERE p.code = '{top['code']}'")[0][0]
    assert top["secretary_name"] == expected


@pytest.mark.parametrize("args, table", [(("report", "party-life", "--quarter", "2026Q4"), "party_orgs"),
                                         (("position", "list"), "positions")])
def test_a_long_name_goes_under_its_code_and_the_table_stays_a_table(township, args, table):
    lines = _render(township, "zh", *args)
    longest = max((name for (name,) in _rows(township, f"SELECT name FROM {table} WHERE archived = 0")),
                  key=cell_len)
    assert cell_len(longest) >= 18
    # Code and name share the first column at 80 columns: a table header, not the record layout.
    assert any(re.match(r"^\s*编码 名称", line) for line in lines)
    assert any(line.startswith(longest) for line in lines)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="柳塘村，。、（）M04 \n", min_size=1, max_size=40), st.integers(min_value=2, max_value=20),
       st.booleans())
def test_the_renderable_prints_exactly_the_wrapped_lines(text, width, names):
    from rich.console import Console

    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(Wrapped(text, names=names))
    printed = [line.rstrip() for line in console.export_text().split("\n")[:-1]]
    assert printed == wrap(text, width, names=names)
