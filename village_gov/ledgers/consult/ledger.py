"""Consultations and requests from the command line: log, add, update, list, show.

Every function validates first and writes in one transaction, so a refusal
(:class:`InputError`, exit 2) leaves the database unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import overload

from village_gov.core import clock
from village_gov.core.errors import InputError
from village_gov.core.filters import Filters, Page, page_dicts, stream_dicts
from village_gov.ledgers.consult.history import INSERT_EVENT
from village_gov.ledgers.consult.models import OPEN, REFERRED, RESOLVED, STATUSES, Status
from village_gov.trail import audit

CONSULTATION_COLUMNS = [
    ("code", "label.code"),
    ("village", "label.village"),
    ("date", "label.date"),
    ("format", "consult.col_format"),
    ("attendees", "consult.col_attendees"),
    ("topics", "consult.col_topics"),
    ("host", "consult.col_host"),
    ("requests", "consult.col_requests"),
]
REQUEST_COLUMNS = [("code", "label.code"), ("village", "label.village"), ("raised", "consult.col_raised"),
                   ("category", "label.category"), ("status", "label.status"), ("household", "label.household"),
                   ("days_open", "consult.col_days_open"), ("content", "label.content")]


def parse_date(value: str | dt.date | None, option: str) -> dt.date | None:
    """An option's date (see :func:`village_gov.core.periods.parse_date`), refused when malformed or in the future."""
    from village_gov.core.periods import parse_date as parse

    return parse(value, option, not_future=True)


@overload
def canonical(kind, value: str, option: str, choices: tuple[str, ...]) -> str: ...
@overload
def canonical(kind, value: str | None, option: str, choices: tuple[str, ...]) -> str | None: ...
def canonical(kind, value: str | None, option: str, choices: tuple[str, ...]) -> str | None:
    """A choice value (Chinese or its English alias) in its canonical Chinese form."""
    if value is None:
        return None
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(kind).validate_python(value)
    except ValidationError:
        raise InputError("cmd.bad_choice", option=option, value=value, choices="、".join(choices)) from None


@overload
def _require(db, table: str, code: str, what: str) -> dict: ...
@overload
def _require(db, table: str, code: str | None, what: str) -> dict | None: ...
def _require(db, table: str, code: str | None, what: str) -> dict | None:
    if code is None:
        return None
    row = db.execute(f'SELECT * FROM "{table}" WHERE code = ?', [code]).fetchone()
    if row is None:
        from village_gov.core.i18n import label

        raise InputError("cmd.not_found", what=label("section." + table, what), code=code)
    names = [d[0] for d in db.execute(f'SELECT * FROM "{table}" LIMIT 0').description]
    return dict(zip(names, row))


def log_consultation(db, *, village: str, date: str, format: str, attendees: int, topics: list[str] | None = None,
                     host: str | None = None, position: str | None = None, summary: str | None = None,
                     command: str | None = None, again: bool = False) -> str:
    """Record one consultation; return its generated code ``C-<village>-<yyyymmdd>-<n>``.

    A consultation of the same village, date and format already in the ledger (not archived) is
    refused (``consult_again``, naming its code) unless ``again``: logging the same meeting twice is
    the usual mistake, two meetings of one kind on one day the exception.
    Checked and written under the write lock, with its audit entry (``command``: the command line).
    """
    with audit.recorded(db, command) as recorder:
        return _log_consultation(db, recorder, village=village, date=date, format=format, attendees=attendees,
                                 topics=topics, host=host, position=position, summary=summary, again=again)


def same_consultations(db, village: str, day: dt.date, fmt: str) -> list[str]:
    """Codes of live consultations of ``village`` on ``day`` in format ``fmt``."""
    return [code for (code,) in db.execute(
        "SELECT code FROM consultations WHERE village = ? AND date = ? AND format = ? AND NOT archived "
        "ORDER BY code", [village, day.isoformat(), fmt])]


CONSULTATION_OPTIONS = {"village": "--village", "date": "--date", "format": "--format", "topics": "--topic",
                        "host": "--host", "attendees": "--attendees", "position": "--position", "summary": "--summary"}
REQUEST_OPTIONS = {"content": "--content", "consultation": "--consultation", "village": "--village",
                   "raised": "--date", "household": "--household", "category": "--category", "response": "--response"}


