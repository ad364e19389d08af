"""Rendering the monthly report and the trend: rich tables (80 columns), JSON, CSV, Markdown."""

from __future__ import annotations

import os
import sys

from village_gov.core.i18n import label, t
from village_gov.render import safe
from village_gov.render.output import print_json
from village_gov.reports.status import is_open, status_text

SPARKS = "▁▂▃▄▅▆▇█"
PENDING = object()
"""A monthly flag not decided yet (the month is not over): shown "…"."""


def figure_text(key: str, value) -> str:
    """A figure as shown in a table: rates as percentages, the monthly-meeting flag as ✓/✗."""
    if value is None:
        return "–"
    if key == "resolution_rate":
        return f"{value * 100:.0f}%"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if value is PENDING:
        return "…"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):  # a figure by kind, e.g. disclosures {党务, 村务, 财务}: its label names the kinds
        return "/".join(figure_text(k, v) for k, v in value.items())
    return str(value)


FILE_WIDTH = 120  # a report written to a file (--output) is laid out for this many columns


def _console(out):
    from village_gov.render.safe import console

    if out is None or out is sys.stdout:
        return console()
    return console(file=out, width=FILE_WIDTH, color_system=None)


def _screen(out):
    """Where a report's lines go: plain text when rich would draw it unstyled (village_gov.render.plain_report),
    else the rich console of :func:`_console`."""
    from village_gov.render.plain_report import Screen
    from village_gov.render.plain_table import plain_width, unstyled

    stream = sys.stdout if out is None else out
    if (getattr(stream, "encoding", None) or "utf-8").lower()[:3] != "utf":  # rich draws ASCII boxes there
        return Screen(stream, None, lambda: _console(out))
    if stream is sys.stdout:
        width = plain_width()
        if width is None:  # a terminal, or something else rich decides: its console says how and how wide
            return Screen.on_terminal(stream, _console(None), os.environ)
        return Screen(stream, width, lambda: _console(None))
    return Screen(stream, FILE_WIDTH if unstyled() else None, lambda: _console(out))


def _table(columns: list[tuple[str, str]], text_columns: int = 2):
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1))
    for i, (key, label_key) in enumerate(columns):
        # Code and name columns may wrap (between names, never inside one) if a name is too long to fit.
        table.add_column(
            safe.text(label(label_key, key)), no_wrap=i >= text_columns, justify="left" if i < text_columns else "right"
        )
    return table


def _cell(value, text: bool):
    """A cell as rich text, never markup; a name cell wraps only between names (village_gov.render.wrap)."""
    from village_gov.render.safe import text as Text  # ledger text: never markup, controls shown
    from village_gov.render.wrap import Wrapped

    value = "" if value is None else str(value)
    return Wrapped(value, names=True) if text else Text(value)


def _blocks(report: dict) -> list[dict]:
    if "townships" in report:
        return report["townships"]
    return [report]


def print_monthly(report: dict, fields_by_provider: list[tuple[str, list]], fmt: str = "table", out=None) -> None:
    """Print the monthly report; ``fields_by_provider``: ``[(provider name, [(key, label key)…])…]``."""
    out = out or sys.stdout
    if fmt == "json":
        print_json(report, out)
    elif fmt == "csv":
        _status_to_stderr(report, "month")
        _monthly_csv(report, [f for _, fields in fields_by_provider for f in fields], out)
        if report.get("audit_head"):  # CSV stays plain rows: the head goes to stderr
            sys.stderr.write(_head_line(report, short=False) + "\n")
    else:
        _monthly_table(report, fields_by_provider, fmt, out)
        if report.get("audit_head"):
            markdown = fmt == "markdown"
            _write(_screen(out), markdown, _head_line(report, short=not markdown))


def _head_line(report: dict, short: bool) -> str:
    """The audit chain head the report was made at (an anchor for ``audit verify --anchor``)."""
    from village_gov.trail.chain import anchor_text

    return t("audit.head", anchor=anchor_text(report["audit_head"], short=short))


def _status_to_stderr(report: dict, unit: str) -> None:
    """CSV stays plain rows; a period not over is said on stderr."""
    text = status_text(report, unit)
    if text:
        sys.stderr.write(text + "\n")


