"""The findings of ``check`` kept rule by rule (:class:`~village_gov.core.checks.Findings`), and the JSON
writer that reads them without making each one a dict (``render/check_json.py``): its text is
``json.dumps`` of the whole report, whatever the findings hold."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json

import pytest

from village_gov.core.checks import ERROR, INFO, WARNING, CheckReport, Finding, Findings, runs_of
from village_gov.core.i18n import using_lang
from village_gov.render.checks import _print_json
from village_gov.render.safe import json_safe

RUNS = [
    ("branch-too-small", ERROR, [("P1", "roster.rule_branch_too_small", {"name": "一支部", "full": 2, "min": 3})]),
    ("household-unlinked", WARNING, [("H1", "roster.rule_household_unlinked", {"group": "G1"}),
                                     ("H2", "roster.rule_household_unlinked", {"group": "G2"})]),
    ("household-unlinked", WARNING, [("H3", "roster.rule_household_unlinked", {"group": "G3"})]),
    ("member-overloaded", WARNING, []),
    ("position-unused", INFO, [("W1", "micros.rule_position_unused", {"name": "院坝", "village": "V1", "days": 90,
                                                                     "as_of": "2026-10-31", "last": "—"})]),
]


def as_findings(runs) -> list[Finding]:
    return [Finding(rule, severity, *row) for rule, severity, rows in runs for row in rows]


def test_findings_read_like_the_list_of_findings():
    findings, plain = Findings(RUNS), as_findings(RUNS)
    # 1 + 2 + 1 + 0 + 1 rows: 5 findings; the two household-unlinked runs (one rule id) are one run.
    assert len(findings) == 5 and list(findings) == plain and findings == plain and plain == findings
    assert [f.subject for f in findings] == ["P1", "H1", "H2", "H3", "W1"]
    assert findings[0] == plain[0] and findings[3].subject == "H3" and findings[-1].rule == "position-unused"
    assert findings[1:3] == plain[1:3] and findings[::-1] == plain[::-1]
    assert [(rule, len(rows)) for rule, _, rows in findings.runs()] == [
        ("branch-too-small", 1), ("household-unlinked", 3), ("position-unused", 1)]
    assert runs_of(plain) == findings.runs()
    assert findings != plain[:4] and findings != "PHHHW" and Findings() == [] and not Findings()
    with pytest.raises(IndexError):
        findings[5]
    with pytest.raises(IndexError):
        findings[-6]


def _written(report) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        _print_json(report, batch=2)
    return out.getvalue()


# Findings the writer cannot put together from its parts, each written by the general path:
ODD = [
    ("x-rule", WARNING, [
        (7, "roster.rule_household_unlinked", {"group": "G1"}),  # a subject that is not a string
        ("H\u202e1", "roster.rule_household_unlinked", {"group": "G\x7f1"}),  # bidi mark, DEL: escaped
        ("H2", "roster.rule_household_unlinked", {}),  # a parameter missing: the text as it stands
        ("H3", "roster.rule_household_unlinked", {"group": None, "on": True, "ratio": 0.5, "tags": ["a", []]}),
        ("H4", "roster.rule_household_unlinked", {"day": dt.date(2026, 10, 31)}),  # default=str
        ("H5", "roster.rule_household_unlinked", {"group": float("nan")}),  # NaN: json.dumps writes it
        ("H6", "import.unknown_section", {"section": "homes", "hint": "households"}),  # t() adds to these
        ("H7", "valid.unknown_key_of_this_test", {"field": "f", "input": "x"}),  # valid.*: valid.unknown
        ("H8", "nobody.unknown_key", {"a": 1}),  # not in the catalog: the key and its parameters
    ]),
    (ERROR, ERROR, [("S", "check.clean", {})]),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("runs", [RUNS, ODD, RUNS + ODD])
@pytest.mark.parametrize("kept", [Findings, as_findings])
def test_json_of_the_runs_is_the_text_of_the_whole_report(runs, kept, lang):
    report = CheckReport(kept(runs), summary={"households": 3, "linked_households": 2})
    with using_lang(lang):
        expected = json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str) + "\n"
        assert _written(report) == json_safe(expected)
    assert json.loads(_written(report).replace("NaN", "null"))["summary"]["households"] == 3
