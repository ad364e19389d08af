"""Turning rows and records into output: rich table, JSON, CSV or Markdown.

Rows are dicts; columns are ``(key, label key)`` pairs.  JSON and CSV use the
stable English keys; tables and Markdown use labels in the current language.
CSV and JSON stream; the table shows a page (``limit``) and says how many more.
"""

from __future__ import annotations

import csv
import json
import sys
from typing import Iterable, Iterator

from village_gov.i18n import label, t

FORMATS = ("table", "json", "csv", "markdown")
# Codes, numbers and masked personal data read badly when wrapped; free text may wrap.
NO_WRAP = {"code", "subject", "rule", "severity", "phone", "id_number", "date", "month", "status", "time"}
RIGHT: set[str] = set()


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


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
               limit: int | None = 100, out=None, records: bool = False) -> int:
    """Print rows in ``fmt``; return how many rows were printed."""
    out = out or sys.stdout
    if fmt == "json":
        return _json_rows(columns, rows, out)
    if fmt == "csv":
        return _csv_rows(columns, rows, out)
    if fmt == "markdown":
        return _markdown_rows(columns, rows, out, title)
    return _table_rows(columns, rows, title, limit, records)


def _json_rows(columns, rows, out) -> int:
    keys = [k for k, _ in columns]
    count = 0
    out.write("[")
    for row in rows:
        out.write(",\n  " if count else "\n  ")
        out.write(json.dumps({k: row.get(k) for k in keys}, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _csv_rows(columns, rows, out) -> int:
    keys = [k for k, _ in columns]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(keys)
    count = 0
    for row in rows:
        writer.writerow(["" if row.get(k) is None else row.get(k) for k in keys])
        count += 1
    return count


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown_rows(columns, rows, out, title) -> int:
    if title:
        out.write(f"## {title}\n\n")
    out.write("| " + " | ".join(label(lk, k) for k, lk in columns) + " |\n")
    out.write("|" + "|".join("---" for _ in columns) + "|\n")
    count = 0
    for row in rows:
        out.write("| " + " | ".join(_md_escape(_cell(row.get(k))) for k, _ in columns) + " |\n")
        count += 1
    return count


# A column whose widest cell (or header) is at most this many cells is kept whole: codes, dates,
# names and statuses read badly when broken mid-word.  Wider columns (free text) wrap.
SHORT_COLUMN = 20


def _table_rows(columns, rows: Iterable[dict], title, limit, records: bool = False) -> int:
    """A page of rows as a table that fits the terminal.

    Short columns keep their full width; long free-text columns wrap into what is left.  When even
    the short columns do not fit side by side, each row is printed as a block of ``field: value``
    lines instead (like a record view), so nothing is cut or squeezed to nothing; ``records`` asks
    for that view directly (entries too wide to ever stand side by side, like the audit log).
    """
    iterator: Iterator[dict] = iter(rows)
    page: list[list[str]] = []
    more = 0
    for row in iterator:
        if limit and len(page) >= limit:
            more = 1 + sum(1 for _ in iterator)
            break
        page.append([_cell(row.get(k)) for k, _ in columns])
    headers = [label(label_key, key) for key, label_key in columns]
    out = console()
    table = None if records else _fitted_table(columns, headers, page, title, out.width)
    if table is None:
        _print_records(out, headers, page, title)
    else:
        out.print(table)
    if more:
        out.print(t("more_rows", count=more))
    return len(page)


GAP = 2  # cells between two columns (SIMPLE_HEAD, padding 1 on each side, collapsed)
MIN_WRAP = 6  # the narrowest a wrapping column may be


def _fitted_table(columns, headers: list[str], page: list[list[str]], title, width: int):
    """The table with short columns whole and long ones wrapping, or None when it cannot fit ``width``.

    Columns start whole when their widest cell is short; if the table is then too wide, the widest
    whole columns that may wrap (not codes, dates or masked numbers) are let wrap, one at a time.
    Wrapping columns share what the whole ones leave, in proportion to their natural widths.
    """
    from rich.cells import cell_len

    natural = [max([cell_len(h)] + [cell_len(line) for cells in page for line in cells[i].splitlines() or [""]])
               for i, h in enumerate(headers)]
    keep = [n <= SHORT_COLUMN or key in NO_WRAP for n, (key, _) in zip(natural, columns)]
    may_wrap = sorted((i for i, (key, _) in enumerate(columns) if key not in NO_WRAP and keep[i]),
                      key=lambda i: -natural[i])
    while True:
        widths = _widths(natural, keep, width - GAP * (len(columns) - 1))
        if widths is not None:
            return _table(columns, headers, page, title, widths, keep)
        if not may_wrap or natural[may_wrap[0]] <= MIN_WRAP:
            return None
        keep[may_wrap.pop(0)] = False


def _widths(natural: list[int], keep: list[bool], room: int) -> list[int] | None:
    """Column widths within ``room`` cells: whole columns at their natural width, the rest sharing
    what is left (each at least MIN_WRAP, at most its natural width); None when they cannot fit."""
    left = room - sum(n for n, whole in zip(natural, keep) if whole)
    wrapping = [i for i, whole in enumerate(keep) if not whole]
    if left < MIN_WRAP * len(wrapping):
        return None
    widths = list(natural)
    wanted = sum(natural[i] for i in wrapping)
    if wanted > left:
        for i in wrapping:
            widths[i] = max(MIN_WRAP, left * natural[i] // wanted)
        while sum(widths[i] for i in wrapping) > left:  # rounding up to MIN_WRAP can overshoot
            widest = max(wrapping, key=lambda i: widths[i])
            widths[widest] -= 1
    return widths


def _table(columns, headers, page, title, widths, keep):
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    for (key, _), header, w, whole in zip(columns, headers, widths, keep):
        table.add_column(header, justify="right" if key in RIGHT else "left", no_wrap=whole,
                         width=None if whole else w, overflow="fold")
    for cells in page:
        table.add_row(*(Text(c) for c in cells))  # ledger text is data, never rich markup
    return table


def _print_records(out, headers: list[str], page: list[list[str]], title) -> None:
    """Each row as a block of ``field  value`` lines; long values wrap under themselves."""
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    if title:
        out.print(f"[bold]{escape(title)}[/bold]")
    for number, cells in enumerate(page):
        if number:
            out.print("")
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for header, value in zip(headers, cells):
            if value:
                grid.add_row(header, Text(value))
        out.print(grid)


def print_json(data, out=None) -> None:
    out = out or sys.stdout
    out.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def print_record(record: dict, fmt: str = "table") -> None:
    """One record as a two-column table (field, value), or as JSON.

    Field labels come from ``f.<key>`` in the catalog when there is one (the
    lists hanging off a record), else from the column label ``l.<key>``.
    """
    if fmt == "json":
        print_json(record)
        return
    rows = [{"field": label("f." + k, "") or label("l." + k, k), "value": _record_value(v)}
            for k, v in record.items()]
    print_rows([("field", "l.field"), ("value", "l.value")], rows, fmt, limit=None)


def _record_value(value) -> str:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "; ".join(", ".join(f"{k}={_cell(v)}" for k, v in item.items()) for item in value)
    return _cell(value)


def print_problems(problems, out=None) -> None:
    """Problems as ``file:line:column: message [record]`` lines on stderr, editor-friendly."""
    out = out or sys.stderr
    for p in problems:
        if p.file.startswith("--") and not p.line and t(p.key, **p.params).startswith(p.file):
            # A command option's problem already names the option: "--kind 的值 foo 无效…", not "--kind: --kind …".
            out.write(f"{t(p.key, **p.params)}\n")
            continue
        where = p.file
        if p.line:
            where += f":{p.line}"
            if p.column:
                where += f":{p.column}"
        record = f" [{p.record}]" if p.record else ""
        out.write(f"{where}: {t(p.key, **p.params)}{record}\n")
