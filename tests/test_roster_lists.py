"""Lists and ``show``: filters, formats, masking of personal data, ``--unmask``, paging."""

from __future__ import annotations

import csv
import io
import json

import pytest

from village_gov.core.privacy import mask_id_number, mask_phone

# SMALL_ROSTER: M1 has phone 13800000001 and ID 11010519491231002X; H1 has phone 13900000002.
M1_PHONE, M1_ID, H1_PHONE = "13800000001", "11010519491231002X", "13900000002"
M1_PHONE_MASKED, M1_ID_MASKED, H1_PHONE_MASKED = "138****0001", "1101**********002X", "139****0002"


@pytest.fixture(autouse=True)
def imported(cli, small_roster):
    assert cli("import", small_roster).exit_code == 0


def test_mask_functions():
    assert mask_phone("13800000001") == "138****0001"
    assert mask_id_number("510102199001011234") == "5101**********1234"
    assert mask_phone(None) is None and mask_phone("") == ""


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_member_list_masked(cli, fmt):
    out = cli("member", "list", "--format", fmt).stdout
    assert M1_PHONE_MASKED in out and M1_ID_MASKED in out
    assert M1_PHONE not in out and M1_ID not in out
    full = cli("member", "list", "--format", fmt, "--unmask").stdout
    assert M1_PHONE in full and M1_ID in full


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_member_show_masked(cli, fmt):
    out = cli("member", "show", "M1", "--format", fmt).stdout
    assert M1_PHONE_MASKED in out and M1_ID_MASKED in out and M1_PHONE not in out and M1_ID not in out
    full = cli("member", "show", "M1", "--format", fmt, "--unmask").stdout
    assert M1_PHONE in full and M1_ID in full


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_household_list_and_show_masked(cli, fmt):
    for args in (("household", "list"), ("household", "show", "H1")):
        out = cli(*args, "--format", fmt).stdout
        assert H1_PHONE_MASKED in out and H1_PHONE not in out
        assert H1_PHONE in cli(*args, "--format", fmt, "--unmask").stdout


def test_member_list_json_values(cli):
    members = json.loads(cli("member", "list", "--format", "json").stdout)
    assert members[0] == {"code": "M1", "name": "张三", "gender": "男", "status": "正式", "org": "P1",
                          "village": "V1", "phone": M1_PHONE_MASKED, "id_number": M1_ID_MASKED, "liaisons": 1}
    assert [m["code"] for m in members] == [f"M{i}" for i in range(1, 9)]


def test_member_filters(cli):
    by_org = json.loads(cli("member", "list", "--org", "P2", "--format", "json").stdout)
    assert [m["code"] for m in by_org] == ["M2", "M3", "M4"]
    by_village = json.loads(cli("member", "list", "--village", "V2", "--format", "json").stdout)
    assert [m["code"] for m in by_village] == ["M6", "M7", "M8"]


def test_household_list_csv(cli):
    reader = list(csv.DictReader(io.StringIO(cli("household", "list", "--format", "csv").stdout)))
    assert [r["code"] for r in reader] == [f"H{i}" for i in range(1, 8)]
    # H4 has two liaising members (M4 and M5); H7 none.
    assert reader[3]["members"] in ("M4,M5", "M5,M4") and reader[6]["members"] == ""
    by_org = json.loads(cli("household", "list", "--org", "P5", "--format", "json").stdout)
    assert [h["code"] for h in by_org] == ["H6"]
    by_group = json.loads(cli("household", "list", "--group", "G3", "--format", "json").stdout)
    assert [h["code"] for h in by_group] == ["H5", "H6", "H7"]


