"""The micros' check options from command-line values, with clear refusals."""

from __future__ import annotations

from village_gov.core.errors import InputError


def check_extra(unused_days: int, self_governance: list[str] | None) -> dict:
    """``CheckOptions.extra`` for the micros' rules; unknown categories are refused."""
    from pydantic import TypeAdapter, ValidationError

    from village_gov.ledgers.micros.fields import ORG_CATEGORIES, OrgCategory

    extra: dict = {"unused_days": unused_days}
    if self_governance:
        adapter = TypeAdapter(OrgCategory)
        categories = []
        for value in self_governance:
            try:
                categories.append(adapter.validate_python(value))
            except ValidationError:
                raise InputError("micros.bad_category", value=value, choices="、".join(ORG_CATEGORIES)) from None
        extra["self_governance"] = categories
    return extra
