"""Read-only queries of the four micros: the lists behind ``position|organization|service|activity list``.

Each returns ``(columns, rows)``; rows stream from one SQL query.
"""

from __future__ import annotations

import json
from typing import Iterator

POSITION_COLUMNS = [("code", "l.code"), ("name", "l.name"), ("village", "l.village"), ("group", "l.group"),
                    ("kind", "l.kind"), ("source", "l.source"), ("functions", "l.functions"), ("opened", "l.opened")]
ORGANIZATION_COLUMNS = [("code", "l.code"), ("name", "l.name"), ("village", "l.village"), ("type", "l.org_type"),
                        ("category", "l.category"), ("leader", "l.leader"), ("head_count", "l.head_count"),
                        ("founded", "l.founded"), ("charter", "l.charter")]
SERVICE_COLUMNS = [("code", "l.code"), ("date", "l.date"), ("village", "l.village"), ("kind", "l.kind"),
                   ("provider", "l.provider"), ("household", "l.household"), ("hours", "l.hours"),
                   ("position", "l.position"), ("content", "l.content")]
ACTIVITY_COLUMNS = [("code", "l.code"), ("date", "l.date"), ("village", "l.village"), ("kind", "l.kind"),
                    ("title", "l.title"), ("organizer", "l.organizer"), ("position", "l.position"),
                    ("participants", "l.participants")]


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


def _filters(alias: str, village: str | None, archived: bool, since: str | None = None,
             until: str | None = None, township: str | None = None) -> tuple[str, list]:
    from village_gov.core.filters import Filters

    filters = (Filters().live(f"{alias}.archived", archived).add(f"{alias}.village = ?", village)
               .township(f"{alias}.village", township)
               .add(f"{alias}.date >= ?", since).add(f"{alias}.date <= ?", until))
    return filters.where, filters.params


def list_positions(db, *, village: str | None = None, township: str | None = None, archived: bool = False):
    where, params = _filters("p", village, archived, township=township)
    sql = f"""SELECT p.code, p.name, p.village, p."group", p.kind, p.source, p.functions, p.opened
              FROM positions p {where} ORDER BY p.village, p.kind, p.code"""
    return POSITION_COLUMNS, _stream(db, sql, params, lists=("functions",))


def list_organizations(db, *, village: str | None = None, township: str | None = None, archived: bool = False):
    where, params = _filters("o", village, archived, township=township)
    sql = f"""SELECT o.code, o.name, o.village, o.type, o.category,
                     coalesce(o.leader_member, o.leader_name) AS leader, o.head_count, o.founded, o.charter
              FROM organizations o {where} ORDER BY o.village, o.code"""
    return ORGANIZATION_COLUMNS, _stream(db, sql, params, bools=("charter",))


def list_services(db, *, village: str | None = None, township: str | None = None, since: str | None = None,
                  until: str | None = None, archived: bool = False):
    where, params = _filters("s", village, archived, since, until, township)
    sql = f"""SELECT s.code, s.date, s.village, s.kind, coalesce(s.provider_member, s.provider_org) AS provider,
                     s.household, s.hours, s.position, s.content
              FROM services s {where} ORDER BY s.date, s.code"""
    return SERVICE_COLUMNS, _stream(db, sql, params)


def list_activities(db, *, village: str | None = None, township: str | None = None, since: str | None = None,
                    until: str | None = None, archived: bool = False):
    where, params = _filters("a", village, archived, since, until, township)
    sql = f"""SELECT a.code, a.date, a.village, a.kind, a.title,
                     coalesce(a.organizer_member, a.organizer_org) AS organizer, a.position, a.participants
              FROM activities a {where} ORDER BY a.date, a.code"""
    return ACTIVITY_COLUMNS, _stream(db, sql, params)
