"""Turning rows and records into output: rich table, JSON, CSV or Markdown.

Rows are dicts; columns are ``(key, label key)`` pairs.  JSON and CSV use the
stable English keys; tables and Markdown use labels in the current language.
CSV and JSON stream; the table shows a page (``limit``) and says how many more.
Every cell goes through :mod:`village_gov.render.safe` (no markup, no control
character, no formula, no HTML or link reaches the output as such).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator

from village_gov.core.errors import where
from village_gov.core.i18n import label, t
from village_gov.render import safe

FORMATS = ("table", "json", "csv", "markdown")
# Codes, numbers and masked personal data read badly when wrapped; free text may wrap.
NO_WRAP = {"code", "subject", "rule", "severity", "phone", "id_number", "date", "month", "status", "time"}
RIGHT: set[str] = set()


def console(stderr: bool = False):
    """The terminal console: strings are never read as markup, control characters are shown as placeholders."""
    return safe.console(stderr=stderr)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)


def print_rows(columns, rows: Iterable[dict], fmt: str = "table", *, title: str | None = None,
               limit: int | None = 100, out=None, records: bool = False, total: int | None = None) -> int:
    """Print rows in ``fmt``; return how many rows were printed.

    ``total``: how many rows the whole list holds when ``rows`` are only its first page (a table
    then says how many more without the rest being fetched)."""
    out = out or sys.stdout
    if fmt == "json":
        return _json_rows(columns, rows, out)
    if fmt == "csv":
        return _csv_rows(columns, rows, out)
    if fmt == "markdown":
        return _markdown_rows(columns, rows, out, title)
    return _table_rows(columns, rows, title, limit, records, total)


def _json_rows(columns, rows, out) -> int:
    keys = [k for k, _ in columns]
    count = 0
    out.write("[")
    for row in rows:
        out.write(",\n  " if count else "\n  ")
        out.write(safe.json_safe(json.dumps({k: row.get(k) for k in keys}, ensure_ascii=False)))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _csv_rows(columns, rows, out) -> int:
    keys = [k for k, _ in columns]
    out.write(safe.csv_line(keys))
    count = 0
    for row in rows:
        out.write(safe.csv_line(row.get(k) for k in keys))
        count += 1
    return count


def _md_escape(text: str) -> str:
    return safe.markdown(text)


def _markdown_rows(columns, rows, out, title) -> int:
    if title:
        out.write(f"## {_md_escape(title)}\n\n")
    out.write("| " + " | ".join(_md_escape(label(lk, k)) for k, lk in columns) + " |\n")
    out.write("|" + "|".join("---" for _ in columns) + "|\n")
    count = 0
    for row in rows:
        out.write("| " + " | ".join(_md_escape(_cell(row.get(k))) for k, _ in columns) + " |\n")
        count += 1
    return count


# A column whose widest cell (or header) is at most this many cells is kept whole: codes, dates,
# names and statuses read best on one line.  Wider columns wrap (village_gov.render.wrap).
SHORT_COLUMN = 20
# Free text: may break between any two Chinese characters.  Every other column holds names, codes,
# terms or lists of them, which break only between items (after "、") or at a space, never inside one.
TEXT = {"content", "message", "title", "reason", "response", "note", "topic", "charter", "items", "changes",
        "sources", "command", "counts", "value", "summary", "description"}


def _names(key: str) -> bool:
    return key not in TEXT


def _table_rows(columns, rows: Iterable[dict], title, limit, records: bool = False, total: int | None = None) -> int:
    """A page of rows as a table that fits the terminal.

    Short columns keep their full width; long ones wrap into what is left, by Chinese line-breaking
    rules (village_gov.render.wrap): no line starts with 、，。 or ends with （, and a name or code is
    never cut.  When a column cannot be as narrow as its widest name (or code) and still fit, each row
    is printed as a block of ``field: value`` lines instead (like a record view), so nothing is cut or
    squeezed to nothing; ``records`` asks for that view directly (entries too wide to ever stand side
    by side, like the audit log).
    """
    iterator: Iterator[dict] = iter(rows)
    page: list[list[str]] = []
    more = 0
    for row in iterator:
        if limit and len(page) >= limit:
            more = 1 + sum(1 for _ in iterator)
            break
        page.append([safe.terminal(_cell(row.get(k))) for k, _ in columns])
    if total is not None:
        more = max(total - len(page), 0)
    headers = [safe.terminal(label(label_key, key)) for key, label_key in columns]
    if not records and not title and _plain_table(columns, headers, page, more):
        return len(page)
    out = console()
    layout = None if records else _fitted_table(columns, headers, page, out.width)
    if layout is None:
        _print_records(out, columns, headers, page, title)
    else:
        cols, shown, cells, widths = layout
        for part in _table(cols, shown, cells, widths, title):
            out.print(part)
    if more:
        out.print(t("report.more_rows", count=more))
    return len(page)


def _plain_table(columns, headers: list[str], page: list[list[str]], more: int) -> bool:
    """Written without rich (village_gov.render.plain_table) when rich would draw it unstyled; False
    (nothing written) when rich must draw it."""
    from village_gov.render.plain_table import fits_line, plain_lines, plain_width

    width = plain_width()
    if width is None:
        return False
    layout = _fitted_table(columns, headers, page, width)
    if layout is None:
        return False
    cols, shown, cells, widths = layout
    keys = [key for key, _ in cols]
    lines = plain_lines(keys, shown, cells, widths, [_names(key) for key in keys], RIGHT)
    note = t("report.more_rows", count=more) if more else None
    if lines is None or (note is not None and not fits_line(note, width)):
        return False
    if note is not None:
        lines.append(note)
    sys.stdout.write("".join(safe.terminal(line) + "\n" for line in lines))
    return True


GAP = 2  # cells between two columns (SIMPLE_HEAD, padding 1 on each side, collapsed)
MIN_WRAP = 6  # the narrowest a column of free text may be


def _cells(text: str) -> int:
    """Display width: a Chinese character is two cells."""
    from rich.cells import cell_len

    return cell_len(text)


def _header_halves(header: str) -> str | None:
    """A Chinese header of four or more characters as two lines ("参加人数" → "参加\n人数"), else None."""
    from village_gov.render.wrap import NO_START

    if len(header) < 4 or not all(_cells(c) == 2 and c not in NO_START for c in header):
        return None
    half = (len(header) + 1) // 2
    return header[:half] + "\n" + header[half:]


def _fitted_table(columns, headers: list[str], page: list[list[str]], width: int):
    """The table's layout ``(columns, headers, cells, widths)`` with short columns whole and long ones
    wrapping, or None when it cannot fit ``width``.

    Columns start whole when their widest cell is short; if the table is then too wide, the widest
    whole columns that may wrap (not codes, dates or masked numbers) are let wrap, one at a time.
    Wrapping columns are narrowed widest first, never below their longest unbreakable piece (a
    name, a code, a word).  Then, in turn: headers may take two lines (a long Chinese one in halves,
    an English one at a space); a code and the name beside it share one column (the name goes under
    its code when both do not fit on a line).
    """
    attempts = [(columns, headers, page, False), (columns, headers, page, True)]
    merged = _code_and_name(columns, headers, page)
    if merged:
        attempts.append((*merged, True))
    for cols, heads, cells, two_line_headers in attempts:
        layout = _fit(cols, heads, cells, width, two_line_headers)
        if layout is not None:
            return layout
    return None


def _code_and_name(columns, headers, page):
    """``code`` and a following ``name`` column as one column "V01-P10 柳塘村…党支部", or None."""
    keys = [key for key, _ in columns]
    if "code" not in keys or keys.index("code") + 1 >= len(keys) or keys[keys.index("code") + 1] != "name":
        return None
    at = keys.index("code")
    cols = columns[:at] + [("code_name", "")] + columns[at + 2:]
    heads = headers[:at] + [f"{headers[at]} {headers[at + 1]}"] + headers[at + 2:]
    cells = [row[:at] + [" ".join(c for c in row[at:at + 2] if c)] + row[at + 2:] for row in page]
    return cols, heads, cells


def _fit(columns, headers, page, width: int, two_line_headers: bool):
    from village_gov.render.wrap import min_width, natural_width

    shown = [(_header_halves(h) or h) if two_line_headers else h for h in headers]
    natural = [max([natural_width(h)] + [natural_width(cells[i]) for cells in page]) for i, h in enumerate(shown)]
    least = []
    for i, ((key, _), header) in enumerate(zip(columns, shown)):
        if key in NO_WRAP:
            least.append(natural[i])
            continue
        cells = max([min_width(cells[i], _names(key)) for cells in page], default=0)
        floor = 0 if _names(key) else min(MIN_WRAP, natural[i])
        head = min_width(header, names=True) if two_line_headers else natural_width(header)
        least.append(max(head, cells, floor))
    keep = [n <= SHORT_COLUMN or key in NO_WRAP or n == m for n, m, (key, _) in zip(natural, least, columns)]
    may_wrap = sorted((i for i, (key, _) in enumerate(columns) if keep[i] and least[i] < natural[i]),
                      key=lambda i: -natural[i])
    while True:
        widths = _widths(natural, least, keep, width - GAP * (len(columns) - 1))
        if widths is not None:
            return columns, shown, page, widths
        if not may_wrap:
            return None
        keep[may_wrap.pop(0)] = False


def _widths(natural: list[int], least: list[int], keep: list[bool], room: int) -> list[int] | None:
    """Column widths within ``room`` cells: whole columns at their natural width, the rest sharing
    what is left, the widest narrowed first but none below its ``least``; None when they cannot fit."""
    left = room - sum(n for n, whole in zip(natural, keep) if whole)
    wrapping = [i for i, whole in enumerate(keep) if not whole]
    if left < sum(least[i] for i in wrapping):
        return None
    widths = list(natural)
    if sum(natural[i] for i in wrapping) <= left:
        return widths

    def capped(cap: int) -> list[int]:
        return [max(least[i], min(natural[i], cap)) for i in wrapping]

    cap = max(natural[i] for i in wrapping)
    while cap > 0 and sum(capped(cap)) > left:
        cap -= 1
    for i, w in zip(wrapping, capped(cap)):
        widths[i] = w
    spare = left - sum(widths[i] for i in wrapping)
    for i in sorted(wrapping, key=lambda i: -natural[i]):  # what rounding left over goes to the widest
        if spare and widths[i] < natural[i]:
            widths[i] += 1
            spare -= 1
    return widths


def _table(columns, headers, page, widths, title) -> list:
    """The renderables to print: the title (centred above the table, or wrapped when wider) and the table."""
    from rich import box
    from rich.table import Table

    from village_gov.render.wrap import Wrapped

    parts: list = []
    table_width = sum(widths) + GAP * (len(widths) - 1)
    if title and _cells(title) > table_width:
        parts.append(Wrapped(title))
        title = None
    table = Table(title=safe.text(title) if title else None, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                  collapse_padding=True)
    for (key, _), header, w in zip(columns, headers, widths):
        table.add_column(Wrapped(header, names=True), justify="right" if key in RIGHT else "left", no_wrap=True,
                         width=w)
    for cells in page:
        table.add_row(*(Wrapped(cell, names=_names(key)) for (key, _), cell in zip(columns, cells)))
    parts.append(table)
    return parts


def _print_records(out, columns, headers: list[str], page: list[list[str]], title) -> None:
    """Each row as a block of ``field  value`` lines; long values wrap under themselves."""
    from rich.table import Table
    from rich.text import Text

    from village_gov.render.wrap import Wrapped

    if title:
        out.print(Wrapped(title, style="bold"))
    for number, cells in enumerate(page):
        if number:
            out.print("")
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for (key, _), header, value in zip(columns, headers, cells):
            if value:
                grid.add_row(Text(header), Wrapped(value, names=_names(key)))
        out.print(grid)


def print_json(data, out=None) -> None:
    out = out or sys.stdout
    from village_gov.render.jsontext import dumps_indented  # json.dumps(…, indent=2)'s text, faster

    out.write(safe.json_safe(dumps_indented(data)) + "\n")


def print_record(record: dict, fmt: str = "table") -> None:
    """One record as a two-column table (field, value), or as JSON.

    Field labels come from ``label.list_<key>`` in the catalog when there is one (the
    lists hanging off a record), else from the column label ``label.<key>``.
    """
    if fmt == "json":
        print_json(record)
        return
    rows = [{"field": label("label.list_" + k, "") or label("label." + k, k), "value": _record_value(v)}
            for k, v in record.items()]
    print_rows([("field", "label.field"), ("value", "label.value")], rows, fmt, limit=None)


def _record_value(value) -> str:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "; ".join(", ".join(f"{k}={_cell(v)}" for k, v in item.items()) for item in value)
    return _cell(value)


def print_problems(problems, out=None) -> None:
    """Problems as ``file:line:column: message [record]`` lines on stderr, editor-friendly."""
    out = out or sys.stderr
    for p in problems:
        if not p.file:
            out.write(f"{t(p.key, **p.params)}\n")  # a line about the list itself ("N more problems")
            continue
        if p.file.startswith("--") and not p.line and t(p.key, **p.params).startswith(p.file):
            # A command option's problem already names the option: "--kind 的值 foo 无效…", not "--kind: --kind …".
            out.write(safe.terminal(t(p.key, **p.params), one_line=True) + "\n")
            continue
        place = where(p)
        record = f" [{p.record}]" if p.record else ""
        out.write(safe.terminal(f"{place}: {t(p.key, **p.params)}{record}", one_line=True) + "\n")
