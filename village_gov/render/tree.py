"""The organization tree as a rich Tree (the JSON form is the data itself).

Each node's label is a few chunks that never break inside (village_gov.render.wrap.Wrapped): the name
with its code and the node's totals, the level and group, the secretary's name with their code, each
micro-position.  At 80 columns a long label wraps between chunks, so the totals stay beside the
node they count ("柳塘村一组党支部 V01-P01（党员6名，联系17户）") and never read as the secretary's.
"""

from __future__ import annotations

from village_gov.core.i18n import get_lang


def _counts(node: dict) -> str:
    zh = get_lang() == "zh"
    parts = []
    if node["kind"] == "township":
        parts.append(f"{node['villages']}个村" if zh else f"{node['villages']} villages")
    if node["kind"] != "member":
        parts.append(f"党员{node['members']}名" if zh else f"{node['members']} members")
    parts.append(f"联系{node['households']}户" if zh else f"{node['households']} households")
    return "（" + "，".join(parts) + "）" if zh else "(" + ", ".join(parts) + ")"


def _with_counts(chunks: list, node: dict) -> list:
    """The totals after the node's own chunk: glued in Chinese (（…）), after a space in English."""
    from village_gov.render.safe import text as Text  # ledger text: never markup, controls shown

    counts = Text(_counts(node))
    chunks.append((counts, "") if get_lang() == "zh" else counts)
    return chunks


def _positions(node: dict) -> list:
    """``⌂ 邻里百家 V01-G03-POS 微阵地`` for each position shown beside a village or a group organization."""
    from village_gov.render.safe import text as Text  # ledger text: never markup, controls shown

    if "positions" not in node:
        return []
    if not node["positions"] and node.get("group"):
        return [Text("⌂ " + ("无微阵地" if get_lang() == "zh" else "no micro-position"), style="yellow")]
    chunks = []
    for p in node["positions"]:
        chunk = Text("⌂ " + p["name"], style="green")
        chunk.append_text(Text(f" {p['code']} {p['kind']}", style="dim"))
        chunks.append(chunk)
    return chunks


def _secretary(node: dict):
    """``书记 张三 (M0004)``: the label, the name and the code in one chunk (just the code if the name is unknown)."""
    from village_gov.render.safe import text as Text  # ledger text: never markup, controls shown

    code = node["secretary"]
    who = f"{node['secretary_name']} ({code})" if node.get("secretary_name") else code
    return Text(("书记 " if get_lang() == "zh" else "secretary ") + who, style="dim")


def _chunks(node: dict) -> list:
    from village_gov.render.safe import text as Text  # ledger text: never markup, controls shown

    kind = node["kind"]
    head = Text(node["name"] or "", style="bold" if kind in ("township", "village", "org") else "")
    head.append(" ")
    head.append_text(Text(node["code"], style="dim"))
    if kind == "household":
        return [head]
    if kind == "member":
        chunks = [head]
        if node["status"] != "正式":
            chunks.append(Text(node["status"], style="dim"))
        return _with_counts(chunks, node)
    chunks = _with_counts([head], node)
    if kind == "org":
        level = node["level"] + (f" · {node['group_name']}" if node.get("group_name") else "")
        chunks.append(Text(level, style="dim"))
        if node.get("secretary"):
            chunks.append(_secretary(node))
    return chunks + _positions(node)


def _plain_chunks(node: dict) -> list[tuple[str, str]]:
    """The characters of :func:`_chunks` without rich: ``(text, joiner before it)`` for each chunk
    (``tests/test_perf_tree.py`` checks they make the same pieces on every node of a tree)."""
    from village_gov.render.safe import terminal

    zh = get_lang() == "zh"
    kind = node["kind"]
    chunks = [(terminal(node["name"] or "") + " " + terminal(node["code"]), " ")]
    if kind == "household":
        return chunks
    if kind == "member" and node["status"] != "正式":
        chunks.append((terminal(node["status"]), " "))
    chunks.append((terminal(_counts(node)), "" if zh else " "))
    if kind == "member":
        return chunks
    if kind == "org":
        level = node["level"] + (f" · {node['group_name']}" if node.get("group_name") else "")
        chunks.append((terminal(level), " "))
        if node.get("secretary"):
            code = node["secretary"]
            who = f"{node['secretary_name']} ({code})" if node.get("secretary_name") else code
            chunks.append((terminal(("书记 " if zh else "secretary ") + who), " "))
    if "positions" in node:
        if not node["positions"] and node.get("group"):
            chunks.append(("⌂ " + ("无微阵地" if zh else "no micro-position"), " "))
        for p in node["positions"]:
            chunks.append((terminal("⌂ " + p["name"]) + terminal(f" {p['code']} {p['kind']}"), " "))
    return chunks


def _label(node: dict):
    from village_gov.render.wrap import Wrapped

    return Wrapped(chunks=_chunks(node))


