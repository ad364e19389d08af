"""Read-only commands pay only for what they use: no yaml, no sqlite_utils, no ledger models.

Each command runs in a fresh interpreter (``python -c``: run the CLI, then list ``sys.modules``), on the
example township.  Typer 0.29 itself imports pydantic to convert option values, so pydantic is
always loaded; what is checked is that none of village-gov's own modules loaded by these commands
uses it (the ledgers' models, the importer's validation and YAML reading stay out).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [ROOT / "examples" / name for name in ("roster", "micros", "consultations", "procedures")]

PROBE = r"""
import json, sys
from village_gov.cli import main
sys.argv = ["village-gov", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
ours = {name: module for name, module in list(sys.modules.items()) if name.startswith("village_gov")}
using_pydantic = sorted(
    name for name, module in ours.items()
    if any((getattr(value, "__module__", None) or getattr(value, "__name__", "") or "").startswith("pydantic")
           for value in list(vars(module).values())))
sys.stderr.write("\n@@" + json.dumps({"modules": sorted(sys.modules), "using_pydantic": using_pydantic}) + "\n")
"""

COMMANDS = [
    ("check", "--format", "json", "--as-of", "2026-10-31"),
    ("check", "--as-of", "2026-10-31"),
    ("report", "monthly", "--month", "2026-10", "--format", "json"),
    ("org", "tree", "--village", "V01"),
    ("household", "list"),
]


def _env(tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VILLAGE_GOV_")}
    env.update(VILLAGE_GOV_DB=str(tmp / "baihe.db"), COLUMNS="80", PYTHONDONTWRITEBYTECODE="1")
    return env


@pytest.fixture(scope="module")
def township(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("perf_imports")
    env = _env(tmp)
    result = subprocess.run([sys.executable, "-m", "village_gov", "import", *map(str, EXAMPLES)],
                            env=env, capture_output=True, text=True, cwd=tmp)
    assert result.returncode == 0, result.stderr
    return env


def _probe(env: dict, args: tuple) -> tuple[subprocess.CompletedProcess, dict]:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True,
                            cwd=env["VILLAGE_GOV_DB"].rsplit("/", 1)[0])
    report = json.loads(result.stderr.rsplit("\n@@", 1)[1])
    return result, report


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_read_only_command_imports(township, args):
    result, report = _probe(township, args)
    assert result.stdout.strip(), result.stderr  # the command ran and printed its output
    modules = set(report["modules"])
    assert "yaml" not in modules
    assert "sqlite_utils" not in modules
    ours = {m for m in modules if m.startswith("village_gov")}
    assert not {m for m in ours if m.endswith((".models", ".rules", ".validate", ".sections", ".records", ".fields"))}, sorted(ours)
    assert not {"village_gov.core.yamlio", "village_gov.core.importer"} & ours
    # The duplicate rules load their libraries only for two names of one birth date that could
    # match; the example township has none (its one shared birth date holds 王海涛 and 赵川).
    assert not {"pypinyin", "rapidfuzz"} & modules
    assert report["using_pydantic"] == []
    if args[:2] in (("household", "list"), ("org", "tree")):
        # Into a pipe, a table of one-line cells (render/plain_table.py) and the tree are written as
        # plain lines: rich's console is not loaded.
        assert "rich.console" not in modules and "rich.table" not in modules and "rich.tree" not in modules
    # Only the command's own module of the command line: not those of other commands.
    assert not {"village_gov.cli.import_cmd", "village_gov.cli.export_cmd", "village_gov.cli.decision",
                "village_gov.cli.reliability", "village_gov.cli.cadres"} & ours, sorted(ours)


def test_a_write_command_still_loads_what_it_needs(township):
    # The probe sees imports: an import (dry run) loads yaml, sqlite_utils and the models.
    _, report = _probe(township, ("import", "--dry-run", str(EXAMPLES[0])))
    modules = set(report["modules"])
    assert {"yaml", "sqlite_utils", "village_gov.ledgers.roster.models"} <= modules
    assert "village_gov.ledgers.roster.models" in report["using_pydantic"]


def test_the_root_lists_its_commands_without_loading_them():
    import typer

    from village_gov.cli import app
    from village_gov.cli.lazy import COMMANDS

    root = typer.main.get_command(app)
    assert list(root.commands) == [name for name, _target, _group in COMMANDS]
    assert root.commands.built == {} and "household" in root.commands and "nope" not in root.commands
    household = root.commands["household"]
    assert list(root.commands.built) == ["household"] and root.commands.get("household") is household
    assert root.commands.get("nope") is None
