"""Report dicts shaped as sheets of typed tables: what the workbook and HTML writers draw.

The builders here only rearrange what a report already holds (the same dicts the
table/JSON renderers print) and attach a kind to each column so the writers can
give it a real number format: ``int``, ``number`` (one decimal), ``number2`` (two
decimals), ``rate`` (a fraction shown as a percentage), ``pct`` (a figure already
in percent, e.g. ``97.1``; written as the fraction ``0.971``), ``date``
(``YYYY-MM-DD`` or ``YYYY-MM``), ``flag`` (a bool shown ✓/✗; an int stays a
number) and ``text``.  No figure is computed here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from village_gov.core.i18n import label, t
from village_gov.ledgers.procedures.terms import MEETING_KIND_KEYS as PARTY_KINDS
from village_gov.reports.status import is_open, status_text

NUMERIC_KINDS = ("int", "number", "number2", "rate", "pct")
CHART_COLOURS = ("#2F5597", "#C55A11", "#548235")
"""The series colours of the charts, the same in the workbook and the HTML file."""


@dataclass
class Column:
    key: str
    header: str
    kind: str = "text"
    sub: str | None = None
    """For a figure by kind (``disclosures: {党务: 1, …}``): which kind this column shows."""

    def value(self, row: dict):
        value = row.get(self.key)
        if self.sub is not None:
            return (value or {}).get(self.sub) if isinstance(value, dict) else None
        return value


@dataclass
class Table:
    columns: list[Column]
    rows: list[tuple[dict, bool]]
    """``(row, is_total)``: total rows are drawn bold."""
    title: str | None = None
    key: str = ""
    """A stable name for the table (``villages``, ``months`` …), used by the HTML as a data attribute."""


@dataclass
class Chart:
    key: str
    title: str
    kind: str
    """``column`` or ``line``."""
    table: int
    category: str
    series: list[str]
    percent: bool = False


@dataclass
class Sheet:
    key: str
    """Stable report name: monthly, trend, check, or the key of a ledger's report (micros, party-life, reform …)."""
    title: str
    tables: list[Table]
    notes: list[str] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    status: str | None = None
    """"截至 …，本月尚未结束" when the report's period is not over, else None."""
    tab: str | None = None
    """The message key of the tab name; default ``export.sheet_<key>`` (a ledger added later names one of its own)."""
    main_table: int = 0
    """The table a workbook filters (and, when it is the first, freezes under its header)."""

    @property
    def name(self) -> str:
        """The sheet's tab name in the current language."""
        return label(self.tab or "export.sheet_" + self.key.replace("-", "_"), self.key)[:31]


@dataclass
class Document:
    title: str
    township: str
    period: str
    sheets: list[Sheet]
    last_change: str | None = None
    """When the data last changed (the audit trail's latest entry, else the file's mtime), ISO text."""
    generated: str | None = None
    """The time of writing, only with ``--stamp``."""
    created: dt.datetime = dt.datetime(2000, 1, 1)
    """The workbook's creation property: fixed (from the data), so the same data gives the same bytes."""
    audit_head: dict | None = None
    """The audit chain's head the data were read at (``{"entry", "hash"}``): an anchor for ``audit verify``."""


def header(key: str, label_key: str | None = None) -> str:
    """A column header: the fuller export label when there is one, else the report's own label."""
    fuller = label("export.col_" + key, "")
    return fuller or label(label_key or "label." + key, key)


def kind_of(key: str, sample) -> str:
    """The kind of a figure column, from its key and a sample value."""
    if key in ("resolution_rate", "attendance_rate"):
        return "rate"
    if key.endswith("_pct"):
        return "pct"
    if key in ("month", "date", "as_of"):
        return "date"
    if isinstance(sample, bool):
        return "flag"
    if key in ("median_days_to_resolve",):
        return "number"
    if isinstance(sample, float):
        return "number" if key not in ("avg_area_km2",) else "number2"
    if isinstance(sample, int):
        return "int"
    return "text"


