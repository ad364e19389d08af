"""三会一课: per party organization, meetings held against those required in a quarter.

Requirements (configurable): 支部党员大会 quarterly; 支委会, 党小组会 and 主题党日 monthly; 党课 at
least yearly.  A requirement period (month, quarter, year) is *due* in the report's quarter when it
ends in it, and *met* when the organization held at least one meeting of that kind within it; so a
yearly 党课 is judged in the fourth quarter, over the whole year.  党小组会 is required of party groups
(党小组), the other four of 党支部, 党总支 and 党委.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from village_gov.core import clock
from village_gov.ledgers.procedures.periods import period_of, periods_between
from village_gov.ledgers.procedures.terms import MEETING_KEYS, MEETING_KIND_KEYS
from village_gov.reports.registry import ExportMonth, ExportPart, Period
from village_gov.reports.status import period_status

KINDS = MEETING_KIND_KEYS
DEFAULT_REQUIREMENTS = {"members_assembly": "quarter", "branch_committee": "month", "group_meeting": "month",
                        "party_lecture": "year", "party_day": "month"}
BRANCH_KINDS = ("members_assembly", "branch_committee", "party_lecture", "party_day")
LEVEL_KINDS = {"党委": BRANCH_KINDS, "党总支": BRANCH_KINDS, "党支部": BRANCH_KINDS, "党小组": ("group_meeting",)}
KIND_ALIASES = {**{k: k for k in KINDS}, **{zh: en for zh, en in MEETING_KEYS.items()},
                "assembly": "members_assembly", "committee": "branch_committee", "lecture": "party_lecture"}


def due_periods(quarter: Period, cadence: str) -> list[Period]:
    """The requirement periods of ``cadence`` that end within ``quarter``."""
    return [p for p in periods_between(quarter.start, quarter.end, cadence) if quarter.start <= p.end <= quarter.end]


def party_life(db, quarter: Period, *, requirements: dict[str, str] | None = None, village: str | None = None,
               township: str | None = None, as_of=None) -> dict:
    """Each organization's meetings held, requirement periods due and met, attendance, and shortfalls.

    With ``as_of`` (a date inside the quarter) only the requirement periods over by that day are
    due, and only meetings up to it count: a quarter judged in its second month does not yet ask
    for the third month's meetings.  Without it the quarter is judged today (the project clock):
    a period still running is not due yet, so a quarter not over never falls short for it.
    ``pending``: per kind, the requirement periods ending in the quarter that are not over yet;
    an organization with none short so far and some pending is ``in_progress``.
    """
    requirements = {**DEFAULT_REQUIREMENTS, **(requirements or {})}
    status, end, over = _judged(quarter, as_of)
    all_due = {kind: due_periods(quarter, cadence) for kind, cadence in requirements.items()}
    due = {kind: [p for p in periods if over(p)] for kind, periods in all_due.items()}
    pending = {kind: len(all_due[kind]) - len(due[kind]) for kind in requirements}
    window_start = min([quarter.start] + [p.start for periods in due.values() for p in periods])
    scope, params = "", []
    if village:
        scope, params = " AND o.village = ?", [village]
    if township:
        scope += " AND o.village IN (SELECT code FROM villages WHERE township = ?)"
        params.append(township)
    orgs = db.execute(f"""SELECT o.code, o.name, o.village, o.level FROM party_orgs o
                          WHERE o.archived = 0 {scope} ORDER BY o.village, o.code""", params).fetchall()
    by_month, held, attendance = _meetings(db, quarter, window_start, end)
    rows = [_org_row(code, name, vil, level, due, by_month, held, attendance, pending)
            for code, name, vil, level in orgs if level in LEVEL_KINDS]
    return {"quarter": quarter.label, "from": quarter.start.isoformat(), "to": end.isoformat(), **status,
            "requirements": requirements, "pending": pending, "organizations": rows,
            "short": [r["code"] for r in rows if r["short"]]}


def export_part(db, month: ExportMonth) -> ExportPart:
    """三会一课 of the export's month's quarter, judged at the month's last day (while the month runs,
    on the clock: periods still running are not due)."""
    quarter = period_of(month.period.start, "quarter")
    return ExportPart(party_life(db, quarter, township=month.township,
                                 as_of=None if month.running else month.period.end))


def _judged(quarter: Period, as_of: dt.date | None) -> tuple[dict, dt.date, Callable[[Period], bool]]:
    """The quarter's status, the last day whose meetings count, and which requirement periods are over."""
    if as_of:
        # Judged at the end of that day: the quarter is over when that day is its last or later.
        status = period_status(quarter.start, quarter.end, as_of + dt.timedelta(days=1))
        if not status["period_complete"]:
            status.update(period_started=as_of >= quarter.start, as_of=as_of.isoformat())
        end = min(quarter.end, as_of)
        return status, end, lambda p: p.end <= end
    # Judged today: a period is due once it is over, i.e. it ended before today; meetings held
    # up to today count.  A quarter not begun yet has nothing due and nothing held.
    today = clock.today()
    status = period_status(quarter.start, quarter.end, today)
    return status, max(quarter.start, min(quarter.end, today)), lambda p: p.end < today


