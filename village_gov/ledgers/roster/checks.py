"""The roster's check rules (organization sizes, coverage, secretaries, liaisons)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from village_gov.core.checks import ERROR, WARNING, rule, township_scope


@dataclass
class RosterCheckOptions:
    """The roster's thresholds: ``check --min-branch-members``, ``--max-branch-members``, ``--max-households``,
    ``--name-distance`` (duplicate-person: most edits between two names of one person, 0 = equal or
    homophone names only) and ``--unmask`` (ID numbers in findings shown in full)."""

    min_branch_members: int = 3
    max_branch_members: int = 50
    max_households: int = 10
    name_distance: int = 1
    unmask: bool = False
    shared: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    """Not an option: what one pass read for several rules of a check run, by name, each with the
    database it was read from and the number of changes made through its connection then."""


def _options(options) -> RosterCheckOptions:
    return options.for_ledger("roster", RosterCheckOptions)


def shared_pass(db, options, name: str, read: Callable[[], Any]) -> Any:
    """``read()``, once per check run for the rules that need it (``name``: what it reads, with the
    township judged): the first rule asking reads it, the others take it from the run's roster options."""
    shared = _options(options).shared
    changes = db.conn.total_changes
    key = (name, options.township)
    found = shared.get(key)
    if found is None or found[0] is not db or found[1] != changes:
        found = shared[key] = (db, changes, read())
    return found[2]

# Members of a branch: its own members plus those of the party groups (党小组) directly under it.
# Two joins by index (members.org, party_orgs.parent) put together with UNION ALL: a member has one
# org, so no pair comes from both halves.  (One join with "m.org = o.code OR m.org IN (…)" scanned
# every member for every branch.)
_BRANCH_MEMBERS = """
    SELECT o.code AS org, o.village AS village, m.code AS member, m.status AS status
    FROM party_orgs o JOIN members m ON m.org = o.code AND m.archived = 0
    WHERE o.level = '党支部' AND o.archived = 0
    UNION ALL
    SELECT o.code, o.village, m.code, m.status
    FROM party_orgs o
    JOIN party_orgs c ON c.parent = o.code AND c.level = '党小组' AND c.archived = 0
    JOIN members m ON m.org = c.code AND m.archived = 0
    WHERE o.level = '党支部' AND o.archived = 0
"""


@rule("group-without-party-org", ERROR, label="roster.rule_name_group_without_party_org")
def group_without_party_org(db, options):
    """A villager group with no group-level party branch or party group (全覆盖)."""
    scope, params = township_scope(options, "g.village")
    for code, name, village in db.execute(f"""
            SELECT g.code, g.name, g.village FROM groups g
            WHERE g.archived = 0 {scope} AND NOT EXISTS (
                SELECT 1 FROM party_orgs o WHERE o."group" = g.code AND o.archived = 0
                AND o.level IN ('党支部', '党小组'))
            ORDER BY g.code""", params):
        yield code, "roster.rule_group_without_party_org", {"name": name, "village": village}


@rule("branch-too-small", ERROR, label="roster.rule_name_branch_too_small")
def branch_too_small(db, options):
    """A 党支部 with fewer full members than the minimum (3), counting its party groups' members."""
    scope, params = township_scope(options, "o.village")
    for code, name, full in db.execute(f"""
            SELECT o.code, o.name, count(bm.member) FILTER (WHERE bm.status = '正式')
            FROM party_orgs o LEFT JOIN ({_BRANCH_MEMBERS}) bm ON bm.org = o.code
            WHERE o.level = '党支部' AND o.archived = 0 {scope}
            GROUP BY o.code HAVING count(bm.member) FILTER (WHERE bm.status = '正式') < ?
            ORDER BY o.code""", [*params, _options(options).min_branch_members]):
        yield code, "roster.rule_branch_too_small", {"name": name, "full": full,
                                                     "min": _options(options).min_branch_members}


@rule("org-level-mismatch", WARNING, label="roster.rule_name_org_level_mismatch")
def org_level_mismatch(db, options):
    """A 党支部 with more members than the maximum (50), counting its party groups' members."""
    scope, params = township_scope(options, "bm.village")
    for code, count in db.execute(f"""
            SELECT bm.org, count(*) FROM ({_BRANCH_MEMBERS}) bm WHERE 1 {scope}
            GROUP BY bm.org HAVING count(*) > ? ORDER BY bm.org""", [*params, _options(options).max_branch_members]):
        yield code, "roster.rule_org_level_mismatch", {"members": count, "max": _options(options).max_branch_members}


_TOP_ORGS = """SELECT o.code, o.village, o.secretary FROM party_orgs o
               WHERE o.parent IS NULL AND o."group" IS NULL AND o.archived = 0"""


@rule("village-without-party-org", ERROR, label="roster.rule_name_village_without_party_org")
def village_without_party_org(db, options):
    """A village with no village-level party organization at all."""
    scope, params = township_scope(options, "v.code")
    for code, name in db.execute(f"""
            SELECT v.code, v.name FROM villages v WHERE v.archived = 0 {scope}
            AND NOT EXISTS (SELECT 1 FROM ({_TOP_ORGS}) t WHERE t.village = v.code) ORDER BY v.code""", params):
        yield code, "roster.rule_village_without_party_org", {"name": name}


