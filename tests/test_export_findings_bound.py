"""The 检查 sheet of ``export`` lists the first N findings of each rule (``--findings-per-rule``).

The ledger is the clean one-village roster (every rule silent) with two things added, so the
findings are known by hand:

- five households H5…H9 in group G1 that no member liaises with: ``household-unlinked`` (warning),
  five findings, subjects H5, H6, H7, H8, H9 in that order;
- a villager group G3 with no party organization: ``group-without-party-org`` (error), one finding.

Six findings in all, the error first.  Households: H1…H4 are linked, so the coverage is 4/9 = 44.4%.
"""

from __future__ import annotations

import csv
import io

import pytest

from tests.helpers.exports import UNLINKED, read_html

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("xlsxwriter")

COMMAND = "village-gov check --as-of 2026-10-31 --format csv"


def check_rows(path) -> list[tuple]:
    """The 检查 sheet's rows (values), blank rows left out."""
    wb = openpyxl.load_workbook(path)
    ws = wb["检查" if "检查" in wb.sheetnames else "check"]
    return [row for row in ws.iter_rows(values_only=True) if any(v is not None for v in row)]


def export(cli, path, *args, lang: str = "zh"):
    result = cli("--lang", lang, "export", "--month", "2026-10", "-o", path, *args)
    assert result.exit_code == 0, result.output
    return path


def rule_count(rows: list[tuple], rule: str) -> int:
    return next(r[3] for r in rows if r[0] == rule)


def listed(rows: list[tuple], rule: str) -> list[str]:
    """The subjects listed for ``rule`` in the findings table (severity, rule, subject, message)."""
    return [r[2] for r in rows if r[1] == rule]


def test_a_bound_of_n_lists_n_of_n_plus_one_and_says_how_many_are_left_out(findings_ledger, tmp_path):
    from village_gov.core.checks import rule_ids

    rows = check_rows(export(findings_ledger, tmp_path / "m.xlsx", "--findings-per-rule", "4"))
    # household-unlinked has 5 = N + 1 findings: 4 listed, 1 left out; G3's single finding is listed.
    line = f"共 6 条发现，本表每条规则列出前 4 条，另有 1 条未列出；全部列出：{COMMAND}"
    assert rows[1] == (line, None, None, None)  # right under the sheet's title
    assert rows[-1] == (line, None, None, None)  # and again at its end
    assert listed(rows, "household-unlinked") == ["H5", "H6", "H7", "H8"]
    assert listed(rows, "group-without-party-org") == ["G3"]
    # The count of every rule that ran, zero or not: one row each, between the line and the findings.
    header = rows.index(("规则", "级别", "名称", "发现条数"))
    counts = rows[header + 1:rows.index(("发现（每条规则前 4 条）", None, None, None))]
    assert sorted(r[0] for r in counts) == sorted(rule_ids())
    assert rule_count(rows, "household-unlinked") == 5
    assert rule_count(rows, "group-without-party-org") == 1
    assert sum(r[3] for r in counts) == 6
    assert next(r for r in counts if r[0] == "household-unlinked")[1:3] == ("警告", "农户无联系党员")
    # Errors first, as in check: the error rules' rows come before the warnings'.
    severities = [r[1] for r in counts]
    assert severities == sorted(severities, key=["错误", "警告", "提示"].index)
    assert "错误 1 条，警告 5 条，提示 0 条" in [r[0] for r in rows]  # every finding counted, listed or not
    assert "党员联系户覆盖率：4/9 户（44.4%）" in [r[0] for r in rows]


def test_the_command_named_lists_every_finding(findings_ledger, tmp_path):
    rows = check_rows(export(findings_ledger, tmp_path / "m.xlsx", "--findings-per-rule", "2"))
    assert rows[1][0] == f"共 6 条发现，本表每条规则列出前 2 条，另有 3 条未列出；全部列出：{COMMAND}"
    assert listed(rows, "household-unlinked") == ["H5", "H6"]  # 5 - 2 = 3 left out
    result = findings_ledger(*COMMAND.split()[1:])
    assert result.exit_code == 1  # an error finding: check exits 1, the list is printed all the same
    found = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(found) == 6
    assert [f["subject"] for f in found if f["rule"] == "household-unlinked"] == UNLINKED


