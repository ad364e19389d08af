"""Crash safety: an import, a merge and a batch of ledger commands (service log, consult log, request
update) killed with SIGKILL at random points leave the database sound and in exactly the state before
or after the killed command, never a mix.  Six kills here; the long run is ``bench/faults.py``."""

from __future__ import annotations

import sys

import pytest

from tests.helpers.crash import LOG_BATCH, run_kills

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def test_commands_killed_at_random_points_leave_before_or_after(tmp_path):
    # 6 kills, in turn: import, merge, then the first three commands of the log batch (service log,
    # consult log, request update), then import again.  The long run (60 kills over the whole batch)
    # is bench/faults.py.
    report = run_kills(tmp_path, kills=6, seed=8, kinds=("import", "merge", "log"), weights={"log": 3},
                       log_commands=3)
    assert report.tried == 6, report
    assert report.unsound == [], report
    assert report.mixed == 0 and report.rows_lost == 0, report
    assert report.verified == report.tried
    assert set(report.per_kind) == {"import", "merge", "service log", "consult log", "request update"}, \
        report.per_kind
    # Most kills must land while the command runs, or the test proves nothing.
    assert report.killed >= report.tried // 2, report
    assert len(LOG_BATCH) == 7
