"""``org tree`` without colour streams its lines instead of building one ``rich.Tree`` of the whole
county, with the same characters rich draws (guides, wrapping of long labels, hostile text)."""

from __future__ import annotations

import io

import pytest
import rich.tree

# One township, a village whose branch has a long name (wraps at 40 columns), a party group, members
# with markup in names (import refuses control characters), households; a second village.
ROSTER = "\n".join([
    "townships:", "  - {code: T1, name: 青竹镇, kind: 镇}",
    "villages:", "  - {code: V1, name: 青竹村, township: T1}", "  - {code: V2, name: '[bold]红岩村', township: T1}",
    "groups:", "  - {code: G1, name: 一组, village: V1}", "  - {code: G2, name: 二组, village: V2}",
    "party_orgs:",
    "  - {code: P1, name: 中共青竹镇青竹村第一党支部委员会联合党总支部, level: 党总支, village: V1, secretary: M1}",
    "  - {code: P2, name: 一组党小组, level: 党小组, village: V1, group: G1, parent: P1}",
    "  - {code: P3, name: 红岩村党支部, level: 党支部, village: V2}",
    "members:",
    "  - {code: M1, name: 张三, org: P1, households: [H1, H2]}",
    "  - {code: M2, name: 李四, org: P2, households: [H3]}",
    "  - {code: M3, name: '[red]王五[/red]', org: P2, status: 预备}",
    "  - {code: M4, name: 赵六, org: P3, households: [H4]}",
    "households:", *[f"  - {{code: H{i}, head: 户主{i}, group: {'G1' if i < 4 else 'G2'}, size: 2}}" for i in (1, 2, 3, 4)],
    "cadres:", "  - {village: V1, member: M1, posts: [党组织书记, 村委会主任]}",
]) + "\n"


def _rich_tree(roots, width: int) -> str:
    """What rich.Tree prints for these roots on a console without colour (the drawing before streaming)."""
    from village_gov.render import tree as render_tree
    from village_gov.render.safe import console

    out = console(file=io.StringIO(), width=width)
    for root in roots:
        tree = rich.tree.Tree(render_tree._label(root), guide_style="dim")
        for child in root["children"]:
            render_tree._add(tree, child)
        out.print(tree)
    return out.file.getvalue()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [40, 80])
@pytest.mark.parametrize("options", [[], ["--households"], ["--households", "--positions"], ["--village", "V1"]])
def test_streamed_tree_is_what_rich_draws(cli, write_yaml, monkeypatch, lang, width, options, db_path):
    assert cli("import", write_yaml(ROSTER)).exit_code == 0
    monkeypatch.setenv("COLUMNS", str(width))
    drawn = []
    real = rich.tree.Tree.__rich_console__

    def counted(self, console, opts):
        drawn.append(self)
        return real(self, console, opts)

    monkeypatch.setattr(rich.tree.Tree, "__rich_console__", counted)
    result = cli("--lang", lang, "org", "tree", *options)
    assert result.exit_code == 0, result.output
    assert drawn == []  # no rich.Tree rendered: the lines were streamed

    from village_gov.core.i18n import set_lang
    from village_gov.ledgers.roster.hierarchy import build_tree
    from village_gov.store.db import open_db

    set_lang(lang)
    village = options[1] if options[:1] == ["--village"] else None
    roots = build_tree(open_db(db_path), village=village, households="--households" in options,
                       positions="--positions" in options)
    expected = _rich_tree(roots, width)
    monkeypatch.setattr(rich.tree.Tree, "__rich_console__", real)
    assert result.stdout == expected
    # Text from the ledger is data: no markup read.
    if "--village" not in options:
        assert "[bold]红岩村" in result.stdout
    assert "[red]王五[/red]" in result.stdout
    if width == 40:
        assert max(len(line) for line in result.stdout.splitlines()) <= 40


def test_tree_lines_at_40_columns(cli, write_yaml, monkeypatch):
    # Worked out by hand: the long branch name wraps under a continuing guide.
    assert cli("import", write_yaml(ROSTER)).exit_code == 0
    monkeypatch.setenv("COLUMNS", "40")
    lines = cli("org", "tree", "--village", "V1").stdout.splitlines()
    assert lines[0] == "青竹镇 T1（1个村，党员3名，联系3户）"
    assert lines[1] == "└── 青竹村 V1（党员3名，联系3户）"
    # 40 - 8 cells of guides leave 32: the name (44 cells, one unit) is cut after 16 characters.
    assert lines[2] == "    └── 中共青竹镇青竹村第一党支部委员会"
    assert lines[3].startswith("        ") and not lines[3].startswith("        └")


