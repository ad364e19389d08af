"""Archived records (``import --prune``) no longer count in the liaison rules.

A member who left (archived) no longer looks after anyone, and a household that
moved away (archived) no longer weighs on its member's load.
"""

from __future__ import annotations

import json

from tests.helpers.rosters import SMALL_ROSTER


def _findings(cli, *options):
    result = cli("check", "--format", "json", *options)
    report = json.loads(result.output)
    return {(f["rule"], f["subject"]) for f in report["findings"]}, report["summary"]


def test_archived_member_no_longer_links_households(cli, write_yaml):
    cli("import", write_yaml(SMALL_ROSTER))
    found, summary = _findings(cli, "--rule", "household-unlinked")
    # SMALL_ROSTER: H1-H6 are in some member's list, H7 in none -> 6 of 7 linked.
    assert found == {("household-unlinked", "H7")}
    assert (summary["linked_households"], summary["households"]) == (6, 7)
    # M7 (the only member liaising with H6) leaves: his record is dropped and pruned.
    without_m7 = "\n".join(line for line in SMALL_ROSTER.splitlines() if "code: M7," not in line)
    result = cli("import", "--prune", "--yes", write_yaml(without_m7, "roster2.yaml"))
    assert result.exit_code == 0, result.output
    found, summary = _findings(cli, "--rule", "household-unlinked")
    assert found == {("household-unlinked", "H6"), ("household-unlinked", "H7")}
    # 5 of 7 linked: 71.43 % -> 71.4
    assert (summary["linked_households"], summary["liaison_coverage_pct"]) == (5, 71.4)


def test_archived_household_no_longer_counts_towards_a_members_load(cli, write_yaml):
    roster = SMALL_ROSTER.replace("code: M2, name: 李四, gender: 男, org: P2, households: [H2]",
                                  "code: M2, name: 李四, gender: 男, org: P2, households: [H2, H3, H7]")
    assert cli("import", write_yaml(roster)).exit_code == 0
    found, _ = _findings(cli, "--rule", "member-overloaded", "--max-households", "2")
    assert found == {("member-overloaded", "M2")}  # H2, H3, H7: 3 > 2
    # H7 moves away and is pruned; M2's list still names it (allowed: H7 is kept, archived).
    moved = "\n".join(line for line in roster.splitlines() if "code: H7," not in line)
    result = cli("import", "--prune", "--yes", write_yaml(moved, "roster2.yaml"))
    assert result.exit_code == 0, result.output
    found, _ = _findings(cli, "--rule", "member-overloaded", "--max-households", "2")
    assert found == set()  # H2, H3: 2, not more than 2
