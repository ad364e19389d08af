"""The 检查 sheet (of ``export`` and of ``check --format xlsx|html``): the findings and the summary line.

A sheet listing only the first findings of each rule (``export --findings-per-rule``) starts with a
table of every rule that ran and its count, titled with how many findings were left out and the
command that lists them all; the findings follow, and the same line ends the sheet.
"""

from __future__ import annotations

from village_gov.core.i18n import label, t
from village_gov.render.document import Column, Sheet, Table


def check_sheet(report: dict, as_of: str | None = None) -> Sheet:
    """The findings (severity, rule, subject, message), the summary line, and, when ``report`` left some
    findings out (``left_out``), the count of every rule first."""
    severities: dict[str, str] = {}  # each severity's label looked up once, not once per finding

    def severity(key: str) -> str:
        return severities.get(key) or severities.setdefault(key, label("label." + key, key))

    rows = [({**f, "severity": severity(f["severity"])}, False) for f in report["findings"]]
    columns = [Column("severity", label("label.severity")), Column("rule", label("label.rule")),
               Column("subject", label("label.subject")), Column("message", label("label.message"))]
    summary = report["summary"]
    notes = [t("export.check_summary", errors=summary.get("errors", 0), warnings=summary.get("warnings", 0),
               infos=summary.get("infos", 0))]
    if not rows:
        notes.insert(0, t("check.clean"))
    if summary.get("households"):
        notes.append(t("roster.liaison_coverage", linked=summary["linked_households"], total=summary["households"],
                       pct=f"{summary['liaison_coverage_pct']}%"))
    title = t("export.check_title", as_of=as_of or "—")
    findings = Table(columns, rows, key="findings")
    if not report.get("left_out"):
        return Sheet("check", title, [findings], notes)
    left_out = t("export.check_left_out", total=f"{sum(r['count'] for r in report['rules']):,}",
                 per_rule=f"{report['per_rule']:,}", left_out=f"{report['left_out']:,}", command=report["command"])
    counts = Table([Column("rule", label("label.rule")), Column("severity", label("label.severity")),
                    Column("name", label("label.name")), Column("count", t("export.col_findings"), "int")],
                   [({**r, "severity": severity(r["severity"])}, False) for r in report["rules"]],
                   left_out, key="rules")
    findings.title = t("export.check_listed", per_rule=f"{report['per_rule']:,}")
    return Sheet("check", title, [counts, findings], notes + [left_out], main_table=1)
