"""``report development`` on the screen (table, markdown, csv, json) and as a sheet of a document."""

from __future__ import annotations

import sys

from village_gov.core.i18n import label, t
from village_gov.ledgers.development.report import COUNTS
from village_gov.ledgers.development.terms import SOURCES
from village_gov.render.document import Column, Sheet, Table
from village_gov.render.output import print_json, print_rows

SHARES = ("share_under_35", "share_women", "share_high_school_plus")


def _rows(report: dict) -> list[dict]:
    total = dict(report["total"], code="total", name=label("consult.col_total"))
    return [*report["villages"], total]


def _pct(value) -> str:
    return "" if value is None else f"{100 * value:.1f}%"


def print_development_report(report: dict, fmt: str = "table", out=None) -> None:
    out = out or sys.stdout
    if fmt == "json":
        print_json(report, out=out)
        return
    rows = _rows(report)
    if fmt == "csv":
        flat = [{**{k: v for k, v in r.items() if k != "by_source"},
                 **{f"source_{s}": r["by_source"].get(s, 0) for s in SOURCES}} for r in rows]
        columns = [(c, c) for c in ("code", "name", *COUNTS, *SHARES, *(f"source_{s}" for s in SOURCES))]
        print_rows(columns, flat, "csv", out=out)
        return
    columns = [("name", "label.village"), *((c, f"development.col_{c}") for c in (*COUNTS, *SHARES))]
    shown = [{**r, **{s: _pct(r[s]) for s in SHARES}} for r in rows]
    title = t("development.report_title", year=report["year"], as_of=report["as_of"])
    print_rows(columns, shown, fmt, title=title, out=out, limit=None)
    sources = [{"source": s, "count": report["total"]["by_source"].get(s, 0)} for s in SOURCES]
    out.write("\n")
    print_rows([("source", "label.source"), ("count", "development.col_admitted")], sources, fmt,
               title=t("development.sources_title", year=report["year"]), out=out, limit=None)


def development_sheet(report: dict) -> Sheet:
    """The year's pipeline per village, then the year's admissions by source."""
    lead = [Column("code", label("label.code")), Column("name", label("label.village"))]
    figures = [Column(c, label(f"development.col_{c}"), "int") for c in COUNTS]
    shares = [Column(s, label(f"development.col_{s}"), "rate") for s in SHARES]
    rows = [(v, False) for v in report["villages"]] + [
        ({**report["total"], "code": "", "name": label("consult.col_total")}, True)]
    sources = [({"source": s, "count": report["total"]["by_source"].get(s, 0)}, False) for s in SOURCES]
    tables = [Table(lead + figures + shares, rows, key="villages"),
              Table([Column("source", label("label.source")),
                     Column("count", label("development.col_admitted"), "int")], sources,
                    t("development.sources_title", year=report["year"]), key="sources")]
    return Sheet("development", t("development.report_title", year=report["year"], as_of=report["as_of"]),
                 tables, tab="development.sheet")


def print_timeline(record: dict, fmt: str = "table") -> None:
    """One record: its facts and a timeline (table), or JSON, or the timeline as CSV/Markdown rows."""
    from village_gov.ledgers.development.views import TIMELINE_COLUMNS

    if fmt == "json":
        print_json(record)
        return
    if fmt in ("csv", "markdown"):
        print_rows(TIMELINE_COLUMNS, record["timeline"], fmt,
                   title=f"{record['code']} {record['name']}" if fmt == "markdown" else None, limit=None)
        return
    from village_gov.render.output import console
    from village_gov.render.safe import text as Text  # ledger text: never markup, controls shown
    from village_gov.render.wrap import Wrapped

    out = console()
    standing = label(f"development.standing_{record['standing']}", record["standing"])
    out.print(Wrapped(f"{record['code']}  {record['name']}  {standing}", style="bold"))
    facts = [f"{label('label.village')}: {record['village']}", f"{label('label.org')}: {record['org']}",
             f"{label('label.source')}: {record['source']}", f"{label('label.born')}: {record['born']}"]
    out.print(Wrapped(chunks=[Text(facts[0])] + [(Text(f), "  ") for f in facts[1:]]))
    out.print()
    for step in record["timeline"]:
        done = step["date"] is not None
        line = Text(f"{'●' if done else '○'} {step['date'] or ' ' * 10}  {step['label']}",
                    style=None if done else "dim")
        if done and step["days"] is not None:
            line.append(f"  (+{step['days']})", style="dim")
        if step.get("note"):
            line.append(f"  {step['note']}")
        out.print(Wrapped(chunks=[line]))
    if record["findings"]:
        out.print()
    for finding in record["findings"]:
        out.print(Wrapped(chunks=[Text(f"{finding['rule']}: {finding['message']}", style="red")]))


def print_list(columns, rows: list[dict], fmt: str, limit: int) -> None:
    if fmt in ("table", "markdown"):
        rows = [dict(r, standing=r["standing_label"], overdue="、".join(r["overdue"])) for r in rows]
    elif fmt == "csv":
        rows = [dict(r, overdue=";".join(r["overdue"])) for r in rows]
    print_rows(columns, rows, fmt, limit=limit or None)
