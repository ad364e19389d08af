"""``report cadres``: per village and for the township, the state of the cadre ledger on a day.

Per village: its link leaders (挂联) and their visits in the last 90 days, the current secretary's
mentor and their meetings in the last 90 days, the current reserves (how many, under 35, women), the
secretary's last rating, the 整改 items of the village's secretaries' reviews (total, done, open,
overdue), whether the village is under supervision (提级监督) and the work reports heard in the year.
The total counts villages for the names (``link_leader``, ``mentor``, ``under_supervision``), counts
ratings by rating, and sums the numbers.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from village_gov.ledgers.cadres.options import YOUNG_AGE
from village_gov.ledgers.cadres.queries import SECRETARIES, current, member_village
from village_gov.ledgers.cadres.terms import RATINGS
from village_gov.reports.registry import ExportMonth, ExportPart

RECENT_DAYS = 90
COUNTS = ("link_visits_90d", "mentor_meetings_90d", "reserves", "reserves_under_35", "reserves_women",
          "rectification_total", "rectification_done", "rectification_open", "rectification_overdue",
          "work_reports")
NAMED = ("link_leader", "mentor", "under_supervision")


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _grouped(db, sql: str, params: dict) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in db.execute(sql, params)}


def _links(db, params: dict) -> tuple[dict, dict]:
    leaders: dict[str, list[str]] = {}
    for village, leader in db.execute(f"""
            SELECT o.village, k.leader FROM cadre_links k JOIN party_orgs o ON o.code = k.org
            WHERE k.archived = 0 AND {current('k')} AND o.village IN (SELECT value FROM json_each(:villages))
            ORDER BY o.village, k.date_from, k.code""", params):
        leaders.setdefault(village, []).append(leader)
    visits = _grouped(db, """
            SELECT o.village, count(*) FROM link_visits v JOIN cadre_links k ON k.code = v.link AND k.archived = 0
            JOIN party_orgs o ON o.code = k.org
            WHERE v.archived = 0 AND v.date > :recent AND v.date <= :day
            AND o.village IN (SELECT value FROM json_each(:villages)) GROUP BY o.village""", params)
    return leaders, visits


def _secretaries(db, params: dict) -> dict[str, dict[str, Any]]:
    """Per village: the current secretary's mentor(s), their recent meetings and the last rating."""
    found: dict[str, dict[str, Any]] = {}
    for village, mentor, meetings, rating in db.execute(f"""
            SELECT s.village,
                   (SELECT group_concat(k.mentor, '、') FROM mentorships k WHERE k.secretary = s.member
                    AND k.archived = 0 AND {current('k')}),
                   (SELECT count(*) FROM mentor_meetings m JOIN mentorships k ON k.code = m.mentorship
                    WHERE k.secretary = s.member AND k.archived = 0 AND m.archived = 0
                    AND m.date > :recent AND m.date <= :day),
                   (SELECT r.rating FROM reviews r WHERE r.secretary = s.member AND r.archived = 0
                    AND r.date <= :day ORDER BY r.year DESC, r.date DESC LIMIT 1)
            FROM ({SECRETARIES}) s WHERE s.village IN (SELECT value FROM json_each(:villages))
            ORDER BY s.village, s.org""", params):
        found.setdefault(village, {"mentor": mentor, "mentor_meetings_90d": meetings, "rating": rating})
    return found


def _counts(db, params: dict) -> tuple[dict, dict, dict, dict]:
    reserves = _grouped(db, f"""
            SELECT r.village, count(*), count(*) FILTER (WHERE r.born > :young), count(*) FILTER (WHERE r.gender = '女')
            FROM reserves r WHERE r.archived = 0 AND {current('r', 'since', 'until')}
            AND r.village IN (SELECT value FROM json_each(:villages)) GROUP BY r.village""", params)
    items = _grouped(db, f"""
            SELECT {member_village('r.secretary')} AS village, count(*),
                   count(*) FILTER (WHERE i.done <= :day),
                   count(*) FILTER (WHERE (i.done IS NULL OR i.done > :day) AND i.due < :day)
            FROM review_items i JOIN reviews r ON r.code = i.review
            WHERE r.archived = 0 AND r.date <= :day GROUP BY village""", params)
    supervised = _grouped(db, f"""
            SELECT s.village, 1 FROM supervision s WHERE s.archived = 0 AND {current('s')}
            AND (s.closed IS NULL OR s.closed > :day) GROUP BY s.village""", params)
    reports = _grouped(db, """
            SELECT o.village, count(*) FROM work_reports w JOIN party_orgs o ON o.code = w.org
            WHERE w.archived = 0 AND w.date BETWEEN :year_start AND :day GROUP BY o.village""", params)
    return reserves, items, supervised, reports


def _row(code: str, name: str, parts: tuple) -> dict:
    (leaders, visits), secretaries, (reserves, items, supervised, reports) = parts
    secretary = secretaries.get(code, {})
    held, under_35, women = reserves.get(code, (0, 0, 0))
    total, done, overdue = items.get(code, (0, 0, 0))
    return {"code": code, "name": name,
            "link_leader": "、".join(leaders[code]) if code in leaders else None,
            "link_visits_90d": visits.get(code, (0,))[0],
            "mentor": secretary.get("mentor"), "mentor_meetings_90d": secretary.get("mentor_meetings_90d", 0),
            "reserves": held, "reserves_under_35": under_35, "reserves_women": women,
            "rating": secretary.get("rating"),
            "rectification_total": total, "rectification_done": done, "rectification_open": total - done,
            "rectification_overdue": overdue, "under_supervision": code in supervised,
            "work_reports": reports.get(code, (0,))[0]}


def total_row(rows: list[dict]) -> dict:
    """Villages with a link leader, a mentor, under supervision; ratings counted; the numbers summed."""
    total: dict[str, Any] = {"villages": len(rows)}
    for key in NAMED:
        total[key] = sum(1 for row in rows if row[key])
    total["rating"] = {rating: sum(1 for row in rows if row["rating"] == rating) for rating in RATINGS}
    for key in COUNTS:
        total[key] = sum(row[key] for row in rows)
    return total


def cadres_report(db, as_of: dt.date, township: str | None = None) -> dict:
    """The cadre ledger on ``as_of``, per village (in code order) and in total."""
    scope, scope_params = ("AND v.township = :township", {"township": township}) if township else ("", {})
    villages = db.execute(f"SELECT v.code, v.name FROM villages v WHERE v.archived = 0 {scope} ORDER BY v.code",
                          scope_params).fetchall()
    params = {"day": as_of.isoformat(), "recent": (as_of - dt.timedelta(days=RECENT_DAYS)).isoformat(),
              "young": years_before(as_of, YOUNG_AGE).isoformat(), "year_start": f"{as_of.year:04d}-01-01",
              "villages": json.dumps([code for code, _ in villages])}
    parts = (_links(db, params), _secretaries(db, params), _counts(db, params))
    rows = [_row(code, name, parts) for code, name in villages]
    return {"as_of": as_of.isoformat(), "township": township, "villages": rows, "total": total_row(rows)}


def export_part(db, month: ExportMonth) -> ExportPart | None:
    """The cadre sheet of the month's export, as of the day the month is judged at (no sheet when the
    database keeps no cadre ledger)."""
    if not any(db.execute(f"SELECT 1 FROM {table} WHERE archived = 0 LIMIT 1").fetchone()
               for table in ("cadre_links", "mentorships", "reserves", "reviews", "supervision")):
        return None
    return ExportPart(cadres_report(db, month.day, month.township))
