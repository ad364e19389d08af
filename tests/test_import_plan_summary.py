"""The long outputs of an import made short where a person reads them: the dry-run plan lists the first 20
records added (or missing) per section and counts the rest (JSON and the plan workbook keep them all);
the warnings' cap line counts warnings, not problems."""

from __future__ import annotations

import json

from tests.helpers.rosters import SMALL_ROSTER, places

HEAD = places() + "households:\n"


def _households(count: int, head=lambda n: f"户主{n:03d}") -> str:
    return HEAD + "".join(f"  - {{code: H{n:03d}, head: {head(n)}, group: G1, size: 1}}\n"
                          for n in range(1, count + 1))


def test_a_dry_run_into_an_empty_database_lists_20_records_a_section_and_counts_the_rest(cli, write_yaml, db_path):
    path = write_yaml(_households(23))
    out = cli("import", "--dry-run", path).stdout
    # 23 households: H001–H020 listed, then "及其余 3 条"; the township, village and group one line each.
    assert "农户：新增 23，修改 0，缺少 0\n" in out
    assert "  + H020  户主020\n  … 及其余 3 条（完整计划见 --format json 或 --output 计划.xlsx）\n" in out
    assert "H021" not in out and "  + T1  青竹镇\n" in out and "及其余" not in out.split("农户")[0]
    en = cli("--lang", "en", "import", "--dry-run", path).stdout
    assert "  … and 3 more (the whole plan: --format json or --output plan.xlsx)\n" in en
    # The JSON lists every record.
    report = json.loads(cli("import", "--dry-run", "--format", "json", path).stdout)
    added = next(s["added"] for s in report["sections"] if s["section"] == "households")
    assert [a["code"] for a in added] == [f"H{n:03d}" for n in range(1, 24)]


def test_exactly_20_records_are_all_listed(cli, write_yaml, db_path):
    out = cli("import", "--dry-run", write_yaml(_households(20))).stdout
    assert "  + H020  户主020\n" in out and "及其余" not in out


def test_records_missing_are_summarized_the_same_way(cli, write_yaml, db_path):
    assert cli("import", write_yaml(_households(25), "all.yaml")).exit_code == 0
    # The second file holds H001 only: 24 households missing, 20 listed (kept), 4 counted.
    out = cli("import", "--dry-run", write_yaml(_households(1), "one.yaml")).stdout
    assert "农户：新增 0，修改 0，缺少 24\n" in out
    assert "  - H021  户主021（保留）\n" in out and "H022" not in out
    assert "  … 及其余 4 条（完整计划见 --format json 或 --output 计划.xlsx）\n" in out


def test_the_warnings_cap_line_counts_warnings(cli, write_yaml, db_path):
    # 203 households with one head in one group: each after the first is a possible duplicate of H001
    # (the roster's duplicate-household warning), 202 warnings; the first 200 are listed.
    result = cli("import", write_yaml(_households(203, head=lambda n: "陈一")))
    assert result.exit_code == 0, result.output
    assert "另有 2 条警告未列出（只列出前 200 条）" in result.stderr
    assert "个问题" not in result.stderr
    en = cli("--lang", "en", "import", "--dry-run", write_yaml(_households(203, head=lambda n: "陈一"), "b.yaml"))
    assert "2 more warning(s) not listed (only the first 200 are shown)" in en.stderr
    # The JSON lists every warning.
    report = json.loads(cli("import", "--dry-run", "--format", "json", write_yaml(_households(203, head=lambda n: "陈一"),
                                                                                 "c.yaml")).stdout)
    assert len(report["warnings"]) == 202


def test_the_small_roster_plan_is_unchanged(cli, write_yaml, db_path):
    # Fewer than 20 records in every section: each one listed as before.
    out = cli("import", "--dry-run", write_yaml(SMALL_ROSTER)).stdout
    assert "  + H7  陈七\n" in out and "及其余" not in out
