"""The development ledger's figures in the monthly report (order 55: after the procedures').

Per village, for month M (first to last day inclusive):

- ``development_applied``: applications (入党申请书) received in M;
- ``development_admitted``: people admitted in M (the higher committee's approval, 上级党委审批);
- ``development_converted``: probationary members whose conversion was approved in M;
- ``development_overdue``: records with at least one error finding of the development rules at the
  end of M (today while M is not over), judged on the records as they stood that day.
"""

from __future__ import annotations

import json

from village_gov.reports.registry import MonthlyFigures

FIELDS = [
    ("development_applied", "development.month_applied"),
    ("development_admitted", "development.month_admitted"),
    ("development_converted", "development.month_converted"),
    ("development_overdue", "development.month_overdue"),
]


def _codes(villages) -> list[str]:
    return [v if isinstance(v, str) else v["code"] for v in villages]


def overdue_by_village(db, day) -> dict[str, int]:
    """``{village: records with an error finding on day}`` (the rules on the records as they stood)."""
    from village_gov.core.checks import ERROR, CheckOptions, load_rules
    from village_gov.ledgers.development.options import DevelopmentCheckOptions

    options = CheckOptions(as_of=day.isoformat(),
                           ledgers={"development": DevelopmentCheckOptions(future_dates=False)})
    found: set[str] = set()
    for rule in load_rules():
        if rule.id.startswith("development-") and rule.severity == ERROR:
            found.update(subject for subject, _key, _params in rule.function(db, options))
    counts: dict[str, int] = {}
    if found:
        for village, count in db.execute("""SELECT village, count(*) FROM development
                                            WHERE code IN (SELECT value FROM json_each(?)) GROUP BY village""",
                                         [json.dumps(sorted(found))]):
            counts[village] = count
    return counts


def compute(db, period, villages, options=None) -> dict[str, dict]:
    """The four figures for each of ``villages`` in ``period``."""
    from village_gov.core import clock

    figures = {code: {key: 0 for key, _ in FIELDS} for code in _codes(villages)}
    start, end = period.start.isoformat(), period.end.isoformat()
    for village, applied, admitted, converted in db.execute("""
            SELECT village, count(*) FILTER (WHERE applied BETWEEN ?1 AND ?2),
                   count(*) FILTER (WHERE approved BETWEEN ?1 AND ?2),
                   count(*) FILTER (WHERE conversion_approved BETWEEN ?1 AND ?2)
            FROM development WHERE archived = 0 GROUP BY village""", [start, end]):
        if village in figures:
            figures[village].update(development_applied=applied, development_admitted=admitted,
                                    development_converted=converted)
    for village, count in overdue_by_village(db, min(period.end, clock.today())).items():
        if village in figures:
            figures[village]["development_overdue"] = count
    return figures


PROVIDER = MonthlyFigures(name="development", fields=FIELDS, compute=compute, order=55)
