""""N months after D": the same day N calendar months later, or that month's last day when the day
does not exist (2024-01-31 + 1 month = 2024-02-29).  :func:`months_after` is the one definition;
:func:`months_after_sql` writes the same computation as an SQLite expression for the set-based rules
(the tests compare the two on every day of several years, month ends included).
"""

from __future__ import annotations

import calendar
import datetime as dt


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months after ``day``, or the month's last day when it has none."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def months_after_sql(day: str, months: str) -> str:
    """:func:`months_after` as an SQLite expression over ISO date text ``day`` and integer ``months``
    (both SQL expressions): the same day in the target month, or the target month's last day."""
    same_day = (f"date({day}, 'start of month', '+' || ({months}) || ' months', "
                f"'+' || (CAST(strftime('%d', {day}) AS INTEGER) - 1) || ' days')")
    last_day = f"date({day}, 'start of month', '+' || (({months}) + 1) || ' months', '-1 day')"
    return f"min({same_day}, {last_day})"
