"""The trend: the key consultation and request figures month by month, for a township or a village.

One set of GROUP BY queries over the whole range (grouped by month), not one
report per month.  Figures are defined as in the monthly report; over several
villages ``secretary_meeting_held`` counts the villages that held one.
"""

from __future__ import annotations

from village_gov.core.errors import InputError
from village_gov.reports.consultations import CONSULTATION_FIELDS, REQUEST_FIELDS, figures, finish, months_between
from village_gov.reports.monthly import parse_month, scope
from village_gov.reports.status import period_status

TREND_FIELDS = CONSULTATION_FIELDS + REQUEST_FIELDS
MAX_MONTHS = 240


def build_trend(db, start: str, end: str, *, township: str | None = None, village: str | None = None,
                overdue_days: int = 30) -> dict:
    """``{"from", "to", "period_complete", "scope": {kind, code, name}, "months": [{"month", …figures}]}``
    (``period_started`` and ``as_of`` too when the last month is not over)."""
    first, last = parse_month(start, "--from"), parse_month(end, "--to")
    if first.start > last.start:
        raise InputError("cmd.month_order", start=first.label, end=last.label)
    months = months_between(first, last)
    if len(months) > MAX_MONTHS:
        raise InputError("cmd.trend_too_long", max=MAX_MONTHS)
    townships = scope(db, township=township, village=village)
    villages = [v for t in townships for v in t["villages"]]
    if village:
        where = {"kind": "village", "code": village, "name": villages[0]["name"] if villages else village}
    elif len(townships) == 1:
        where = {"kind": "township", "code": townships[0]["code"], "name": townships[0]["name"]}
    else:
        where = {"kind": "all", "code": None, "name": "、".join(t["name"] for t in townships)}
    by = "month"
    rows = figures(db, [v["code"] for v in villages], months, by, overdue_days)
    result = []
    for m in months:
        row = rows.get(m.label) or finish({}, by)
        if village:
            row["secretary_meeting_held"] = bool(row["secretary_meeting_held"])
        result.append({"month": m.label, **{k: row[k] for k, _ in TREND_FIELDS}})
    return {"from": first.label, "to": last.label, **period_status(last.start, last.end), "scope": where,
            "months": result}
