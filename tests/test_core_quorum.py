"""One quorum arithmetic serves the decisions' 党员大会审议 and both branch assemblies of the development
procedure: the test imports the one function and calls it for all three, and the rules use that very
function (not a copy)."""

from __future__ import annotations

import sqlite3

from village_gov.core.quorum import (
    BRANCH_ASSEMBLY,
    DECISION_REPRESENTATIVES,
    DECISION_REVIEW,
    quorum,
    quorum_fails_sql,
)


def _shorts(rule, due, present, approve):
    return [(s.what, s.needed) for s in quorum(rule, due, present, approve)]


def test_decision_review_two_thirds_present_and_more_than_half_of_due():
    # 15 due: two thirds is exactly 10 (passes); 9 is short.  More than half of 15 is 8.
    assert _shorts(DECISION_REVIEW, 15, 10, 8) == []
    assert _shorts(DECISION_REVIEW, 15, 9, 8) == [("present", 10)]
    assert _shorts(DECISION_REVIEW, 15, 10, 7) == [("approve", 8)]
    # 村民代表会议: more than half of those PRESENT (12 present: 7 needed, 6 is exactly half).
    assert _shorts(DECISION_REPRESENTATIVES, 15, 12, 7) == []
    assert _shorts(DECISION_REPRESENTATIVES, 15, 12, 6) == [("approve", 7)]


def test_admission_meeting_more_than_half_of_the_voting_members():
    # 20 with a vote: 11 present and 11 for pass; exactly half (10) fails, each counted.
    assert _shorts(BRANCH_ASSEMBLY, 20, 11, 11) == []
    assert _shorts(BRANCH_ASSEMBLY, 20, 10, 10) == [("present", 11), ("approve", 11)]


def test_conversion_meeting_same_rule_odd_count():
    # 21 with a vote: more than half is 11 (22 > 21); 10 is short.
    assert _shorts(BRANCH_ASSEMBLY, 21, 11, 11) == []
    assert _shorts(BRANCH_ASSEMBLY, 21, 16, 10) == [("approve", 11)]


def test_the_rules_call_this_function_and_its_sql_agrees_with_it():
    from village_gov.core import quorum as shared
    from village_gov.ledgers.development import checks as development
    from village_gov.ledgers.procedures import checks as procedures

    assert development.quorum is shared.quorum and procedures.quorum is shared.quorum
    assert development.quorum_fails_sql is shared.quorum_fails_sql is procedures.quorum_fails_sql
    conn = sqlite3.connect(":memory:")
    for rule in (DECISION_REVIEW, DECISION_REPRESENTATIVES, BRANCH_ASSEMBLY):
        condition = quorum_fails_sql(rule, "?1", "?2", "?3")
        for due in range(1, 16):
            for present in range(due + 1):
                for approve in range(present + 1):
                    fails = conn.execute(f"SELECT {condition}", [due, present, approve]).fetchone()[0]
                    assert bool(fails) == bool(quorum(rule, due, present, approve)), (rule, due, present, approve)
