"""Parsing date option values with clear refusals: the one reader of a date given on the command line."""

from __future__ import annotations

import datetime as dt
import re
from typing import overload

from village_gov.core.errors import InputError

_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})|([0-9]{4})([0-9]{2})([0-9]{2})")


@overload
def parse_date(value: str | dt.date, option: str, *, default: dt.date | None = None,
               not_future: bool = False) -> dt.date: ...
@overload
def parse_date(value: str | dt.date | None, option: str, *, default: dt.date,
               not_future: bool = False) -> dt.date: ...
@overload
def parse_date(value: str | dt.date | None, option: str, *, default: None = None,
               not_future: bool = False) -> dt.date | None: ...
def parse_date(value: str | dt.date | None, option: str, *, default: dt.date | None = None,
               not_future: bool = False) -> dt.date | None:
    """A date given as an option value: ``YYYY-MM-DD`` (or ``YYYYMMDD``), surrounding spaces ignored.

    ``None`` gives ``default``.  A malformed or impossible date is refused naming the option
    (``cmd_bad_date``); with ``not_future``, so is a date after today (``cmd_future_date``).
    """
    if value is None:
        return default
    if isinstance(value, dt.date):
        day = value
    else:
        match = _DATE.fullmatch(str(value).strip())
        parsed: dt.date | None
        try:
            parsed = dt.date(*(int(g) for g in match.groups() if g is not None)) if match else None
        except ValueError:
            parsed = None
        if parsed is None:
            raise InputError("cmd.bad_date", option=option, value=value)
        day = parsed
    if not_future:
        from village_gov.core import clock

        if day > clock.today():
            raise InputError("cmd.future_date", option=option, value=str(value))
    return day


def parse_as_of(text: str | None, option: str = "--as-of") -> str | None:
    """A date option (see :func:`parse_date`) as ISO text, or an :class:`InputError` naming the option."""
    day = parse_date(text, option)
    return day.isoformat() if day else None