def _figure_columns(fields, rows: list[dict]) -> list[Column]:
    """Columns for ``(key, label key)`` fields; a figure by kind becomes one column per kind."""
    columns = []
    for key, label_key in fields:
        sample = next((r.get(key) for r in rows if r.get(key) is not None), None)
        if isinstance(sample, dict):
            name = header(key, label_key)
            columns += [Column(key, f"{name}·{sub}", "int", sub=sub) for sub in sample]
        elif key == "secretary_meeting_held":
            columns.append(Column(key, header(key, label_key), "flag"))
        else:
            columns.append(Column(key, header(key, label_key), kind_of(key, sample)))
    return columns


# --- monthly -----------------------------------------------------------------------------------------

def monthly_sheet(report: dict, fields: list[tuple[str, str]]) -> Sheet:
    """The monthly report: one row per village, subtotals per township, the total in bold."""
    multi = "townships" in report
    blocks = report["townships"] if multi else [report]
    rows: list[tuple[dict, bool]] = []
    for block in blocks:
        town = block["township"]
        for village in block["villages"]:
            rows.append(({**village, "township": town["name"]}, False))
        total_label = label("consult.col_subtotal" if multi else "consult.col_total")
        rows.append(({**block["total"], "code": "", "name": total_label, "township": town["name"]}, True))
    if multi:
        rows.append(({**report["total"], "code": "", "name": label("consult.col_total"), "township": ""}, True))
    lead = [Column("township", header("township"))] if multi else []
    lead += [Column("code", label("label.code")), Column("name", label("label.village"))]
    columns = lead + _figure_columns(fields, [r for r, _ in rows])
    tables = [Table(columns, rows, key="villages")]
    categories = report.get("by_category") or []
    if categories:
        tables.append(
            Table(
                [
                    Column("category", label("label.category")),
                    Column("requests_raised", label("consult.col_count"), "int"),
                ],
                [(c, False) for c in categories],
                title=t("export.by_category"),
                key="by_category",
            )
        )
    missed = [r["name"] for r, total in rows if not total and r.get("secretary_meeting_held") is False]
    notes = [t("export.missed_meeting", villages="、".join(missed))] if missed else []
    if missed and is_open(report):
        # The month is not over: a village without its meeting yet has not missed it.
        for row, total in rows:
            if not total and row.get("secretary_meeting_held") is False:
                row["secretary_meeting_held"] = t("report.period_in_progress")
        notes = [t("report.pending_meeting", count=len(missed), villages="、".join(missed))]
    name = "、".join(b["township"]["name"] for b in blocks)
    return Sheet("monthly", t("report.title", township=name, month=report["month"]), tables, notes,
                 status=status_text(report, "month"))


# --- trend --------------------------------------------------------------------------------------------

def trend_sheet(trend: dict, fields: list[tuple[str, str]]) -> Sheet:
    """The trend: one row per month, and the three charts of issue 7 drawn from its columns."""
    months = trend["months"]
    columns = [Column("month", header("month"), "date")]
    for key, label_key in fields:
        sample = next((m.get(key) for m in months if m.get(key) is not None), None)
        kind = "int" if key == "secretary_meeting_held" and not isinstance(sample, bool) else kind_of(key, sample)
        if kind == "text":  # a figure with no value in any month is still a number column
            kind = "rate" if key.endswith("_rate") else "number" if key.startswith("median") else "int"
        columns.append(Column(key, header(key, label_key), kind))
    charts = [
        Chart("consultations", t("export.chart_consultations"), "column", 0, "month", ["consultations"]),
        Chart("requests", t("export.chart_requests"), "column", 0, "month", ["requests_raised", "requests_resolved"]),
        Chart("resolution_rate", t("export.chart_rate"), "line", 0, "month", ["resolution_rate"], percent=True),
    ]
    title = t("report.trend_title", scope=trend["scope"]["name"], start=trend["from"], end=trend["to"])
    rows = [(m, False) for m in months]
    if months and is_open(trend) and months[-1].get("secretary_meeting_held") is False:  # a village's running month
        rows[-1] = ({**months[-1], "secretary_meeting_held": t("report.period_in_progress")}, False)
    return Sheet("trend", title, [Table(columns, rows, key="months")], charts=charts,
                 status=status_text(trend, "range"))


