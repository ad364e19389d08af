"""Rendering the two-reforms table: indicator rows (before, after, change) and the merge map."""

from __future__ import annotations

import sys

from village_gov.core.i18n import label, t
from village_gov.render.output import print_json, print_rows

INDICATOR_COLUMNS = [("indicator", "label.indicator"), ("before", "label.before"), ("after", "label.after"),
                     ("change_pct", "label.change_pct")]
MERGE_COLUMNS = [("village", "label.current_village"), ("township", "label.township"), ("merged", "label.merged_from")]


def signed_pct(value) -> str:
    """``-46.5`` → ``−46.5%`` (true minus sign), ``47.3`` → ``+47.3%``; empty for no value."""
    if value is None:
        return "—"
    return f"{value:+.1f}%".replace("-", "−")


def _number(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    return f"{value:,}" if value >= 10000 else str(value)


def indicator_rows(data: dict, for_screen: bool) -> list[dict]:
    """One row per figure; on screens the township kinds and the group coverage join the cells."""
    from village_gov.reports.reform import FIGURES

    rows = []
    for key in FIGURES:
        figure = data[key]
        row = {"indicator": label("county.reform_" + key) if for_screen else key, **figure}
        if for_screen:
            row.update(before=_number(figure["before"]), after=_number(figure["after"]),
                       change_pct=signed_pct(figure["change_pct"]))
            if key == "townships" and data["township_kinds_after"]:
                kinds = "".join(f"{n}{k}" for k, n in data["township_kinds_after"].items())
                row["after"] = f"{row['after']}（{kinds}）"
        rows.append(row)
    coverage = data["group_coverage_pct"]
    rows.append({"indicator": label("county.reform_group_party_orgs") if for_screen else "group_party_orgs",
                 "before": "—" if for_screen else None, "after": data["group_party_orgs"],
                 "change_pct": (t("county.reform_group_coverage", pct=f"{coverage:.1f}%" if coverage is not None else
                                  "—")
                                if for_screen else None)})
    if not for_screen:
        rows.append({"indicator": "group_coverage_pct", "before": None, "after": coverage, "change_pct": None})
    return rows


def merge_rows(data: dict) -> list[dict]:
    rows = []
    for m in data["merges"]:
        village = f"{m['village']} {m['name']}" if m["village"] else label("county.reform_urban")
        merged = "、".join(f"{b['name']}（{b['township_before']}）" for b in m["merged"])
        rows.append({"village": village, "township": m["township"] or "", "merged": merged})
    return rows


def print_reform(data: dict, fmt: str, title: str | None = None, has_data: bool = True) -> None:
    """Print the table in ``fmt`` (table, json, csv or markdown)."""
    if fmt == "json":
        print_json(data)
        return
    if fmt == "csv":
        print_rows(INDICATOR_COLUMNS, indicator_rows(data, for_screen=False), "csv")
        return
    if not has_data:
        sys.stderr.write(t("county.reform_none") + "\n")
    print_rows(INDICATOR_COLUMNS, indicator_rows(data, for_screen=True), fmt, title=title, limit=None)
    if fmt == "markdown":
        sys.stdout.write("\n")
    else:
        sys.stdout.write("\n")
    print_rows(MERGE_COLUMNS, merge_rows(data), fmt, title=label("label.merged_from") if fmt == "markdown" else None,
               limit=None)
