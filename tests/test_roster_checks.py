"""``village-gov check``: every rule on a roster that trips it and on one that does not.

The clean roster (tests/helpers/rosters.py) trips nothing; each test changes one thing and
works out by hand what the rule must say.
"""

from __future__ import annotations

import json

import pytest

from tests.helpers.rosters import check_json, clean_roster, dump, findings, record


@pytest.fixture
def load(cli, tmp_path):
    """Import a roster given as data; fails the test if the import is refused."""

    def load(roster: dict, *options: str, name: str = "roster.yaml"):
        result = cli("import", *options, dump(roster, tmp_path / name))
        assert result.exit_code == 0, result.output

    return load


def test_clean_roster_has_no_findings(cli, load):
    load(clean_roster())
    code, report = check_json(cli)
    assert code == 0
    assert report["findings"] == []
    # 4 households, each with one liaising member: 4/4 = 100.0 %.
    assert report["summary"] == {"households": 4, "linked_households": 4, "liaison_coverage_pct": 100.0,
                                 "errors": 0, "warnings": 0, "infos": 0}
    table = cli("check")
    assert table.exit_code == 0
    assert "未发现问题" in table.stdout


def test_json_structure(cli, load):
    roster = clean_roster()
    roster["households"].append({"code": "H5", "head": "陈五", "group": "G2", "size": 1})
    load(roster)
    code, report = check_json(cli)
    assert set(report) == {"summary", "findings"}
    assert set(report["summary"]) == {"households", "linked_households", "liaison_coverage_pct",
                                      "errors", "warnings", "infos"}
    (finding,) = report["findings"]
    assert set(finding) == {"rule", "severity", "subject", "message", "params"}
    assert finding["rule"] == "household-unlinked" and finding["severity"] == "warning"
    assert finding["subject"] == "H5" and finding["params"] == {"group": "G2"}
    assert finding["message"] == "农户（G2）没有联系党员"


# --- group-without-party-org ---------------------------------------------------

def test_group_without_party_org(cli, load):
    roster = clean_roster()
    roster["groups"].append({"code": "G3", "name": "三组", "village": "V1"})
    load(roster)
    code, report = check_json(cli)
    assert findings(report, "group-without-party-org") == [("G3", {"name": "三组", "village": "V1"})]
    assert code == 1  # an error


def test_group_with_party_group_only_is_covered(cli, load):
    # G2 has only a 党小组 (P3): that counts as coverage; the clean roster shows no finding for G2.
    load(clean_roster())
    _, report = check_json(cli, "--rule", "group-without-party-org")
    assert report["findings"] == []


# --- branch-too-small ----------------------------------------------------------

def test_branch_counts_its_party_groups_members(cli, load):
    # P2 has two members of its own (M2, M3); M4 of the party group P3 under it makes 3.
    # With a minimum of 4, P2 (3 full) is too small; the party group P3 itself is not a branch.
    load(clean_roster())
    code, report = check_json(cli, "--min-branch-members", "4")
    assert findings(report, "branch-too-small") == [("P2", {"name": "一组党支部", "full": 3, "min": 4})]
    assert code == 1


def test_branch_without_its_party_group_is_too_small(cli, load):
    # Move the party group P3 under the 党总支 P1: P2 keeps M2 and M3 only, 2 < 3.
    roster = clean_roster()
    record(roster, "party_orgs", "P3")["parent"] = "P1"
    load(roster)
    _, report = check_json(cli)
    assert findings(report, "branch-too-small") == [("P2", {"name": "一组党支部", "full": 2, "min": 3})]


def test_probationary_members_do_not_count(cli, load):
    # M4 becomes 预备: P2 has M2, M3 full + M4 probationary = 2 full.
    roster = clean_roster()
    record(roster, "members", "M4")["status"] = "预备"
    load(roster)
    code, report = check_json(cli)
    assert findings(report, "branch-too-small") == [("P2", {"name": "一组党支部", "full": 2, "min": 3})]
    assert code == 1


