"""One consultation or request as a field table followed by a table of its requests or its history."""

from __future__ import annotations

import sys

from village_gov.core.i18n import label
from village_gov.render.output import print_json, print_rows

HISTORY_COLUMNS = [("date", "label.date"), ("status", "label.status"), ("response", "consult.col_response"), (
                                                                                                              "note",
                                                                                                              "consult.col_note"),
                   ("source", "label.source")]
REQUEST_COLUMNS = [("code", "label.code"), ("category", "label.category"), ("status", "label.status"), ("content",
                                                                                                        "label.content")]


def field_label(key: str) -> str:
    """This ledger's label of a field (``consult.col_<key>``), else the shared one (``label.<key>``), else the key."""
    return label("consult.col_" + key, "") or label("label." + key, key)


def print_with_rows(record: dict, key: str, fmt: str = "table") -> None:
    """``record`` without ``record[key]`` as fields, then ``record[key]`` (a list of dicts) as a table."""
    if fmt == "json":
        print_json(record)
        return
    rows = record.get(key) or []
    fields = [{"field": field_label(k), "value": v} for k, v in record.items() if k != key]
    print_rows(
        [("field", "label.field"), ("value", "label.value")], fields, fmt if fmt != "json" else "table", limit=None
    )
    if not rows:
        return
    columns = HISTORY_COLUMNS if key == "history" else REQUEST_COLUMNS
    if fmt in ("table", "markdown"):
        sys.stdout.write("\n" + label("consult.col_" + key, key) + "\n")
        if key == "history":
            rows = [{**row, "source": label("consult.source_" + str(row["source"]), row["source"])} for row in rows]
    print_rows(columns, rows, fmt, limit=None)