def _meetings(db, quarter: Period, window_start: dt.date, end: dt.date) -> tuple[dict, dict, dict]:
    """One aggregate over the window: meetings per organization, kind and day bucket (month).

    ``by_month``: the months of each (organization, kind) with a meeting; ``held``: meetings of each
    (organization, kind) within the quarter; ``attendance``: per organization, [due, present] summed
    over its meetings in the quarter.
    """
    kind_sql = "CASE m.kind " + " ".join(f"WHEN '{zh}' THEN '{en}'" for zh, en in MEETING_KEYS.items()) + " END"
    by_month: dict[tuple[str, str], set[str]] = {}
    held: dict[tuple[str, str], int] = {}
    attendance: dict[str, list[int]] = {}
    for org, kind, month, _count, in_quarter, due_sum, present_sum in db.execute(f"""
            SELECT m.org, {kind_sql}, substr(m.date, 1, 7), count(*),
                   count(*) FILTER (WHERE m.date >= ?1), sum(m.due) FILTER (WHERE m.date >= ?1),
                   sum(m.present) FILTER (WHERE m.date >= ?1)
            FROM party_meetings m WHERE m.archived = 0 AND m.date BETWEEN ?2 AND ?3
            GROUP BY m.org, m.kind, substr(m.date, 1, 7)""",
            [quarter.start.isoformat(), window_start.isoformat(), end.isoformat()]):
        by_month.setdefault((org, kind), set()).add(month)
        held[(org, kind)] = held.get((org, kind), 0) + in_quarter
        totals = attendance.setdefault(org, [0, 0])
        totals[0] += due_sum or 0
        totals[1] += present_sum or 0
    return by_month, held, attendance


def _org_row(code, name, village, level, due, by_month, held, attendance, pending) -> dict:
    meetings, short = {}, []
    for kind in KINDS:
        if kind not in LEVEL_KINDS[level]:
            continue
        months = by_month.get((code, kind), set())
        met = sum(1 for p in due[kind] if any(p.start.isoformat()[:7] <= m <= p.end.isoformat()[:7] for m in months))
        meetings[kind] = {"held": held.get((code, kind), 0), "required": len(due[kind]), "met": met}
        if met < len(due[kind]):
            short.append(kind)
    due_total, present_total = attendance.get(code, [0, 0])
    rate = round(present_total / due_total, 3) if due_total else None
    waiting = any(pending.get(kind) for kind in LEVEL_KINDS[level])
    return {"code": code, "name": name, "village": village, "level": level, "meetings": meetings,
            "due": due_total, "present": present_total, "attendance_rate": rate, "short": short,
            "in_progress": waiting and not short}