def test_branch_with_no_members_at_all(cli, load):
    # A 党支部 with nobody: 0 full members (the LEFT JOIN must still report it).
    roster = clean_roster()
    roster["groups"].append({"code": "G3", "name": "三组", "village": "V1"})
    roster["party_orgs"].append({"code": "P4", "name": "三组党支部", "level": "branch", "village": "V1",
                                 "group": "G3", "parent": "P1"})
    load(roster)
    _, report = check_json(cli)
    assert findings(report, "branch-too-small") == [("P4", {"name": "三组党支部", "full": 0, "min": 3})]


# --- org-level-mismatch --------------------------------------------------------

def _big_branch(own: int, in_group: int) -> dict:
    roster = clean_roster()
    for i in range(own):
        roster["members"].append({"code": f"MB{i}", "name": f"党员{i}", "org": "P2"})
    for i in range(in_group):
        roster["members"].append({"code": f"MG{i}", "name": f"组员{i}", "org": "P3", "status": "预备"})
    return roster


def test_org_level_mismatch_counts_party_groups(cli, load):
    # P2: M2, M3 + 20 own = 22; party group P3: M4 + 28 = 29 (27 of them 预备, which count here);
    # 22 + 29 = 51 > 50.
    load(_big_branch(20, 28))
    code, report = check_json(cli)
    assert findings(report, "org-level-mismatch") == [("P2", {"members": 51, "max": 50})]
    assert report["summary"]["errors"] == 0
    assert code == 0  # a warning only


def test_org_level_mismatch_at_exactly_fifty_is_silent(cli, load):
    # 22 + 28 = 50: not more than 50.
    load(_big_branch(20, 27))
    _, report = check_json(cli)
    assert findings(report, "org-level-mismatch") == []


def test_org_level_mismatch_threshold_option(cli, load):
    load(clean_roster())
    _, report = check_json(cli, "--max-branch-members", "2")
    # P2 has 3 members (M2, M3, M4) > 2.
    assert findings(report, "org-level-mismatch") == [("P2", {"members": 3, "max": 2})]


# --- village-without-party-org / village-without-secretary / not-one-shoulder -----

def test_village_without_party_org(cli, load):
    roster = clean_roster()
    roster["villages"].append({"code": "V2", "name": "白鹤村", "township": "T1"})
    load(roster)
    code, report = check_json(cli)
    assert findings(report, "village-without-party-org") == [("V2", {"name": "白鹤村"})]
    assert findings(report, "village-without-secretary") == []
    assert code == 1


def test_village_with_only_group_level_orgs_has_no_party_org(cli, load):
    # A group branch without a village-level organization above it does not make one.
    roster = clean_roster()
    roster["villages"].append({"code": "V2", "name": "白鹤村", "township": "T1"})
    roster["groups"].append({"code": "G9", "name": "一组", "village": "V2"})
    roster["party_orgs"].append({"code": "P9", "name": "白鹤一组党支部", "level": "党支部",
                                 "village": "V2", "group": "G9"})
    load(roster)
    _, report = check_json(cli, "--rule", "village-without-party-org")
    assert findings(report, "village-without-party-org") == [("V2", {"name": "白鹤村"})]


def test_village_without_secretary(cli, load):
    roster = clean_roster()
    del record(roster, "party_orgs", "P1")["secretary"]
    load(roster)
    code, report = check_json(cli)
    assert findings(report, "village-without-secretary") == [("V1", {"org": "P1"})]
    # No secretary, so nothing to say about 一肩挑.
    assert findings(report, "not-one-shoulder") == []
    assert code == 1


def test_not_one_shoulder(cli, load):
    # The director is a non-party cadre; the secretary M1 holds 书记 only.
    roster = clean_roster()
    roster["cadres"] = [{"village": "V1", "member": "M1", "posts": ["党组织书记"]},
                        {"village": "V1", "name": "刘主任", "posts": ["村委会主任"]}]
    load(roster)
    code, report = check_json(cli)
    assert findings(report, "not-one-shoulder") == [("V1", {"secretary": "M1"})]
    assert code == 0  # a warning only
    assert cli("check", "--strict").exit_code == 1


