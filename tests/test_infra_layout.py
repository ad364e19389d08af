"""The test suite's own layout: test files named by area, shared builders and data in ``tests/helpers/``,
fixtures (and nothing else shared) in the one ``tests/conftest.py``, no test module importing another.

Each rule is a function over a folder, run on ``tests/`` (which must pass) and on small folders built
here that break it once each (which must fail, naming the file).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent

# A test file is test_<area>_<aspect>.py: the area a ledger or a layer, the aspect what is tested of it.
LEDGERS = ("roster", "consult", "micros", "procedures", "development", "cadres")
LAYERS = ("core", "import", "check", "report", "export", "dump", "county", "audit", "store", "render", "cli",
          "i18n", "infra", "layout", "golden", "perf", "edit")
AREAS = LEDGERS + LAYERS
TEST_NAME = re.compile(rf"test_({'|'.join(AREAS)})_[a-z0-9]+(_[a-z0-9]+)*\.py")

# Folders of tests/ that are not test modules: the helpers package and the stored data files.
HELPERS, DATA = "helpers", "data"


def python_files(root: Path) -> list[Path]:
    """Every Python file of the suite, data files (tests/data/) aside."""
    return sorted(p for p in root.rglob("*.py")
                  if p.relative_to(root).parts[0] != DATA and "__pycache__" not in p.parts)


def suite_modules(root: Path) -> set[str]:
    return {p.stem for p in root.glob("test_*.py")} | {"conftest"}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """``(line, module)`` of every import of ``path``, at module level or inside a function."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            if node.module == "tests":  # from tests import test_x
                found += [(node.lineno, f"tests.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level:  # from . import x, from .x import y
            found.append((node.lineno, "." * node.level + (node.module or "")))
    return found


def bad_imports(root: Path) -> list[str]:
    """Imports of a test module or of conftest (``from conftest import``), from any file of the suite."""
    names = suite_modules(root)
    bad = []
    for path in python_files(root):
        for line, module in imported_modules(path):
            first = module.removeprefix("tests.").lstrip(".").split(".")[0]
            if first in names:
                bad.append(f"{path.relative_to(root)}:{line}: imports {module}")
    return bad


def misplaced_files(root: Path) -> list[str]:
    """Python files that are neither a test module, the conftest, the package marker nor a helper."""
    bad = []
    for path in python_files(root):
        parts = path.relative_to(root).parts
        if parts[0] == HELPERS:
            continue
        if len(parts) > 1 or not (path.name.startswith("test_") or path.name in ("conftest.py", "__init__.py")):
            bad.append(f"{path.relative_to(root)}: helper modules go in tests/{HELPERS}/")
    return bad


def misnamed_tests(root: Path) -> list[str]:
    return [f"{p.name}: not test_<area>_<aspect>.py with an area of {', '.join(AREAS)}"
            for p in sorted(root.glob("test_*.py")) if not TEST_NAME.fullmatch(p.name)]


def fixtures_outside_conftest(root: Path) -> list[str]:
    """Fixtures defined in a helper module, and any conftest.py but the one at the top of tests/."""
    bad = [f"{p.relative_to(root)}: a second conftest.py" for p in python_files(root)
           if p.name == "conftest.py" and p.parent != root]
    for path in python_files(root):
        if path.relative_to(root).parts[0] != HELPERS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                    "fixture" in ast.unparse(d) for d in node.decorator_list):
                bad.append(f"{path.relative_to(root)}:{node.lineno}: fixture {node.name} (fixtures go in conftest.py)")
    return bad


def helpers_in_conftest(root: Path) -> list[str]:
    """Public functions, classes and data of conftest.py that are not fixtures or pytest hooks: helpers,
    which go in tests/helpers/ (a module imports them; a test module cannot import conftest)."""
    path = root / "conftest.py"
    if not path.exists():
        return []
    bad = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            fixture = any("fixture" in ast.unparse(d) for d in node.decorator_list)
            if not (fixture or node.name.startswith(("pytest_", "_"))):
                bad.append(f"conftest.py:{node.lineno}: {node.name} is neither a fixture nor a hook")
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            bad.append(f"conftest.py:{node.lineno}: class {node.name}")
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            bad += [f"conftest.py:{node.lineno}: {t.id}" for t in targets
                    if isinstance(t, ast.Name) and not t.id.startswith("_")]
    return bad


def problems(root: Path) -> list[str]:
    return (bad_imports(root) + misplaced_files(root) + misnamed_tests(root) + fixtures_outside_conftest(root)
            + helpers_in_conftest(root))


# --- the suite as it is -----------------------------------------------------------------------------

def test_the_suite_follows_its_layout():
    assert problems(TESTS) == []
    assert (TESTS / "__init__.py").is_file() and (TESTS / HELPERS / "__init__.py").is_file()


# --- each rule, broken once -----------------------------------------------------------------------------

def _suite(tmp_path: Path, files: dict[str, str]) -> Path:
    """A small, well-laid-out suite plus ``files`` (path → text)."""
    base = {
        "__init__.py": "",
        "conftest.py": "import pytest\n\n@pytest.fixture\ndef cli():\n    return None\n",
        "helpers/__init__.py": "",
        "helpers/rosters.py": "SMALL = 'townships: []'\n",
        "data/golden/regenerate.py": "import os\n",
        "test_roster_lists.py": "from tests.helpers.rosters import SMALL\n\n\ndef test_x(cli):\n    assert SMALL\n",
        "test_cli_smoke.py": "def test_y():\n    pass\n",
    }
    for name, text in {**base, **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_a_well_laid_out_suite_passes(tmp_path):
    assert problems(_suite(tmp_path, {})) == []


def test_a_test_module_importing_another_fails(tmp_path):
    root = _suite(tmp_path, {
        "test_roster_tree.py": "from tests.test_roster_lists import SMALL\n",
        "test_roster_show.py": "def test_z():\n    import test_cli_smoke\n",
        "test_roster_find.py": "from tests import test_cli_smoke\n",
        "helpers/consult.py": "from test_roster_lists import SMALL\n",
    })
    assert bad_imports(root) == [
        "helpers/consult.py:1: imports test_roster_lists",
        "test_roster_find.py:1: imports tests.test_cli_smoke",
        "test_roster_show.py:2: imports test_cli_smoke",
        "test_roster_tree.py:1: imports tests.test_roster_lists",
    ]


def test_from_conftest_import_fails(tmp_path):
    root = _suite(tmp_path, {
        "test_roster_tree.py": "from conftest import cli\n",
        "test_roster_show.py": "from tests.conftest import cli\n",
    })
    assert bad_imports(root) == ["test_roster_show.py:1: imports tests.conftest",
                                 "test_roster_tree.py:1: imports conftest"]


def test_a_helper_module_outside_helpers_fails(tmp_path):
    root = _suite(tmp_path, {"consult_data.py": "OCTOBER = {}\n", "support/crash.py": "KILLS = 6\n"})
    assert misplaced_files(root) == ["consult_data.py: helper modules go in tests/helpers/",
                                     "support/crash.py: helper modules go in tests/helpers/"]


def test_a_test_file_not_named_by_area_fails(tmp_path):
    root = _suite(tmp_path, {"test_lists.py": "", "test_clerk_polish.py": "", "test_roster.py": "",
                             "test_micros_Reports.py": "", "test_consult_ledger.py": ""})
    assert [line.split(":")[0] for line in misnamed_tests(root)] == [
        "test_clerk_polish.py", "test_lists.py", "test_micros_Reports.py", "test_roster.py"]


def test_a_fixture_in_a_helper_or_a_second_conftest_fails(tmp_path):
    root = _suite(tmp_path, {
        "helpers/micros.py": "import pytest\n\n\n@pytest.fixture\ndef loaded(cli):\n    return cli\n",
        "helpers/conftest.py": "",
    })
    assert fixtures_outside_conftest(root) == [
        "helpers/conftest.py: a second conftest.py",
        "helpers/micros.py:5: fixture loaded (fixtures go in conftest.py)",
    ]


def test_a_helper_in_conftest_fails(tmp_path):
    root = _suite(tmp_path, {"conftest.py": (
        "import pytest\n\nSMALL_ROSTER = 'x'\n_PRIVATE = 1\n\n\n"
        "def pytest_configure(config):\n    pass\n\n\n"
        "class Runner:\n    pass\n\n\n"
        "def file_digest(path):\n    return None\n\n\n"
        "@pytest.fixture\ndef cli():\n    return Runner()\n")})
    assert helpers_in_conftest(root) == [
        "conftest.py:3: SMALL_ROSTER",
        "conftest.py:11: class Runner",
        "conftest.py:15: file_digest is neither a fixture nor a hook",
    ]
