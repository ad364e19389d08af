"""``member-overloaded`` and ``cross-village-liaison`` read the liaisons in one pass per check run, and
``duplicate-id-number`` / ``duplicate-person`` the members in one: each rule still says what it said
alone, and a run after a change reads the ledger again."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from tests.helpers.rosters import check_json, clean_roster, dump, findings, record
from village_gov.core.checks import CheckOptions, run_checks
from village_gov.ledgers.roster.checks import RosterCheckOptions

LIAISON_RULES = ["member-overloaded", "cross-village-liaison"]


def _two_villages() -> dict:
    # The clean roster (V1; M2 of P2 liaises with H2) plus village V2 with group G9 and households
    # H9, H8 that M2 (a V1 member) also liaises with: M2 has 3 households, 2 of them in V2.
    roster = clean_roster()
    roster["villages"].append({"code": "V2", "name": "白鹤村", "township": "T1"})
    roster["groups"].append({"code": "G9", "name": "一组", "village": "V2"})
    roster["households"] += [{"code": "H9", "head": "陈九", "group": "G9", "size": 3},
                             {"code": "H8", "head": "陈八", "group": "G9", "size": 2}]
    record(roster, "members", "M2")["households"] += ["H9", "H8"]
    return roster


def test_both_liaison_rules_from_one_pass(cli, tmp_path):
    assert cli("import", dump(_two_villages(), tmp_path / "r.yaml")).exit_code == 0
    _, report = check_json(cli, "--max-households", "2", *[a for r in LIAISON_RULES for a in ("--rule", r)])
    # M2: H2, H9, H8 = 3 > 2; the other members have 1 each.
    assert findings(report, "member-overloaded") == [("M2", {"name": "李二", "households": 3, "max": 2})]
    # M2's two households of V2, listed by household code (H8 before H9, whatever order they were given in).
    assert findings(report, "cross-village-liaison") == [
        ("M2", {"household": "H8", "member_village": "V1", "household_village": "V2"}),
        ("M2", {"household": "H9", "member_village": "V1", "household_village": "V2"})]
    # Each rule alone: the same findings.
    for rule in LIAISON_RULES:
        _, alone = check_json(cli, "--max-households", "2", "--rule", rule)
        assert findings(alone, rule) == findings(report, rule)


def test_a_run_after_a_change_reads_the_ledger_again(cli, tmp_path, db_path):
    assert cli("import", dump(_two_villages(), tmp_path / "r.yaml")).exit_code == 0
    db = Database(sqlite3.connect(db_path))
    options = CheckOptions(as_of="2026-10-31", ledgers={"roster": RosterCheckOptions(max_households=2)})

    def subjects():
        report = run_checks(db, options, only=LIAISON_RULES)
        return [(f.rule, f.subject, f.params.get("household")) for f in report.findings]

    assert subjects() == [("cross-village-liaison", "M2", "H8"), ("cross-village-liaison", "M2", "H9"),
                          ("member-overloaded", "M2", None)]
    # H8 moves away (archived): M2 has H2 and H9, 2 households (not more than 2), one in V2.
    db.execute("UPDATE households SET archived = 1 WHERE code = 'H8'")
    assert subjects() == [("cross-village-liaison", "M2", "H9")]
    # Same options, another township judged: nothing of T1 is read for it.
    options.township = "T9"
    assert subjects() == []
