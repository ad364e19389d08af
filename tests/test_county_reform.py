"""The reform section (one mapping) and ``report reform`` on the source case (examples/county/)."""

from __future__ import annotations

import gc
import json

from tests.helpers.db import file_digest
from tests.helpers.paths import EXAMPLES
from tests.helpers.reform import SMALL_REFORM as REFORM
from tests.helpers.reform import case_files

CASE = EXAMPLES / "county"


def test_shipped_example_is_what_the_generator_writes():
    for name, text in case_files().items():
        assert (CASE / name).read_text(encoding="utf-8") == text, name


def test_case_reform_table_json(cli):
    assert cli("import", CASE).exit_code == 0
    result = cli("report", "reform", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    # Worked out in tests/helpers/reform.py: 10 → 7 townships, 71 → 38 villages and village party
    # organizations, population 2,000 → 2,946 per village, area 5.0 → 7.7 km², 348 groups all covered.
    assert data["townships"] == {"before": 10, "after": 7, "change_pct": -30.0}
    assert data["villages"] == {"before": 71, "after": 38, "change_pct": -46.5}
    assert data["village_party_orgs"] == {"before": 71, "after": 38, "change_pct": -46.5}
    assert data["avg_population"] == {"before": 2000.0, "after": 2946.0, "change_pct": 47.3}
    assert data["avg_area_km2"] == {"before": 5.0, "after": 7.7, "change_pct": 54.0}
    assert data["township_kinds_after"] == {"镇": 4, "乡": 2, "街道": 1}
    assert data["group_party_orgs"] == 348
    assert data["group_coverage_pct"] == 100.0
    assert sorted(data) == sorted(["townships", "villages", "village_party_orgs", "avg_population", "avg_area_km2",
                                   "township_kinds_after", "group_party_orgs", "group_coverage_pct", "merges"])
    merges = {m["village"]: [b["code"] for b in m["merged"]] for m in data["merges"]}
    # 38 建制村 + 3 社区 + one entry for the 3 old villages that became urban.
    assert len(merges) == 42
    assert merges["LX01-V01"] == ["LXB01-01", "LXB01-02"]
    assert merges["LX07-S01"] == ["LXB09-59", "LXB09-60", "LXB09-61", "LXB09-62"]
    assert merges[None] == ["LXB10-69", "LXB10-70", "LXB10-71"]
    assert sum(len(v) for v in merges.values()) == 71


def test_case_reform_table_screen(cli):
    cli("import", CASE)
    result = cli("report", "reform")
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split() for line in result.output.splitlines() if line.strip()}
    assert lines["建制村"][1:] == ["71", "38", "−46.5%"]
    assert lines["村级党组织"][1:] == ["71", "38", "−46.5%"]
    assert lines["村均户籍人口"][1:] == ["2,000", "2,946", "+47.3%"]
    assert lines["村均幅员面积(km²)"][1:] == ["5", "7.7", "+54.0%"]
    assert lines["乡镇（街道）"][1:] == ["10", "7（4镇2乡1街道）", "−30.0%"]
    assert lines["村民小组党支部(党小组)"][2:] == ["348", "覆盖率", "100.0%"]
    assert "两项改革（2019-12-31）" in result.output


def test_case_reform_csv_markdown_english(cli):
    cli("import", CASE)
    csv_out = cli("report", "reform", "--format", "csv").output.splitlines()
    assert csv_out[0] == "indicator,before,after,change_pct"
    assert "villages,71,38,-46.5" in csv_out
    assert "group_coverage_pct,,100.0," in csv_out
    md = cli("--lang", "en", "report", "reform", "--format", "markdown").output
    assert "| administrative villages | 71 | 38 | −46.5% |" in md
    assert "| LX01-V01 龙溪青村 | LX01 | 原青山村（LXB01）、原白山村（LXB01） |" in md


def test_case_reform_one_township(cli):
    cli("import", CASE)
    data = json.loads(cli("report", "reform", "--township", "LX07", "--format", "json").output)
    # LX07 (东岳街道) has 3 建制村, each taking one old village (old villages 56–58, of LXB08, LXB09,
    # LXB09), and 3 社区 taking 10 old villages (59–62 of LXB09, 63–68 of LXB09/LXB10): 13 old villages
    # of 3 old townships.  (3 − 13) / 13 = −76.9 %; (1 − 3) / 3 = −66.7 %.
    assert data["villages"] == {"before": 13, "after": 3, "change_pct": -76.9}
    assert data["townships"] == {"before": 3, "after": 1, "change_pct": -66.7}
    assert data["township_kinds_after"] == {"街道": 1}
    assert data["group_party_orgs"] == 27 and data["group_coverage_pct"] == 100.0
    assert all(m["township"] == "LX07" for m in data["merges"])
    assert cli("report", "reform", "--township", "NOPE").exit_code == 2


