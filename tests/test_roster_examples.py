"""The bundled example township and the documentation's examples.

The example roster (examples/roster/, 白鹤镇) must import cleanly, re-import as a
no-op, print its tree, and make ``check`` find exactly the problems planted in
it (listed in examples/README.md and marked ``# 问题`` in the files).  Every
```yaml block of docs/roster-format.md must import on its own.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

from tests.helpers.db import file_digest

REPO = Path(__file__).resolve().parent.parent
ROSTER = REPO / "examples" / "roster"
FORMAT_DOC = REPO / "docs" / "roster-format.md"
CHECKS_DOC = REPO / "docs" / "checks.md"

# Sizes of the example, counted from the files (see examples/README.md):
# 5 villages with 9 + 8 + 8 + 9 + 5 = 39 groups; party organizations: one village-level organization per
# village (5), one group-level organization per group except 金竹村九组 (38), and 柳塘村's cooperative
# branch (1) = 44; households 166 + 76 + 69 + 79 + 65 = 455; members 52 + 19 + 19 + 20 + 14 = 124;
# cadres: every village lists its secretary, a party and a non-party 委员 and the supervision head (4);
# 柳塘村 has a second party 委员 and 青杠村 a separate (non-party) director: 4 * 5 + 1 + 1 = 22.
EXPECTED_COUNTS = {"townships": 1, "villages": 5, "groups": 39, "party_orgs": 44, "households": 455,
                   "members": 124, "cadres": 22}

# The planted problems, read off the files (each line is marked "# 问题"):
PLANTED = {
    # 金竹村九组 (the 2024 resettlement site) has no party group: party.yaml has V04-P01..P08 only.
    ("group-without-party-org", "V04-G09"),
    # 柳塘村七组党支部: M0036 and M0037 are full members, M0038 is 预备 -> 2 full members < 3.
    ("branch-too-small", "V01-P07"),
    # 青杠村's secretary M0072 holds 党组织书记 and 集体经济组织负责人; the director is 彭泽民, not a member.
    ("not-one-shoulder", "V03"),
    # Three households who moved into 白鹤社区五组 in 2026 are in no member's households list.
    ("household-unlinked", "H00453"),
    ("household-unlinked", "H00454"),
    ("household-unlinked", "H00455"),
    # The old secretary M0110 of 金竹村 liaises with H00373-H00376 (八组) and H00383-H00390 (九组): 4 + 8 = 12 > 10.
    ("member-overloaded", "M0110"),
    # M0070 (石桥村八组党小组, V02) liaises with H00243, a household of 青杠村一组 (V03-G01).
    ("cross-village-liaison", "M0070"),
}
PLANTED_ERRORS = {("group-without-party-org", "V04-G09"), ("branch-too-small", "V01-P07")}


def _import_json(cli, *paths, db=None):
    args = (["--db", db] if db else []) + ["import", *paths, "--format", "json"]
    return cli(*args)


def test_example_roster_imports_cleanly(cli):
    result = _import_json(cli, ROSTER)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert sorted(Path(f).name for f in report["files"]) == [
        "cadres.yaml", "households.yaml", "party.yaml", "township.yaml"]
    assert report["written"] is True
    added = {s["section"]: s["added"] for s in report["sections"]}
    assert added == EXPECTED_COUNTS


def test_example_files_named_one_by_one_import_the_same(cli):
    files = sorted(ROSTER.glob("*.yaml"))
    result = _import_json(cli, *files)
    assert result.exit_code == 0, result.output
    assert {s["section"]: s["added"] for s in json.loads(result.stdout)["sections"]} == EXPECTED_COUNTS


def test_second_import_changes_nothing(cli, db_path):
    assert cli("import", ROSTER).exit_code == 0
    before = file_digest(db_path)
    result = _import_json(cli, ROSTER)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["written"] is False
    for section in report["sections"]:
        assert (section["added"], section["changed"], section["absent"]) == (0, 0, 0), section
        assert section["unchanged"] == EXPECTED_COUNTS[section["section"]]
    assert file_digest(db_path) == before


def test_org_tree_of_the_example(cli):
    assert cli("import", ROSTER).exit_code == 0
    result = cli("org", "tree")
    assert result.exit_code == 0, result.output
    assert "白鹤镇" in result.output and "柳塘村党总支" in result.output
    result = cli("org", "tree", "--format", "json", "--households")
    assert result.exit_code == 0, result.output
    (township,) = json.loads(result.output)
    assert (township["code"], township["villages"], township["members"]) == ("T01", 5, 124)
    assert [v["code"] for v in township["children"]] == ["V01", "V02", "V03", "V04", "V05"]
    # 柳塘村 (52 members) has a 党总支 over nine group branches and the cooperative's joint branch.
    (top,) = township["children"][0]["children"]
    assert (top["code"], top["level"], top["members"]) == ("V01-P00", "党总支", 52)
    assert [c["code"] for c in top["children"] if c["kind"] == "org"] == [f"V01-P{n:02d}" for n in range(1, 11)]


def test_check_finds_exactly_the_planted_problems(cli):
    assert cli("import", ROSTER).exit_code == 0
    result = cli("check", "--format", "json")
    assert result.exit_code == 1, result.output  # two planted errors
    report = json.loads(result.output)
    found = {(f["rule"], f["subject"]) for f in report["findings"]}
    assert found == PLANTED
    errors = {(f["rule"], f["subject"]) for f in report["findings"] if f["severity"] == "error"}
    assert errors == PLANTED_ERRORS
    # 455 households, 3 unlinked: 452 linked, 452/455 = 99.34…% -> 99.3.
    assert report["summary"]["households"] == 455
    assert report["summary"]["linked_households"] == 452
    assert report["summary"]["liaison_coverage_pct"] == 99.3
    assert (report["summary"]["errors"], report["summary"]["warnings"]) == (2, 6)


def test_check_thresholds_move_the_example_findings(cli):
    assert cli("import", ROSTER).exit_code == 0
    # With at most 12 households per member M0110 (12) is no longer overloaded;
    # with a minimum of 2 full members 柳塘村七组党支部 (2) is big enough.
    result = cli("check", "--format", "json", "--max-households", "12", "--min-branch-members", "2")
    assert result.exit_code == 1, result.output  # V04-G09 is still an error
    found = {(f["rule"], f["subject"]) for f in json.loads(result.output)["findings"]}
    assert found == PLANTED - {("member-overloaded", "M0110"), ("branch-too-small", "V01-P07")}


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_roster", REPO / "examples" / "make_roster.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_generator_reproduces_the_committed_roster(tmp_path):
    _load_generator().write_roster(tmp_path)
    for path in sorted(ROSTER.glob("*.yaml")):
        assert (tmp_path / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), path.name


def test_example_personal_data_is_fictional():
    text = "\n".join(p.read_text(encoding="utf-8") for p in ROSTER.glob("*.yaml"))
    phones = re.findall(r'phone: "(\d+)"', text)
    assert phones and all(p.startswith("1380000") and len(p) == 11 for p in phones)
    ids = re.findall(r'id_number: "(\w+)"', text)
    assert ids and all(i.startswith("519900") for i in ids)  # no county has the area code 519900


def _yaml_blocks(markdown: str) -> list[tuple[int, str]]:
    """The ```yaml fenced blocks of a Markdown text, with the line each starts on."""
    blocks = []
    for match in re.finditer(r"^```yaml\n(.*?)^```", markdown, flags=re.S | re.M):
        blocks.append((markdown.count("\n", 0, match.start()) + 1, match.group(1)))
    return blocks


def _format_doc_blocks():
    return _yaml_blocks(FORMAT_DOC.read_text(encoding="utf-8"))


def test_format_doc_has_yaml_examples():
    assert len(_format_doc_blocks()) >= 2


@pytest.mark.parametrize("line,block", [pytest.param(line, block, id=f"line{line}")
                                        for line, block in _format_doc_blocks()])
def test_format_doc_yaml_block_imports(cli, tmp_path, line, block):
    path = tmp_path / f"doc-block-{line}.yaml"
    path.write_text(block, encoding="utf-8")
    result = cli("--db", tmp_path / f"block-{line}.db", "import", path)
    assert result.exit_code == 0, f"docs/roster-format.md:{line}\n{result.output}"


def test_format_doc_full_example_passes_check(cli, tmp_path):
    # The doc says of its full example (the first block) that check finds nothing in it.
    _, block = _format_doc_blocks()[0]
    path = tmp_path / "full.yaml"
    path.write_text(block, encoding="utf-8")
    assert cli("import", path).exit_code == 0
    result = cli("check", "--strict", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["findings"] == []
    # 8 households, each in exactly one member's list (H00001-H00008).
    assert report["summary"]["liaison_coverage_pct"] == 100.0


def test_checks_doc_names_every_rule():
    from village_gov.core.checks import rule_ids

    text = CHECKS_DOC.read_text(encoding="utf-8")
    missing = [r for r in rule_ids() if f"`{r}`" not in text]
    assert not missing, missing