def _add(parent, node: dict) -> None:
    branch = parent.add(_label(node))
    for child in node["children"]:
        _add(branch, child)


# rich.tree.Tree's guides (its default, unbolded set): blank, continuing, fork, last.
SPACE, CONTINUE, FORK, END = "    ", "│   ", "├── ", "└── "


# On a colour terminal a tree of more nodes than this is streamed too (in colour), not drawn by one rich.Tree.
STREAM_IN_COLOUR = 2000


def print_tree(roots: list[dict]) -> None:
    """The tree on the console.  Without colour (piped to a file, a pager, a test) the lines are written
    as they are made, the same characters a ``rich.Tree`` would print, without building one tree of the
    whole county.  On a colour terminal rich draws it (with the guides dimmed), unless it has more than
    :data:`STREAM_IN_COLOUR` nodes: then it is streamed too, the same characters in the same styles."""
    from village_gov.render.plain_table import plain_width

    width = plain_width()
    if width is not None:  # rich would draw it without colour: the same lines, without rich
        _stream_plain(width, roots)
        return
    from village_gov.render.output import console

    out = console()
    if out.color_system is None:
        _stream(out, roots)
        return
    if _more_nodes_than(roots, STREAM_IN_COLOUR):
        _stream(out, roots, styled=True)
        return
    from rich.tree import Tree

    for root in roots:
        tree = Tree(_label(root), guide_style="dim")
        for child in root["children"]:
            _add(tree, child)
        out.print(tree)


def _guided(guides: str, line):
    """A line of a label after its guides, the guides dimmed as rich.Tree dims them."""
    from rich.text import Text

    text = Text()
    text.append(guides, style="dim")
    text.append_text(line)
    return text


def _more_nodes_than(roots: list[dict], limit: int) -> bool:
    count = 0
    pending = list(roots)
    while pending:
        count += 1
        if count > limit:
            return True
        pending.extend(pending.pop()["children"])
    return False


def _stream(out, roots: list[dict], styled: bool = False) -> None:
    """Each node's label wrapped into what its guides leave of the width (village_gov.render.wrap, as
    :class:`~village_gov.render.wrap.Wrapped` renders it), its first line after the fork, the others
    under a continuing guide; written a batch of lines at a time.  ``styled``: each line printed through
    the console with the label's styles and the guides dimmed (a colour terminal)."""
    from rich.cells import cell_len

    from village_gov.render.safe import _TERMINAL

    width = out.width
    batch: list = []

    def node_lines(node: dict, ancestors: str, own: str, below: str) -> None:
        label = _label(node)
        room = width - cell_len(ancestors + own)
        if styled:
            lines = label.styled_lines(room)
            batch.append(_guided(ancestors + own, lines[0]))
            batch.extend(_guided(ancestors + below, line) for line in lines[1:])
        else:
            plain = label._lines(room)
            batch.append(ancestors + own + plain[0])
            batch.extend(ancestors + below + line for line in plain[1:])
        if len(batch) >= 1000:
            flush()
        children = node["children"]
        for index, child in enumerate(children):
            last = index == len(children) - 1
            node_lines(child, ancestors + below, END if last else FORK, SPACE if last else CONTINUE)

    def flush() -> None:
        if styled and batch:
            from rich.text import Text

            text = Text("\n").join(batch)
            text.no_wrap, text.overflow = True, "crop"
            out.print(text)
        elif batch:
            out.file.write("".join(line.translate(_TERMINAL) + "\n" for line in batch))
        batch.clear()

    for root in roots:
        node_lines(root, "", "", "")
    flush()
    out.file.flush()


def _stream_plain(width: int, roots: list[dict]) -> None:
    """:func:`_stream` without colour, written without rich: each label's plain chunks
    (:func:`_plain_chunks`) filled as :class:`~village_gov.render.wrap.Wrapped` fills them."""
    import sys

    from rich.cells import cell_len  # the width table only: rich.cells loads no console

    from village_gov.render.safe import _TERMINAL
    from village_gov.render.wrap import chunk_pieces, piece_lines

    batch: list[str] = []
    pending = [(root, "", "", "") for root in reversed(roots)]
    while pending:
        node, ancestors, own, below = pending.pop()
        lines = piece_lines(chunk_pieces(_plain_chunks(node)), width - cell_len(ancestors + own))
        batch.append(ancestors + own + lines[0])
        batch.extend(ancestors + below + line for line in lines[1:])
        if len(batch) >= 1000:
            sys.stdout.write("".join(line.translate(_TERMINAL) + "\n" for line in batch))
            batch.clear()
        children = node["children"]
        for index in range(len(children) - 1, -1, -1):
            last = index == len(children) - 1
            pending.append((children[index], ancestors + below, END if last else FORK, SPACE if last else CONTINUE))
    sys.stdout.write("".join(line.translate(_TERMINAL) + "\n" for line in batch))
    sys.stdout.flush()