# --- micros -------------------------------------------------------------------------------------------

def micros_sheet(report: dict) -> Sheet:
    """Positions and organizations as of the date, then 12 months of services and activities."""
    total = {**report["total"], "code": "", "name": label("consult.col_total"),
             "self_governance_missing": None}
    villages = [{**v, "self_governance_missing": "、".join(v["self_governance_missing"])} for v in report["villages"]]
    rows = [(v, False) for v in villages] + [(total, True)]
    lead = [Column("code", label("label.code")), Column("name", label("label.village"))]
    stock = lead + [Column(k, header(k), kind) for k, kind in (
        ("main_positions", "int"), ("micro_positions", "int"), ("groups", "int"), ("groups_covered", "int"),
        ("group_coverage_pct", "pct"), ("orgs_self_governance", "int"), ("orgs_mass", "int"),
        ("orgs_social", "int"), ("self_governance_missing", "text"))]
    events = lead + [Column(k, header(k), kind) for k, kind in (
        ("services", "int"), ("service_hours", "number"), ("households_served", "int"), ("activities", "int"),
        ("activity_participants", "int"))]
    tables = [Table(stock, rows, t("export.micros_positions"), key="positions"),
              Table(events, rows, t("micros.report_title_events", start=report["from"], end=report["to"]),
                    key="events")]
    notes = [t("micros.complete_villages", complete=report["total"].get("villages_self_governance_complete", 0),
               villages=report["total"].get("villages", len(villages))).strip()]
    return Sheet("micros", t("export.micros_title", as_of=report["as_of"]), tables, notes)


# --- party life ---------------------------------------------------------------------------------------

def party_life_sheet(report: dict) -> Sheet:
    """Per organization: held and required per kind of meeting, attendance, what falls short."""
    rows = []
    for org in report["organizations"]:
        row = {k: org.get(k) for k in ("code", "name", "village", "level", "due", "present", "attendance_rate")}
        for kind in PARTY_KINDS:
            meeting = org["meetings"].get(kind)
            row[f"{kind}_held"] = None if meeting is None else meeting["held"]
            row[f"{kind}_required"] = None if meeting is None else meeting["required"]
        row["short"] = "、".join(label(f"procedures.kind_{k}", k) for k in org["short"]) or (
            t("report.period_in_progress") if org.get("in_progress") else "")
        rows.append((row, False))
    columns = [Column("code", label("label.code")), Column("name", label("label.name")),
               Column("village", label("label.village")), Column("level", label("label.level"))]
    for kind in PARTY_KINDS:
        name = label(f"procedures.kind_{kind}", kind)
        columns += [Column(f"{kind}_held", f"{name}·{header('held')}", "int"),
                    Column(f"{kind}_required", f"{name}·{header('required')}", "int")]
    columns += [Column("due", header("due"), "int"), Column("present", header("present"), "int"),
                Column("attendance_rate", label("procedures.col_attendance"), "rate"), Column("short", header("short"))]
    notes = [t("export.party_life_summary", short=len(report.get("short", [])), total=len(report["organizations"]))]
    title = t("export.party_life_title", quarter=report["quarter"])
    return Sheet("party-life", title, [Table(columns, rows, key="organizations")], notes,
                 status=status_text(report, "quarter"))


# --- reform -------------------------------------------------------------------------------------------

