"""The consultation and request figures of the monthly report and of the trend.

Five set-based queries compute every figure for a set of villages and a date
range, grouped by village, by month or over all the villages (``by``).  Each
reads one range of a covering index built by migration ``m003_consultations``.
Definitions (month M = its first to last day, inclusive):

- consultations / attendees: consultations dated in M / their attendees summed;
- secretary_meetings: those of format 书记坝坝会 or 书记龙门阵; secretary_meeting_held: at
  least one (per village a boolean; over several villages, how many villages held one);
- requests_raised / answered_on_spot: raised in M / of those, answered on the spot;
- requests_resolved: resolved with a date in M, whenever raised;
- resolution_rate: of the requests raised in M, the share resolved by the end of M
  (None when none raised; over several villages from the summed counts);
- median_days_to_resolve: median of (resolved − raised) in days over requests resolved in M;
- open_at_month_end: raised by the last day of M, neither resolved nor referred by then;
  overdue: of those, raised more than ``overdue_days`` (30) days before the last day of M;
  for a month not over yet (the project clock), "the last day of M" is today;
- referred: referred with a date in M.
"""

from __future__ import annotations

import datetime as dt
import json

from village_gov.core import clock
from village_gov.ledgers.consult.choices import CATEGORIES, SECRETARY_FORMATS
from village_gov.reports.registry import MonthlyFigures, Period, sum_total
from village_gov.store.migrations import REQUEST_CLOSED_SQL

CONSULTATION_FIELDS = [
    ("consultations", "consult.month_consultations"),
    ("attendees", "consult.month_attendees"),
    ("secretary_meetings", "consult.month_secretary_meetings"),
    ("secretary_meeting_held", "consult.month_secretary_meeting_held"),
]
REQUEST_FIELDS = [
    ("requests_raised", "consult.month_requests_raised"),
    ("answered_on_spot", "consult.month_answered_on_spot"),
    ("requests_resolved", "consult.month_requests_resolved"),
    ("resolution_rate", "consult.month_resolution_rate"),
    ("median_days_to_resolve", "consult.month_median_days_to_resolve"),
    ("open_at_month_end", "consult.month_open_at_month_end"),
    ("overdue", "consult.month_overdue"),
    ("referred", "consult.month_referred"),
]
ALL = "*"
_SECRETARY = "(" + ", ".join(f"'{f}'" for f in SECRETARY_FORMATS) + ")"
_IN_VILLAGES = "village IN (SELECT value FROM json_each(:villages))"


def _key(by: str, column: str) -> str:
    """The GROUP BY expression: the village, the month of ``column``, or one group for all."""
    return {"village": "village", "month": f"substr({column}, 1, 7)", "all": f"'{ALL}'"}[by]


def months_between(start: Period, end: Period) -> list[Period]:
    """Every calendar month from ``start`` to ``end`` inclusive."""
    months, current = [], start
    while current.start <= end.start:
        months.append(current)
        current = Period.month((current.end + dt.timedelta(days=1)).strftime("%Y-%m"))
    return months


PARTS = ("consultations", "raised", "resolved", "referred", "open")


def figures(db, villages: list[str], months: list[Period], by: str, overdue_days: int = 30,
            parts: tuple[str, ...] = PARTS) -> dict[str, dict]:
    """Every figure for ``villages`` over ``months``, as ``{group key: {field: value}}``.

    ``by``: ``village`` (one row per village), ``month`` (one per month, as ``YYYY-MM``)
    or ``all`` (one row, key ``*``).  Missing groups are simply absent.
    """
    params = {"villages": json.dumps(villages), "start": months[0].start.isoformat(),
              "end": months[-1].end.isoformat(), "overdue": f"-{int(overdue_days)} days"}
    out: dict[str, dict] = {}

    def put(key, **values):
        out.setdefault(key, {}).update(values)

    for key, n, attendees, secretary, held in _run(db, "consultations" in parts, f"""
            SELECT {_key(by, 'date')}, count(*), sum(attendees), sum(format IN {_SECRETARY}),
                   count(DISTINCT village) FILTER (WHERE format IN {_SECRETARY})
            FROM consultations WHERE {_IN_VILLAGES} AND date BETWEEN :start AND :end AND archived = 0
            GROUP BY 1""", params):
        put(key, consultations=n, attendees=attendees or 0, secretary_meetings=secretary, held=held)
    for key, n, on_spot, resolved_same_month in _run(db, "raised" in parts, f"""
            SELECT {_key(by, 'raised')}, count(*), sum(answered_on_spot),
                   count(*) FILTER (WHERE substr(resolved, 1, 7) = substr(raised, 1, 7))
            FROM requests WHERE {_IN_VILLAGES} AND raised BETWEEN :start AND :end AND archived = 0
            GROUP BY 1""", params):
        put(key, requests_raised=n, answered_on_spot=on_spot, resolved_by_month_end=resolved_same_month)
    # The median from a histogram of (group, days): a GROUP BY over the month's resolutions, then
    # cumulative counts over the few distinct day values (sorting every resolution is twice as slow).
    for key, n, median in _run(db, "resolved" in parts, f"""
            WITH histogram AS (
                SELECT {_key(by, 'resolved')} AS k, julianday(resolved) - julianday(raised) AS days, count(*) AS c
                FROM requests WHERE {_IN_VILLAGES} AND resolved BETWEEN :start AND :end AND archived = 0
                GROUP BY 1, 2),
            cumulative AS (
                SELECT k, days, sum(c) OVER (PARTITION BY k ORDER BY days) AS upto,
                       sum(c) OVER (PARTITION BY k) AS n FROM histogram)
            SELECT k, max(n), (min(days) FILTER (WHERE upto >= (n + 1) / 2)
                               + min(days) FILTER (WHERE upto >= (n + 2) / 2)) / 2.0
            FROM cumulative GROUP BY k""", params):
        put(key, requests_resolved=n, median_days_to_resolve=round(median, 1))
    for key, n in _run(db, "referred" in parts, f"""
            SELECT {_key(by, 'referred')}, count(*)
            FROM requests WHERE {_IN_VILLAGES} AND referred BETWEEN :start AND :end AND archived = 0
            GROUP BY 1""", params):
        put(key, referred=n)
    # "At the month's end" for a month not over yet means today: a request cannot be overdue on a future day.
    today = clock.today()
    month_ends = json.dumps([[m.label, min(m.end, today).isoformat()] for m in months])
    open_key = {"village": "r.village", "month": "m.label", "all": f"'{ALL}'"}[by]
    for key, n, overdue in _run(db, "open" in parts, f"""
            WITH m(label, last_day) AS MATERIALIZED (
                SELECT value ->> 0, value ->> 1 FROM json_each(:month_ends))
            SELECT {open_key}, count(*), count(*) FILTER (WHERE r.raised < date(m.last_day, :overdue))
            FROM m CROSS JOIN requests AS r INDEXED BY requests_open
            WHERE r.village IN (SELECT value FROM json_each(:villages))
              AND {REQUEST_CLOSED_SQL} > m.last_day AND r.raised <= m.last_day AND r.archived = 0
            GROUP BY 1""", {**params, "month_ends": month_ends}):
        put(key, open_at_month_end=n, overdue=overdue)
    return {key: finish(values, by) for key, values in out.items()}