def test_village_tree_reads_only_its_village(cli, write_yaml, monkeypatch):
    """``org tree --village V2`` reads V2's organizations, members, liaisons and their households'
    heads, not the whole county's: the tree's queries carry the village, and a liaison household in
    another village (M4 of V2 looks after H3 of V1 here) still shows its head."""
    import sqlite3

    roster = ROSTER.replace("org: P3, households: [H4]", "org: P3, households: [H3, H4]")
    assert cli("import", write_yaml(roster)).exit_code == 0
    seen: list[str] = []
    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setenv("COLUMNS", "100")
    result = cli("org", "tree", "--village", "V2", "--households")
    assert result.exit_code == 0, result.output
    # 青竹镇 (1 village, 1 member, 2 households) → [bold]红岩村 → 红岩村党支部 → 赵六 M4 → H3, H4.
    lines = [line.strip("│├└─ ") for line in result.stdout.splitlines()]
    assert lines[0] == "青竹镇 T1（1个村，党员1名，联系2户）"
    assert lines[-2:] == ["户主3 H3", "户主4 H4"]
    for table in ("FROM members m", "FROM liaisons l", "FROM households"):
        reads = [s for s in seen if s.startswith("SELECT") and table in s and "json_each" not in s]
        assert not reads, reads  # every read of these tables is narrowed to the village's organizations


def _styled_chars(ansi: str) -> list[tuple[str, str]]:
    """Each visible character with the SGR codes in force (spaces and newlines unstyled): what the eye sees."""
    import re

    chars, current = [], ""
    for match in re.finditer(r"\x1b\[([0-9;]*)m|([^\x1b])", ansi, re.S):
        if match.group(1) is not None:
            current = "" if match.group(1) == "0" else match.group(1)
        else:
            chars.append((match.group(2), "" if match.group(2) in " \n" else current))
    return chars


@pytest.mark.parametrize("width", [40, 80])
def test_big_tree_on_a_colour_terminal_is_streamed_in_colour(cli, write_yaml, monkeypatch, db_path, width):
    """On a colour terminal a tree of more than STREAM_IN_COLOUR nodes is streamed too: every character
    in the style rich.Tree gives it (guides dimmed, names bold, codes dim, counts plain); a smaller tree
    is still drawn by rich.Tree."""
    from village_gov.ledgers.roster.hierarchy import build_tree
    from village_gov.render import output
    from village_gov.render import tree as render_tree
    from village_gov.render.safe import console
    from village_gov.store.db import open_db

    assert cli("import", write_yaml(ROSTER)).exit_code == 0
    roots = build_tree(open_db(db_path), households=True, positions=True)
    # The tree: 1 township, 2 villages, 3 organizations, 4 members, 4 households (H3 and H4 under M2, M4).
    screens = []

    def colour_console(**options):
        screens.append(console(file=io.StringIO(), width=width, force_terminal=True, color_system="truecolor"))
        return screens[-1]

    monkeypatch.setattr(output, "console", colour_console)
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # a terminal: the tree is not written as plain lines
    drawn = []
    real = rich.tree.Tree.__rich_console__

    def counted(self, console, opts):
        drawn.append(self)
        return real(self, console, opts)

    monkeypatch.setattr(rich.tree.Tree, "__rich_console__", counted)
    render_tree.print_tree(roots)  # 14 nodes, under the limit: rich draws it
    assert drawn
    monkeypatch.setattr(rich.tree.Tree, "__rich_console__", real)
    expected = screens[-1].file.getvalue()
    drawn.clear()
    monkeypatch.setattr(render_tree, "STREAM_IN_COLOUR", 13)
    monkeypatch.setattr(rich.tree.Tree, "__rich_console__", counted)
    render_tree.print_tree(roots)  # 14 nodes, over the limit: streamed
    assert drawn == []
    streamed = screens[-1].file.getvalue()
    assert "\x1b[2m└── \x1b[0m" in streamed or "\x1b[2m    └── \x1b[0m" in streamed  # dimmed guides
    assert _styled_chars(streamed) == _styled_chars(expected)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plain_labels_are_the_labels_characters(cli, write_yaml, db_path, lang):
    """Without colour the tree is written without rich, from each node's plain chunks: they make the
    same pieces, joined the same way, as the rich label of every node (positions and households too)."""
    from village_gov.core.i18n import set_lang
    from village_gov.ledgers.roster.hierarchy import build_tree
    from village_gov.render import tree as render_tree
    from village_gov.render.wrap import chunk_pieces
    from village_gov.store.db import open_db

    assert cli("import", write_yaml(ROSTER)).exit_code == 0
    set_lang(lang)
    pending = build_tree(open_db(db_path), households=True, positions=True)
    kinds = set()
    while pending:
        node = pending.pop()
        kinds.add(node["kind"])
        assert chunk_pieces(render_tree._plain_chunks(node)) == render_tree._label(node).pieces, node["code"]
        pending.extend(node["children"])
    assert kinds == {"township", "village", "org", "member", "household"}