def _monthly_rows(report: dict):
    """``(township code, row, is_total)`` for every village, then each subtotal, then the overall total."""
    blocks = _blocks(report)
    for block in blocks:
        code = block["township"]["code"]
        for row in block["villages"]:
            yield code, row, False
        yield code, {"code": "", "name": label("consult.col_subtotal" if len(blocks) > 1 else "consult.col_total"),
                     **block["total"]}, True
    if len(blocks) > 1:
        yield "", {"code": "", "name": label("consult.col_total"), **report["total"]}, True


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _monthly_csv(report: dict, fields, out) -> None:
    """One CSV row per village and total; a figure by kind becomes one column per kind (``disclosures.财务``)."""
    rows = list(_monthly_rows(report))
    columns: list[tuple[str, str | None]] = []
    for key, _ in fields:
        sample = next((row.get(key) for _, row, _ in rows if isinstance(row.get(key), dict)), None)
        columns.extend([(key, sub) for sub in sample] if sample is not None else [(key, None)])
    out.write(
        safe.csv_line(["month", "township", "code", "name", *(k if s is None else f"{k}.{s}" for k, s in columns)])
    )
    for township, row, is_total in rows:
        name = "total" if is_total else row["name"]
        values = [row.get(k) if s is None else (row.get(k) or {}).get(s) for k, s in columns]
        out.write(safe.csv_line([report["month"], township, row["code"], name, *map(_csv_value, values)]))


def _monthly_table(report: dict, fields_by_provider, fmt: str, out) -> None:
    screen = _screen(out)
    markdown = fmt == "markdown"
    total_label = label("consult.col_subtotal" if "townships" in report else "consult.col_total")
    status = status_text(report, "month")
    pending = is_open(report)
    for block in _blocks(report):
        title = t("report.title", township=block["township"]["name"], month=report["month"])
        _write(screen, markdown, f"## {safe.markdown(title)}" if markdown else title, raw=True)
        if status:
            _write(screen, markdown, f"> **{safe.markdown(status)}**" if markdown else f"⚠ {status}", raw=True)
        for name, fields in fields_by_provider:
            columns = [("code", "label.code"), ("name", "label.village"), *fields]
            # While the month runs, a village that has not held its meeting yet shows "…", not ✗.
            rows = [
                (
                    {**row, "secretary_meeting_held": PENDING}
                    if pending and row.get("secretary_meeting_held") is False
                    else row,
                    False,
                )
                for row in block["villages"]
            ]
            rows.append(({"code": "", "name": total_label, **block["total"]}, True))
            _emit_table(screen, markdown, label("report.title_" + name, name), columns, rows)
        missed = [row["name"] for row in block["villages"] if row.get("secretary_meeting_held") is False]
        if missed and pending:
            _write(screen, markdown, t("report.pending_meeting", count=len(missed), villages="、".join(missed)))
        elif missed:
            _write(screen, markdown, "✗ " + t("report.missed_meeting", count=len(missed),
                                              villages="、".join(missed)))
        if "by_category" in block:
            columns = [("category", "label.category"), ("requests_raised", "consult.col_count")]
            rows = [(row, False) for row in block["by_category"] if row["requests_raised"]]
            if rows:
                _emit_table(screen, markdown, t("report.by_category_title"), columns, rows, text_columns=1)
    if "townships" in report:
        _write(screen, markdown, t("report.multi", count=len(report["townships"])))
        for name, fields in fields_by_provider:
            columns = [("code", "label.code"), ("name", "label.township"), *fields]
            rows = [({"code": b["township"]["code"], "name": b["township"]["name"], **b["total"]}, False)
                    for b in report["townships"]]
            rows.append(({"code": "", "name": label("consult.col_total"), **report["total"]}, True))
            _emit_table(screen, markdown, label("report.title_" + name, name), columns, rows)


def _write(screen, markdown: bool, text: str, raw: bool = False) -> None:
    """A line of the report: Markdown-escaped (unless ``raw``: already escaped, with our own marks), or
    wrapped text (village_gov.render.wrap.Wrapped)."""
    if markdown:
        screen.out.write((text if raw else safe.markdown(text)) + "\n\n")
    else:
        screen.line(text)


