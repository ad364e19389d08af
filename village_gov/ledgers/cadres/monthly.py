"""The cadre ledger's columns of ``report monthly``: link visits and mentor meetings in the month, and
the 整改 items overdue at the month's end (or on the day a running month is judged)."""

from __future__ import annotations

import json
from typing import Any

from village_gov.ledgers.cadres.queries import member_village
from village_gov.reports.registry import MonthlyFigures, Period

FIELDS = [("link_visits", "cadre.month_link_visits"), ("mentor_meetings", "cadre.month_mentor_meetings"),
          ("rectification_overdue", "cadre.month_rectification_overdue")]


def compute(db, period: Period, villages, options=None) -> dict[str, dict[str, Any]]:
    params = {"start": period.start.isoformat(), "end": period.end.isoformat(), "villages": json.dumps(villages)}
    figures: dict[str, dict[str, Any]] = {}
    queries = (
        ("link_visits", """
            SELECT o.village, count(*) FROM link_visits v JOIN cadre_links k ON k.code = v.link
            JOIN party_orgs o ON o.code = k.org
            WHERE v.archived = 0 AND k.archived = 0 AND v.date BETWEEN :start AND :end GROUP BY o.village"""),
        ("mentor_meetings", f"""
            SELECT {member_village('k.secretary')} AS village, count(*) FROM mentor_meetings m
            JOIN mentorships k ON k.code = m.mentorship
            WHERE m.archived = 0 AND k.archived = 0 AND m.date BETWEEN :start AND :end GROUP BY village"""),
        ("rectification_overdue", f"""
            SELECT {member_village('r.secretary')} AS village, count(*) FROM review_items i
            JOIN reviews r ON r.code = i.review
            WHERE r.archived = 0 AND r.date <= :end AND (i.done IS NULL OR i.done > :end) AND i.due < :end
            GROUP BY village"""),
    )
    wanted = set(villages)
    for key, sql in queries:
        for village, count in db.execute(sql, params):
            if village in wanted:
                figures.setdefault(village, {})[key] = count
    return {village: {key: figures.get(village, {}).get(key, 0) for key, _ in FIELDS} for village in villages}


PROVIDER = MonthlyFigures(name="cadre", fields=FIELDS, compute=compute, order=55)
