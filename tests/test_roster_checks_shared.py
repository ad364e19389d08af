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


def test_unlinked_households_whatever_their_liaisons_name(cli, tmp_path, db_path):
    # The clean roster (H1–H4 each with a live member) plus H5–H9 in G1, and member M5 (P2) who
    # liaises with H6 and H9; M2 also liaises with H9.
    roster = clean_roster()
    roster["households"] += [{"code": f"H{i}", "head": f"户主{i}", "group": "G1", "size": 1} for i in range(5, 10)]
    roster["members"].append({"code": "M5", "name": "钱五", "org": "P2", "households": ["H6", "H9"]})
    record(roster, "members", "M2")["households"].append("H9")
    assert cli("import", dump(roster, tmp_path / "r.yaml")).exit_code == 0
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys = OFF")  # a liaison naming no member of the roster, as an old file may hold
    conn.execute("UPDATE members SET archived = 1 WHERE code = 'M5'")
    conn.executemany("INSERT INTO liaisons (member, household) VALUES (?, ?)", [("MX", "H7"), (None, "H8")])
    conn.commit()
    conn.close()
    _, report = check_json(cli, "--rule", "household-unlinked")
    # H5: no liaison; H6: only the archived M5; H7: only a member not in the roster; H8: only a liaison
    # without a member. H9 keeps M2 (live) beside M5: linked.  H1–H4: linked.
    assert [s for s, _ in findings(report, "household-unlinked")] == ["H5", "H6", "H7", "H8"]
    # 9 households, 5 linked (H1–H4, H9): 55.6 %.
    assert (report["summary"]["households"], report["summary"]["linked_households"]) == (9, 5)
