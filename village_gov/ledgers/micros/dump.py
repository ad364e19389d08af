"""Dump hook of the organizations: ``members`` as the sorted list of member and household codes, or the
head count when no list was given (``leader`` is the generic alias of :data:`village_gov.trail.records.ALIASES`).
"""

from __future__ import annotations

from village_gov.trail.dump_sections import dump_hook
from village_gov.trail.records import generic_records


@dump_hook("organizations")
def organizations(db, section) -> list[dict]:
    listed: dict[str, list[str]] = {}
    for table, column in (("organization_members", "member"), ("organization_households", "household")):
        for org, code in db.conn.execute(f'SELECT organization, "{column}" FROM "{table}"'):
            listed.setdefault(org, []).append(code)
    extra = {code: {"members": sorted(listed[code]) if code in listed else count}
             for code, count in db.conn.execute("SELECT code, head_count FROM organizations")}
    return generic_records(db, section, extra=extra)
