"""Writing procedure records from the command line, through the same validation as an import.

A command builds the record and writes it with :func:`village_gov.core.write.write_record`
(types, choices, codes it points at, step order: the import's checks), so the command
line and YAML refuse exactly the same things.  Nothing is written unless the record is valid.
"""

from __future__ import annotations

from village_gov.core.errors import InputError, Problem


def write_record(db, section: str, record: dict, recorder=None) -> None:
    """Validate one record of ``section`` and write it (added or changed); refused as ``proc_refused``.

    Called inside :func:`village_gov.trail.audit.recorded` by the commands: ``recorder`` tracks the record.
    """
    from village_gov.core import write

    write.write_record(db, section, record, recorder=recorder, refusal="procedures.refused",
                       refusal_params={"code": record.get("code")})


def refuse(key: str, code: str, **params) -> None:
    """Refuse a command about record ``code`` (exit 2, nothing written)."""
    from village_gov.core.i18n import t

    raise InputError("procedures.refused", problems=[Problem(t("procedures.command_line"), None, None, key,
                                                       dict(params, code=code), record=code)], code=code)


def exists(db, table: str, code: str) -> bool:
    return db.execute(f'SELECT 1 FROM "{table}" WHERE code = ?', [code]).fetchone() is not None


def add_disclosure(db, *, village: str, date: str, kind: str, items: str | None, channel: str | None,
                   code: str | None = None, command: str | None = None) -> str:
    """Record a 三公开 disclosure; return its code (generated as ``DS-<village>-<yyyymmdd>-N`` if not given)."""
    from village_gov.core.periods import parse_date
    from village_gov.core.write import next_code
    from village_gov.trail import audit

    with audit.recorded(db, command) as recorder:
        code = code or next_code(db, "disclosures", f"DS-{village}-{parse_date(date, '--date'):%Y%m%d}")
        if exists(db, "disclosures", code):
            refuse("procedures.exists", code, section="disclosures")
        write_record(db, "disclosures", {"code": code, "village": village, "date": date, "kind": kind,
                                         "items": items, "channel": channel}, recorder)
    return code


def log_party_meeting(db, *, org: str, date: str, kind: str, due: int, present: int, topic: str | None,
                      code: str | None = None, command: str | None = None) -> str:
    """Record a 三会一课 meeting; return its code (generated as ``PM-<org>-<yyyymmdd>-N`` if not given)."""
    from village_gov.core.periods import parse_date
    from village_gov.core.write import next_code
    from village_gov.trail import audit

    with audit.recorded(db, command) as recorder:
        code = code or next_code(db, "party_meetings", f"PM-{org}-{parse_date(date, '--date'):%Y%m%d}")
        if exists(db, "party_meetings", code):
            refuse("procedures.exists", code, section="party_meetings")
        write_record(db, "party_meetings", {"code": code, "org": org, "date": date, "kind": kind, "due": due,
                                            "present": present, "topic": topic}, recorder)
    return code


DISCLOSURE_COLUMNS = [("code", "label.code"), ("village", "label.village"), ("date", "label.date"), ("kind",
                                                                                                     "label.kind"),
                      ("channel", "procedures.col_channel"), ("items", "procedures.col_items")]
MEETING_COLUMNS = [
    ("code", "label.code"),
    ("org", "label.org"),
    ("date", "label.date"),
    ("kind", "label.kind"),
    ("due", "procedures.col_due"),
    ("present", "procedures.col_present"),
    ("topic", "procedures.col_topic"),
]


def _rows(db, sql: str, params: list) -> list[dict]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor]


def _paged(db, sql: str, params: list, count_sql: str, page: int | None) -> list[dict]:
    """Every row of ``sql``; with ``page`` (a table's ``--limit``) only the first ``page`` and the count
    of all by ``count_sql`` (a :class:`~village_gov.core.filters.Page`)."""
    if not page:
        return _rows(db, sql, params)
    from village_gov.core.filters import Page

    return Page(_rows(db, f"{sql} LIMIT ?", [*params, page]), db.execute(count_sql, params).fetchone()[0])


# A merged county database holds several townships; their villages are told apart by township.
_IN_TOWNSHIP = "{} IN (SELECT code FROM villages WHERE township = ?)"


def _filters(pairs: list[tuple[str, object]]) -> tuple[str, list]:
    clauses = [(sql, value) for sql, value in pairs if value is not None]
    return "".join(f" AND {sql}" for sql, _ in clauses), [v for _, v in clauses]


def list_disclosures(db, *, village=None, kind=None, period=None, township=None, page=None) -> list[dict]:
    """Disclosures, filtered by village, township, kind and period, in date order (``page``: see :func:`_paged`)."""
    where, params = _filters([("village = ?", village), (_IN_TOWNSHIP.format("village"), township), ("kind = ?", kind),
                              ("date >= ?", period.start.isoformat() if period else None),
                              ("date <= ?", period.end.isoformat() if period else None)])
    return _paged(db, f"SELECT code, village, date, kind, channel, items FROM disclosures WHERE archived = 0{where} "
                      "ORDER BY date, code", params,
                  f"SELECT count(*) FROM disclosures WHERE archived = 0{where}", page)


def list_party_meetings(db, *, org=None, village=None, period=None, township=None, page=None) -> list[dict]:
    """Party meetings, filtered by organization, village, township and period, in date order (``page``: see
    :func:`_paged`)."""
    where, params = _filters([("m.org = ?", org), ("o.village = ?", village),
                              (_IN_TOWNSHIP.format("o.village"), township),
                              ("m.date >= ?", period.start.isoformat() if period else None),
                              ("m.date <= ?", period.end.isoformat() if period else None)])
    tables = "party_meetings m JOIN party_orgs o ON o.code = m.org"
    return _paged(db, f"""SELECT m.code, m.org, m.date, m.kind, m.due, m.present, m.topic
                          FROM {tables} WHERE m.archived = 0{where} ORDER BY m.date, m.code""", params,
                  f"SELECT count(*) FROM {tables} WHERE m.archived = 0{where}", page)
