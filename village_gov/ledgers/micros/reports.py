"""The micros' report figures: the monthly provider and the ``report micros`` stock-taking.

Monthly (named by the ledger's ``monthly``, order 40), per village, for
services and activities dated within the period (first to last day inclusive):

- ``services``: services logged; ``service_hours``: their hours summed (a
  service without hours counts 0); ``households_served``: distinct households
  named by those services (services to no particular household count none);
- ``activities``: activities held; ``activity_participants``: their
  participants summed.

Township totals are the sums, except ``households_served``, which is counted
distinct over the township (a household served in two villages counts once).

``report micros`` (see :func:`micros_report`) gives, as of a date, the
positions, the "1+N" coverage, the organizations by type, the required
self-governance organizations present and missing, and the monthly figures over
the twelve months ending on that date.  On a database holding several townships (a county
file) it also gives ``townships``: each township's code, name and subtotal (``total`` as that
township's own report would give it).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from village_gov.ledgers.micros.categories import REQUIRED_SELF_GOVERNANCE
from village_gov.reports.registry import ExportMonth, ExportPart, MonthlyFigures, Period

MONTHLY_FIELDS = [("services", "label.services"), ("service_hours", "label.service_hours"),
                  ("households_served", "label.households_served"), ("activities", "label.activities"),
                  ("activity_participants", "label.activity_participants")]
_ZERO = {key: 0 for key, _ in MONTHLY_FIELDS}


def _codes(villages: Iterable | None) -> list[str] | None:
    if villages is None:
        return None
    return [v if isinstance(v, str) else v["code"] for v in villages]


def _in_villages(column: str, codes: list[str] | None) -> tuple[str, list]:
    if codes is None:
        return "", []
    return f" AND {column} IN ({', '.join('?' for _ in codes)})", list(codes)


def households_served(db, start: dt.date, end: dt.date, villages: Iterable | None = None) -> dict[str, set]:
    """``{village: the households its services over start…end named}``: one pass over the period's services,
    from which every count of distinct households (per village, per township, in total) is a set's size
    (``count(DISTINCT household)`` sorts every row again for each count).  Each village's households come
    as one JSON array (one row per village, not one per service)."""
    scope, scope_params = _in_villages("village", _codes(villages))
    return {village: set(json.loads(households)) for village, households in db.execute(f"""
            SELECT village, json_group_array(household) FROM services
            WHERE date BETWEEN ? AND ? AND archived = 0 AND household IS NOT NULL {scope} GROUP BY village""",
            [start.isoformat(), end.isoformat(), *scope_params])}


def _distinct(served: dict[str, set], villages: Iterable[str]) -> int:
    return len(set().union(*(served.get(v, ()) for v in villages)))


def event_figures(db, start: dt.date, end: dt.date, villages: Iterable | None = None,
                  served: dict[str, set] | None = None) -> dict[str, dict]:
    """``{village: {services, service_hours, households_served, activities, activity_participants}}``
    over ``start``…``end`` inclusive (every given village present, zeros where nothing happened);
    ``served``: :func:`households_served` of the same period and villages, when already read."""
    codes = _codes(villages)
    scope, scope_params = _in_villages("village", codes)
    period = [start.isoformat(), end.isoformat()]
    if served is None:
        served = households_served(db, start, end, codes)
    figures: dict[str, dict] = {c: dict(_ZERO) for c in codes} if codes is not None else {}
    for village, services, hours in db.execute(f"""
            SELECT village, count(*), coalesce(sum(hours), 0) FROM services
            WHERE date BETWEEN ? AND ? AND archived = 0 {scope} GROUP BY village""", period + scope_params):
        figures.setdefault(village, dict(_ZERO)).update(
            services=services, service_hours=round(hours, 2), households_served=len(served.get(village, ())))
    for village, activities, participants in db.execute(f"""
            SELECT village, count(*), coalesce(sum(participants), 0) FROM activities
            WHERE date BETWEEN ? AND ? AND archived = 0 {scope} GROUP BY village""", period + scope_params):
        figures.setdefault(village, dict(_ZERO)).update(activities=activities, activity_participants=participants)
    return figures


def event_totals(db, start: dt.date, end: dt.date, villages: Iterable | None = None,
                 served: dict[str, set] | None = None) -> dict:
    """The township's figures: sums, with households served counted distinct across villages."""
    codes = _codes(villages)
    scope, scope_params = _in_villages("village", codes)
    period = [start.isoformat(), end.isoformat()]
    if served is None:
        served = households_served(db, start, end, codes)
    services, hours = db.execute(f"""
        SELECT count(*), coalesce(sum(hours), 0) FROM services
        WHERE date BETWEEN ? AND ? AND archived = 0 {scope}""", period + scope_params).fetchone()
    activities, participants = db.execute(f"""
        SELECT count(*), coalesce(sum(participants), 0) FROM activities
        WHERE date BETWEEN ? AND ? AND archived = 0 {scope}""", period + scope_params).fetchone()
    households = _distinct(served, served if codes is None else codes)
    return _totals(services, hours, households, activities, participants)


