"""Check findings as a table (with a summary line), JSON, CSV or Markdown."""

from __future__ import annotations

import sys

from village_gov.i18n import label, t
from village_gov.render.output import print_json, print_rows

COLUMNS = [("severity", "l.severity"), ("rule", "l.rule"), ("subject", "l.subject"), ("message", "l.message")]


def print_check_report(report, fmt: str = "table", limit: int | None = 200) -> None:
    if fmt == "json":
        print_json(report.as_dict())
        return
    rows = []
    for finding in report.findings:
        row = finding.as_dict()
        if fmt != "csv":
            row["severity"] = label("l." + finding.severity, finding.severity)
        rows.append(row)
    if rows or fmt == "csv":
        print_rows(COLUMNS, rows, fmt, limit=limit)
    if fmt == "csv":
        return
    if not rows:
        sys.stdout.write(t("check_clean") + "\n")
    sys.stdout.write(t("check_summary", errors=report.errors, warnings=report.warnings, infos=report.infos) + "\n")
    cov = report.summary
    if cov.get("households"):
        sys.stdout.write(t("liaison_coverage", linked=cov["linked_households"], total=cov["households"],
                           pct=f"{cov['liaison_coverage_pct']}%") + "\n")
