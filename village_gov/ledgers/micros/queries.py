"""Read-only queries of the four micros: the lists behind ``position|organization|service|activity list``.

Each returns ``(columns, rows)``; rows stream from one SQL query.  With ``page`` (a table's
``--limit``) only the first ``page`` rows are fetched, with the count of all in ``rows.total``
(a :class:`~village_gov.core.filters.Page`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

POSITION_COLUMNS = [
    ("code", "label.code"),
    ("name", "label.name"),
    ("village", "label.village"),
    ("group", "label.group"),
    ("kind", "label.kind"),
    ("source", "label.source"),
    ("functions", "label.functions"),
    ("opened", "label.opened"),
]
ORGANIZATION_COLUMNS = [("code", "label.code"), ("name", "label.name"), ("village", "label.village"), ("type",
                                                                                                       "label.org_type"),
                        ("category", "label.category"), ("leader", "label.leader"), ("head_count", "label.head_count"),
                        ("founded", "label.founded"), ("charter", "label.charter")]
SERVICE_COLUMNS = [("code", "label.code"), ("date", "label.date"), ("village", "label.village"), ("kind", "label.kind"),
                   ("provider", "label.provider"), ("household", "label.household"), ("hours", "label.hours"),
                   ("position", "label.position"), ("content", "label.content")]
ACTIVITY_COLUMNS = [
    ("code", "label.code"),
    ("date", "label.date"),
    ("village", "label.village"),
    ("kind", "label.kind"),
    ("title", "label.title"),
    ("organizer", "label.organizer"),
    ("position", "label.position"),
    ("participants", "label.participants"),
]


def _stream(db, sql: str, params: list, lists: tuple[str, ...] = (), bools: tuple[str, ...] = ()) -> Iterator[dict]:
    cursor = db.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    for values in cursor:
        row = dict(zip(names, values))
        for key in lists:
            row[key] = json.loads(row[key]) if row[key] else []
        for key in bools:
            row[key] = bool(row[key])
        yield row


def _listed(db, sql: str, table: str, where: str, params: list, page: int | None, lists: tuple[str, ...] = (),
            bools: tuple[str, ...] = ()):
    """The rows of ``sql`` (over ``table`` with ``where``): all as a stream, or a page and the count."""
    if not page:
        return _stream(db, sql, params, lists, bools)
    from village_gov.core.filters import Page

    total = db.conn.execute(f"SELECT count(*) FROM {table} {where}", params).fetchone()[0]
    return Page(_stream(db, f"{sql} LIMIT ?", [*params, page], lists, bools), total)


def _filters(alias: str, village: str | None, archived: bool, since: str | None = None,
             until: str | None = None, township: str | None = None) -> tuple[str, list]:
    from village_gov.core.filters import Filters

    filters = (Filters().live(f"{alias}.archived", archived).add(f"{alias}.village = ?", village)
               .township(f"{alias}.village", township)
               .add(f"{alias}.date >= ?", since).add(f"{alias}.date <= ?", until))
    return filters.where, filters.params


def list_positions(db, *, village: str | None = None, township: str | None = None, archived: bool = False,
                   page: int | None = None):
    where, params = _filters("p", village, archived, township=township)
    sql = f"""SELECT p.code, p.name, p.village, p."group", p.kind, p.source, p.functions, p.opened
              FROM positions p {where} ORDER BY p.village, p.kind, p.code"""
    return POSITION_COLUMNS, _listed(db, sql, "positions p", where, params, page, lists=("functions",))


def list_organizations(db, *, village: str | None = None, township: str | None = None, archived: bool = False,
                       page: int | None = None):
    where, params = _filters("o", village, archived, township=township)
    sql = f"""SELECT o.code, o.name, o.village, o.type, o.category,
                     coalesce(o.leader_member, o.leader_name) AS leader, o.head_count, o.founded, o.charter
              FROM organizations o {where} ORDER BY o.village, o.code"""
    return ORGANIZATION_COLUMNS, _listed(db, sql, "organizations o", where, params, page, bools=("charter",))


def list_services(db, *, village: str | None = None, township: str | None = None, since: str | None = None,
                  until: str | None = None, archived: bool = False, page: int | None = None):
    where, params = _filters("s", village, archived, since, until, township)
    sql = f"""SELECT s.code, s.date, s.village, s.kind, coalesce(s.provider_member, s.provider_org) AS provider,
                     s.household, s.hours, s.position, s.content
              FROM services s {where} ORDER BY s.date, s.code"""
    return SERVICE_COLUMNS, _listed(db, sql, "services s", where, params, page)


def list_activities(db, *, village: str | None = None, township: str | None = None, since: str | None = None,
                    until: str | None = None, archived: bool = False, page: int | None = None):
    where, params = _filters("a", village, archived, since, until, township)
    sql = f"""SELECT a.code, a.date, a.village, a.kind, a.title,
                     coalesce(a.organizer_member, a.organizer_org) AS organizer, a.position, a.participants
              FROM activities a {where} ORDER BY a.date, a.code"""
    return ACTIVITY_COLUMNS, _listed(db, sql, "activities a", where, params, page)
