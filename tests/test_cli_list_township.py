"""``--township`` on the ledger lists (positions, organizations, services, activities, disclosures,
party meetings, the moral list), on a database holding two townships."""

import json

import pytest

from tests.helpers.db import file_digest
from tests.helpers.rosters import TWO_TOWNSHIPS

# (command, the code of the T1 record, the code of the T2 record)
LISTS = [
    ("position", "V1-MAIN", "V2-MAIN"),
    ("organization", "V1-O1", "V2-O1"),
    ("service", "S-V1-20261005-1", "S-V2-20261006-1"),
    ("activity", "A-V1-20261007-1", "A-V2-20261008-1"),
    ("disclose", "DS-V1-1", "DS-V2-1"),
    ("party-meeting", "PM-P1-1", "PM-P2-1"),
    ("moral", "ML-V1-1", "ML-V2-1"),
]


@pytest.fixture
def two_townships(cli, write_yaml, db_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", "2026-11-01")
    result = cli("import", write_yaml(TWO_TOWNSHIPS))
    assert result.exit_code == 0, result.output
    return db_path


def codes(cli, noun: str, *options: str) -> list[str]:
    result = cli(noun, "list", *options, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rows = data["entries"] if noun == "moral" else data  # the moral list's JSON also holds black-list counts
    return [row["code"] for row in rows]


@pytest.mark.parametrize("noun, in_t1, in_t2", LISTS)
def test_township_narrows_the_list(cli, two_townships, noun, in_t1, in_t2):
    assert codes(cli, noun) == [in_t1, in_t2]
    assert codes(cli, noun, "--township", "T1") == [in_t1]
    assert codes(cli, noun, "--township", "T2") == [in_t2]


@pytest.mark.parametrize("noun", [noun for noun, _, _ in LISTS])
def test_unknown_township_is_refused(cli, two_townships, noun):
    before = file_digest(two_townships)
    result = cli(noun, "list", "--township", "T9")
    assert result.exit_code == 2
    assert "找不到乡镇 T9" in result.stderr
    assert file_digest(two_townships) == before


# Every list that takes --village/--org/--group refuses a code the database does not hold (a typo
# would otherwise print an empty, clean-looking page), naming the kind and the code.
UNKNOWN_FILTERS = [
    *[(noun, "--village", "V9", "找不到村 V9") for noun in
      ("position", "organization", "service", "activity", "disclose", "party-meeting", "moral", "group",
       "member", "household", "org", "consult", "request", "decision")],
    ("party-meeting", "--org", "P9", "找不到党组织 P9"),
    ("member", "--org", "P9", "找不到党组织 P9"),
    ("household", "--org", "P9", "找不到党组织 P9"),
    ("household", "--group", "G9", "找不到村民小组 G9"),
]


@pytest.mark.parametrize("noun, option, code, message", UNKNOWN_FILTERS)
def test_unknown_filter_code_is_refused(cli, two_townships, noun, option, code, message):
    before = file_digest(two_townships)
    result = cli(noun, "list", option, code)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert file_digest(two_townships) == before


def test_known_village_still_lists(cli, two_townships):
    # V2's one service: the check lets a real code through.
    assert codes(cli, "service", "--village", "V2") == ["S-V2-20261006-1"]
