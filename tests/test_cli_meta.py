"""The command line as a whole: entry points, help text everywhere, and the library/CLI boundary."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from village_gov.cli import app

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGE = REPO_ROOT / "village_gov"


def _run(args, cwd=REPO_ROOT, **env):
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT), **env}, timeout=60)


def test_module_help():
    proc = _run(["-m", "village_gov", "--help"])
    assert proc.returncode == 0, proc.stderr
    assert "import" in proc.stdout and "check" in proc.stdout and "退出码" in proc.stdout


def test_cli_py_help_from_repo_root():
    proc = _run(["cli.py", "--help"])
    assert proc.returncode == 0, proc.stderr
    assert "village-gov" in proc.stdout or "乡村治理台账" in proc.stdout


def test_module_does_real_work(tmp_path):
    from tests.helpers.rosters import SMALL_ROSTER

    roster = tmp_path / "roster.yaml"
    roster.write_text(SMALL_ROSTER, encoding="utf-8")
    db = tmp_path / "ledger.db"
    proc = _run(["-m", "village_gov", "--db", str(db), "import", str(roster)], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == f"新建数据库：{db}\n"  # no progress bar off a terminal: only the new database named
    proc = _run(["-m", "village_gov", "--db", str(db), "check"], cwd=tmp_path)
    assert proc.returncode == 1  # the small roster has one error (branch-too-small P2)
    assert "branch-too-small" in proc.stdout
    proc = _run(["-m", "village_gov", "org", "tree"], cwd=tmp_path, VILLAGE_GOV_DB=str(db))
    assert proc.returncode == 0 and "百家池村党总支" in proc.stdout


def test_version(cli):
    from village_gov import __version__

    assert cli("--version").stdout.strip() == f"village-gov {__version__}"


def _commands(command, path=()):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


ALL_COMMANDS = list(_commands(typer.main.get_command(app)))


@pytest.mark.parametrize("path,command", ALL_COMMANDS, ids=[" ".join(p) or "root" for p, _ in ALL_COMMANDS])
def test_every_command_has_help(cli, path, command):
    assert (command.help or "").strip(), f"{' '.join(path)} has no help text"
    for param in command.params:
        if param.param_type_name == "option":
            assert (param.help or "").strip(), f"{' '.join(path)} {param.opts} has no help text"
    result = cli(*path, "--help")
    assert result.exit_code == 0, result.output
    # The help shows the command's text in the catalog's language (Chinese by default).
    from village_gov.locale import help_text

    shown = help_text(vars(command)["help"])
    assert "".join(shown.strip().splitlines()[0].split())[:20] in "".join(result.stdout.split())


def test_every_group_lists_its_commands():
    names = {" ".join(p) for p, _ in ALL_COMMANDS}
    for expected in ("import", "check", "org tree", "org list", "org show", "village list", "village show",
                     "group list", "group show", "member list", "member show", "household list",
                     "household show"):
        assert expected in names


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_library_does_not_import_typer_or_rich():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in ("cli", "render"):
            continue
        bad = _imports(path) & {"typer", "rich", "click"}
        if bad:
            offenders.append(f"{relative}: {sorted(bad)}")
    assert offenders == []


def test_help_does_not_load_heavy_modules():
    code = ("import sys; from village_gov.cli import app\n"
            "heavy = [m for m in ('yaml', 'sqlite_utils', 'pydantic') if m in sys.modules]\n"
            "print(','.join(heavy))")
    proc = _run(["-c", code])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""


def test_root_help_lists_commands_in_the_order_a_clerk_meets_them(cli):
    # Typer on its own lists plain commands before groups (merge, backup … before report).
    page = cli("--help").stdout
    commands = page[page.index("命令："):].split()
    listed = [word for word in commands if word in {"import", "check", "report", "export", "org", "merge", "dump"}]
    assert listed == ["import", "check", "report", "export", "org", "merge", "dump"]