def test_zero_lists_all_and_a_bound_not_reached_changes_nothing(findings_ledger, tmp_path):
    everything = export(findings_ledger, tmp_path / "all.xlsx", "--findings-per-rule", "0")
    rows = check_rows(everything)
    assert listed(rows, "household-unlinked") == UNLINKED
    assert not any("未列出" in str(r[0]) for r in rows)  # nothing left out: no count table, no line
    assert ("规则", "级别", "名称", "发现条数") not in rows
    # 5 findings of the biggest rule and a bound of 5: the same bytes as no bound at all.
    exact = export(findings_ledger, tmp_path / "five.xlsx", "--findings-per-rule", "5")
    assert exact.read_bytes() == everything.read_bytes()
    # The default bound (1,000) is far above this ledger's findings: the same bytes again.
    assert export(findings_ledger, tmp_path / "default.xlsx").read_bytes() == everything.read_bytes()


def test_workbook_filters_the_findings_not_the_counts(findings_ledger, tmp_path):
    path = export(findings_ledger, tmp_path / "m.xlsx", "--findings-per-rule", "2")
    ws = openpyxl.load_workbook(path)["检查"]
    header = next(r[0].row for r in ws.iter_rows() if r[0].value == "级别")
    # The findings' header row and their three rows (G3, H5, H6) are filtered; no pane is frozen
    # (freezing at the findings' header would keep the whole count table in view).
    assert ws.auto_filter.ref == f"A{header}:D{header + 3}"
    assert ws.freeze_panes is None


def test_english_workbook(findings_ledger, tmp_path):
    rows = check_rows(export(findings_ledger, tmp_path / "m.xlsx", "--findings-per-rule", "4", lang="en"))
    assert rows[1][0] == f"6 findings; the first 4 of each rule are listed here, 1 are left out; all of them: {COMMAND}"
    assert ("rule", "severity", "name", "findings") in rows
    assert ("Findings (the first 4 of each rule)", None, None, None) in rows
    assert next(r for r in rows if r[0] == "household-unlinked")[1:] == ("warning", "household with no liaising member", 5)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_counts_then_the_first_findings(findings_ledger, tmp_path, lang):
    path = export(findings_ledger, tmp_path / "m.html", "--findings-per-rule", "4", lang=lang)
    reader = read_html(path)
    counts = {r["rule"]: int(r["count"]) for r in reader.table("rules")}
    assert counts["household-unlinked"] == 5 and counts["group-without-party-org"] == 1
    assert sum(counts.values()) == 6
    findings = reader.table("findings")
    assert [f["subject"] for f in findings] == ["G3", "H5", "H6", "H7", "H8"]
    text = path.read_text(encoding="utf-8")
    line = (f"共 6 条发现，本表每条规则列出前 4 条，另有 1 条未列出；全部列出：{COMMAND}" if lang == "zh" else
            f"6 findings; the first 4 of each rule are listed here, 1 are left out; all of them: {COMMAND}")
    assert text.count(line) == 2  # above the counts (h3) and as the section's last note
    assert text.index(line) < text.index('data-table="rules"') < text.index('data-table="findings"')


def test_html_without_a_bound_has_no_count_table(findings_ledger, tmp_path):
    reader = read_html(export(findings_ledger, tmp_path / "m.html", "--findings-per-rule", "0"))
    assert [name for name, _ in reader.tables if name in ("rules", "findings")] == ["findings"]
    assert len(reader.table("findings")) == 6


def test_a_township_export_names_the_township_in_the_command(findings_ledger, tmp_path):
    rows = check_rows(export(findings_ledger, tmp_path / "m.xlsx", "--township", "T1", "--findings-per-rule", "1"))
    assert rows[1][0] == ("共 6 条发现，本表每条规则列出前 1 条，另有 4 条未列出；全部列出："
                          "village-gov check --as-of 2026-10-31 --township T1 --format csv")


@pytest.mark.parametrize("value", ["-1", "x"])
def test_a_bad_bound_is_refused(findings_ledger, tmp_path, value):
    out = tmp_path / "m.xlsx"
    result = findings_ledger("export", "--month", "2026-10", "-o", out, "--findings-per-rule", value)
    assert result.exit_code == 2
    assert "--findings-per-rule" in result.output
    assert not out.exists()


def test_the_commands_default_is_the_librarys():
    import inspect

    from village_gov.cli.export_cmd import export
    from village_gov.reports.exports.gather import FINDINGS_PER_RULE

    assert inspect.signature(export).parameters["findings_per_rule"].default == FINDINGS_PER_RULE == 1000