def _emit_table(screen, markdown: bool, title: str, columns, rows, text_columns: int = 2) -> None:
    cells = [[row.get(k) if i < text_columns else figure_text(k, row.get(k)) for i, (k, _) in enumerate(columns)]
             for row, _ in rows]
    if markdown:
        out = screen.out
        out.write(f"### {safe.markdown(title)}\n\n")
        out.write("| " + " | ".join(safe.markdown(label(lk, k)) for k, lk in columns) + " |\n")
        out.write("|" + "|".join("---" if i < 2 else "---:" for i in range(len(columns))) + "|\n")
        for line in cells:
            out.write("| " + " | ".join(safe.markdown(c) for c in line) + " |\n")
        out.write("\n")
        return
    _write(screen, False, title)

    def draw():
        table = _table(columns, text_columns)
        for (_row, is_total), line in zip(rows, cells):
            table.add_row(*(_cell(c, i < text_columns) for i, c in enumerate(line)),
                          style="bold" if is_total else None, end_section=False)
        return table

    # The same labels and cells as _table and _cell give rich; the totals bold, as the rows drawn above.
    headers = [label(label_key, key) for key, label_key in columns]
    texts = [["" if c is None else str(c) for c in line] for line in cells]
    wrapped = [i < text_columns for i in range(len(columns))]
    screen.table(headers, texts, [not w for w in wrapped], wrapped, draw, [is_total for _, is_total in rows])
    screen.blank()


def sparkline(values: list) -> str:
    """One block character per value, scaled between the smallest and largest; blank for no value."""
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if not numbers:
        return " " * len(values)
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1
    out = []
    for v in values:
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            out.append(" ")
        elif high == low:
            out.append(SPARKS[0] if high == 0 else SPARKS[3])
        else:
            out.append(SPARKS[round((v - low) / span * (len(SPARKS) - 1))])
    return "".join(out)


def print_trend(trend: dict, fields: list[tuple[str, str]], fmt: str = "table", out=None) -> None:
    """The trend as figure rows with a sparkline (table/markdown), or month rows (json/csv)."""
    out = out or sys.stdout
    if fmt == "json":
        print_json(trend, out)
        return
    if fmt == "csv":
        _status_to_stderr(trend, "range")
        keys = [k for k, _ in fields]
        out.write(safe.csv_line(["month", *keys]))
        for row in trend["months"]:
            out.write(safe.csv_line([row["month"], *[_csv_value(row.get(k)) for k in keys]]))
        return
    screen = _screen(out)
    markdown = fmt == "markdown"
    months = trend["months"]
    title = t("report.trend_title", scope=trend["scope"]["name"], start=trend["from"], end=trend["to"])
    _write(screen, markdown, f"## {safe.markdown(title)}" if markdown else title, raw=True)
    status = status_text(trend, "range")
    if status:
        _write(screen, markdown, f"> **{safe.markdown(status)}**" if markdown else f"⚠ {status}", raw=True)
    rows = []
    for key, label_key in fields:
        values = [float(m[key]) if isinstance(m[key], bool) else m[key] for m in months]
        numbers = [v for v in values if v is not None]
        rows.append(({"figure": label(label_key, key), "trend": sparkline(values),
                      "first": figure_text(key, months[0][key]),
                      "last": "…" if months[-1][key] is False and is_open(trend) else figure_text(key, months[-1][key]),
                      "min": figure_text(key, min(numbers)) if numbers else "–",
                      "max": figure_text(key, max(numbers)) if numbers else "–"}, False))
    header = [("figure", "consult.col_figure"), ("trend", "consult.col_trend"), ("first", months[0]["month"]),
              ("last", months[-1]["month"]), ("min", "consult.col_min"), ("max", "consult.col_max")]
    _emit_trend(screen, markdown, header, rows)


def _emit_trend(screen, markdown, columns, rows) -> None:
    out = screen.out
    if markdown:
        out.write("| " + " | ".join(safe.markdown(label(lk, k) if lk.startswith(("label.", "consult.col_")) else lk)
                                    for k, lk in columns) + " |\n")
        out.write("|" + "|".join("---" for _ in columns) + "|\n")
        for row, _ in rows:
            out.write("| " + " | ".join(safe.markdown(row[k]) for k, _ in columns) + " |\n")
        return
    headers = [label(lk, key) if lk.startswith(("label.", "consult.col_")) else lk for key, lk in columns]

    def draw():
        from rich import box
        from rich.table import Table

        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1))
        for i, header in enumerate(headers):
            table.add_column(safe.text(header), no_wrap=True, justify="left" if i < 2 else "right")
        for row, _ in rows:
            table.add_row(*(_cell(row[k], False) for k, _ in columns))
        return table

    texts = [["" if row[k] is None else str(row[k]) for k, _ in columns] for row, _ in rows]
    screen.table(headers, texts, [i >= 2 for i in range(len(columns))], [False] * len(columns), draw)