@rule("village-without-secretary", ERROR, label="roster.rule_name_village_without_secretary")
def village_without_secretary(db, options):
    """A village whose top party organization names no secretary."""
    scope, params = township_scope(options, "t.village")
    for village, org in db.execute(f"""
            SELECT t.village, t.code FROM ({_TOP_ORGS}) t WHERE t.secretary IS NULL {scope}
            ORDER BY t.village, t.code""", params):
        yield village, "roster.rule_village_without_secretary", {"org": org}


@rule("not-one-shoulder", WARNING, label="roster.rule_name_not_one_shoulder")
def not_one_shoulder(db, options):
    """A village whose party secretary is not also the villager committee director (一肩挑)."""
    scope, params = township_scope(options, "t.village")
    for village, secretary in db.execute(f"""
            SELECT t.village, t.secretary FROM ({_TOP_ORGS}) t
            WHERE t.secretary IS NOT NULL {scope} AND NOT EXISTS (
                SELECT 1 FROM cadres c, json_each(c.posts) p
                WHERE c.village = t.village AND c.member = t.secretary AND c.archived = 0
                AND p.value = '村委会主任')
            ORDER BY t.village""", params):
        yield village, "roster.rule_not_one_shoulder", {"secretary": secretary}


# Households no live member liaises with, in two parts (each household in one at most): those with no
# liaison at all, told by the liaisons' household index alone; and those whose liaisons all name a
# member who is archived or not in the roster, looked for only among the households of such members'
# liaisons (few or none; a member is read once, not once per household).  Checking every household's
# liaisons against the members took twice as long at a million households.
_UNLINKED = """
    SELECT h.code, h."group" FROM households h JOIN groups g ON g.code = +h."group"
    WHERE h.archived = 0 {scope} AND NOT EXISTS (SELECT 1 FROM liaisons l WHERE l.household = h.code)
    UNION ALL
    SELECT h.code, h."group" FROM households h JOIN groups g ON g.code = h."group"
    WHERE h.archived = 0 {scope} AND h.code IN (
        SELECT l.household FROM (SELECT DISTINCT member FROM liaisons) d JOIN liaisons l ON l.member IS d.member
        WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.code = d.member AND m.archived = 0))
    AND NOT EXISTS (SELECT 1 FROM liaisons l JOIN members m ON m.code = l.member
                    WHERE l.household = h.code AND m.archived = 0)"""


@rule("household-unlinked", WARNING, label="roster.rule_name_household_unlinked")
def household_unlinked(db, options):
    """A household that no party member liaises with."""
    scope, params = township_scope(options, "g.village")
    # No ORDER BY: check sorts each rule's findings by subject; "+h.group": the first part reads the
    # table through, each household's group looked up, rather than group by group.
    for code, group in db.execute(_UNLINKED.format(scope=scope), [*params, *params]):
        yield code, "roster.rule_household_unlinked", {"group": group}


def _liaisons_by_member(db, options) -> list[tuple]:
    """``(member, name, households, village, [[household, its village], …])`` of each live member liaising
    with a live household: how many, and those of another village than the member's organization.
    One pass over the liaisons for ``member-overloaded`` and ``cross-village-liaison``."""
    scope, params = township_scope(options, "o.village")
    return db.execute(f"""
            SELECT m.code, m.name, count(*), o.village,
                   json_group_array(json_array(h.code, g.village)) FILTER (WHERE o.village <> g.village)
            FROM members m JOIN party_orgs o ON o.code = m.org
            JOIN liaisons l ON l.member = m.code
            JOIN households h ON h.code = l.household AND h.archived = 0
            LEFT JOIN groups g ON g.code = h."group"
            WHERE m.archived = 0 {scope} GROUP BY m.code""", params).fetchall()


@rule("member-overloaded", WARNING, label="roster.rule_name_member_overloaded")
def member_overloaded(db, options):
    """A member liaising with more households than the maximum (10; local norms say 5–10)."""
    most = _options(options).max_households
    for code, name, count, _village, _other in shared_pass(db, options, "liaisons", lambda: _liaisons_by_member(
            db, options)):
        if count > most:
            yield code, "roster.rule_member_overloaded", {"name": name, "households": count, "max": most}


@rule("cross-village-liaison", WARNING, label="roster.rule_name_cross_village_liaison")
def cross_village_liaison(db, options):
    """A member liaising with a household of another village."""
    import json

    found: list[tuple] = []
    for member, _name, _count, m_village, other in shared_pass(db, options, "liaisons", lambda: _liaisons_by_member(
            db, options)):
        if other != "[]":  # the member's rows of another village, ordered by household as check lists them
            found.extend((member, household, m_village, h_village) for household, h_village in json.loads(other))
    for member, household, m_village, h_village in sorted(found):
        yield member, "roster.rule_cross_village_liaison", {"household": household, "member_village": m_village,
                                                  "household_village": h_village}
