"""The migrations that add indexes in the order the lists show their records (m010, m011).

Kept apart from :mod:`village_gov.store.migrations`, which lists them in :data:`MIGRATIONS`; like
every migration, never edited once shipped.
"""

from __future__ import annotations


def m010_list_order(db) -> None:
    """Indexes in the order the lists show their records, so a table's page (``--limit``) reads its
    rows in order and stops, instead of sorting the whole table first: requests oldest first,
    consultations newest first, services, activities, disclosures, party meetings and the moral
    list by date, positions and micro-organizations by village.  Each ends with ``archived`` (and the
    moral list's ``list``), the lists' filter, so the planner (which has no statistics) prefers it."""
    for name, table, columns in (
        ("requests_list", "requests", "raised, code, archived"),
        ("consultations_list", "consultations", "date DESC, code, archived"),
        ("services_list", "services", "date, code, archived"),
        ("activities_list", "activities", "date, code, archived"),
        ("disclosures_list", "disclosures", "date, code, archived"),
        ("party_meetings_list", "party_meetings", "date, code, archived"),
        ("moral_list_list", "moral_list", "date, code, archived, list"),
        ("positions_list", "positions", "village, kind, code, archived"),
        ("organizations_list", "organizations", "village, code, archived"),
    ):
        db.execute(f"CREATE INDEX {name} ON {table} ({columns})")


def m011_village_lists(db) -> None:
    """The services and activities of one village in list order: ``service list --village V`` and
    ``activity list --village V`` (with ``--from``/``--to`` or not; ``--township``: village after
    village) read that village's rows of the period in order and stop at the page, and count them
    from the index, instead of reading every village's rows of the period (``services_list``, by
    date) or sorting the village's rows.  ``archived`` is the lists' filter; the columns after it
    are those the monthly report sums (hours, households served, participants), so the report,
    for which the planner now picks this index by its ``village IN (…)``, reads no row either."""
    for name, table, columns in (
        ("services_village_list", "services", "village, date, code, archived, household, hours"),
        ("activities_village_list", "activities", "village, date, code, archived, participants"),
    ):
        db.execute(f"CREATE INDEX {name} ON {table} ({columns})")
