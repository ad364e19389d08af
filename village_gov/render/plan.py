"""The plan of an import (``import --dry-run``) as text and JSON: per section, ``+`` each record to add
(code and short label), ``~`` each record to change with each changed field ``字段：before → after``,
``-`` each record missing from the import (kept, or to be archived with ``--prune``).

Field names are the import template's headers (Chinese, English with ``--lang en``); JSON gives the
same plan with English keys and field names.  Every value is data: written through
:func:`village_gov.render.safe.terminal` (no escape sequence reaches the terminal; nothing is rich
markup here).
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from village_gov.core.i18n import label, t
from village_gov.core.plan import ARCHIVED, RecordPlan, SectionPlan
from village_gov.reports.template import BOOL_CHOICES, build_template

SHOWN = 20
"""Records to add (or missing) listed one by one per section in the text plan; the rest are counted."""


def field_headers() -> dict[str, dict[str, str]]:
    """``{section: {template column: header}}`` in the current language."""
    return {sheet.section: {c.key: c.header for c in sheet.columns} for sheet in build_template().sheets}


def field_header(headers: dict[str, dict[str, str]], section: str, key: str) -> str:
    if key == ARCHIVED:
        return label("label.archived")
    return headers.get(section, {}).get(key) or label("label." + key, key)


def show_value(value: Any) -> str:
    """A value as the plan shows it: 是/否, a list joined by 、, a date as YYYY-MM-DD, empty as （空）."""
    if value is None or value == "" or value == []:
        return t("import.plan_empty")
    if isinstance(value, bool):
        return BOOL_CHOICES[0] if value else BOOL_CHOICES[1]
    if isinstance(value, (list, tuple)):
        return "、".join(str(item) for item in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def plan_lines(plans: list[SectionPlan]) -> list[str]:
    """The plan as lines of text (data not yet made safe for a terminal)."""
    headers = field_headers()
    lines: list[str] = []
    for plan in plans:
        if not plan.any:
            continue
        lines.append(t("import.plan_section", section=label("section." + plan.section, plan.section),
                       added=len(plan.added), changed=len(plan.changed), missing=len(plan.missing)))
        lines += _first("+", plan.added)
        for record in plan.changed:
            lines.append(_record_line("~", record))
            lines += ["      " + t("edit.change_line", field=field_header(headers, plan.section, f.field),
                                    before=show_value(f.before), after=show_value(f.after))
                      for f in record.fields]
        note = t("import.plan_to_archive") if plan.pruned else t("import.plan_kept")
        lines += _first("-", plan.missing, note)
        lines.append("")
    return lines or [t("import.plan_none"), ""]


def _first(mark: str, records: list[RecordPlan], note: str = "") -> list[str]:
    """A line per record, or the first :data:`SHOWN` and a line counting the rest when there are more
    (an import into an empty database adds every record: the JSON and the plan workbook list them all)."""
    shown = records if len(records) <= SHOWN else records[:SHOWN]
    lines = [_record_line(mark, record) + note for record in shown]
    if len(records) > SHOWN:
        lines.append("  " + t("import.plan_more", count=len(records) - SHOWN))
    return lines


def _record_line(mark: str, record: RecordPlan) -> str:
    return f"  {mark} {record.code}" + (f"  {record.label}" if record.label else "")


def print_plan(plans: list[SectionPlan]) -> None:
    """Write the plan to stdout, each line made safe for the terminal."""
    from village_gov.render.safe import terminal

    for line in plan_lines(plans):
        sys.stdout.write(terminal(line, one_line=True) + "\n")


def plan_json(result, plans: list[SectionPlan]) -> dict:
    """The dry run's JSON: the import result's keys, its ``sections`` holding each section's plan."""
    data = result.as_dict()
    data["sections"] = [plan.as_dict() for plan in plans]
    return data