def _log_consultation(db, recorder, *, village, date, format, attendees, topics, host, position, summary,
                      again) -> str:
    from village_gov.core.write import next_code, write_record

    def not_logged_yet(record) -> None:
        from village_gov.core.i18n import t

        existing = same_consultations(db, record.village, record.date, record.format)
        if existing and not again:
            raise InputError("consult.again", village=record.village, date=record.date.isoformat(),
                             format=record.format, codes=t("cmd.list_sep").join(existing))

    record = write_record(
        db, "consultations", {"village": village, "date": date, "format": format, "topics": list(topics or []),
                              "host": host, "attendees": attendees, "position": position, "summary": summary},
        recorder=recorder, options=CONSULTATION_OPTIONS, before_write=not_logged_yet,
        code=lambda r: next_code(db, "consultations", f"C-{r.village}-{r.date:%Y%m%d}"))
    return record.code


def add_request(db, *, content: str, consultation: str | None = None, village: str | None = None,
                date: str | None = None, household: str | None = None, category: str | None = None,
                on_spot: bool = False, response: str | None = None, public: bool = False,
                command: str | None = None) -> str:
    """Record one request, at a consultation or outside one; return its code ``R-<village>-<yyyymmdd>-<n>``.

    Answered on the spot (``on_spot``) means resolved the day it was raised, with ``response``.
    Checked and written under the write lock, with its audit entry.
    """
    with audit.recorded(db, command) as recorder:
        return _add_request(db, recorder, content=content, consultation=consultation, village=village, date=date,
                            household=household, category=category, on_spot=on_spot, response=response,
                            public=public)


def _add_request(db, recorder, *, content, consultation, village, date, household, category, on_spot, response,
                 public) -> str:
    from village_gov.core.periods import parse_date
    from village_gov.core.write import next_code, write_record

    meeting = _require(db, "consultations", consultation, "consultation")
    if meeting:
        village = village or meeting["village"]
    elif not (village and date):
        raise InputError("cmd.need_place")
    raised = parse_date(date, "--date") or dt.date.fromisoformat(meeting["date"])  # a future date: the import's rule
    if on_spot and not (response and response.strip()):
        raise InputError("cmd.on_spot_response")
    record = write_record(
        db, "requests", {"consultation": consultation, "village": village, "household": household, "raised": raised,
                         "content": content, "category": category, "answered_on_spot": on_spot,
                         "response": response, "status": RESOLVED if on_spot else OPEN,
                         "resolved": raised if on_spot else None, "public": public},
        recorder=recorder, options=REQUEST_OPTIONS,
        code=lambda r: next_code(db, "requests", f"R-{r.village}-{r.raised:%Y%m%d}"))
    recorder.count("request_events", "added", 2 if on_spot else 1)
    with db.atomic():
        db.conn.execute(INSERT_EVENT, [record.code, raised.isoformat(), OPEN, None, None, "cli"])
        if on_spot:
            db.conn.execute(INSERT_EVENT, [record.code, raised.isoformat(), RESOLVED, record.response, None, "cli"])
    return record.code


def update_request(db, code: str, *, status: str, response: str | None = None, date: str | None = None,
                   referred_to: str | None = None, command: str | None = None) -> dict:
    """Move a request along its lifecycle and record the change; return ``{code, old, new, date}``.

    Read, checked and written under the write lock (two updates of one request cannot both work from
    the same old status), with its audit entry.
    """
    with audit.recorded(db, command) as recorder:
        return _update_request(db, recorder, code, status=status, response=response, date=date,
                               referred_to=referred_to)


def _update_request(db, recorder, code, *, status, response, date, referred_to) -> dict:
    from village_gov.core.write import check_fields

    current = _require(db, "requests", code, "request")
    new = canonical(Status, status, "--status", STATUSES)
    check_fields("requests", {"response": response, "referred_to": referred_to or None},
                 {"response": "--response", "referred_to": "--to"})
    day = (parse_date(date, "--date") or clock.today()).isoformat()
    if day < current["raised"]:
        raise InputError("consult.req_date_before_raised", date=day, raised=current["raised"])
    last = db.execute("SELECT max(date) FROM request_events WHERE request = ?", [code]).fetchone()[0]
    if last and day < last:
        raise InputError("consult.req_date_before_last", date=day, last=last)
    old = current["status"]
    if new == RESOLVED and old == RESOLVED:
        raise InputError("consult.req_already_resolved", code=code, date=current["resolved"])
    if new == REFERRED and not (referred_to or (old == REFERRED and current["referred_to"])):
        raise InputError("consult.req_referred_to_needed")
    if new == old and not response and not referred_to:
        raise InputError("consult.req_no_change", code=code, status=old)
    values = {"status": new, "response": response or current["response"]}
    if new == RESOLVED:
        values["resolved"] = day
    elif old == RESOLVED:
        values["resolved"] = None  # reopened
    if new == REFERRED:
        values["referred"] = current["referred"] if old == REFERRED else day
        values["referred_to"] = referred_to or current["referred_to"]
    elif old == REFERRED and new != RESOLVED:
        # Taken back from a referral: open again, so it counts as open (and overdue) in the reports.
        # The referral stays in the request's history.
        values["referred"] = None
    assignments = ", ".join(f'"{k}" = ?' for k in values)
    recorder.track("requests", code)
    recorder.count("request_events", "added")
    with db.atomic():
        db.conn.execute(f"UPDATE requests SET {assignments} WHERE code = ?", [*values.values(), code])
        db.conn.execute(INSERT_EVENT, [code, day, new, response, referred_to, "cli"])
    return {"code": code, "old": old, "new": new, "date": day}