def _run(db, wanted: bool, sql: str, params: dict):
    return db.execute(sql, params) if wanted else ()


ZERO = {"consultations": 0, "attendees": 0, "secretary_meetings": 0, "held": 0, "requests_raised": 0,
        "answered_on_spot": 0, "resolved_by_month_end": 0, "requests_resolved": 0,
        "median_days_to_resolve": None, "open_at_month_end": 0, "overdue": 0, "referred": 0}


def finish(values: dict, by: str) -> dict:
    """Fill in zeros and derive the rate and the held flag from the counts."""
    row = {**ZERO, **values}
    held = row.pop("held")
    row["secretary_meeting_held"] = bool(held) if by == "village" else held
    resolved_by_end = row.pop("resolved_by_month_end")
    row["resolution_rate"] = rate(resolved_by_end, row["requests_raised"])
    row["_resolved_by_month_end"] = resolved_by_end
    return row


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def by_category(db, villages: list[str], period: Period) -> list[dict]:
    """Requests raised in the period per category, every category listed."""
    counts = dict(db.execute(f"""
        SELECT category, count(*) FROM requests
        WHERE {_IN_VILLAGES} AND raised BETWEEN :start AND :end AND archived = 0 GROUP BY category""",
        {"villages": json.dumps(villages), "start": period.start.isoformat(), "end": period.end.isoformat()}))
    return [{"category": c, "requests_raised": counts.get(c, 0)} for c in CATEGORIES]


# --- the monthly report's providers -------------------------------------------------------

def _per_village(db, period, villages, options) -> dict[str, dict]:
    """Per-village figures, computed once for every village of the report (``options["all_villages"]``)
    and sliced for each township, so a county report runs the queries once, not once per township."""
    cache = options.setdefault("_consult_cache", {})
    universe = tuple(options.get("all_villages") or villages)
    if not set(villages) <= set(universe):
        universe = tuple(villages)
    key = (period.label, universe)
    if key not in cache:
        rows = figures(db, list(universe), [period], "village", options.get("overdue_days", 30))
        cache[key] = {v: rows.get(v) or finish({}, "village") for v in universe}
    return {v: cache[key][v] for v in villages}


def _pick(rows: dict[str, dict], fields) -> dict[str, dict]:
    return {v: {k: row[k] for k, _ in fields} for v, row in rows.items()}


def _consultation_total(db, period, villages, per_village, options) -> dict:
    total = sum_total(CONSULTATION_FIELDS, per_village)
    total["secretary_meeting_held"] = sum(1 for row in per_village.values() if row["secretary_meeting_held"])
    return total


def _request_total(db, period, villages, per_village, options) -> dict:
    total = sum_total(REQUEST_FIELDS, per_village)
    full = _per_village(db, period, villages, options)
    resolved_by_end = sum(full[v]["_resolved_by_month_end"] for v in villages)
    total["resolution_rate"] = rate(resolved_by_end, total["requests_raised"])
    total["median_days_to_resolve"] = None
    if total["requests_resolved"]:
        overall = figures(db, villages, [period], "all", parts=("resolved",)).get(ALL, {})
        total["median_days_to_resolve"] = overall.get("median_days_to_resolve")
    return total


CONSULTATION_PROVIDER = MonthlyFigures(
    name="consultations", fields=CONSULTATION_FIELDS, order=10,
    compute=lambda db, period, villages, options: _pick(_per_village(db, period, villages, options),
                                                         CONSULTATION_FIELDS),
    total=_consultation_total,
)
REQUEST_PROVIDER = MonthlyFigures(
    name="requests", fields=REQUEST_FIELDS, order=20,
    compute=lambda db, period, villages, options: _pick(_per_village(db, period, villages, options),
                                                         REQUEST_FIELDS),
    total=_request_total,
    extra=lambda db, period, villages, options: {"by_category": by_category(db, villages, period)},
)