def _totals(services: int, hours: float, households: int, activities: int, participants: int) -> dict:
    return {"services": services, "service_hours": round(hours, 2), "households_served": households,
            "activities": activities, "activity_participants": participants}


def event_totals_by_township(db, start: dt.date, end: dt.date, codes: list[str],
                             served: dict[str, set] | None = None) -> dict[str, dict]:
    """:func:`event_totals` of each township of the villages ``codes``, by one grouped query per table
    (not one query per township, each reading the whole period)."""
    scope, scope_params = _in_villages("e.village", codes)
    params = [start.isoformat(), end.isoformat(), *scope_params]
    if served is None:
        served = households_served(db, start, end, codes)
    services = {town: row for town, *row in db.execute(f"""
        SELECT v.township, count(*), coalesce(sum(e.hours), 0)
        FROM services e JOIN villages v ON v.code = e.village
        WHERE e.date BETWEEN ? AND ? AND e.archived = 0 {scope} GROUP BY v.township""", params)}
    activities = {town: row for town, *row in db.execute(f"""
        SELECT v.township, count(*), coalesce(sum(e.participants), 0)
        FROM activities e JOIN villages v ON v.code = e.village
        WHERE e.date BETWEEN ? AND ? AND e.archived = 0 {scope} GROUP BY v.township""", params)}
    of_town: dict[str, list[str]] = {}
    for village, town in db.execute(
            "SELECT code, township FROM villages WHERE code IN (SELECT value FROM json_each(?))", [json.dumps(codes)]):
        of_town.setdefault(town, []).append(village)
    totals = {}
    for town in services.keys() | activities.keys():
        (count, hours), (held, participants) = services.get(town, (0, 0)), activities.get(town, (0, 0))
        totals[town] = _totals(count, hours, _distinct(served, of_town.get(town, ())), held, participants)
    return totals


def _monthly_served(db, period: Period, villages, options) -> tuple[dict[str, set], dict[str, dict]]:
    """The households served and the figures of every village of the report (``options["all_villages"]``),
    read once and sliced for each township: a county report reads the month's services once, not once
    per township."""
    cache = options.setdefault("_micros_cache", {})
    universe = tuple(options.get("all_villages") or villages)
    if not set(villages) <= set(universe):
        universe = tuple(villages)
    key = (period.label, universe)
    if key not in cache:
        served = households_served(db, period.start, period.end, universe)
        cache[key] = served, event_figures(db, period.start, period.end, universe, served)
    return cache[key]


def _monthly_compute(db, period: Period, villages, options=None) -> dict[str, dict[str, Any]]:
    figures = _monthly_served(db, period, villages, options if options is not None else {})[1]
    return {v: figures[v] for v in villages}


def _monthly_total(db, period: Period, villages, per_village=None, options=None) -> dict[str, Any]:
    served = _monthly_served(db, period, villages, options if options is not None else {})[0]
    return event_totals(db, period.start, period.end, villages, served)


MONTHLY_PROVIDER = MonthlyFigures(
    name="micros", fields=MONTHLY_FIELDS, compute=_monthly_compute, total=_monthly_total, order=40)


# --- report micros ------------------------------------------------------------------------------

