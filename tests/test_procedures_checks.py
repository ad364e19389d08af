"""The procedures' check rules, each tripped and not tripped, with the quorum boundaries."""

from __future__ import annotations

import json

import pytest

from tests.helpers.procedures import ROSTER, decision_yaml


@pytest.fixture
def load(cli, write_yaml):
    assert cli("import", write_yaml(ROSTER, "roster.yaml")).exit_code == 0

    def load(text: str):
        result = cli("import", write_yaml(text, "ledger.yaml"))
        assert result.exit_code == 0, result.output
    return load


def findings(cli, rule, *extra):
    result = cli("check", "--rule", rule, "--format", "json", *extra)
    assert result.exit_code in (0, 1), result.output
    return [(f["subject"], f["params"]) for f in json.loads(result.output)["findings"]]


def reviewed(due, present, approve):
    return f"""
    proposed: {{date: 2026-07-01}}
    deliberated: {{date: 2026-07-02}}
    reviewed: {{date: 2026-07-03, due: {due}, present: {present}, approve: {approve}, oppose: 0, abstain: 0}}
    """


@pytest.mark.parametrize("due, present, approve, trips", [
    (12, 8, 7, False),   # 8 = exactly 2/3 of 12 present: passes; 7 > 6 = half of 12 approve
    (12, 7, 7, True),    # 7 < 8 present
    (12, 8, 6, True),    # 6 = exactly half of the 12 due: not more than half
    (10, 7, 6, False),   # 2/3 of 10 = 6.67, 7 present is enough; 6 > 5
    (10, 6, 6, True),    # 6 < 6.67
])
def test_quorum_of_the_members_assembly(cli, load, due, present, approve, trips):
    load(decision_yaml(steps=reviewed(due, present, approve)))
    found = findings(cli, "decision-quorum")
    assert bool(found) == trips, found


@pytest.mark.parametrize("due, present, approve, trips", [
    (30, 20, 11, False),  # 20 = exactly 2/3 of 30; 11 > 10 = half of the 20 present
    (30, 19, 19, True),   # 19 < 20 present
    (30, 20, 10, True),   # 10 = exactly half of those present
    (30, 24, 13, False),  # 13 > 12: a majority of those present is enough, even if not of those due
])
def test_quorum_of_the_representatives_assembly(cli, load, due, present, approve, trips):
    steps = (
        reviewed(3, 3, 3)
        + f"""
    resolved: {{date: 2026-07-04, body: 村民代表会议, due: {due}, present: {present}, approve: {approve}, oppose: 0, abstain: 0}}
    """
    )
    load(decision_yaml(steps=steps))
    assert bool(findings(cli, "decision-quorum")) == trips


def test_villagers_assembly_not_held_to_the_representatives_quorum(cli, load):
    steps = reviewed(3, 3, 3) + """
    resolved: {date: 2026-07-04, body: 村民会议, due: 300, present: 100, approve: 60, oppose: 0, abstain: 0}
    """
    load(decision_yaml(steps=steps))
    assert findings(cli, "decision-quorum") == []


def test_quorum_finding_names_the_decision_and_what_is_needed(cli, load):
    load(decision_yaml(code="D-7", steps=reviewed(12, 7, 6)))
    found = findings(cli, "decision-quorum")
    # present 7 < 8 (ceil of 2/3 of 12); approve 6 is not more than 6 (half of 12): needs 7.
    assert found == [("D-7", {"step": "reviewed", "step_label": "党员大会审议", "present": 7, "due": 12, "needed": 8}),
                     ("D-7", {"step": "reviewed", "step_label": "党员大会审议", "approve": 6, "due": 12,
                              "present": 7, "needed": 7})]
    result = cli("check", "--rule", "decision-quorum")
    assert result.exit_code == 1 and "D-7" in result.output


def resolved_then(published: str | None) -> str:
    steps = reviewed(3, 3, 3) + """
    resolved: {date: 2026-07-10, body: 村民代表会议, due: 3, present: 3, approve: 3, oppose: 0, abstain: 0}
    """
    if published:
        steps += f"resolution_published: {{date: {published}}}\n"
    return steps


@pytest.mark.parametrize("published, as_of, trips", [
    ("2026-07-17", "2026-12-01", False),  # 7 days after: in time
    ("2026-07-18", "2026-12-01", True),   # 8 days after: late
    (None, "2026-07-17", False),          # not yet, but only 7 days have passed
    (None, "2026-07-18", True),           # 8 days and still not public
    # Published 07-30 (late), judged on 07-15: five days after the resolution, not late yet …
    ("2026-07-30", "2026-07-15", False),
    # … judged on 07-20: ten days and the publication (07-30) has not happened yet on that day.
    ("2026-07-30", "2026-07-20", True),
])
def test_decision_unpublished(cli, load, published, as_of, trips):
    load(decision_yaml(steps=resolved_then(published)))
    assert bool(findings(cli, "decision-unpublished", "--as-of", as_of)) == trips


