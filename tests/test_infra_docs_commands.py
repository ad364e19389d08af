"""The docs' commands run as written.

Every fenced ``sh`` block of README.md, docs/*.md and examples/README.md holding a village-gov
command (they use the example township's codes such as ``V01``, ``M0001``, ``H00243`` or its files
under ``examples/``) is run,
line after line, on a fresh copy of the example township (all four folders imported once per
session), in a temporary folder holding a link to ``examples/``, with ``$VILLAGE_GOV_DB`` set to
that copy and ``$VILLAGE_GOV_TODAY`` to :data:`TODAY`.

The rules, which docs/README follow:

* ``village-gov ...`` lines run in-process (the real CLI through Typer's runner); a line running
  ``examples/monthly-report.sh`` runs in bash.  Other lines (``pip install``, ``export``,
  ``apt-get``) are not village-gov commands and are left alone; ``a && b`` runs each village-gov part.
* The exit code expected is the first ``exit N`` in the line's trailing comment, else 0.
* A line showing optional parts (``[--village V01]``) or ``…`` is a synopsis, not a command.
* Absolute paths under ``/tmp/`` or ``/media/usb/`` are taken inside the temporary folder.
* The few lines that cannot run here are in :data:`NOT_RUN`, each with its reason; an entry that
  matches no line fails the test, so the list cannot go stale.
"""

from __future__ import annotations

import os
import re
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), REPO / "examples" / "README.md"]
TODAY = "2026-11-30"
EXAMPLE_FOLDERS = ["examples/roster", "examples/micros", "examples/consultations", "examples/procedures"]

SYNOPSIS = re.compile(r"\[-|\[[A-Z]|…")
EXIT = re.compile(r"\bexit (\d)\b(?!/)")

# Lines that cannot run in a test, matched by their beginning: (file, command start) -> reason.
NOT_RUN = {
    ("README.md", "village-gov merge data/T01.db"):
        "needs three township databases; merging is run by tests/test_county_merge.py",
    ("README.md", "village-gov --db county.db"):
        "reads the county database made by the merge line above",
    ("docs/roster-format.md", "village-gov import township.yaml party.yaml"):
        "names files of the reader's own folder, not of the example",
}


def _blocks():
    """(doc, first line number, [(line number, text)]) of every sh block that uses the example."""
    found = []
    for doc in DOCS:
        lines = doc.read_text(encoding="utf-8").splitlines()
        inside, start, block = False, 0, []
        for number, line in enumerate(lines, 1):
            if not inside and line.strip() == "```sh":
                inside, start, block = True, number, []
            elif inside and line.strip() == "```":
                inside = False
                commands = _join_continuations(block)
                if any("village-gov" in text or "monthly-report.sh" in text for _, text in commands):
                    found.append((doc.relative_to(REPO).as_posix(), start, commands))
            elif inside:
                block.append((number, line))
    return found


def _join_continuations(block):
    joined, pending, first = [], "", 0
    for number, line in block:
        if not pending:
            first = number
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        joined.append((first, pending + line))
        pending = ""
    return joined


def _split_comment(line: str) -> tuple[str, str]:
    """The command and its trailing comment (a ``#`` after a space, outside quotes)."""
    quote = None
    for i, char in enumerate(line):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i].strip(), line[i + 1:].strip()
    return line.strip(), ""


BLOCKS = _blocks()


