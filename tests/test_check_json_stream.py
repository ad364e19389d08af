"""``check --format json`` is written finding by finding: the same text as ``json.dumps`` of the whole report."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json

import pytest

from village_gov.core.checks import ERROR, WARNING, CheckReport, Finding
from village_gov.render.checks import _print_json


def _written(report, batch: int) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        _print_json(report, batch=batch)
    return out.getvalue()


FINDINGS = [
    Finding("household-unlinked", WARNING, "H1", "roster.household_unlinked", {"code": "H1"}),
    Finding("member-overloaded", ERROR, "M1", "roster.member_overloaded", {"code": "M1", "count": 12, "max": 10}),
    # A value json.dumps writes with default=str (a date), a nested list, text needing escapes.
    Finding("x-rule", ERROR, "V\"1\"\n", "x.unknown_key", {"day": dt.date(2026, 10, 31), "codes": ["a", ["b"]]}),
]


@pytest.mark.parametrize("findings", [[], FINDINGS[:1], FINDINGS])
@pytest.mark.parametrize("batch", [1, 2, 2000])
def test_streamed_json_is_the_text_of_the_whole_report(findings, batch):
    report = CheckReport(list(findings), summary={"households": 3, "linked_households": 2})
    expected = json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str) + "\n"
    assert _written(report, batch) == expected
    assert json.loads(_written(report, batch))["summary"]["errors"] == sum(f.severity == ERROR for f in findings)


def test_check_json_on_the_command_line(cli, small_roster):
    assert cli("import", small_roster).exit_code in (0,)
    result = cli("check", "--format", "json")
    data = json.loads(result.stdout)
    assert set(data) == {"summary", "findings"}
    assert len(data["findings"]) == data["summary"]["errors"] + data["summary"]["warnings"] + data["summary"]["infos"]
