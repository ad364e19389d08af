"""The cadre ledger's commands that write: ``cadre visit``, ``mentor meet``, ``review item-done``.

Each goes through :func:`village_gov.core.write.write_record` (the section's model, references and
import rules, one transaction, the command's audit entry); any problem refuses the command (exit 2)
and nothing is written.
"""

from __future__ import annotations

import datetime as dt

from village_gov.core.errors import InputError

OPTIONS = {"date": "--date", "topic": "--topic", "link": "LINK", "mentorship": "MENTORSHIP"}


def _free_code(db, table: str, code: str) -> str:
    """``code``, or ``code-2``, ``code-3`` … when a record of that code exists (two visits on one day)."""
    taken = {row[0] for row in db.execute(f"SELECT code FROM {table} WHERE code = ? OR code LIKE ?",
                                          [code, code + "-%"])}
    number, found = 1, code
    while found in taken:
        number += 1
        found = f"{code}-{number}"
    return found


def log_event(db, section: str, values: dict, command: str | None = None) -> str:
    """Record a link visit (``link_visits``) or a mentor meeting (``mentor_meetings``); return its code."""
    from village_gov.core.clock import today
    from village_gov.core.periods import parse_date
    from village_gov.core.write import write_record
    from village_gov.trail import audit

    day = parse_date(values.get("date"), "--date", default=today(), not_future=True)
    values = dict(values, date=day.isoformat())
    with audit.recorded(db, command) as recorder:
        record = write_record(db, section, values, recorder=recorder, options=OPTIONS,
                              code=lambda r: _free_code(db, section, r.made_code()))
    return record.code


def review_record(db, code: str) -> dict:
    """A stored review as the import format writes it (with its items), or refused if unknown."""
    from village_gov import ledgers
    from village_gov.ledgers.cadres.dump import reviews

    section = ledgers.by_name()["reviews"]
    found = [r for r in reviews(db, section) if r["code"] == code]
    if not found or found[0].get("archived"):
        raise InputError("cadre.unknown_review", code=code)
    return found[0]


def item_done(db, review: str, item: int, done: str | None, command: str | None = None) -> tuple[int, str]:
    """Record item ``item`` (from 1, in the review's order) of ``review`` as done on ``done`` (default today)."""
    from village_gov.core.clock import today
    from village_gov.core.periods import parse_date
    from village_gov.core.write import write_record
    from village_gov.trail import audit

    day = parse_date(done, "--date", default=today(), not_future=True)
    with audit.recorded(db, command) as recorder:
        record = review_record(db, review)
        items = record.get("items", [])
        if not 1 <= item <= len(items):
            raise InputError("cadre.unknown_item", review=review, item=item, count=len(items))
        if items[item - 1].get("done"):
            raise InputError("cadre.item_already_done", review=review, item=item,
                             done=items[item - 1]["done"].isoformat())
        items[item - 1] = dict(items[item - 1], done=day)
        record.pop("archived", None)
        write_record(db, "reviews", _as_text(record), recorder=recorder, code=review, options={"items": "--date"})
    return item, day.isoformat()


def _as_text(record: dict) -> dict:
    """The record's dates as text, as a command's values are given."""
    def text(value):
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, list):
            return [text(v) for v in value]
        if isinstance(value, dict):
            return {k: text(v) for k, v in value.items()}
        return value

    return text(record)
