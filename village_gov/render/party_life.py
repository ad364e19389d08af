"""The 三会一课 report as a table (met/required per kind), JSON, CSV or Markdown."""

from __future__ import annotations

import sys

from village_gov.core.i18n import t
from village_gov.ledgers.procedures.terms import MEETING_KIND_KEYS as KINDS
from village_gov.render.output import print_json, print_rows
from village_gov.reports.status import status_text


def print_party_life(report: dict, fmt: str = "table", limit: int | None = 100) -> None:
    status = status_text(report, "quarter")
    if fmt == "json":
        print_json(report)
        return
    if status and fmt == "csv":
        sys.stderr.write(status + "\n")
    if fmt == "csv":
        columns = [("code", ""), ("name", ""), ("village", ""), ("level", "")]
        for kind in KINDS:
            columns += [(f"{kind}_held", ""), (f"{kind}_required", ""), (f"{kind}_met", "")]
        columns += [("due", ""), ("present", ""), ("attendance_rate", ""), ("short", "")]
        rows = []
        for org in report["organizations"]:
            row = {k: org[k] for k in ("code", "name", "village", "level", "due", "present", "attendance_rate")}
            for kind, m in org["meetings"].items():
                row.update({f"{kind}_held": m["held"], f"{kind}_required": m["required"], f"{kind}_met": m["met"]})
            row["short"] = " ".join(org["short"])
            rows.append(row)
        print_rows(columns, rows, "csv")
        return
    columns = [("code", "label.code"), ("name", "label.name")] + [(k, f"procedures.kind_{k}") for k in KINDS] + \
              [("attendance", "procedures.col_attendance"), ("short", "procedures.col_short")]
    rows = []
    for org in report["organizations"]:
        row = {"code": org["code"], "name": org["name"],
               "attendance": f"{org['attendance_rate'] * 100:.1f}%" if org["attendance_rate"] is not None else "—",
               "short": "✗" if org["short"] else "…" if org.get("in_progress") else "✓"}
        for kind in KINDS:
            m = org["meetings"].get(kind)
            # "1/3(1)": without a space the seven figure columns and a whole name fit 80 columns.
            held = (" ({})" if fmt == "markdown" else "({})").format(m["held"]) if m and m["held"] else ""
            row[kind] = "" if m is None else f"{m['met']}/{m['required']}{held}"
        rows.append(row)
    title = t("procedures.party_life_title", quarter=report["quarter"])
    if status:
        legend = t("procedures.party_life_pending")
        sys.stdout.write(f"> **{status}**  \n> {legend}\n\n" if fmt == "markdown" else f"⚠ {status}\n{legend}\n")
    print_rows(columns, rows, fmt, title=title, limit=limit)
    sys.stdout.write(t("procedures.party_life_summary", short=len(report["short"]),
                       total=len(report["organizations"])) + "\n")
