"""``report micros`` as two tables (positions and organizations; services and activities), CSV or JSON."""

from __future__ import annotations

import sys

from village_gov.core.i18n import label, t
from village_gov.render.output import print_json, print_rows

CSV_COLUMNS = ["code", "name", "main_positions", "micro_positions", "groups", "groups_covered",
               "group_coverage_pct", "organizations", "orgs_self_governance", "orgs_mass", "orgs_social",
               "self_governance_present", "self_governance_missing", "services", "service_hours",
               "households_served", "activities", "activity_participants"]
STOCK_COLUMNS = [
    ("name", "label.village"),
    ("main_positions", "label.main_positions"),
    ("micro_positions", "label.micro_positions"),
    ("coverage", "label.groups_covered"),
    ("group_coverage_pct", "label.group_coverage_pct"),
    ("orgs_self_governance", "label.orgs_self_governance"),
    ("orgs_mass", "label.orgs_mass"),
    ("orgs_social", "label.orgs_social"),
    ("self_governance_missing", "label.self_governance_missing"),
]
EVENT_COLUMNS = [("name", "label.village"), ("services", "label.services"), ("service_hours", "label.service_hours"),
                 ("households_served", "label.households_served"), ("activities", "label.activities"),
                 ("activity_participants", "label.activity_participants")]


def _total_row(report: dict) -> dict:
    total = dict(report["total"])
    total["code"] = "total"
    total["name"] = label("consult.col_total")
    return total


def _rows_with_subtotals(report: dict) -> list[dict]:
    """The villages; on a county report each township's villages followed by its subtotal row."""
    towns = report.get("townships") or []
    if not towns:
        return list(report["villages"])
    rows = []
    for town in towns:
        rows += [v for v in report["villages"] if v["code"].startswith(town["code"] + "/")]
        rows.append(dict(town["total"], code=town["code"], name=town["name"] + label("consult.col_subtotal")))
    return rows


def print_micros_report(report: dict, fmt: str = "table", out=None) -> None:
    out = out or sys.stdout
    if fmt == "json":
        print_json(report, out=out)
        return
    if fmt == "csv":
        total = _total_row(report)
        total["self_governance_present"] = total["self_governance_missing"] = ""
        rows = [dict(r, self_governance_present=";".join(r.get("self_governance_present", ())),
                     self_governance_missing=";".join(r.get("self_governance_missing", ())))
                for r in _rows_with_subtotals(report)]
        print_rows([(c, c) for c in CSV_COLUMNS], [*rows, total], "csv", out=out)
        return
    stock = []
    villages = {v["code"]: v for v in report["villages"]}
    of_town = {code: code.split("/")[0] for code in villages}
    for r in [*_rows_with_subtotals(report), _total_row(report)]:
        row = dict(r, coverage=f"{r['groups_covered']}/{r['groups']}")
        if r["code"] not in villages:  # a subtotal or the total: how many required organizations are missing
            row["self_governance_missing"] = sum(len(v["self_governance_missing"]) for c, v in villages.items()
                                                 if r["code"] == "total" or of_town[c] == r["code"])
        stock.append(row)
    events = [*_rows_with_subtotals(report), _total_row(report)]
    title_stock = t("micros.report_title_positions", as_of=report["as_of"])
    title_events = t("micros.report_title_events", start=report["from"], end=report["to"])
    if fmt == "markdown":
        print_rows(STOCK_COLUMNS, stock, "markdown", title=title_stock, out=out)
        total = report["total"]
        out.write("\n" + t("micros.complete_villages", complete=total["villages_self_governance_complete"],
                            villages=total["villages"]).strip() + "\n")
        out.write("\n")
        print_rows(EVENT_COLUMNS, events, "markdown", title=title_events, out=out)
        return
    from village_gov.render.safe import terminal

    # In a terminal the missing organizations are counted in the table and named below it.
    for row in stock:
        if row["code"] in villages:
            row["self_governance_missing"] = len(row["self_governance_missing"])
    print_rows(STOCK_COLUMNS, stock, "table", title=title_stock, limit=None)
    for r in report["villages"]:
        if r["self_governance_missing"]:
            line = t("micros.missing_line", name=r["name"], missing="、".join(r["self_governance_missing"]))
            out.write(terminal(line, one_line=True) + "\n")  # a village's name: data, shown safe
    total = report["total"]
    out.write(t("micros.complete_villages", complete=total["villages_self_governance_complete"],
                villages=total["villages"]) + "\n\n")
    print_rows(EVENT_COLUMNS, events, "table", title=title_events, limit=None)
