"""Dump hooks of the consultations and requests: each consultation with its ``requests`` nested
(without the keys a nested request inherits: ``consultation`` always, ``village`` and ``raised`` when
equal to the meeting's); ``requests`` then holds only those raised outside a meeting.
"""

from __future__ import annotations

from village_gov.ledgers import by_name
from village_gov.trail.dump_sections import dump_hook
from village_gov.trail.records import generic_records

_INHERITED = (("village", "village"), ("raised", "date"))


@dump_hook("consultations")
def consultations(db, section) -> list[dict]:
    records = generic_records(db, section)
    nested: dict[str, list[dict]] = {}
    for request in generic_records(db, by_name()["requests"], "WHERE consultation IS NOT NULL"):
        nested.setdefault(request.pop("consultation"), []).append(request)
    for record in records:
        children = nested.get(record["code"], [])
        for child in children:
            for key, parent_key in _INHERITED:
                if child.get(key) == record.get(parent_key):
                    del child[key]
        if children:
            record["requests"] = children
    return records


@dump_hook("requests")
def requests(db, section) -> list[dict]:
    return generic_records(db, section, "WHERE consultation IS NULL")
