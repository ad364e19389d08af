"""One consultation or request as a field table followed by a table of its requests or its history."""

from __future__ import annotations

import sys

from village_gov.i18n import label
from village_gov.render.output import print_json, print_record, print_rows

HISTORY_COLUMNS = [("date", "l.date"), ("status", "l.status"), ("response", "l.response"), ("note", "l.note"),
                   ("source", "l.source")]
REQUEST_COLUMNS = [("code", "l.code"), ("category", "l.category"), ("status", "l.status"), ("content", "l.content")]


def print_with_rows(record: dict, key: str, fmt: str = "table") -> None:
    """``record`` without ``record[key]`` as fields, then ``record[key]`` (a list of dicts) as a table."""
    if fmt == "json":
        print_json(record)
        return
    rows = record.get(key) or []
    print_record({k: v for k, v in record.items() if k != key}, fmt)
    if not rows:
        return
    columns = HISTORY_COLUMNS if key == "history" else REQUEST_COLUMNS
    if fmt in ("table", "markdown"):
        sys.stdout.write("\n" + label("l." + key, key) + "\n")
        if key == "history":
            rows = [{**row, "source": label("src." + str(row["source"]), row["source"])} for row in rows]
    print_rows(columns, rows, fmt, limit=None)
