"""Parsing date option values with clear refusals."""

from __future__ import annotations

import datetime as dt

from village_gov.core.errors import InputError


def parse_as_of(text: str | None, option: str = "--as-of") -> str | None:
    """An ISO date option as text, or an :class:`InputError` naming the option."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise InputError("micro_bad_date", option=option, value=text) from None
