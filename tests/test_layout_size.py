"""Size limits of the package (issue 13): no module over 400 lines, no function over 60 lines.

A function's length runs from its ``def`` line to its last line (decorators not counted), as
``ast`` gives them; a module's is its number of lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import village_gov

PACKAGE = Path(village_gov.__file__).resolve().parent
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def test_package_has_modules():
    assert len(_modules()) > 50  # the walk sees the whole package, not an empty folder


def test_no_module_over_400_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_no_function_over_60_lines():
    long = {}
    for path in _modules():
        for node in _functions(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                long[f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}"] = length
    assert long == {}


def test_the_measure_counts_def_to_last_line(tmp_path):
    # 1 def line + 60 body lines = 61: over the limit; a decorator line does not count.
    body = "".join(f"    x{i} = {i}\n" for i in range(60))
    tree = ast.parse("@decorator\ndef f():\n" + body)
    (node,) = list(_functions(tree))
    assert node.end_lineno - node.lineno + 1 == 61
