"""The package layout: no import cycle between the modules of ``village_gov/``, nothing at its root.

Every ``import`` and ``from … import`` is read with ``ast``, at module level and inside
functions alike: an import moved into a function to dodge a cycle is still an edge.  A
package ``__init__`` is a module like the others (one that holds only a docstring imports
nothing, so it is no edge).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "village_gov"
ROOT_ALLOWED = {"__init__.py", "__main__.py"}


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def _owner(name: str, modules: dict[str, Path]) -> str | None:
    """The module a dotted name lives in (``village_gov.core.i18n.t`` → ``village_gov.core.i18n``)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(parts + ([base] if base else []))
                # ``from pkg import module`` depends on the module; ``from module import name`` on the module.
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                           for alias in node.names]
            for target in targets:
                if target.split(".")[0] != "village_gov":
                    continue
                owner = _owner(target, modules)
                if owner and owner != name:
                    graph[name].add(owner)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a path that returns to its start) per strongly connected group of modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(start: str) -> None:
        # Tarjan's algorithm, iteratively (no recursion limit on a deep chain of imports).
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return [_cycle_in(group, graph) for group in groups]


def _cycle_in(group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for child in sorted(graph[node] & group):
            if child == start:
                return paths[node] + [start]
            if child not in paths:
                paths[child] = paths[node] + [child]
                queue.append(child)
    return sorted(group)


def test_no_import_cycle():
    cycles = find_cycles(import_graph())
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_only_init_and_main_at_the_package_root():
    extra = sorted(p.name for p in PACKAGE.iterdir() if p.suffix == ".py" and p.name not in ROOT_ALLOWED)
    assert not extra, f"modules at the root of village_gov/: {extra}"


def test_the_cycle_finder_sees_function_level_imports(tmp_path):
    # The walk itself: a cycle closed by an import inside a function is found and printed as a path.
    graph = {"village_gov.a": {"village_gov.b"}, "village_gov.b": {"village_gov.c"},
             "village_gov.c": {"village_gov.a"}, "village_gov.d": {"village_gov.a"}}
    assert find_cycles(graph) == [["village_gov.a", "village_gov.b", "village_gov.c", "village_gov.a"]]
    assert find_cycles({"village_gov.a": {"village_gov.b"}, "village_gov.b": set()}) == []


def test_function_level_imports_are_edges():
    graph = import_graph()
    # store/backup.py imports the audit trail inside its functions only: still an edge.
    assert "village_gov.trail.audit" in graph["village_gov.store.backup"]
    # ``from village_gov.trail import audit`` depends on the module, not on the trail package.
    assert "village_gov.trail" not in graph["village_gov.store.backup"]
