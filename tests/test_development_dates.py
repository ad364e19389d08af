""""N months after D": the one helper, at month ends, and its SQL twin agreeing with it on every day."""

from __future__ import annotations

import datetime as dt
import sqlite3

from village_gov.ledgers.development.dates import months_after, months_after_sql


def test_month_ends():
    d = dt.date.fromisoformat
    assert months_after(d("2024-01-31"), 1) == d("2024-02-29")   # leap year: the month's last day
    assert months_after(d("2023-01-31"), 1) == d("2023-02-28")
    assert months_after(d("2024-02-29"), 12) == d("2025-02-28")
    assert months_after(d("2024-08-31"), 18) == d("2026-02-28")
    assert months_after(d("2024-03-31"), 1) == d("2024-04-30")
    assert months_after(d("2024-01-30"), 1) == d("2024-02-29")
    assert months_after(d("2024-01-15"), 1) == d("2024-02-15")   # an ordinary day: the same day
    assert months_after(d("2024-11-30"), 3) == d("2025-02-28")   # across a year
    assert months_after(d("2006-03-15"), 216) == d("2024-03-15")  # 18 years
    assert months_after(d("2024-05-31"), 0) == d("2024-05-31")


def test_the_sql_twin_agrees_on_every_day_of_three_years():
    conn = sqlite3.connect(":memory:")
    expression = months_after_sql("?1", "?2")
    day = dt.date(2023, 1, 1)
    while day <= dt.date(2025, 12, 31):
        for months in (0, 1, 3, 6, 12, 13, 18, 24, 216, 420):
            got = conn.execute(f"SELECT {expression}", [day.isoformat(), months]).fetchone()[0]
            assert got == months_after(day, months).isoformat(), (day, months)
        day += dt.timedelta(days=1)
    assert conn.execute(f"SELECT {expression}", [None, 1]).fetchone()[0] is None
