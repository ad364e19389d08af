"""Date arithmetic of the cadre ledger's rules and reports: months back, and the windows they make."""

from __future__ import annotations

import calendar
import datetime as dt


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day when it has fewer days)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def window_start(as_of: dt.date, months: int) -> dt.date:
    """The first day of "the last ``months`` months" up to ``as_of``: the day after the same date
    ``months`` months earlier (3 months up to 2026-11-30: from 2026-08-31)."""
    return months_before(as_of, months) + dt.timedelta(days=1)


def as_of_date(options) -> dt.date:
    from village_gov.core.clock import today

    return dt.date.fromisoformat(options.as_of) if options.as_of else today()
