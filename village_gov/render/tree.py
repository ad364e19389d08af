"""The organization tree as a rich Tree (the JSON form is the data itself)."""

from __future__ import annotations

from village_gov.i18n import get_lang


def _counts(node: dict) -> str:
    zh = get_lang() == "zh"
    parts = []
    if node["kind"] == "township":
        parts.append(f"{node['villages']}个村" if zh else f"{node['villages']} villages")
    if node["kind"] != "member":
        parts.append(f"党员{node['members']}名" if zh else f"{node['members']} members")
    parts.append(f"联系{node['households']}户" if zh else f"{node['households']} households")
    return "（" + "，".join(parts) + "）" if zh else " (" + ", ".join(parts) + ")"


def _positions(node: dict) -> str:
    """`` ⌂ 邻里百家 (PS2 微阵地)`` for each position shown beside a village or a group organization."""
    from rich.markup import escape

    if "positions" not in node:
        return ""
    if not node["positions"] and node.get("group"):
        return " [yellow]⌂ " + ("无微阵地" if get_lang() == "zh" else "no micro-position") + "[/yellow]"
    return "".join(f" [green]⌂ {escape(p['name'])}[/green] [dim]{escape(p['code'])} {escape(p['kind'])}[/dim]"
                   for p in node["positions"])


def _text(node: dict) -> str:
    return _plain_text(node) + _positions(node)


def _plain_text(node: dict) -> str:
    from rich.markup import escape

    kind = node["kind"]
    name = escape(node["name"] or "")
    code = escape(node["code"])
    if kind == "org":
        group = f" · {escape(node['group_name'])}" if node.get("group_name") else ""
        secretary = ""
        if node.get("secretary"):
            secretary = f" 书记 {escape(node['secretary'])}" if get_lang() == "zh" else f" secretary {escape(node['secretary'])}"
        return f"[bold]{name}[/bold] [dim]{code} {escape(node['level'])}{group}{secretary}[/dim]{_counts(node)}"
    if kind == "member":
        status = "" if node["status"] == "正式" else f" [dim]{escape(node['status'])}[/dim]"
        return f"{name} [dim]{code}[/dim]{status}{_counts(node)}"
    if kind == "household":
        return f"{name} [dim]{code}[/dim]"
    return f"[bold]{name}[/bold] [dim]{code}[/dim]{_counts(node)}"


def _add(parent, node: dict) -> None:
    branch = parent.add(_text(node))
    for child in node["children"]:
        _add(branch, child)


def print_tree(roots: list[dict]) -> None:
    from rich.tree import Tree

    from village_gov.render.output import console

    out = console()
    for root in roots:
        tree = Tree(_text(root), guide_style="dim")
        for child in root["children"]:
            _add(tree, child)
        out.print(tree)
