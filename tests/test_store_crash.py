"""Crash safety: an import, a merge and a batch of ledger commands (service log, consult log, request
update) killed with SIGKILL at random points leave the database sound and in exactly the state before
or after the killed command, never a mix.  Six kills here, in three tests (one per kind of command, so
the test processes share them out); the long run is ``bench/faults.py``."""

from __future__ import annotations

import sys

import pytest

from tests.helpers.crash import LOG_BATCH, run_kills

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


@pytest.mark.parametrize(("kind", "kills", "weight", "commands"), [
    # Two kills of the import, both at a random time within its run.
    ("import", 2, 1, {"import"}),
    # One kill of a merge into a county, at a random time.
    ("merge", 1, 1, {"merge"}),
    # The first three commands of the log batch, each on the state the one before left: killed at a
    # random time, once the write-ahead log has grown past a random size, at a random time.
    ("log", 3, 3, {"service log", "consult log", "request update"}),
])
def test_commands_killed_at_random_points_leave_before_or_after(tmp_path, kind, kills, weight, commands):
    report = run_kills(tmp_path, kills=kills, seed=8, kinds=(kind,), weights={kind: weight}, log_commands=3)
    assert report.tried == kills, report
    assert report.unsound == [], report
    assert report.mixed == 0 and report.rows_lost == 0, report
    assert report.verified == report.tried
    assert set(report.per_kind) == commands, report.per_kind
    # Most kills must land while the command runs, or the test proves nothing.
    assert report.killed >= report.tried // 2, report
    assert len(LOG_BATCH) == 7
