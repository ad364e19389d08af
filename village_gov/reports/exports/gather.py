"""Everything one month's export holds, gathered from the reports the other commands build.

``export_reports`` calls the same library functions as ``report monthly``, ``report trend``
and ``check``, and each ledger's reports that have a sheet in the export (their ``Report.export``
in :data:`village_gov.ledgers.LEDGERS`: today ``report micros``, ``report party-life`` and
``report reform``), with the periods issue 7 names: the trend of the twelve months ending at
the month, the micros as of the month's last day, 三会一课 for the month's quarter, the checks
judged at the month's last day.  Nothing is recomputed here.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from village_gov.core import clock
from village_gov.core.ledger import Report
from village_gov.reports.registry import ExportMonth, ExportPart

FIXED_CREATED = dt.datetime(2000, 1, 1)


@dataclass
class ExportReports:
    month: str
    township: dict
    as_of: str = ""
    """The day the month is judged at (ISO): its last day, or today while it is not over."""
    reports: dict = field(default_factory=dict)
    """``{"monthly": dict, "trend": dict, "micros": dict, "party-life": dict, "reform": dict, "check": dict}``:
    each ledger's report under its key (reform only when the database holds reform data)."""
    ledger_parts: list[tuple[Report, ExportPart]] = field(default_factory=list)
    """The ledgers' reports with a sheet this month, in sheet order (micros, party-life, reform …)."""


def shift_month(label: str, months: int) -> str:
    """``2026-10`` shifted by ``months`` (negative: back)."""
    year, month = map(int, label.split("-"))
    index = year * 12 + (month - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def monthly_fields() -> list[tuple[str, str]]:
    """Every monthly figure of the ledgers, ``(key, label key)``, in column order."""
    from village_gov.reports.monthly import report_fields

    return report_fields()


FINDINGS_PER_RULE = 1000
"""The findings the 检查 sheet lists of each rule by default (``export --findings-per-rule``; 0: all)."""


def check_report(db, as_of: str, township: str | None = None, per_rule: int = 0) -> dict:
    """``check`` with its default thresholds, judged at ``as_of``, as the dict ``check --format json`` prints,
    listing only the first ``per_rule`` findings of each rule (0: all; only those listed are formatted).

    When some are left out it also holds ``rules`` (each rule that ran: id, severity, short name and
    count, in the findings' order), ``left_out``, ``per_rule`` and ``command``: the ``check`` command
    line that lists every finding.
    """
    from village_gov.core.checks import SEVERITY_ORDER, CheckOptions, run_checks
    from village_gov.core.i18n import label
    from village_gov.ledgers.procedures.checks import procedure_options

    # Every ledger's defaults; the procedures' are validated against the date like ``check`` does.
    options = CheckOptions(township=township, as_of=as_of, ledgers={"procedures": procedure_options(as_of)})
    report = run_checks(db, options, per_rule=per_rule or None)
    result = report.as_dict()
    if report.left_out:
        rules = sorted(report.rules, key=lambda r: (SEVERITY_ORDER[r.severity], r.id))
        result["rules"] = [{"rule": r.id, "severity": r.severity, "name": label(r.label) if r.label else r.id,
                            "count": report.counts[r.id]} for r in rules]
        result.update(left_out=report.left_out, per_rule=per_rule, command=list_all_command(as_of, township))
    return result


def list_all_command(as_of: str, township: str | None) -> str:
    """The command line that lists every finding the export's 检查 sheet counts (as CSV)."""
    import shlex

    where = f" --township {shlex.quote(township)}" if township else ""
    return f"village-gov check --as-of {as_of}{where} --format csv"


def export_reports(db, month: str, *, township: str | None = None, overdue_days: int = 30,
                   findings_per_rule: int = FINDINGS_PER_RULE) -> ExportReports:
    """The month's reports, each as the plain dict its own command prints as JSON (the checks' findings:
    the first ``findings_per_rule`` of each rule, 0 for all; see :func:`check_report`)."""
    from village_gov import ledgers
    from village_gov.reports.monthly import MonthlyOptions, build_monthly, parse_month
    from village_gov.reports.trend import build_trend

    period = parse_month(month)
    monthly_fields()
    monthly = build_monthly(db, period.label, township=township, options=MonthlyOptions(overdue_days=overdue_days))
    # A month not over yet is judged as far as it has gone: the snapshot and the checks as of today,
    # 三会一课 on the clock (periods still running are not due); a month over, at its last day.
    from village_gov.reports.status import is_open

    month_open = is_open(monthly)
    last_day = min(period.end, clock.today()) if month_open else period.end
    result = ExportReports(period.label, monthly.get("township") or {"code": None, "name": "、".join(
        b["township"]["name"] for b in monthly.get("townships", []))}, as_of=last_day.isoformat())
    result.reports["monthly"] = monthly
    result.reports["trend"] = build_trend(db, shift_month(period.label, -11), period.label, township=township,
                                          overdue_days=overdue_days)
    judged = ExportMonth(period, last_day, month_open, township)
    for report in ledgers.sheet_reports():
        part = report.load_export()(db, judged)
        if part is not None:
            result.ledger_parts.append((report, part))
            result.reports[report.key] = part.report
    result.reports["check"] = check_report(db, last_day.isoformat(), township, findings_per_rule)
    return result


# Entries that record a reading of the data, not a change of it (an unmasked list, a backup, a dump).
READ_ONLY_ENTRIES = ("unmask", "backup", "dump")


def audit_last(db) -> str | None:
    """The time of the latest audit entry that changed the data (to the second), or None.

    Entries recording only a reading (``--unmask``, a backup) do not count: reading the ledger
    must not change the bytes of the next export.
    """
    if "audit" not in db.table_names():
        return None
    keys = ", ".join("?" for _ in READ_ONLY_ENTRIES)
    row = db.execute(f"""SELECT max(time) FROM audit WHERE NOT EXISTS (
                            SELECT 1 FROM json_each(CASE WHEN json_valid(audit.counts) THEN audit.counts END) k
                            WHERE k.key IN ({keys}))""",
                     READ_ONLY_ENTRIES).fetchone()
    return _second(row[0]) if row and row[0] else None


def last_change(db, path: str | os.PathLike | None) -> str | None:
    """When the data last changed: the audit trail's latest entry, else the database file's mtime.

    Stored form (UTC ISO-8601); files show it with :func:`village_gov.core.clock.shown` (local, to the minute).
    """
    latest = audit_last(db)
    if latest:
        return latest
    if path and os.path.exists(path):
        stamp = dt.datetime.fromtimestamp(os.path.getmtime(path), dt.timezone.utc)
        return stamp.replace(microsecond=0).isoformat()
    return None


def _second(text: str) -> str:
    """An ISO time cut to whole seconds (the audit keeps microseconds)."""
    try:
        return dt.datetime.fromisoformat(text).replace(microsecond=0).isoformat()
    except ValueError:
        return text


def created_time(last: str | None) -> dt.datetime:
    """The workbook's creation property: the data's last change (naive UTC), else 2000-01-01."""
    if not last:
        return FIXED_CREATED
    try:
        stamp = dt.datetime.fromisoformat(last)
    except ValueError:
        return FIXED_CREATED
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return stamp


def now_stamp() -> str:
    """The current time (local, to the second), for ``--stamp`` only."""
    return dt.datetime.now().astimezone().replace(microsecond=0).isoformat()