def test_reform_without_data(cli, small_roster):
    cli("import", small_roster)
    result = cli("report", "reform", "--format", "json")
    data = json.loads(result.output)
    assert data["villages"] == {"before": None, "after": 2, "change_pct": None}
    # SMALL_ROSTER: 3 groups, G1 and G2 (V1) and G3 (V2) each with a group-level organization.
    assert data["group_party_orgs"] == 3 and data["group_coverage_pct"] == 100.0
    table = cli("report", "reform")
    assert table.exit_code == 0 and "—" in table.output




def test_reform_import_is_idempotent(cli, write_yaml):
    path = write_yaml(REFORM)
    first = cli("import", path, "--format", "json")
    assert first.exit_code == 0, first.output
    sections = {s["section"]: s for s in json.loads(first.stdout)["sections"]}
    assert sections["reform"]["added"] == 1 and sections["villages_before"]["added"] == 2
    second = cli("import", "--force", path)
    assert second.exit_code == 0 and "无变化" in second.output
    data = json.loads(cli("report", "reform", "--format", "json").output)
    # before: 2 villages with 1 + 2 party organizations, population (1000 + 2000) / 2 = 1500,
    # area (3 + 5) / 2 = 4; after: V1 with 3000 and 8 km², no party organization.
    assert data["village_party_orgs"] == {"before": 3, "after": 0, "change_pct": -100.0}
    assert data["avg_population"] == {"before": 1500.0, "after": 3000.0, "change_pct": 100.0}
    assert data["avg_area_km2"] == {"before": 4.0, "after": 8.0, "change_pct": 100.0}


def _refused(cli, path, db_path):
    gc.collect()  # close the connections of earlier commands (their close checkpoints the WAL)
    before = file_digest(db_path)
    result = cli("import", path)
    assert result.exit_code == 2, result.output
    assert file_digest(db_path) == before
    return result.output


def test_reform_errors_point_at_file_line_column(cli, write_yaml, db_path):
    cli("import", write_yaml(REFORM, "base.yaml"))
    bad = write_yaml("""
        reform:
          effective: 十二月
          villages_before:
            - {code: OV3, name: 丙村, township_before: B9, merged_into: V7}
            - {code: OV4, name: 丁村, township_before: B1, population: many}
            - {code: OV3, name: 重复, township_before: B1}
        """, "bad.yaml")
    out = _refused(cli, bad, db_path)
    # Columns count characters: "    - {code: OV3, name: 丙村, " is 28 long, so township_before's value
    # starts at 29 + len("township_before: ") = 46, and merged_into's at 46 + len("B9, merged_into: ") = 63.
    assert f"{bad}:2:14: effective 应为日期" in out
    assert f"{bad}:4:46: township_before 指向不存在的改革前乡镇：B9 [OV3]" in out
    assert f"{bad}:4:63: merged_into 指向不存在的村：V7 [OV3]" in out
    assert f"{bad}:5:62: population 应为整数，实为 many [OV4]" in out
    assert f"{bad}:6:14: villages_before 中编码 OV3 重复" in out


def test_reform_must_be_one_mapping(cli, write_yaml, db_path):
    cli("import", write_yaml(REFORM, "base.yaml"))
    as_list = write_yaml("reform:\n  - {name: 两项改革}\n", "list.yaml")
    # The section's key is on line 1, its (list) value starts on line 2: the key is reported.
    assert f"{as_list}:1:1: 部分 reform 应是一个映射" in _refused(cli, as_list, db_path)
    top = write_yaml("villages_before:\n  - {code: OV1, name: 甲村, township_before: B1}\n", "top.yaml")
    assert f"{top}:1:1: villages_before 应写在 reform: 之下" in _refused(cli, top, db_path)
    nested = write_yaml("reform:\n  townships_before: {code: B1}\n  bogus: 1\n", "nested.yaml")
    out = _refused(cli, nested, db_path)
    assert f"{nested}:2:21: 部分 townships_before 应是记录列表" in out
    assert f"{nested}:3:10: 未知字段 bogus" in out
