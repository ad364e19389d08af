"""Dump hooks of the sections whose import format is more than their table's columns.

* ``consultations``: each with its ``requests`` nested (without the keys a nested
  request inherits: ``consultation`` always, ``village`` and ``raised`` when equal
  to the meeting's); ``requests`` then holds only those raised outside a meeting.
* ``organizations``: ``members`` as the sorted list of member and household codes,
  or the head count when no list was given; ``leader`` is the member code or the name
  (the generic alias in :data:`village_gov.trail.records.ALIASES`, as ``provider``/``organizer``).
* ``decisions``: ``steps`` as the mapping ``{step: {date, counts…}}`` in procedure order.
* ``reform``: one mapping holding its ``townships_before`` and ``villages_before``.

What does not round-trip: a request's history (``request_events``) and the
``requests.imported`` baseline.  A request's current state is dumped; importing
the dump starts its history again from that state (raised → open, then its status
on its closing date), and the dump becomes the import baseline.  The full history
stays in the old database and its audit trail (keep a ``backup`` of it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from village_gov.core.sections import Section
from village_gov.ledgers import by_name
from village_gov.trail.records import generic_records

DumpHook = Callable[[Any, Section], list[dict]]
DUMP_HOOKS: dict[str, DumpHook] = {}


def dump_hook(section_name: str) -> Callable[[DumpHook], DumpHook]:
    """Register ``function(db, section) -> records`` to dump ``section_name`` instead of the generic query."""

    def register(function: DumpHook) -> DumpHook:
        DUMP_HOOKS[section_name] = function
        return function

    return register


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


@dump_hook("organizations")
def organizations(db, section) -> list[dict]:
    listed: dict[str, list[str]] = {}
    for table, column in (("organization_members", "member"), ("organization_households", "household")):
        for org, code in db.conn.execute(f'SELECT organization, "{column}" FROM "{table}"'):
            listed.setdefault(org, []).append(code)
    extra = {code: {"members": sorted(listed[code]) if code in listed else count}
             for code, count in db.conn.execute("SELECT code, head_count FROM organizations")}
    return generic_records(db, section, extra=extra)


@dump_hook("decisions")
def decisions(db, section) -> list[dict]:
    from village_gov.ledgers.procedures.models import STEPS

    fields = ("date", "due", "present", "approve", "oppose", "abstain", "body")
    steps: dict[str, dict[str, dict]] = {}
    for decision, step, *values in db.conn.execute(
            f"SELECT decision, step, {', '.join(fields)} FROM decision_steps"):
        item = {k: v for k, v in zip(fields, values) if v is not None}
        item["date"] = dt.date.fromisoformat(item["date"])
        steps.setdefault(decision, {})[step] = item
    extra = {code: {"steps": {name: recorded[name] for name in STEPS if name in recorded}}
             for code, recorded in steps.items()}
    return generic_records(db, section, extra=extra)


@dump_hook("reform")
def reform(db, section) -> list[dict]:
    records = generic_records(db, section)
    sections = by_name()
    for key in section.inner:
        inner = sections[key]
        parents = dict(db.conn.execute(f'SELECT code, "{inner.within}" FROM "{inner.table}"'))
        grouped: dict[str, list[dict]] = {}
        for item in generic_records(db, inner):
            grouped.setdefault(parents[item["code"]], []).append(item)
        for record in records:
            if grouped.get(record["code"]):
                record[key] = grouped[record["code"]]
    return records
