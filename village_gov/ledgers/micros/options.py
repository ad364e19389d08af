"""The micros' check options (``check --unused-days``, ``--self-governance``), with clear refusals."""

from __future__ import annotations

from dataclasses import dataclass

from village_gov.core.errors import InputError

DEFAULT_UNUSED_DAYS = 90


@dataclass
class MicrosCheckOptions:
    """Thresholds of the micros' rules (``None``: the required categories of
    :data:`~village_gov.ledgers.micros.categories.REQUIRED_SELF_GOVERNANCE`)."""

    unused_days: int = DEFAULT_UNUSED_DAYS
    self_governance: list[str] | None = None


def micros_options(unused_days: int = DEFAULT_UNUSED_DAYS,
                   self_governance: list[str] | None = None) -> MicrosCheckOptions:
    """The micros' options from command-line values; unknown categories are refused."""
    if not self_governance:
        return MicrosCheckOptions(unused_days=unused_days)
    # Only here: without the option, check needs neither the field types nor pydantic.
    from pydantic import TypeAdapter, ValidationError

    from village_gov.ledgers.micros.fields import ORG_CATEGORIES, OrgCategory

    adapter = TypeAdapter(OrgCategory)
    categories = []
    for value in self_governance:
        try:
            categories.append(adapter.validate_python(value))
        except ValidationError:
            raise InputError("micros.bad_category", value=value, choices="、".join(ORG_CATEGORIES)) from None
    return MicrosCheckOptions(unused_days=unused_days, self_governance=categories)
