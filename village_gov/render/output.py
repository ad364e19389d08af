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
NO_WRAP = {"code", "subject", "rule", "severity", "phone", "id_number", "date", "month", "status"}
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
               limit: int | None = 100, out=None) -> int:
    """Print rows in ``fmt``; return how many rows were printed."""
    out = out or sys.stdout
    if fmt == "json":
        return _json_rows(columns, rows, out)
    if fmt == "csv":
        return _csv_rows(columns, rows, out)
    if fmt == "markdown":
        return _markdown_rows(columns, rows, out, title)
    return _table_rows(columns, rows, title, limit)


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


def _table_rows(columns, rows: Iterable[dict], title, limit) -> int:
    from rich import box
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for key, label_key in columns:
        table.add_column(label(label_key, key), overflow="fold", no_wrap=key in NO_WRAP,
                         justify="right" if key in RIGHT else "left")
    iterator: Iterator[dict] = iter(rows)
    shown = 0
    for row in iterator:
        if limit and shown >= limit:
            more = 1 + sum(1 for _ in iterator)
            console().print(table)
            console().print(t("more_rows", count=more))
            return shown
        table.add_row(*(_cell(row.get(k)) for k, _ in columns))
        shown += 1
    console().print(table)
    return shown


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