def twelve_months(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The twelve months ending on ``as_of``: from the day after the same date a year earlier."""
    try:
        year_before = as_of.replace(year=as_of.year - 1)
    except ValueError:  # 29 February
        year_before = as_of.replace(year=as_of.year - 1, day=28)
    return year_before + dt.timedelta(days=1), as_of


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def export_part(db, month: ExportMonth) -> ExportPart:
    """The micros sheet of the month's export: as of the day the month is judged at."""
    return ExportPart(micros_report(db, month.day, township=month.township))


def micros_report(db, as_of: dt.date, *, township: str | None = None,
                  required: tuple[str, ...] = REQUIRED_SELF_GOVERNANCE) -> dict:
    """Positions, coverage, organizations and 12-month services/activities per village and in total."""
    day = as_of.isoformat()
    params: list = []
    where = "WHERE v.archived = 0"
    if township:
        where += " AND v.township = ?"
        params.append(township)
    villages = db.execute(f"SELECT v.code, v.name, v.township FROM villages v {where} ORDER BY v.code",
                          params).fetchall()
    codes = [v[0] for v in villages]
    standing = _standing_figures(db, day, codes)
    start, end = twelve_months(as_of)
    served = households_served(db, start, end, codes)
    events = event_figures(db, start, end, codes, served)
    rows = [{**_village_row(code, name, standing, required), **events[code]} for code, name, _ in villages]
    total = _report_total(rows, db, start, end, codes, served=served)
    towns = sorted({v[2] for v in villages})
    names = dict(db.execute("SELECT code, name FROM townships WHERE code IN (SELECT value FROM json_each(?))",
                            [json.dumps(towns)]))
    town = {"code": towns[0], "name": names[towns[0]]} if len(towns) == 1 else None
    report = {"as_of": day, "from": start.isoformat(), "to": end.isoformat(), "township": town,
              "required_self_governance": list(required), "villages": rows, "total": total}
    if len(towns) > 1:
        # A county database: each township's subtotal, computed as a township's own report computes it.
        of_town = {v[0]: v[2] for v in villages}
        events = event_totals_by_township(db, start, end, codes, served)
        report["townships"] = [
            {"code": code, "name": names[code],
             "total": _report_total([r for r in rows if of_town[r["code"]] == code], db, start, end,
                                    [c for c in codes if of_town[c] == code],
                                    events.get(code) or _totals(0, 0, 0, 0, 0))}
            for code in towns]
    return report


def _standing_figures(db, day: str, codes: list[str]) -> tuple[dict, dict, dict, dict[str, set]]:
    """Per village on ``day``: positions (main, micro), group coverage (groups, covered), organizations
    (all, self-governance, mass, social) and the set of organization categories present."""
    scope, scope_params = _in_villages("village", codes)
    positions = {r[0]: r[1:] for r in db.execute(f"""
        SELECT village, sum(kind = '主阵地'), sum(kind = '微阵地') FROM positions
        WHERE archived = 0 AND (opened IS NULL OR opened <= ?) {scope} GROUP BY village""", [day, *scope_params])}
    coverage = {r[0]: r[1:] for r in db.execute(f"""
        SELECT g.village, count(*), sum(EXISTS (
            SELECT 1 FROM positions p WHERE p."group" = g.code AND p.kind = '微阵地' AND p.archived = 0
            AND (p.opened IS NULL OR p.opened <= ?)))
        FROM groups g WHERE g.archived = 0 {_in_villages('g.village', codes)[0]} GROUP BY g.village""",
        [day, *scope_params])}
    orgs = {r[0]: r[1:] for r in db.execute(f"""
        SELECT village, count(*), sum(type = '自治组织'), sum(type = '群众组织'), sum(type = '社会组织')
        FROM organizations WHERE archived = 0 AND (founded IS NULL OR founded <= ?) {scope}
        GROUP BY village""", [day, *scope_params])}
    present: dict[str, set] = {}
    for village, category in db.execute(f"""
            SELECT DISTINCT village, category FROM organizations
            WHERE archived = 0 AND (founded IS NULL OR founded <= ?) {scope}""", [day, *scope_params]):
        present.setdefault(village, set()).add(category)
    return positions, coverage, orgs, present


def _village_row(code: str, name: str, standing: tuple[dict, dict, dict, dict[str, set]],
                 required: tuple[str, ...]) -> dict:
    """One village's row of standing figures (its 12-month event figures are added by the caller)."""
    positions, coverage, orgs, present = standing
    main, micro = positions.get(code, (0, 0))
    groups, covered = coverage.get(code, (0, 0))
    total_orgs, self_gov, mass, social = orgs.get(code, (0, 0, 0, 0))
    have = present.get(code, set())
    return {
        "code": code, "name": name, "main_positions": main, "micro_positions": micro,
        "groups": groups, "groups_covered": covered or 0, "group_coverage_pct": _pct(covered or 0, groups),
        "organizations": total_orgs, "orgs_self_governance": self_gov, "orgs_mass": mass, "orgs_social": social,
        "self_governance_present": [c for c in required if c in have],
        "self_governance_missing": [c for c in required if c not in have],
    }


_SUMMED = ("main_positions", "micro_positions", "groups", "groups_covered", "organizations",
           "orgs_self_governance", "orgs_mass", "orgs_social")


def _report_total(rows: list[dict], db, start, end, codes, events: dict | None = None,
                  served: dict[str, set] | None = None) -> dict:
    total = {key: sum(r[key] for r in rows) for key in _SUMMED}
    total["group_coverage_pct"] = _pct(total["groups_covered"], total["groups"])
    total["villages"] = len(rows)
    total["villages_self_governance_complete"] = sum(1 for r in rows if not r["self_governance_missing"])
    total.update(events if events is not None else event_totals(db, start, end, codes, served))
    return total
