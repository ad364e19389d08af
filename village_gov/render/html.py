"""Self-contained HTML from :mod:`village_gov.render.document` sheets, and the village notice sheet.

One file: inline CSS (A4 print styles, a CJK font stack), inline SVG charts drawn
by pygal, every text escaped.  Nothing is fetched when the file is opened.  Each
figure cell carries ``data-k`` (its JSON key, ``key.kind`` for a figure by kind)
so the file can be read back and compared with the JSON report.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from village_gov.core.clock import shown
from village_gov.core.i18n import get_lang, label, t
from village_gov.render.document import (
    CHART_COLOURS,
    NUMERIC_KINDS,
    Chart,
    Column,
    Document,
    Sheet,
    Table,
    cell_text,
    definitions_table,
    status_lines,
)
from village_gov.reports.exports.notice import PUBLIC_FIELDS
from village_gov.reports.status import status_text

FONT_STACK = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
KEY_COLUMNS = {"code", "name", "township", "village", "severity", "rule", "subject", "level", "indicator"}

CSS = """
@page { size: __PAGE__; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: %(fonts)s; color: #1a1a1a; margin: 0 auto; max-width: 1100px; padding: 16px;
       font-size: 13px; line-height: 1.45; background: #fff; }
header.doc { border-bottom: 3px solid #b22222; margin-bottom: 12px; padding-bottom: 6px; }
header.doc h1 { font-size: 22px; margin: 0 0 4px; color: #8b0000; }
header.doc p { margin: 0; color: #555; font-size: 12px; }
section.sheet { margin-top: 18px; }
section.sheet + section.sheet { break-before: page; page-break-before: always; }
h2 { font-size: 17px; border-left: 5px solid #b22222; padding-left: 8px; margin: 10px 0 8px; }
h3 { font-size: 14px; margin: 12px 0 6px; }
table { border-collapse: collapse; width: 100%%; margin: 4px 0 10px; font-size: 12px; }
table.narrow { width: auto; min-width: 40%%; }
th, td { border: 1px solid #c8ccd2; padding: 3px 6px; }
th { background: #dde4ee; font-weight: 600; text-align: center; }
td.key { white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 700; background: #f2f2f2; border-top: 2px solid #888; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
p.note { margin: 4px 0; color: #333; }
p.status { margin: 4px 0 8px; padding: 4px 8px; background: #fff4d6; border-left: 4px solid #d48a00; }
section.definitions { margin-top: 18px; break-before: page; page-break-before: always; }
section.definitions td { white-space: normal; }
.charts { display: flex; flex-wrap: wrap; gap: 10px; break-inside: avoid; page-break-inside: avoid; }
.chart { flex: 1 1 31%%; min-width: 300px; border: 1px solid #e0e0e0; }
.chart svg { width: 100%%; height: auto; display: block; }
footer.doc { margin-top: 18px; font-size: 11px; color: #666; border-top: 1px solid #ccc; padding-top: 4px; }
@media print { body { max-width: none; padding: 0; font-size: 11px; } table { font-size: 10.5px; }
               .chart { min-width: 0; } }
""" % {"fonts": FONT_STACK}


def _page(title: str, body: str, page: str = "A4") -> str:
    lang = "zh-CN" if get_lang() == "zh" else "en"
    css = CSS.replace("__PAGE__", page)
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n{body}</body>\n</html>\n")


def _header(document: Document) -> str:
    facts = [document.township, document.period]
    facts.append(t("export.last_change", time=shown(document.last_change)) if document.last_change
                 else t("export.last_change_none"))
    if document.generated:
        facts.append(t("export.generated", time=shown(document.generated)))
    if document.audit_head:
        from village_gov.trail.chain import anchor_text

        facts.append(t("audit.head", anchor=anchor_text(document.audit_head)))
    return (f'<header class="doc">\n<h1>{escape(document.title)}</h1>\n'
            f'<p>{" · ".join(escape(f) for f in facts if f)}</p>\n</header>\n')


def table_html(table: Table, sheet_title: str | None = None) -> str:
    """A table with a header row, figures right-aligned, total rows bold; every text escaped.
    Its title is left out when it is the sheet's own (no heading twice)."""
    out = []
    if table.title and table.title != sheet_title:
        out.append(f"<h3>{escape(table.title)}</h3>\n")
    narrow = ' class="narrow"' if len(table.columns) <= 4 else ""
    out.append(f'<table data-table="{escape(table.key)}"{narrow}>\n<thead><tr>')
    out.extend(f'<th data-k="{escape(_data_key(c))}">{escape(c.header)}</th>' for c in table.columns)
    out.append("</tr></thead>\n<tbody>\n")
    # Each column's opening tag once, not once per row (a check sheet may hold a hundred thousand rows).
    cells = [(column, f'<td data-k="{escape(_data_key(column))}"{_cell_class(column)}>') for column in table.columns]
    for row, is_total in table.rows:
        code = row.get("code")
        attrs = ' class="total"' if is_total else ""
        if code and not is_total:
            attrs += f' data-code="{escape(str(code))}"'
        out.append(f"<tr{attrs}>")
        out.extend(f"{opening}{escape(cell_text(column, column.value(row)))}</td>" for column, opening in cells)
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n")
    return "".join(out)


def _cell_class(column: Column) -> str:
    if column.kind in NUMERIC_KINDS or column.kind in ("date", "flag"):
        return ' class="num"'
    return ' class="key"' if column.key in KEY_COLUMNS else ""


def _data_key(column: Column) -> str:
    return column.key if column.sub is None else f"{column.key}.{column.sub}"


def chart_svg(chart: Chart, table: Table) -> str:
    """One chart as inline SVG, drawn by pygal from the table's own values (fractions stay fractions)."""
    import pygal
    from pygal.style import Style

    style = Style(font_family=FONT_STACK, background="white", plot_background="white",
                  foreground="#333", foreground_strong="#111", foreground_subtle="#ddd",
                  colors=CHART_COLOURS, title_font_size=15, label_font_size=11, major_label_font_size=11,
                  legend_font_size=12, value_font_size=10, opacity=".9", opacity_hover="1")
    options = dict(style=style, width=480, height=300, js=[], disable_xml_declaration=True,
                   show_legend=len(chart.series) > 1, legend_at_bottom=True, x_label_rotation=40,
                   title=chart.title, print_values=False, margin=8, explicit_size=False, include_x_axis=True,
                   show_y_guides=True, truncate_label=-1)
    if chart.percent:
        options.update(value_formatter=lambda v: f"{v:.0%}" if v is not None else "",
                       range=(0, 1), y_labels=[0, 0.25, 0.5, 0.75, 1.0])
    else:
        options.update(value_formatter=lambda v: f"{v:g}" if v is not None else "")
    graph = (pygal.Line if chart.kind == "line" else pygal.Bar)(**options)
    graph.uuid = f"vg-{chart.key}"  # pygal draws a random id into its CSS; a fixed one keeps the bytes stable
    columns = {c.key: c for c in table.columns}
    graph.x_labels = [str(row.get(chart.category)) for row, _ in table.rows]
    for key in chart.series:
        graph.add(columns[key].header, [row.get(key) for row, _ in table.rows], allow_interruptions=True)
    return _static_svg(graph.render(is_unicode=True))


def _static_svg(svg: str) -> str:
    """pygal's SVG without its comments (one holds today's date) and without its script (the config for
    pygal's tooltip script, which a self-contained file does not load): the same data, the same bytes."""
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    return re.sub(r"<script\b[^>]*?(/>|>.*?</script>)", "", svg, flags=re.S)


def sheet_html(sheet: Sheet) -> str:
    out = [f'<section class="sheet" data-sheet="{escape(sheet.key)}">\n<h2>{escape(sheet.title)}</h2>\n']
    if sheet.status:
        out.append(f'<p class="status">{escape(sheet.status)}</p>\n')
    for table in sheet.tables:
        out.append(table_html(table, sheet.title))
    for note in sheet.notes:
        out.append(f'<p class="note">{escape(note)}</p>\n')
    if sheet.charts:
        out.append('<div class="charts">\n')
        for chart in sheet.charts:
            out.append(
                f'<div class="chart" '
                f'data-chart="{escape(chart.key)}">{chart_svg(chart, sheet.tables[chart.table])}</div>\n'
            )
        out.append("</div>\n")
    out.append("</section>\n")
    return "".join(out)


def definitions_html(sheets: list[Sheet]) -> str:
    """The 说明 section: which periods are not over, and every figure column's definition."""
    out = [f'<section class="definitions" data-part="definitions">\n<h2>{escape(t("export.def_title"))}</h2>\n']
    out.extend(f'<p class="status">{escape(line)}</p>\n' for line in status_lines(sheets))
    out.append(f'<p class="note">{escape(t("export.def_intro"))}</p>\n')
    out.append(table_html(definitions_table(sheets)))
    out.append("</section>\n")
    return "".join(out)


def document_html(document: Document) -> str:
    """The whole document as one HTML page, printed A4 landscape like the workbook (its tables are wide)."""
    body = _header(document) + "".join(sheet_html(s) for s in document.sheets) + definitions_html(document.sheets)
    return _page(document.title, body, page="A4 landscape")


def write_html(document: Document, path: Path) -> None:
    _write(Path(path), document_html(document))


def _write(path: Path, text: str) -> None:
    """Write into ``path`` (a temporary file of :func:`village_gov.core.atomic.write_atomically`)."""
    path.write_bytes(text.encode("utf-8"))


# --- the notice-board sheet (村务公开) -------------------------------------------------------------------

def _plain_table(columns: list[tuple[str, str]], rows: list[dict], key: str, numeric=()) -> str:
    if key in PUBLIC_FIELDS:  # a notice part: only its allow-listed fields, whatever the rows hold
        columns = [(k, h) for k, h in columns if k in PUBLIC_FIELDS[key]]
    out = [f'<table data-table="{escape(key)}">\n<thead><tr>']
    out.extend(f'<th data-k="{escape(k)}">{escape(h)}</th>' for k, h in columns)
    out.append("</tr></thead>\n<tbody>\n")
    for row in rows:
        out.append("<tr>")
        for k, _ in columns:
            value = row.get(k)
            text = "" if value is None else "、".join(map(str, value)) if isinstance(value, list) else str(value)
            cls = ' class="num"' if k in numeric else ""
            out.append(f'<td data-k="{escape(k)}"{cls}>{escape(text)}</td>')
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n")
    return "".join(out)


def notice_html(notice: dict) -> str:
    """The village's public summary of the month: only what ``village_gov.reports.exports.notice`` let through."""
    village = notice["village"]
    title = t("export.notice_title", village=village["name"], month=notice["month"])
    facts = [notice["township"]["name"], village["name"], notice["month"]]
    facts.append(t("export.last_change", time=shown(notice["last_change"])) if notice.get("last_change")
                 else t("export.last_change_none"))
    if notice.get("generated"):
        facts.append(t("export.generated", time=shown(notice["generated"])))
    none = f'<p class="note">{escape(t("export.notice_none"))}</p>\n'
    out = [f'<header class="doc">\n<h1>{escape(title)}</h1>\n<p>{" · ".join(escape(f) for f in facts)}</p>\n'
           "</header>\n"]
    status = status_text(notice, "month")
    if status:
        out.append(f'<p class="status">{escape(status)}</p>\n')
    out.append(f'<section class="notice" '
               f'data-part="consultations">\n<h2>{escape(t("export.notice_consultations"))}</h2>\n')
    columns = [
        ("date", label("label.date")),
        ("format", label("consult.col_format")),
        ("topics", label("consult.col_topics")),
        ("attendees", label("consult.col_attendees")),
    ]
    out.append(_plain_table(columns, notice["consultations"], "consultations", ("attendees",))
               if notice["consultations"] else none)
    out.append("</section>\n")
    out.append(f'<section class="notice" data-part="requests">\n<h2>{escape(t("export.notice_requests"))}</h2>\n')
    counts = notice["requests"]
    columns = [("requests_raised", t("export.notice_raised")), ("answered_on_spot", t("export.col_answered_on_spot")),
               ("requests_resolved", t("export.notice_resolved"))]
    out.append(_plain_table(columns, [counts], "request_counts", tuple(k for k, _ in columns)))
    if notice["public_requests"]:
        out.append(f"<h3>{escape(t('export.notice_public_requests'))}</h3>\n")
        columns = [("raised", label("consult.col_raised")), ("category", label("label.category")),
                   ("content", label("label.content")), ("status", label("label.status", "status")),
                   ("response", label("consult.col_response"))]
        out.append(_plain_table(columns, notice["public_requests"], "public_requests"))
    out.append("</section>\n")
    out.append(f'<section class="notice" data-part="decisions">\n<h2>{escape(t("export.notice_decisions"))}</h2>\n')
    columns = [("title", t("export.notice_title_col")), ("category", label("label.category")),
               ("stage", t("export.notice_stage")), ("stage_date", t("label.date"))]
    out.append(_plain_table(columns, notice["decisions"], "decisions") if notice["decisions"] else none)
    out.append("</section>\n")
    out.append(f'<section class="notice" data-part="disclosures">\n<h2>{escape(t("export.notice_disclosures"))}</h2>\n')
    columns = [("date", label("label.date")), ("kind", t("export.notice_kind")), ("items", t("procedures.col_items")),
               ("channel", t("procedures.col_channel"))]
    out.append(_plain_table(columns, notice["disclosures"], "disclosures") if notice["disclosures"] else none)
    out.append("</section>\n")
    out.append(f'<footer class="doc">{escape(t("export.notice_footer"))}</footer>\n')
    return _page(title, "".join(out))


def write_notice(notice: dict, path: Path) -> None:
    _write(Path(path), notice_html(notice))
