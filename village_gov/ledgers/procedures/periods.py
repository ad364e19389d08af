"""Calendar periods the procedures are measured in: months, quarters, years."""

from __future__ import annotations

import datetime as dt
import re

from village_gov.core import clock
from village_gov.core.errors import InputError
from village_gov.reports.registry import Period

CADENCES = ("month", "quarter", "year", "none")
_QUARTER_RE = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def month_period(text: str) -> Period:
    """``2026-10`` → the month; a clear input error otherwise."""
    match = _MONTH_RE.match(text.strip()) if isinstance(text, str) else None
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise InputError("procedures.bad_month", value=text)
    return Period.month(text.strip())


def quarter_period(text: str) -> Period:
    """``2026Q4`` (or ``2026-Q4``) → 2026-10-01 … 2026-12-31."""
    match = _QUARTER_RE.match(text.strip()) if isinstance(text, str) else None
    if not match:
        raise InputError("procedures.bad_quarter", value=text)
    year, quarter = int(match.group(1)), int(match.group(2))
    start = dt.date(year, 3 * quarter - 2, 1)
    end = Period.month(f"{year:04d}-{3 * quarter:02d}").end
    return Period(start, end, f"{year:04d}Q{quarter}")


def period_of(date: dt.date, cadence: str) -> Period:
    """The month, quarter or year containing ``date``."""
    if cadence == "month":
        return Period.month(f"{date.year:04d}-{date.month:02d}")
    if cadence == "quarter":
        return quarter_period(f"{date.year}Q{(date.month - 1) // 3 + 1}")
    return Period(dt.date(date.year, 1, 1), dt.date(date.year, 12, 31), f"{date.year:04d}")


def periods_between(start: dt.date, end: dt.date, cadence: str) -> list[Period]:
    """The periods of ``cadence`` overlapping ``start`` … ``end``, in order."""
    if cadence == "none":
        return []
    periods = []
    current = period_of(start, cadence)
    while current.start <= end:
        periods.append(current)
        current = period_of(current.end + dt.timedelta(days=1), cadence)
    return periods


def parse_date(text: str | None, what: str = "date") -> dt.date:
    """A date given on the command line (see :func:`village_gov.core.periods.parse_date`; today when ``None``)."""
    from village_gov.core.periods import parse_date as parse

    return parse(text, what, default=clock.today())


def parse_cadences(
    pairs: list[str] | None, defaults: dict[str, str], names: dict[str, str] | None = None
) -> dict[str, str]:
    """``KIND=month|quarter|year|none`` overrides on top of ``defaults`` (kinds may be given by alias)."""
    result = dict(defaults)
    names = names or {}
    for pair in pairs or []:
        kind, _, cadence = pair.partition("=")
        kind = names.get(kind.strip().lower(), names.get(kind.strip(), kind.strip()))
        if kind not in defaults or cadence.strip() not in CADENCES:
            raise InputError(
                "procedures.bad_cadence", value=pair, kinds="、".join(defaults), cadences="|".join(CADENCES)
            )
        result[kind] = cadence.strip()
    return result
