"""Crash safety: an import, a merge and a batch of ledger commands (service log, consult log, request
update) killed with SIGKILL at random points leave the database sound and in exactly the state before
or after the killed command, never a mix.  A dozen kills here; the long run is ``bench/faults.py``."""

from __future__ import annotations

import sys

import pytest
from crash_support import LOG_BATCH, run_kills

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def test_commands_killed_at_random_points_leave_before_or_after(tmp_path):
    # 12 kills, in turn: import, merge, log, log → 3 imports, 3 merges, 6 log commands.
    # The time budget is generous: on a loaded machine every command runs slower (CI is quieter).
    report = run_kills(tmp_path, kills=12, seed=8, time_budget=150, kinds=("import", "merge", "log"),
                       weights={"log": 2})
    assert report.tried >= 8, report
    assert report.unsound == [], report
    assert report.mixed == 0 and report.rows_lost == 0, report
    assert report.verified == report.tried
    assert {"import", "merge"} <= set(report.per_kind), report.per_kind
    assert {"service log", "consult log", "request update"} <= set(report.per_kind), report.per_kind
    # Most kills must land while the command runs, or the test proves nothing.
    assert report.killed >= report.tried // 2, report
    assert len(LOG_BATCH) == 7
