"""Dump hooks of the cadre ledger: periods written back as ``from``/``to``, reviews with their items."""

from __future__ import annotations

import datetime as dt

from village_gov.trail.dump_sections import dump_hook
from village_gov.trail.records import generic_records


def _periods(records: list[dict]) -> list[dict]:
    renamed = {"date_from": "from", "date_to": "to"}
    return [{renamed.get(k, k): v for k, v in record.items()} for record in records]


@dump_hook("cadre_links")
def cadre_links(db, section) -> list[dict]:
    return _periods(generic_records(db, section))


@dump_hook("mentorships")
def mentorships(db, section) -> list[dict]:
    return _periods(generic_records(db, section))


@dump_hook("supervision")
def supervision(db, section) -> list[dict]:
    return _periods(generic_records(db, section))


@dump_hook("reviews")
def reviews(db, section) -> list[dict]:
    items: dict[str, list[dict]] = {}
    for review, text, due, done in db.conn.execute(
            "SELECT review, text, due, done FROM review_items ORDER BY review, item"):
        item = {"text": text, "due": dt.date.fromisoformat(due)}
        if done is not None:
            item["done"] = dt.date.fromisoformat(done)
        items.setdefault(review, []).append(item)
    return generic_records(db, section, extra={code: {"items": listed} for code, listed in items.items()})
