"""The summary printed after an import: per section, added / changed / unchanged / absent / archived."""

from __future__ import annotations

import sys

from village_gov.i18n import label, t
from village_gov.render.output import print_json, print_rows

COLUMNS = [("section", "l.section"), ("added", "l.added"), ("changed", "l.changed"),
           ("unchanged", "l.unchanged"), ("absent", "l.absent"), ("archived", "l.archived")]


def print_import_result(result, fmt: str = "table") -> None:
    if fmt == "json":
        print_json(result.as_dict())
        return
    rows = []
    for s in result.sections:
        row = s.as_dict()
        if fmt in ("table", "markdown"):
            row["section"] = label("sec." + s.section, s.section)
        rows.append(row)
    print_rows(COLUMNS, rows, fmt, limit=None)
    if fmt in ("csv",):
        return
    absent = sum(len(s.absent) for s in result.sections if not s.archived)
    if result.dry_run:
        sys.stdout.write(t("import_dry") + "\n")
    elif not result.changed_anything:
        sys.stdout.write(t("import_nothing") + "\n")
    else:
        sys.stdout.write(t("import_done", files=len(result.files)) + "\n")
    if absent:
        sys.stdout.write(t("import_absent_hint", count=absent) + "\n")
