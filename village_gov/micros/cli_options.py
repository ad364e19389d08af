"""Parsing the micros' command-line option values (dates, category lists) with clear refusals."""

from __future__ import annotations

import datetime as dt

from village_gov.errors import InputError


def parse_as_of(text: str | None, option: str = "--as-of") -> str | None:
    """An ISO date option as text, or an :class:`InputError` naming the option."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise InputError("micro_bad_date", option=option, value=text) from None


def check_extra(unused_days: int, self_governance: list[str] | None) -> dict:
    """``CheckOptions.extra`` for the micros' rules; unknown categories are refused."""
    from village_gov.micros.fields import ORG_CATEGORIES, OrgCategory
    from pydantic import TypeAdapter, ValidationError

    extra: dict = {"unused_days": unused_days}
    if self_governance:
        adapter = TypeAdapter(OrgCategory)
        categories = []
        for value in self_governance:
            try:
                categories.append(adapter.validate_python(value))
            except ValidationError:
                raise InputError("micro_bad_category", value=value, choices="、".join(ORG_CATEGORIES)) from None
        extra["self_governance"] = categories
    return extra
