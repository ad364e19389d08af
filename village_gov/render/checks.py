"""Check findings as a table (with a summary line), JSON, CSV or Markdown."""

from __future__ import annotations

import sys

from village_gov.core.i18n import label, t
from village_gov.render.output import console, print_rows

COLUMNS = [("severity", "label.severity"), ("rule", "label.rule"), ("subject", "label.subject"), ("message",
                                                                                                  "label.message")]


def print_check_report(report, fmt: str = "table", limit: int | None = 200) -> None:
    if fmt == "json":
        _print_json(report)
        return
    if fmt == "table" and report.findings:
        # Only the findings shown are formatted (a county can have hundreds of thousands).
        _grouped_table(report, limit)
        _footer(report, bool(report.findings))
        return
    rows = []
    for finding in report.findings:
        row = finding.as_dict()
        if fmt != "csv":
            row["severity"] = label("label." + finding.severity, finding.severity)
        rows.append(row)
    if rows or fmt == "csv":
        print_rows(COLUMNS, rows, fmt, limit=limit)
    if fmt == "csv":
        return
    _footer(report, bool(rows))


def _print_json(report, batch: int = 2000) -> None:
    """``print_json(report.as_dict())``, the same text, written finding by finding: a city's hundreds of
    thousands of findings are never all formatted, nor all their text, at once."""
    from village_gov.render.check_json import write_check_json

    write_check_json(report, batch)


def _footer(report, any_rows: bool) -> None:
    if not any_rows:
        sys.stdout.write(t("check.clean") + "\n")
    sys.stdout.write(t("check.summary", errors=report.errors, warnings=report.warnings, infos=report.infos) + "\n")
    cov = report.summary
    if cov.get("households"):
        sys.stdout.write(t("roster.liaison_coverage", linked=cov["linked_households"], total=cov["households"],
                           pct=f"{cov['liaison_coverage_pct']}%") + "\n")


def _grouped_table(report, limit: int | None) -> None:
    """Findings under one heading per rule (severity · rule id · count), then subject and message.

    Rule ids are long and stable; a column of them would leave the message a narrow strip in an
    80-column terminal, so each appears once, above its findings.  Read rule by rule
    (:meth:`~village_gov.core.checks.CheckReport.runs`): only the findings shown are formatted.
    """
    from rich import box
    from rich.table import Table

    from village_gov.render.safe import text as Text  # ledger text: never markup, controls shown
    from village_gov.render.wrap import Wrapped

    out = console()
    shown = 0
    for rule, severity, rows in report.runs():
        severity = label("label." + severity, severity)
        out.print(Text(f"{severity} · {rule}", style="bold") + Text(f" ({len(rows)})"))
        table = Table(box=box.SIMPLE, show_header=False, show_edge=False, pad_edge=False, padding=(0, 1))
        table.add_column(no_wrap=True)
        table.add_column()  # the message, broken by Chinese line-breaking rules (codes never split)
        for subject, key, params in rows:
            if limit and shown >= limit:
                break
            message = t(key, **params)
            table.add_row(Text("  " + subject), Wrapped(message))  # ledger text, not markup
            shown += 1
        out.print(table)
        if limit and shown >= limit:
            break
    if limit and len(report.findings) > shown:
        out.print(t("report.more_rows", count=len(report.findings) - shown))