def test_village_group_org_lists(cli):
    villages = json.loads(cli("village", "list", "--format", "json").stdout)
    # V1: groups G1, G2 and households H1..H4; V2: G3 and H5..H7.
    assert [(v["code"], v["groups"], v["households"]) for v in villages] == [("V1", 2, 4), ("V2", 1, 3)]
    groups = json.loads(cli("group", "list", "--village", "V1", "--format", "json").stdout)
    assert [(g["code"], g["party_org"], g["households"]) for g in groups] == [("G1", "P2", 3), ("G2", "P3", 1)]
    orgs = json.loads(cli("org", "list", "--village", "V1", "--format", "json").stdout)
    # Own members only: P1 M1; P2 M2, M3, M4; P3 M5.
    assert [(o["code"], o["level"], o["members"]) for o in orgs] == [("P1", "党总支", 1), ("P2", "党支部", 3),
                                                                      ("P3", "党小组", 1)]


def test_show_related_records(cli):
    assert json.loads(cli("household", "show", "H4", "--format", "json").stdout)["members"] == ["M4", "M5"]
    org = json.loads(cli("org", "show", "P1", "--format", "json").stdout)
    assert org["members"] == ["M1"] and org["children"] == ["P2", "P3"]
    village = json.loads(cli("village", "show", "V2", "--format", "json").stdout)
    assert village["groups"] == ["G3"] and [c["code"] for c in village["cadres"]] == ["V2/M6", "V2/郑十一"]
    assert json.loads(cli("group", "show", "G1", "--format", "json").stdout)["households"] == ["H1", "H2", "H3"]


def test_show_unknown_code(cli):
    result = cli("member", "show", "M404")
    assert result.exit_code == 2
    assert "找不到党员 M404" in result.stderr


def test_table_shows_a_page_and_says_how_many_more(cli):
    out = cli("member", "list", "--limit", "3").stdout
    assert "另有 5 条未显示" in out
    assert "M3" in out and "M4" not in out
    assert len(json.loads(cli("member", "list", "--limit", "3", "--format", "json").stdout)) == 8


def test_tree(cli):
    out = cli("org", "tree", "--households").stdout
    assert "青竹镇" in out and "百家池村党总支" in out and "陈一" in out
    only_v2 = json.loads(cli("org", "tree", "--village", "V2", "--format", "json").stdout)
    assert [v["code"] for v in only_v2[0]["children"]] == ["V2"]
    # V2: P4 (M6) and its party group P5 (M7, M8): 3 members; households H5, H6: 2.
    assert (only_v2[0]["members"], only_v2[0]["households"]) == (3, 2)
    assert cli("org", "tree", "--village", "V404").exit_code == 2


def test_pruned_member_leaves_household_list(cli, write_yaml):
    from tests.helpers.rosters import SMALL_ROSTER

    text = "\n".join(line for line in SMALL_ROSTER.splitlines() if "code: M5," not in line)
    assert cli("import", "--prune", "--yes", write_yaml(text, "smaller.yaml")).exit_code == 0
    households = json.loads(cli("household", "list", "--format", "json").stdout)
    # H4 was liaised by M4 and M5; M5 is archived.
    assert [h["members"] for h in households if h["code"] == "H4"] == ["M4"]


def test_tables_keep_codes_whole_and_fit_80_columns(cli, small_roster):
    # The small roster's member list: every line within 80 cells, and no code, phone or ID number
    # broken across lines (each appears whole on its row).
    from rich.cells import cell_len

    assert cli("import", small_roster).exit_code == 0
    out = cli("member", "list").stdout
    assert all(cell_len(line.rstrip()) <= 80 for line in out.splitlines())
    for whole in ("M1", "138****0001", "1101**********002X", "P1"):
        assert any(whole in line for line in out.splitlines()), whole


def test_a_list_too_wide_for_the_terminal_prints_records(cli, small_roster):
    # At 40 columns the member list cannot stand side by side: each member becomes a block of
    # "field value" lines, nothing cut.
    assert cli("import", small_roster).exit_code == 0
    out = cli("member", "list", env={"COLUMNS": "40"}).stdout
    lines = [line.rstrip() for line in out.splitlines()]
    assert "编码      M1" in lines and "身份证号  1101**********002X" in lines
