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
    # Grouped by category too (summed here), so the report's requests by category need no query of their own.
    raised: dict[str, list] = {}
    for key, category, n, on_spot, resolved_same_month in _run(db, "raised" in parts, f"""
            SELECT {_key(by, 'raised')}, category, count(*), sum(answered_on_spot),
                   count(*) FILTER (WHERE substr(resolved, 1, 7) = substr(raised, 1, 7))
            FROM requests WHERE {_IN_VILLAGES} AND raised BETWEEN :start AND :end AND archived = 0
            GROUP BY 1, 2""", params):
        sums = raised.setdefault(key, [0, 0, 0, {}])
        sums[0] += n
        sums[1] += on_spot
        sums[2] += resolved_same_month
        sums[3][category] = n
    for key, (n, on_spot, resolved_same_month, categories) in raised.items():
        put(key, requests_raised=n, answered_on_spot=on_spot, resolved_by_month_end=resolved_same_month,
            _categories=categories)
    # The median from a histogram of (group, days): a GROUP BY over the month's resolutions (a few
    # distinct day values per group), walked in order here (sorting every resolution is twice as slow).
    # The village histograms are kept (``_histogram``) so a township's median merges them.
    histograms: dict[str, list] = {}
    for key, days, count in _run(db, "resolved" in parts, f"""
            SELECT {_key(by, 'resolved')}, julianday(resolved) - julianday(raised), count(*)
            FROM requests WHERE {_IN_VILLAGES} AND resolved BETWEEN :start AND :end AND archived = 0
            GROUP BY 1, 2 ORDER BY 1, 2""", params):
        histograms.setdefault(key, []).append((days, count))
    for key, histogram in histograms.items():
        n, median = median_of(histogram)
        put(key, requests_resolved=n, median_days_to_resolve=round(median, 1), _histogram=histogram)
    for key, n in _run(db, "referred" in parts, f"""
            SELECT {_key(by, 'referred')}, count(*)
            FROM requests WHERE {_IN_VILLAGES} AND referred BETWEEN :start AND :end AND archived = 0
            GROUP BY 1""", params):
        put(key, referred=n)
    for key, n, overdue in _run(db, "open" in parts, *_open_query(params, months, by)):
        put(key, open_at_month_end=n, overdue=overdue)
    return {key: finish(values, by) for key, values in out.items()}


def median_of(histogram: list[tuple[float, int]]) -> tuple[int, float]:
    """The count and the median of a histogram ``[(value, count)]`` sorted by value: the mean of the
    values at ranks ``(n + 1) // 2`` and ``(n + 2) // 2`` (1-based), as the report defines it."""
    n = sum(count for _, count in histogram)
    low_rank, high_rank = (n + 1) // 2, (n + 2) // 2
    low = high = None
    upto = 0
    for value, count in histogram:
        upto += count
        if low is None and upto >= low_rank:
            low = value
        if upto >= high_rank:
            high = value
            break
    if low is None or high is None:
        raise ValueError("empty histogram")
    return n, (low + high) / 2.0


def _open_query(params: dict, months: list[Period], by: str) -> tuple[str, dict]:
    """The query counting the requests open (and overdue) at each month's end, and its parameters.

    "At the month's end" for a month not over yet means today: a request cannot be overdue on a
    future day.  One month (the monthly report) compares with one day; several (the trend) join
    the requests with the months' last days."""
    today = clock.today()
    ends = [(m.label, min(m.end, today).isoformat()) for m in months]
    where = (f"r.village IN (SELECT value FROM json_each(:villages)) AND {REQUEST_CLOSED_SQL} > {{day}} "
             "AND r.raised <= {day} AND r.archived = 0")
    if len(ends) == 1:
        key = {"village": "r.village", "month": ":label", "all": f"'{ALL}'"}[by]
        return (f"""SELECT {key}, count(*), count(*) FILTER (WHERE r.raised < date(:last_day, :overdue))
                    FROM requests AS r INDEXED BY requests_open WHERE {where.format(day=':last_day')}
                    GROUP BY 1""", {**params, "label": ends[0][0], "last_day": ends[0][1]})
    key = {"village": "r.village", "month": "m.label", "all": f"'{ALL}'"}[by]
    return (f"""WITH m(label, last_day) AS MATERIALIZED (SELECT value ->> 0, value ->> 1 FROM json_each(:month_ends))
                SELECT {key}, count(*), count(*) FILTER (WHERE r.raised < date(m.last_day, :overdue))
                FROM m CROSS JOIN requests AS r INDEXED BY requests_open WHERE {where.format(day='m.last_day')}
                GROUP BY 1""", {**params, "month_ends": json.dumps(ends)})


def _run(db, wanted: bool, sql: str, params: dict):
    return db.execute(sql, params) if wanted else ()


ZERO: dict = {"consultations": 0, "attendees": 0, "secretary_meetings": 0, "held": 0, "requests_raised": 0,
        "answered_on_spot": 0, "resolved_by_month_end": 0, "requests_resolved": 0,
        "median_days_to_resolve": None, "open_at_month_end": 0, "overdue": 0, "referred": 0, "_histogram": [],
        "_categories": {}}


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


# --- the monthly report's providers -------------------------------------------------------

def _universe(period, villages, options) -> tuple:
    """The villages the figures are computed for: every village of the report (``options["all_villages"]``),
    so a county report runs the queries once and slices them for each township."""
    universe = tuple(options.get("all_villages") or villages)
    if not set(villages) <= set(universe):
        universe = tuple(villages)
    return (period.label, universe)


def _per_village(db, period, villages, options) -> dict[str, dict]:
    """Per-village figures (with each village's histogram of days to resolve), computed once."""
    cache = options.setdefault("_consult_cache", {})
    key = _universe(period, villages, options)
    if key not in cache:
        rows = figures(db, list(key[1]), [period], "village", options.get("overdue_days", 30))
        cache[key] = {v: rows.get(v) or finish({}, "village") for v in key[1]}
    return {v: cache[key][v] for v in villages}


def _block_categories(db, period, villages, options) -> list[dict]:
    """Requests raised in the period per category over ``villages``, every category listed."""
    rows = _per_village(db, period, villages, options)
    counts: dict[str, int] = {}
    for village in villages:
        for category, count in rows[village]["_categories"].items():
            counts[category] = counts.get(category, 0) + count
    return [{"category": c, "requests_raised": counts.get(c, 0)} for c in CATEGORIES]


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
    merged: dict[float, int] = {}
    for village in villages:
        for days, count in full[village]["_histogram"]:
            merged[days] = merged.get(days, 0) + count
    if merged:
        total["median_days_to_resolve"] = round(median_of(sorted(merged.items()))[1], 1)
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
    extra=lambda db, period, villages, options: {"by_category": _block_categories(db, period, villages, options)},
)