def test_one_shoulder_through_english_post_alias(cli, load):
    roster = clean_roster()
    roster["cadres"] = [{"village": "V1", "member": "M1", "posts": ["secretary", "director"]}]
    load(roster)
    _, report = check_json(cli)
    assert report["findings"] == []


# --- household-unlinked ----------------------------------------------------------

def test_household_unlinked_and_coverage(cli, load):
    roster = clean_roster()
    roster["households"].append({"code": "H5", "head": "陈五", "group": "G2", "size": 1})
    load(roster)
    code, report = check_json(cli)
    assert findings(report, "household-unlinked") == [("H5", {"group": "G2"})]
    # 4 of 5 households linked: 80.0 %.
    assert report["summary"]["linked_households"] == 4
    assert report["summary"]["liaison_coverage_pct"] == 80.0
    assert code == 0
    table = cli("check")
    assert "党员联系户覆盖率：4/5 户（80.0%）" in table.stdout
    assert "0 个错误，1 个警告，0 条提示" in table.stdout
    assert cli("check", "--strict").exit_code == 1


def test_coverage_rounds_to_one_decimal(cli, load):
    # 4 linked of 6: 66.666… → 66.7.
    roster = clean_roster()
    roster["households"] += [{"code": "H5", "head": "陈五", "group": "G2", "size": 1},
                             {"code": "H6", "head": "陈六", "group": "G1", "size": 1}]
    load(roster)
    _, report = check_json(cli)
    assert report["summary"]["liaison_coverage_pct"] == 66.7
    assert [s for s, _ in findings(report, "household-unlinked")] == ["H5", "H6"]


# --- member-overloaded -------------------------------------------------------------

def _liaising(count: int) -> dict:
    # M1 liaises with H1 plus count-1 new households of G1.
    roster = clean_roster()
    for i in range(2, count + 1):
        roster["households"].append({"code": f"HX{i}", "head": f"户主{i}", "group": "G1", "size": 2})
        record(roster, "members", "M1")["households"].append(f"HX{i}")
    return roster


def test_member_overloaded(cli, load):
    load(_liaising(11))
    code, report = check_json(cli)
    assert findings(report, "member-overloaded") == [("M1", {"name": "张书记", "households": 11, "max": 10})]
    assert code == 0


def test_ten_households_is_within_the_norm(cli, load):
    load(_liaising(10))
    _, report = check_json(cli)
    assert findings(report, "member-overloaded") == []


def test_max_households_option(cli, load):
    load(_liaising(6))
    _, report = check_json(cli, "--max-households", "5")
    assert findings(report, "member-overloaded") == [("M1", {"name": "张书记", "households": 6, "max": 5})]
    _, report = check_json(cli, "--max-households", "6")
    assert findings(report, "member-overloaded") == []


# --- cross-village-liaison ------------------------------------------------------------

def test_cross_village_liaison(cli, load):
    roster = clean_roster()
    roster["villages"].append({"code": "V2", "name": "白鹤村", "township": "T1"})
    roster["groups"].append({"code": "G9", "name": "一组", "village": "V2"})
    roster["households"].append({"code": "H9", "head": "陈九", "group": "G9", "size": 3})
    record(roster, "members", "M2")["households"].append("H9")
    load(roster)
    _, report = check_json(cli, "--rule", "cross-village-liaison")
    assert findings(report, "cross-village-liaison") == [
        ("M2", {"household": "H9", "member_village": "V1", "household_village": "V2"})]
    assert [f["rule"] for f in report["findings"]] == ["cross-village-liaison"]


# --- exit codes, --rule, --strict ----------------------------------------------------------

def test_errors_before_warnings_and_exit_codes(cli, load):
    roster = clean_roster()
    record(roster, "members", "M4")["status"] = "预备"        # branch-too-small (error)
    roster["households"].append({"code": "H5", "head": "陈五", "group": "G2", "size": 1})  # warning
    load(roster)
    code, report = check_json(cli)
    assert code == 1
    assert [(f["severity"], f["rule"]) for f in report["findings"]] == [
        ("error", "branch-too-small"), ("warning", "household-unlinked")]
    # Only the warning rule: exit 0, and 1 with --strict.
    code, report = check_json(cli, "--rule", "household-unlinked")
    assert code == 0 and [f["rule"] for f in report["findings"]] == ["household-unlinked"]
    assert cli("check", "--rule", "household-unlinked", "--strict").exit_code == 1
    # Two --rule options select both.
    code, report = check_json(cli, "--rule", "household-unlinked", "--rule", "branch-too-small")
    assert code == 1 and len(report["findings"]) == 2