@pytest.mark.parametrize("as_of, trips", [("2026-08-02", False), ("2026-08-03", True), ("2026-06-01", False)])
def test_decision_stalled_relative_to_as_of(cli, load, as_of, trips):
    # The last step is on 2026-07-03: 30 days later (08-02) is not yet stalled, 31 days (08-03) is;
    # judged on 06-01 the decision had no step yet.
    load(decision_yaml(steps=reviewed(3, 3, 3)))
    found = findings(cli, "decision-stalled", "--as-of", as_of)
    assert bool(found) == trips
    if trips:
        assert found[0][0] == "D1" and found[0][1]["step"] == "reviewed" and found[0][1]["days"] == 31


def test_finished_decision_never_stalls_and_threshold_is_an_option(cli, load):
    from tests.helpers.procedures import FULL_STEPS

    load(
        decision_yaml(steps=FULL_STEPS) + decision_yaml(code="D2", steps=reviewed(3, 3, 3)).replace("decisions:\n", "")
    )
    assert [s for s, _ in findings(cli, "decision-stalled", "--as-of", "2027-01-01")] == ["D2"]
    assert findings(cli, "decision-stalled", "--as-of", "2026-07-20", "--stalled-days", "10") == \
        [("D2", {"title": "道路硬化", "step": "reviewed", "step_label": "党员大会审议", "date": "2026-07-03",
                 "days": 17})]


def test_decision_no_supervisor(cli, load):
    load(decision_yaml(code="D1", supervisor=None, steps=reviewed(3, 3, 3))
         + decision_yaml(code="D2", steps=reviewed(3, 3, 3)).replace("decisions:\n", ""))
    assert [s for s, _ in findings(cli, "decision-no-supervisor")] == ["D1"]


DISCLOSURES = """
disclosures:
  - {code: A1, village: V01, date: 2026-07-05, kind: 财务}
  - {code: A2, village: V01, date: 2026-07-06, kind: 党务}
  - {code: A3, village: V01, date: 2026-07-07, kind: 村务}
  - {code: A4, village: V01, date: 2026-08-31, kind: 财务}
  - {code: A5, village: V01, date: 2026-10-01, kind: 财务}
  - {code: A6, village: V01, date: 2026-10-02, kind: 党务}
"""


def test_disclosure_overdue_by_cadence(cli, load):
    load(DISCLOSURES)
    # As of 2026-11-15: months over since V01's first disclosure (07-05) are 07, 08, 09, 10; 财务 is
    # missing in 09 and 10 has one.  Quarters over: 2026Q3 (党务 and 村务 present).  2026Q4 is not over.
    # V02 has no disclosure at all.
    found = findings(cli, "disclosure-overdue", "--as-of", "2026-11-15")
    assert found == [("V01", {"kind": "财务", "period": "2026-09"}), ("V02", {})]
    # As of 2027-01-05: also 财务 11 and 12, and 2026Q4 村务 (党务 was disclosed on 10-02).
    found = findings(cli, "disclosure-overdue", "--as-of", "2027-01-05")
    assert [p.get("period") for s, p in found if s == "V01"] == ["2026Q4", "2026-09", "2026-11", "2026-12"]


def test_disclosure_cadence_is_configurable(cli, load):
    load(DISCLOSURES)
    found = findings(cli, "disclosure-overdue", "--as-of", "2026-11-15", "--cadence", "finance=quarter",
                     "--cadence", "党务=month")
    # 财务 quarterly: 2026Q3 has three.  党务 monthly: 08 and 09 have none; 07 and 10 do.
    assert [(p.get("kind"), p.get("period")) for s, p in found if s == "V01"] == [
        ("党务", "2026-08"),
        ("党务", "2026-09"),
    ]


def test_no_disclosures_at_all_gives_no_findings(cli, load):
    assert findings(cli, "disclosure-overdue", "--as-of", "2026-11-15") == []


@pytest.mark.parametrize("args, text", [
    (["--as-of", "2026-02-30"], "--as-of"),
    (["--cadence", "财务=weekly"], "weekly"),
])
def test_bad_check_options_exit_2(cli, load, args, text):
    result = cli("check", *args)
    assert result.exit_code == 2 and text in result.stderr


def test_rule_messages_in_english(cli, load):
    load(decision_yaml(code="D-7", supervisor=None, steps=reviewed(12, 7, 7)))
    result = cli("--lang", "en", "check", "--rule", "decision-quorum", "--rule", "decision-no-supervisor",
                 "--format", "json")
    messages = [f["message"] for f in json.loads(result.output)["findings"]]
    assert messages == [
        "reviewed by the party members' assembly: 7 present, fewer than two thirds of the 12 due (at least 8)",
        "“道路硬化” names no supervisor (村务监督委员会)",
    ]
