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
