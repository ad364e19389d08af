"""Check rules of the four micros: "1+N" position coverage, unused positions, self-governance organizations.

Options (:class:`~village_gov.ledgers.micros.options.MicrosCheckOptions`): ``unused_days``
(position-unused window, default 90) and ``self_governance`` (the categories every village should have, default
村民议事会, 红白理事会, 道德评议会, 禁毒禁赌会).  ``CheckOptions.as_of`` (default
today) ends the position-unused window.
"""

from __future__ import annotations

import datetime as dt

from village_gov.core.checks import INFO, WARNING, rule, township_scope
from village_gov.ledgers.micros.categories import REQUIRED_SELF_GOVERNANCE
from village_gov.ledgers.micros.options import MicrosCheckOptions


def _options(options) -> MicrosCheckOptions:
    return options.for_ledger("micros", MicrosCheckOptions)


def kept_by_township(table: str, village_column: str) -> str:
    """An ``AND …`` clause keeping the villages of townships that keep ``table`` (any live record).

    Judged township by township, so a county database holding a township that keeps the ledger and
    one that does not gives each the findings its own file gives.
    """
    return (f" AND {village_column} IN (SELECT code FROM villages WHERE township IN ("
            f"SELECT DISTINCT kv.township FROM {table} kt JOIN villages kv ON kv.code = kt.village "
            f"WHERE kt.archived = 0))")


@rule("village-without-main-position", WARNING, label="micros.rule_name_village_without_main_position")
def village_without_main_position(db, options):
    """A village with no main position (主阵地, the village 党群服务中心): the "1" of "1+N"."""
    scope, params = township_scope(options, "v.code")
    scope += kept_by_township("positions", "v.code")
    for code, name in db.execute(f"""
            SELECT v.code, v.name FROM villages v WHERE v.archived = 0 {scope} AND NOT EXISTS (
                SELECT 1 FROM positions p WHERE p.village = v.code AND p.kind = '主阵地' AND p.archived = 0)
            ORDER BY v.code""", params):
        yield code, "micros.rule_village_without_main_position", {"name": name}


@rule("group-without-position", WARNING, label="micros.rule_name_group_without_position")
def group_without_position(db, options):
    """A villager group with no micro-position (微阵地): the "N" of "1+N"; the message gives the village's coverage."""
    scope, params = township_scope(options, "g.village")
    scope += kept_by_township("positions", "g.village")
    for code, name, village, covered, groups in db.execute(f"""
            WITH cover AS (
                SELECT g.code, g.name, g.village, EXISTS (
                    SELECT 1 FROM positions p WHERE p."group" = g.code AND p.kind = '微阵地' AND p.archived = 0
                ) AS has_position
                FROM groups g WHERE g.archived = 0 {scope}),
            -- each village's coverage counted once over its groups (a window), not again for each group
            counted AS (
                SELECT code, name, village, has_position, sum(has_position) OVER by_village AS covered,
                       count(*) OVER by_village AS groups
                FROM cover WINDOW by_village AS (PARTITION BY village))
            SELECT code, name, village, covered, groups FROM counted WHERE NOT has_position ORDER BY code""",
            params):
        yield code, "micros.rule_group_without_position", {"name": name, "village": village,
                                                        "covered": covered, "groups": groups}


def _as_of(options) -> dt.date:
    from village_gov.core.clock import today

    return dt.date.fromisoformat(options.as_of) if options.as_of else today()


# Everything that happens at a position: consultations, services and activities.
_EVENT_TABLES = ("consultations", "services", "activities")


def _last_event() -> str:
    """The date of the latest event at position ``p.code`` up to a day (one ``?`` per table): one
    ``max()`` per table, each read backwards from its (position, date) index until a live row."""
    latest = " UNION ALL ".join(
        f"SELECT (SELECT max(date) FROM {table} WHERE position = p.code AND date <= ? AND archived = 0) AS d"
        for table in _EVENT_TABLES)
    return f"(SELECT max(d) FROM ({latest}))"


def _no_event_between() -> str:
    """No event at position ``p.code`` from one day to another (two ``?`` per table)."""
    return " AND ".join(
        f"NOT EXISTS (SELECT 1 FROM {table} WHERE position = p.code AND date BETWEEN ? AND ? AND archived = 0)"
        for table in _EVENT_TABLES)


@rule("position-unused", INFO, label="micros.rule_name_position_unused")
def position_unused(db, options):
    """A position where no consultation, activity or service took place in the 90 days up to --as-of.

    Positions opened less than that many days before --as-of are not flagged yet.
    """
    days = int(_options(options).unused_days)
    as_of = _as_of(options)
    start = (as_of - dt.timedelta(days=days - 1)).isoformat()
    scope, params = township_scope(options, "p.village")
    for code, name, village, last in db.execute(f"""
            SELECT p.code, p.name, p.village, {_last_event()}
            FROM positions p WHERE p.archived = 0 {scope}
            AND (p.opened IS NULL OR p.opened <= ?)
            AND {_no_event_between()}
            ORDER BY p.code""",
            [*[as_of.isoformat()] * len(_EVENT_TABLES), *params, start,
             *[start, as_of.isoformat()] * len(_EVENT_TABLES)]):
        yield code, "micros.rule_position_unused", {"name": name, "village": village, "days": days,
                                                 "as_of": as_of.isoformat(), "last": last or "—"}


@rule("village-missing-self-governance-org", WARNING, label="micros.rule_name_village_missing_self_governance_org")
def village_missing_self_governance_org(db, options):
    """A village lacking any of the required self-governance organizations
    (村民议事会, 红白理事会, 道德评议会, 禁毒禁赌会)."""
    required = list(_options(options).self_governance or REQUIRED_SELF_GOVERNANCE)
    scope, params = township_scope(options, "v.code")
    scope += kept_by_township("organizations", "v.code")
    marks = ", ".join("(?)" for _ in required)
    rows = db.execute(f"""
            WITH required(category) AS (VALUES {marks})
            SELECT v.code, v.name, group_concat(r.category, '、')
            FROM villages v CROSS JOIN required r
            WHERE v.archived = 0 {scope} AND NOT EXISTS (
                SELECT 1 FROM organizations o WHERE o.village = v.code AND o.category = r.category
                AND o.archived = 0)
            GROUP BY v.code ORDER BY v.code""", [*required, *params])
    for code, name, missing in rows:
        # group_concat's order follows the VALUES list in practice; sort to be sure.
        ordered = sorted(missing.split("、"), key=required.index)
        yield code, "micros.rule_village_missing_self_governance_org", {"name": name, "missing": "、".join(ordered)}


@rule("organization-without-leader", WARNING, label="micros.rule_name_organization_without_leader")
def organization_without_leader(db, options):
    """A micro-organization that names no leader (neither a member code nor a name)."""
    scope, params = township_scope(options, "o.village")
    for code, name, village in db.execute(f"""
            SELECT o.code, o.name, o.village FROM organizations o
            WHERE o.archived = 0 AND o.leader_member IS NULL AND o.leader_name IS NULL {scope}
            ORDER BY o.code""", params):
        yield code, "micros.rule_organization_without_leader", {"name": name, "village": village}
