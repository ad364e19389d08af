"""``report development --year YYYY``: the pipeline per village and for the township at the year's end.

Stages are counted on the records as they stood at the end of the year (today while the year is not
over), leaving out those stopped by then: 申请人 (``applicants``: applied, not yet an activist),
积极分子 (``activists``), 发展对象 (``targets``: named, not yet admitted), 预备党员 (``probationary``:
admitted, conversion not yet approved).  ``admitted``, ``converted`` and ``stopped`` count the year's
approvals, conversions and stops; ``by_source`` the year's admissions by source (every source listed);
the shares are fractions of the year's admissions (``null`` when none): under 35 on the day of
admission, women, 高中 or above.
"""

from __future__ import annotations

import datetime as dt

from village_gov.ledgers.development.dates import months_after_sql
from village_gov.ledgers.development.terms import HIGH_SCHOOL_PLUS, SOURCES, YOUNG_MONTHS
from village_gov.reports.registry import ExportPart

COUNTS = ("applicants", "activists", "targets", "probationary", "admitted", "converted", "stopped")
SHARES = (("share_under_35", "young"), ("share_women", "women"), ("share_high_school_plus", "schooled"))


def _stage_sql(day: dt.date, start: str, scope: str) -> str:
    """One pass over the records as they stood on ``day``: the counts per village and source."""
    d = f"'{day.isoformat()}'"  # a date object's ISO text
    masked = ", ".join(f"CASE WHEN {c} <= {d} THEN {c} END AS {c}" for c in (
        "applied", "activist", "target", "approved", "conversion_approved", "stopped_date"))
    live = "stopped_date IS NULL"
    young = f"approved < {months_after_sql('born', str(YOUNG_MONTHS))}"
    schooled = "education IN (" + ", ".join(f"'{e}'" for e in HIGH_SCHOOL_PLUS) + ")"
    year = f"approved >= '{start}'"
    return f"""SELECT village, source,
        count(*) FILTER (WHERE {live} AND applied IS NOT NULL AND activist IS NULL),
        count(*) FILTER (WHERE {live} AND activist IS NOT NULL AND target IS NULL),
        count(*) FILTER (WHERE {live} AND target IS NOT NULL AND approved IS NULL),
        count(*) FILTER (WHERE {live} AND approved IS NOT NULL AND conversion_approved IS NULL),
        count(*) FILTER (WHERE {year}),
        count(*) FILTER (WHERE conversion_approved >= '{start}'),
        count(*) FILTER (WHERE stopped_date >= '{start}'),
        count(*) FILTER (WHERE {year} AND {young}),
        count(*) FILTER (WHERE {year} AND gender = '女'),
        count(*) FILTER (WHERE {year} AND {schooled})
        FROM (SELECT village, source, born, gender, education, {masked} FROM development
              WHERE archived = 0 {scope}) GROUP BY village, source"""


def _empty() -> dict:
    return {**{key: 0 for key in COUNTS}, "by_source": {source: 0 for source in SOURCES},
            "young": 0, "women": 0, "schooled": 0}


def _finish(row: dict) -> dict:
    """The row as reported: the shares as fractions of the admitted (their numerators dropped)."""
    done = {k: v for k, v in row.items() if k not in ("young", "women", "schooled")}
    for key, numerator in SHARES:
        done[key] = round(row[numerator] / row["admitted"], 4) if row["admitted"] else None
    return done


def development_report(db, year: int, township: str | None = None, day: dt.date | None = None) -> dict:
    """The report for ``year``, judged at its last day or ``day`` when earlier (default: today)."""
    from village_gov.core import clock

    end = min(dt.date(year, 12, 31), day or clock.today())
    start = f"{year:04d}-01-01"
    scope, params = ("AND village IN (SELECT code FROM villages WHERE township = ?)", [township]) if township \
        else ("", [])
    villages = {code: {"code": code, "name": name, **_empty()} for code, name in db.execute(
        f"SELECT code, name FROM villages WHERE archived = 0 {scope.replace('village IN', 'code IN')} ORDER BY code",
        params)}
    keys = (*COUNTS, "young", "women", "schooled")
    for village, source, *counts in db.execute(_stage_sql(end, start, scope), params):
        row = villages.get(village)
        if row is None:
            continue
        for key, count in zip(keys, counts):
            row[key] += count
        row["by_source"][source] += counts[COUNTS.index("admitted")]
    total = _empty()
    for row in villages.values():
        for key in (*keys,):
            total[key] += row[key]
        for source, count in row["by_source"].items():
            total["by_source"][source] += count
    return {"year": year, "as_of": end.isoformat(), "villages": [_finish(v) for v in villages.values()],
            "total": _finish(total)}


def export_part(db, month) -> ExportPart | None:
    """The month's year, judged at the month's end (today while it runs); no sheet without any record."""
    scope, params = ("AND village IN (SELECT code FROM villages WHERE township = ?)", [month.township]) \
        if month.township else ("", [])
    if db.execute(f"SELECT 1 FROM development WHERE archived = 0 {scope} LIMIT 1", params).fetchone() is None:
        return None
    return ExportPart(development_report(db, month.period.end.year, month.township, day=month.day))
