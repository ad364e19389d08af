"""The history of each request (``request_events``): what an import or a command did, and when.

A request's row holds its current state; ``request_events`` keeps every change.
An import adds events for the requests it adds or changes (``source = 'import'``);
``request update`` adds one per change (``source = 'cli'``), and ``request edit`` one when it
corrects the status, the response or the referral (``source = 'edit'``).  Events are never
deleted, so a re-import whose file changed a request overrides its current state
but not its history.
"""

from __future__ import annotations

from village_gov.core import clock
from village_gov.ledgers.consult.choices import OPEN, REFERRED, RESOLVED

# Positions of the request columns in an import row (see the ``requests`` section).
_COLUMNS = ("consultation", "village", "household", "raised", "content", "category", "answered_on_spot",
            "response", "status", "resolved", "referred", "referred_to", "public")
_AT = {name: i for i, name in enumerate(_COLUMNS)}

INSERT_EVENT = ("INSERT INTO request_events (request, date, status, response, note, source) "
                "VALUES (?, ?, ?, ?, ?, ?)")


def _closing_date(row: tuple) -> str | None:
    status = row[_AT["status"]]
    if status == RESOLVED:
        return row[_AT["resolved"]]
    if status == REFERRED:
        return row[_AT["referred"]]
    return None


def record_import_events(db, change) -> None:
    """Events for the requests an import adds (raised, then its stated status) or changes."""
    today = clock.today().isoformat()
    events = []
    for code in change.added:
        row = change.rows[code]
        raised, status, response = row[_AT["raised"]], row[_AT["status"]], row[_AT["response"]]
        events.append((code, raised, OPEN, None, None, "import"))
        if status != OPEN:
            events.append((code, _closing_date(row) or raised, status, response, row[_AT["referred_to"]], "import"))
    for code in change.changed:
        row = change.rows[code]
        events.append((code, _closing_date(row) or today, row[_AT["status"]], row[_AT["response"]],
                       row[_AT["referred_to"]], "import"))
    db.conn.executemany(INSERT_EVENT, events)


_EVENT_FIELDS = ("status", "response", "resolved", "referred", "referred_to")


def record_edit_event(db, recorder, code: str, before: dict, after: dict) -> None:
    """An ``edit`` of a request that changes its status, response, resolution or referral: one event, as
    ``request update`` adds for a change, dated the request's resolution (or referral) date when it has
    one, else today; so the history ends with the state the request is in, however it got there."""
    if all(before.get(name) == after.get(name) for name in _EVENT_FIELDS):
        return
    status = after.get("status") or OPEN
    closing = after.get("resolved") if status == RESOLVED else after.get("referred") if status == REFERRED else None
    day = str(closing or clock.today().isoformat())[:10]  # a date, or its text as the record form holds it
    if recorder is not None:
        recorder.count("request_events", "added")
    db.conn.execute(INSERT_EVENT, [code, day, status, after.get("response"), after.get("referred_to"), "edit"])
