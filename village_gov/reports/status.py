"""Whether a report's period is over, judged against the project clock (:mod:`village_gov.core.clock`).

A month or quarter is *complete* once the day after its last day has begun: on 2026-11-30 November
is still running.  Reports carry the result as plain fields so every format can say so::

    {"period_complete": true}
    {"period_complete": false, "period_started": true, "as_of": "2026-11-30"}

``period_started`` is false for a period that has not begun (all its figures are necessarily zero).
"""

from __future__ import annotations

import datetime as dt

from village_gov.core import clock


def period_status(start: dt.date, end: dt.date, today: dt.date | None = None) -> dict:
    """The status fields of the period ``start`` … ``end`` (inclusive) on ``today`` (default: the clock)."""
    today = today or clock.today()
    if today > end:
        return {"period_complete": True}
    return {"period_complete": False, "period_started": today >= start, "as_of": today.isoformat()}


def is_open(report: dict) -> bool:
    """True when a report says its period is not over (reports without the field are complete)."""
    return report.get("period_complete") is False


def status_text(report: dict, unit: str) -> str | None:
    """The sentence saying the period is not over (``unit``: ``month``, ``quarter`` or ``range``), or None."""
    from village_gov.core.i18n import t

    if not is_open(report):
        return None
    state = "open" if report.get("period_started", True) else "unstarted"
    return t(f"report.period_{state}_{unit}", as_of=report["as_of"], month=report.get("to", ""))