def test_unknown_rule_is_usage_error(cli, load):
    load(clean_roster())
    result = cli("check", "--rule", "no-such-rule")
    assert result.exit_code == 2
    assert "no-such-rule" in result.stderr and "branch-too-small" in result.stderr
    assert "Traceback" not in result.output


def test_check_table_and_csv(cli, load):
    roster = clean_roster()
    roster["households"].append({"code": "H5", "head": "陈五", "group": "G2", "size": 1})
    load(roster)
    table = cli("check")
    assert "household-unlinked" in table.stdout and "警告" in table.stdout
    csv_out = cli("check", "--format", "csv").stdout.splitlines()
    assert csv_out[0] == "severity,rule,subject,message"
    assert csv_out[1] == "warning,household-unlinked,H5,农户（G2）没有联系党员"


def test_check_on_a_missing_database_and_an_empty_one(cli, write_yaml, db_path):
    # A database that does not exist (a mistyped --db) is refused, not created: exit 3.
    missing = cli("check")
    assert missing.exit_code == 3 and "数据库不存在" in missing.stderr and not db_path.exists()
    # An imported roster with no households: nothing to find, no coverage figure, exit 0.
    assert cli("import", write_yaml("townships:\n  - {code: T1, name: 青竹镇, kind: 镇}\n")).exit_code == 0
    result = cli("check", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["liaison_coverage_pct"] is None


# --- archived records are out of the checks ------------------------------------------------

def test_pruned_member_no_longer_links_households(cli, load):
    # M4 (the only liaison of H4) leaves the roster and is pruned: H4 is now unlinked,
    # coverage 3/4 = 75.0 %, and P2 keeps M2 and M3 only: 2 full members.
    load(clean_roster())
    roster = clean_roster()
    roster["members"] = [m for m in roster["members"] if m["code"] != "M4"]
    load(roster, "--prune", "--yes")
    _, report = check_json(cli)
    assert findings(report, "household-unlinked") == [("H4", {"group": "G2"})]
    assert report["summary"]["linked_households"] == 3
    assert report["summary"]["liaison_coverage_pct"] == 75.0
    assert findings(report, "branch-too-small") == [("P2", {"name": "一组党支部", "full": 2, "min": 3})]


def test_pruned_households_are_out_of_the_checks(cli, load):
    # M1 liaised with 11 households; HX10 and HX11 leave the roster (and M1's list) and are
    # pruned: 9 left, within the norm, and the pruned ones are not reported as unlinked.
    load(_liaising(11))
    load(_liaising(9), "--prune", "--yes")
    _, report = check_json(cli)
    assert report["findings"] == []
    assert report["summary"]["households"] == 4 + 8  # H1..H4 and HX2..HX9


def test_check_table_groups_findings_under_their_rule(cli, load):
    # Two unlinked households (H5, H6) and one over-loaded member: each rule id is printed once,
    # as a heading with its count, above its findings; every line fits 80 columns.
    from rich.cells import cell_len

    roster = clean_roster()
    roster["households"] += [{"code": "H5", "head": "陈五", "group": "G2", "size": 1},
                             {"code": "H6", "head": "陈六", "group": "G2", "size": 2}]
    load(roster)
    out = cli("check", "--max-households", "0").stdout
    lines = out.splitlines()
    assert lines.count("警告 · household-unlinked (2)") == 1
    assert out.count("household-unlinked") == 1
    heading = lines.index("警告 · household-unlinked (2)")
    assert [line.split()[0] for line in lines[heading + 1:heading + 3]] == ["H5", "H6"]
    assert all(cell_len(line.rstrip()) <= 80 for line in lines)
