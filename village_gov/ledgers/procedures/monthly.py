"""The procedures' figures in the monthly report (registered with order 50).

Per village, for month M (first to last day inclusive):

- ``decisions_started``: decisions whose first recorded step is dated in M;
- ``decisions_completed``: decisions whose results were made public (实施结果公开) in M;
- ``decisions_stalled``: decisions stalled at the end of M: not finished by then, last step on or
  before the end of M and more than 30 days (``stalled_days``) before it (for a month not over
  yet, "the end of M" is today);
- ``disclosures``: disclosures dated in M by kind, an object ``{"党务": n, "村务": n, "财务": n}``
  (every kind present, zeros included); the township total sums each kind;
- ``red_list`` / ``black_list``: red/black list entries dated in M (counts only).
"""

from __future__ import annotations

from village_gov.core import clock
from village_gov.ledgers.procedures.checks import STALLED_DAYS, stalled_decisions_sql
from village_gov.ledgers.procedures.terms import DISCLOSURE_KINDS
from village_gov.reports.registry import MonthlyFigures

FIELDS = [
    ("decisions_started", "procedures.month_decisions_started"),
    ("decisions_completed", "procedures.month_decisions_completed"),
    ("decisions_stalled", "procedures.month_decisions_stalled"),
    ("disclosures", "procedures.month_disclosures"),
    ("red_list", "procedures.month_red_list"),
    ("black_list", "procedures.month_black_list"),
]


def _codes(villages) -> list[str]:
    return [v if isinstance(v, str) else v["code"] for v in villages]


def _empty() -> dict:
    return {"decisions_started": 0, "decisions_completed": 0, "decisions_stalled": 0,
            "disclosures": {kind: 0 for kind in DISCLOSURE_KINDS}, "red_list": 0, "black_list": 0}


def compute(db, period, villages, options=None) -> dict[str, dict]:
    """The six figures for each of ``villages`` (codes or rows with a ``code``) in ``period``."""
    options = options or {}
    start, end = period.start.isoformat(), period.end.isoformat()
    figures = {code: _empty() for code in _codes(villages)}

    def add(village, key, value, kind=None):
        row = figures.get(village)
        if row is not None:
            if kind is None:
                row[key] = value
            else:
                row[key][kind] = value

    for village, started in db.execute("""
            SELECT d.village, count(*) FROM decisions d
            JOIN (SELECT decision, min(date) AS first FROM decision_steps GROUP BY decision) f ON f.decision = d.code
            WHERE d.archived = 0 AND f.first BETWEEN ? AND ? GROUP BY d.village""", [start, end]):
        add(village, "decisions_started", started)
    for village, completed in db.execute("""
            SELECT d.village, count(*) FROM decisions d
            JOIN decision_steps s ON s.decision = d.code AND s.step = 'result_published'
            WHERE d.archived = 0 AND s.date BETWEEN ? AND ? GROUP BY d.village""", [start, end]):
        add(village, "decisions_completed", completed)
    days = (options.get("stalled_days") if isinstance(options, dict) else None) or STALLED_DAYS
    judged = min(period.end, clock.today()).isoformat()  # a month not over yet: stalled as of today
    for village, stalled in db.execute(
            f"SELECT village, count(*) FROM ({stalled_decisions_sql('')}) GROUP BY village", [judged, days]):
        add(village, "decisions_stalled", stalled)
    for village, kind, count in db.execute("""
            SELECT village, kind, count(*) FROM disclosures WHERE archived = 0 AND date BETWEEN ? AND ?
            GROUP BY village, kind""", [start, end]):
        add(village, "disclosures", count, kind)
    for village, red, black in db.execute("""
            SELECT village, count(*) FILTER (WHERE list = '红榜'), count(*) FILTER (WHERE list = '黑榜')
            FROM moral_list WHERE archived = 0 AND date BETWEEN ? AND ? GROUP BY village""", [start, end]):
        add(village, "red_list", red)
        add(village, "black_list", black)
    return figures


def total(db, period, villages, per_village: dict[str, dict], options=None) -> dict:
    """Township totals: each count summed; disclosures summed kind by kind."""
    result = _empty()
    for row in per_village.values():
        for key, value in row.items():
            if key == "disclosures":
                for kind, count in value.items():
                    result["disclosures"][kind] = result["disclosures"].get(kind, 0) + count
            elif isinstance(value, int):
                result[key] += value
    return result


PROVIDER = MonthlyFigures(name="procedures", fields=FIELDS, compute=compute, total=total, order=50,
                        options={"stalled_days": STALLED_DAYS})
