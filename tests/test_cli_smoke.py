"""End-to-end smoke: import a small roster, print the tree, run the checks."""

import json


def test_import_then_tree_json(cli, small_roster):
    result = cli("import", small_roster)
    assert result.exit_code == 0, result.output
    result = cli("org", "tree", "--format", "json")
    assert result.exit_code == 0, result.output
    roots = json.loads(result.output)
    assert [r["code"] for r in roots] == ["T1"]
    township = roots[0]
    assert township["villages"] == 2
    assert township["members"] == 8
    v1 = township["children"][0]
    assert v1["code"] == "V1" and v1["members"] == 5
    top = v1["children"][0]
    assert top["code"] == "P1" and [c["code"] for c in top["children"]] == ["P2", "P3", "M1"]


def test_tree_counts_each_household_once(cli, small_roster):
    # In SMALL_ROSTER M4 and M5 both look after H4: V1's members liaise with H1, H2, H3, H4 (4
    # households, 5 links); V2's with H5 and H6; the township with 6 distinct households.
    assert cli("import", small_roster).exit_code == 0
    (township,) = json.loads(cli("org", "tree", "--format", "json").output)
    v1, v2 = township["children"]
    assert (v1["households"], v2["households"], township["households"]) == (4, 2, 6)
    p3 = next(c for c in v1["children"][0]["children"] if c["code"] == "P3")
    assert p3["households"] == 1  # M5 alone, with H4
