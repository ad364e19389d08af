"""The test suite itself: CI runs the README's command in a fresh environment, tests bound work
rather than seconds, and a terminal shows which test file is running."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README_TEST_COMMAND = "pip install -e '.[test]' && ruff check . && mypy village_gov && python -m pytest -q"


def test_ci_runs_the_readme_command_in_a_fresh_virtual_environment():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"^```sh\n(.*?)^```", readme, flags=re.S | re.M).group(1).splitlines()
    assert first_block[1] == README_TEST_COMMAND
    assert f"```sh\n{README_TEST_COMMAND}\n```" in readme  # the Tests section says the same
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line for line in ci.splitlines() if line and not line.startswith("#")]
    assert "python3 -m venv \"$venv\"" in commands
    assert ". \"$venv/bin/activate\"" in commands
    assert commands[-1].startswith(README_TEST_COMMAND)
    assert "system-site-packages" not in ci


def test_parallel_by_default():
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^addopts = ".*-n auto', pyproject, flags=re.M)
    assert '"pytest-xdist' in pyproject


def test_no_test_asserts_elapsed_seconds():
    """Costs are bounded by counts (events, bytes, rows, tracemalloc peaks); timings live in bench/."""
    offenders = []
    for path in sorted((REPO / "tests").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bassert\b.*(monotonic|perf_counter|time\.time\(|elapsed)", line):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert offenders == []


def _pytest(*args, terminal: bool) -> str:
    command = [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider", *args]
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS")}
    if not terminal:
        return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120).stdout
    controller, worker = pty.openpty()
    proc = subprocess.Popen(command, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=worker, stderr=worker)
    os.close(worker)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=120)
    os.close(controller)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="pty")
def test_a_terminal_shows_each_test_file_and_a_pipe_does_not():
    target = "tests/test_infra_docs_commands.py::test_the_rules_read_the_docs_as_intended"
    shown = _pytest(target, terminal=True)
    assert "tests/test_infra_docs_commands.py …" in shown, shown
    assert "1 passed" in shown
    piped = _pytest(target, terminal=False)
    assert "1 passed" in piped and "test_infra_docs_commands.py …" not in piped, piped