@pytest.fixture(scope="session")
def example_template(tmp_path_factory):
    """The example township imported once; each block works on a copy."""
    from typer.testing import CliRunner

    from village_gov.cli import app

    folder = tmp_path_factory.mktemp("example-template")
    db = folder / "example.db"
    args = ["import", *(str(REPO / f) for f in EXAMPLE_FOLDERS)]
    result = CliRunner().invoke(app, args, env={"VILLAGE_GOV_DB": str(db), "VILLAGE_GOV_TODAY": TODAY},
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return db


def _copy_db(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def _localise(arg: str, work: Path) -> str:
    for prefix in ("/tmp/", "/media/usb/"):
        if arg.startswith(prefix):
            return str(work / arg[1:])
        if "=" in arg and arg.split("=", 1)[1].startswith(prefix):
            name, value = arg.split("=", 1)
            return f"{name}={work / value[1:]}"
    return arg


def _commands(doc: str, line: str):
    """The runnable parts of one doc line: [(words, expected exit)], or a reason it is not run."""
    command, comment = _split_comment(line)
    if not command:
        return []
    for (where, start), reason in NOT_RUN.items():
        if where == doc and command.startswith(start):
            _USED.add((where, start))
            return reason
    if SYNOPSIS.search(command):
        return "synopsis"
    match = EXIT.search(comment)
    expected = int(match.group(1)) if match else 0
    parts = []
    for part in command.split("&&"):
        words = shlex.split(part)
        env_words = [w for w in words if re.match(r"^[A-Z_]+=", w)]
        rest = words[len(env_words):]
        if rest and (rest[0] == "village-gov" or rest[0].endswith("monthly-report.sh")):
            parts.append((env_words, rest))
    return [(env_words, rest, expected) for env_words, rest in parts]


_USED: set = set()


@pytest.mark.parametrize("doc,start,lines", BLOCKS, ids=[f"{d}:{s}" for d, s, _ in BLOCKS])
def test_doc_block_runs_as_written(doc, start, lines, example_template, tmp_path, monkeypatch, cli):
    work = tmp_path / "work"
    work.mkdir()
    (work / "examples").symlink_to(REPO / "examples")
    db = work / "ledger.db"
    _copy_db(example_template, db)
    monkeypatch.chdir(work)
    env = {"VILLAGE_GOV_DB": str(db), "VILLAGE_GOV_TODAY": TODAY}
    ran, not_run = 0, []
    for number, line in lines:
        commands = _commands(doc, line)
        if isinstance(commands, str):
            not_run.append(commands)
            continue
        for env_words, words, expected in commands:
            words = [_localise(w, work) for w in words]
            extra = dict(_localise(w, work).split("=", 1) for w in env_words)
            where = f"{doc}:{number}: {line.strip()}"
            if words[0] == "village-gov":
                result = cli(*words[1:], env={**env, **extra})
                code, output = result.exit_code, result.output
            else:
                bin_dir = str(Path(sys.executable).parent)
                proc = subprocess.run(["bash", words[0], *words[1:]], cwd=work, capture_output=True, text=True,
                                      env={**os.environ, **env, **extra, "PYTHON": sys.executable,
                                           "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")},
                                      timeout=300)
                code, output = proc.returncode, proc.stdout + proc.stderr
            assert code == expected, f"{where}\nexit {code}, the text promises {expected}\n{output[-2000:]}"
            assert "Traceback" not in output, where
            ran += 1
    if not ran:
        pytest.skip(f"{doc}:{start}: not run: " + "; ".join(sorted(set(not_run))))


def test_every_not_run_entry_names_a_doc_line():
    """Each exception of NOT_RUN matches a line of the docs, so none outlives the line it excuses."""
    for doc, _, lines in BLOCKS:
        for _, line in lines:
            _commands(doc, line)
    assert set(NOT_RUN) == _USED, set(NOT_RUN) - _USED


def test_the_rules_read_the_docs_as_intended():
    assert _commands("README.md", "village-gov check   # exit 1 when a rule finds an error") == [
        ([], ["village-gov", "check"], 1)]
    assert _commands("x.md", "village-gov audit verify  # exit 0, or 1 at the first mismatch")[0][2] == 0
    assert _commands("x.md", "village-gov decision list [--village V01]") == "synopsis"
    assert _commands("x.md", "pip install . && village-gov org tree") == [([], ["village-gov", "org", "tree"], 0)]
    assert _commands("x.md", 'REPORT_MONTH=2026-10 examples/monthly-report.sh   # exit 0/1/2/3') == [
        (["REPORT_MONTH=2026-10"], ["examples/monthly-report.sh"], 0)]
    assert _split_comment('village-gov request add --content "#3 路灯" # note') == (
        'village-gov request add --content "#3 路灯"', "note")
