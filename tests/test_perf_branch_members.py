"""``check``: a branch's members are its own plus those of the party groups directly under it.

The rules branch-too-small and org-level-mismatch count them with one set-based query (a UNION of
two index joins); this roster has branches with members of their own, through party groups, both,
and neither, and a branch under a branch, whose members are not its parent's.
"""

from __future__ import annotations

import json

from tests.helpers.rosters import places

# V1 has six groups.  P1 党总支 (secretary M1) on top.
#   PA 党支部 (G1): own A1, A2 正式 and A3 预备; party group PA1 (G2) under it: A4, A5 正式;
#                  branch PB (G3) under it too, but a 党支部: its B1, B2 are PB's, not PA's.
#   PC 党支部 (G4): nobody of its own; party group PC1 (G5) under it: C1 正式, C2 预备.
#   PD 党支部 (G6): D1, D2 正式 of its own, no party group.
ROSTER = places(groups=6) + """\
party_orgs:
  - {code: P1, name: 青竹村党总支, level: 党总支, village: V1, secretary: M1}
  - {code: PA, name: 一组党支部, level: 党支部, village: V1, group: G1, parent: P1}
  - {code: PA1, name: 二组党小组, level: 党小组, village: V1, group: G2, parent: PA}
  - {code: PB, name: 三组党支部, level: 党支部, village: V1, group: G3, parent: PA}
  - {code: PC, name: 四组党支部, level: 党支部, village: V1, group: G4, parent: P1}
  - {code: PC1, name: 五组党小组, level: 党小组, village: V1, group: G5, parent: PC}
  - {code: PD, name: 六组党支部, level: 党支部, village: V1, group: G6, parent: P1}
members:
  - {code: M1, name: 张书记, org: P1}
  - {code: A1, name: 甲一, org: PA}
  - {code: A2, name: 甲二, org: PA}
  - {code: A3, name: 甲三, org: PA, status: 预备}
  - {code: A4, name: 甲四, org: PA1}
  - {code: A5, name: 甲五, org: PA1}
  - {code: B1, name: 乙一, org: PB}
  - {code: B2, name: 乙二, org: PB}
  - {code: C1, name: 丙一, org: PC1}
  - {code: C2, name: 丙二, org: PC1, status: 预备}
  - {code: D1, name: 丁一, org: PD}
  - {code: D2, name: 丁二, org: PD}
"""


def _findings(cli, rule: str, *options: str) -> list[tuple]:
    result = cli("check", "--format", "json", "--rule", rule, *options)
    assert result.exit_code in (0, 1), result.output
    return [(f["subject"], f["params"]) for f in json.loads(result.stdout)["findings"]]


def test_branch_too_small_counts_own_and_party_group_members(cli, write_yaml):
    assert cli("import", write_yaml(ROSTER)).exit_code == 0
    # Full members: PA = A1, A2 + A4, A5 = 4 (A3 is 预备; B1, B2 belong to the branch PB);
    # PB = B1, B2 = 2; PC = C1 = 1 (through PC1; C2 is 预备); PD = D1, D2 = 2.
    assert _findings(cli, "branch-too-small") == [
        ("PB", {"name": "三组党支部", "full": 2, "min": 3}),
        ("PC", {"name": "四组党支部", "full": 1, "min": 3}),
        ("PD", {"name": "六组党支部", "full": 2, "min": 3}),
    ]
    # A minimum of 5: PA's 4 falls short too; a minimum of 1: only PC's 1 is enough, nobody short.
    assert [s for s, _ in _findings(cli, "branch-too-small", "--min-branch-members", "5")] == [
        "PA", "PB", "PC", "PD"]
    assert _findings(cli, "branch-too-small", "--min-branch-members", "1") == []


def test_org_level_mismatch_counts_every_status(cli, write_yaml):
    assert cli("import", write_yaml(ROSTER)).exit_code == 0
    # All members, 预备 included: PA = A1, A2, A3 + A4, A5 = 5; PB = 2; PC = C1, C2 = 2; PD = 2.
    assert _findings(cli, "org-level-mismatch", "--max-branch-members", "4") == [("PA", {"members": 5, "max": 4})]
    assert _findings(cli, "org-level-mismatch", "--max-branch-members", "1") == [
        ("PA", {"members": 5, "max": 1}), ("PB", {"members": 2, "max": 1}),
        ("PC", {"members": 2, "max": 1}), ("PD", {"members": 2, "max": 1})]


def test_archived_members_no_longer_count(cli, write_yaml):
    assert cli("import", write_yaml(ROSTER)).exit_code == 0
    # Re-import without A4 (PA's party group) and D1 (PD's own), archiving them with --prune.
    pruned = "\n".join(line for line in ROSTER.splitlines() if "code: A4," not in line and "code: D1," not in line)
    result = cli("import", "--prune", "--yes", write_yaml(pruned, name="pruned.yaml"))
    assert result.exit_code == 0, result.output
    # PA: A1, A2 + A5 = 3 full (not short); PD: D2 = 1.  All statuses: PA = A1, A2, A3, A5 = 4.
    assert _findings(cli, "branch-too-small") == [
        ("PB", {"name": "三组党支部", "full": 2, "min": 3}),
        ("PC", {"name": "四组党支部", "full": 1, "min": 3}),
        ("PD", {"name": "六组党支部", "full": 1, "min": 3}),
    ]
    assert _findings(cli, "org-level-mismatch", "--max-branch-members", "3") == [("PA", {"members": 4, "max": 3})]
