"""The development ledger's own tables (run after the global migrations, tracked in ``ledger_versions``)."""

from __future__ import annotations


def m001_development(db) -> None:
    """``development``: one row per person; lists (contacts, assessments, introducers) as JSON arrays."""
    from village_gov.ledgers.development.models import COLUMNS

    integers = {"training_hours", "extension_months", "meeting_voting", "meeting_present", "meeting_approve",
                "conversion_voting", "conversion_present", "conversion_approve"}
    columns: dict = {"code": str, **{c: int if c in integers else str for c in COLUMNS}, "archived": int}
    db["development"].create(columns, pk="code",
                             foreign_keys=[("village", "villages", "code"), ("org", "party_orgs", "code")],
                             not_null={"name", "gender", "born", "village", "org", "source", "education", "applied",
                                       "extension_months"},
                             defaults={"archived": 0, "extension_months": 0})
    db["development"].create_index(["village"], index_name="idx_development_village")
    db["development"].create_index(["org"], index_name="idx_development_org")


MIGRATIONS = [(1, m001_development)]