def reform_sheet(data: dict, title: str | None = None) -> Sheet:
    """Before → after per figure with the change (a percentage), then the merge map."""
    from village_gov.reports.reform import FIGURES

    rows = []
    for key in FIGURES:
        figure = data[key]
        rows.append(({"key": key, "indicator": label("county.reform_" + key), "before": figure["before"],
                      "after": figure["after"],
                      "change_pct": None if figure["change_pct"] is None else figure["change_pct"]}, False))
    rows.append(({"key": "group_party_orgs", "indicator": label("county.reform_group_party_orgs"), "before": None,
                  "after": data["group_party_orgs"], "change_pct": None}, False))
    columns = [Column("indicator", label("label.indicator")), Column("before", label("label.before"), "number2"),
               Column("after", label("label.after"), "number2"), Column("change_pct", label("label.change_pct"), "pct")]
    coverage = Table(
        [Column("indicator", label("label.indicator")), Column("group_coverage_pct", header("coverage_pct"), "pct")],
        [
            (
                {
                    "indicator": label("county.reform_group_party_orgs"),
                    "group_coverage_pct": data["group_coverage_pct"],
                },
                False,
            )
        ],
        key="coverage",
    )
    merges = []
    for m in data["merges"]:
        merged = "、".join(f"{b['name']}（{b['township_before']}）" for b in m["merged"])
        merges.append(({"village": m["village"] or "", "name": m["name"] or label("county.reform_urban"),
                        "township": m["township"] or "", "merged": merged}, False))
    merge_table = Table([Column("village", label("label.code")), Column("name", label("label.current_village")),
                         Column("township", label("label.township")), Column("merged", label("label.merged_from"))],
                        merges, t("export.merge_title"), key="merges")
    kinds = data.get("township_kinds_after") or {}
    notes = ["".join(f"{n}{k}" for k, n in kinds.items())] if kinds else []
    return Sheet("reform", title or t("export.reform_title"),
                 [Table(columns, rows, key="figures"), coverage, merge_table], notes)


# --- text of a cell (HTML, widths) ----------------------------------------------------------------------

def cell_text(column: Column, value) -> str:
    """A value as the HTML shows it and as wide as the workbook's cell needs to be."""
    if value is None:
        return "–" if column.kind in NUMERIC_KINDS else ""
    kind = column.kind
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if kind == "rate":
        return f"{value * 100:.1f}%"
    if kind == "pct":
        return f"{value:.1f}%"
    if kind == "number2" and isinstance(value, (int, float)):
        return f"{value:,.2f}" if isinstance(value, float) and value != int(value) else f"{int(value):,}"
    if kind == "number" and isinstance(value, (int, float)):
        return f"{value:.1f}" if isinstance(value, float) else str(value)
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)


# --- definitions (the 说明 sheet / section) ---------------------------------------------------------------

def definitions(sheets: list[Sheet]) -> list[dict]:
    """Each figure column of ``sheets`` with its definition, in sheet and column order, once per sheet:
    ``[{"sheet": tab name, "column": header, "key": key, "definition": text}]``.  Columns with no
    definition (codes, names) are left out."""
    from village_gov.reports.definitions import SHEET_GROUPS, definition

    rows = []
    for sheet in sheets:
        group = SHEET_GROUPS.get(sheet.key)
        seen = set()
        for table in sheet.tables:
            for column in table.columns:
                text = definition(group, column.key) if group else None
                name = column.header.split("·")[0] if column.sub else column.header
                if text is None or (column.key, name) in seen:
                    continue
                seen.add((column.key, name))
                rows.append({"sheet": sheet.name, "column": name, "key": column.key, "definition": text})
    return rows


def definitions_table(sheets: list[Sheet]) -> Table:
    """The 说明 as a table: sheet, column header, JSON key, definition."""
    columns = [Column("sheet", t("export.def_sheet")), Column("column", t("export.def_column")),
               Column("key", t("export.def_key")), Column("definition", t("export.def_definition"))]
    return Table(columns, [(row, False) for row in definitions(sheets)], key="definitions")


def status_lines(sheets: list[Sheet]) -> list[str]:
    """Each sheet's "not over yet" sentence, named by its sheet, for the 说明."""
    return [f"{s.name}：{s.status}" for s in sheets if s.status]