def list_consultations(db, *, village: str | None = None, month: str | None = None, township: str | None = None,
                       page: int | None = None):
    """Consultations (newest first) with their request counts; ``(columns, rows)``; ``page`` (a table's
    ``--limit``): only the first ``page`` rows and the count of all (a :class:`~village_gov.core.filters.Page`)."""
    f = (Filters().live("c.archived", False).add("c.village = ?", village).township("c.village", township)
         .add("substr(c.date, 1, 7) = ?", month))
    sql = f"""SELECT c.code, c.village, c.date, c.format, c.attendees, c.topics, c.host,
                     (SELECT count(*) FROM requests r WHERE r.consultation = c.code) AS requests
              FROM consultations c {f.where} ORDER BY c.date DESC, c.code"""
    if page:
        first = page_dicts(db, sql, f.params, f"SELECT count(*) FROM consultations c {f.where}", page)
        return CONSULTATION_COLUMNS, Page(({**row, "topics": json.loads(row["topics"] or "[]")} for row in first),
                                          first.total)
    rows = ({**row, "topics": json.loads(row["topics"] or "[]")} for row in stream_dicts(db, sql, f.params))
    return CONSULTATION_COLUMNS, rows


def show_consultation(db, code: str) -> dict:
    """One consultation with its requests."""
    record = _require(db, "consultations", code, "consultation")
    record["topics"] = json.loads(record["topics"] or "[]")
    if not record.get("archived"):
        record.pop("archived", None)
    record["requests"] = [dict(r) for r in db.query(
        "SELECT code, category, status, content FROM requests WHERE consultation = ? ORDER BY code", [code])]
    return record


def list_requests(db, *, village: str | None = None, status: str | None = None, overdue: bool = False,
                  overdue_days: int = 30, township: str | None = None, as_of: dt.date | None = None,
                  page: int | None = None):
    """Requests (oldest first) with days open; ``overdue``: still open after ``overdue_days``; ``page``
    (a table's ``--limit``): only the first ``page`` rows and the count of all."""
    as_of = as_of or clock.today()
    clauses, params = ["r.archived = 0"], [as_of.isoformat()]
    if village:
        clauses.append("r.village = ?")
        params.append(village)
    if township:
        clauses.append("r.village IN (SELECT code FROM villages WHERE township = ?)")
        params.append(township)
    if status:
        clauses.append("r.status = ?")
        params.append(canonical(Status, status, "--status", STATUSES))
    if overdue:
        clauses.append("r.status IN ('待办', '办理中') AND r.raised < date(?, ?)")
        params.extend([as_of.isoformat(), f"-{overdue_days} days"])
    sql = f"""SELECT r.code, r.village, r.raised, r.category, r.status, r.household,
                     CASE WHEN r.status IN ('待办', '办理中')
                          THEN CAST(julianday(?1) - julianday(r.raised) AS INTEGER) END AS days_open,
                     r.content
              FROM requests r WHERE {' AND '.join(clauses)} ORDER BY r.raised, r.code"""
    sql = sql.replace("?1", "?", 1)
    if page:
        # The count has no days open: the filters' parameters without the day it is counted from.
        count_sql = f"SELECT count(*) FROM requests r WHERE {' AND '.join(clauses)}"
        total = db.conn.execute(count_sql, params[1:]).fetchone()[0]
        return REQUEST_COLUMNS, Page(stream_dicts(db, f"{sql} LIMIT ?", [*params, page]), total)
    return REQUEST_COLUMNS, stream_dicts(db, sql, params)


def show_request(db, code: str) -> dict:
    """One request with its history (every change, oldest first)."""
    record = _require(db, "requests", code, "request")
    for key in ("imported", "archived"):
        record.pop(key, None)
    record["answered_on_spot"] = bool(record["answered_on_spot"])
    record["public"] = bool(record["public"])
    record["history"] = [dict(r) for r in db.query(
        "SELECT date, status, response, note, source FROM request_events WHERE request = ? ORDER BY date, id",
        [code])]
    return record
