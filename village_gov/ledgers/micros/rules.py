"""Cross-record rules of the four micros, and the resolution of two-way references.

Each rule is a function of one record and a lookup (anything with
``exists(section, code)`` and ``get(section, code)``) returning
``(field, message key, params)`` triples, so the same rules serve the YAML
import (as ``@semantic_check`` functions, problems at ``file:line:column``) and
the ``service log`` / ``activity log`` commands (a refusal, exit 2).

Resolution: ``provider``/``organizer`` name a member or an organization; the
code is looked up in both sections and stored in ``*_member`` or ``*_org``
(a code found in both is ambiguous, one found in neither is unknown).
``leader`` is a member code if one exists, otherwise a person's name, unless
it looks like a code (ASCII letters and digits, e.g. ``M0O01``): then it must
be a known member.  ``members`` entries are member or household codes.
"""

from __future__ import annotations

import re

from village_gov.core.batch import Batch, Lookup
from village_gov.core.clock import today
from village_gov.core.errors import Problem
from village_gov.core.validate import semantic_check

_CODE_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9_\-/.]*[0-9][A-Za-z0-9_\-/.]*$")


def _member_or_org(lookup, code: str, field: str) -> tuple[str | None, str | None, list]:
    is_member = lookup.exists("members", code)
    is_org = lookup.exists("organizations", code)
    if is_member and is_org:
        return None, None, [(field, "micros.ambiguous_code", {"field": field, "code": code})]
    if not is_member and not is_org:
        return None, None, [(field, "micros.unknown_member_or_org", {"field": field, "code": code})]
    return (code, None, []) if is_member else (None, code, [])


def village_of(lookup, section: str, code: str | None) -> str | None:
    """The village a group, household or position belongs to (None if unknown)."""
    record = lookup.get(section, code)
    if record is None:
        return None
    if section == "households":
        group = lookup.get("groups", record.get("group"))
        return group.get("village") if group else None
    return record.get("village")


def resolve_service(record, lookup) -> list:
    member, org, problems = _member_or_org(lookup, record.provider, "provider")
    record._provider_member, record._provider_org = member, org
    return problems


def resolve_activity(record, lookup) -> list:
    if record.organizer is None:
        return []
    member, org, problems = _member_or_org(lookup, record.organizer, "organizer")
    record._organizer_member, record._organizer_org = member, org
    return problems


def resolve_organization(record, lookup) -> list:
    problems = []
    leader = record.leader
    if leader is not None:
        if lookup.exists("members", leader):
            record._leader_member, record._leader_name = leader, None
        elif _CODE_LIKE.match(leader):
            problems.append(("leader", "micros.leader_unknown", {"code": leader}))
        else:
            record._leader_member, record._leader_name = None, leader
    if isinstance(record.members, list):
        members, households = set(), set()
        for code in record.members:
            is_member = lookup.exists("members", code)
            is_household = lookup.exists("households", code)
            if is_member and is_household:
                problems.append(("members", "micros.ambiguous_code", {"field": "members", "code": code}))
            elif is_member:
                members.add(code)
            elif is_household:
                households.add(code)
            else:
                problems.append(("members", "micros.unknown_member_or_household", {"code": code}))
        record._member_codes, record._household_codes = tuple(sorted(members)), tuple(sorted(households))
    return problems


def position_placement(record, lookup) -> list:
    """主阵地 has no group, 微阵地 has one, and the group is in the position's village."""
    if record.kind == "主阵地" and record.group:
        return [("group", "micros.main_position_group", {"group": record.group})]
    if record.kind == "微阵地" and not record.group:
        return [("kind", "micros.position_needs_group", {})]
    if record.group:
        village = village_of(lookup, "groups", record.group)
        if village is not None and village != record.village:
            return [("group", "roster.org_group_other_village", {"group": record.group, "village": record.village})]
    return []


def organization_type(record, lookup) -> list:
    from village_gov.ledgers.micros.categories import SELF_GOVERNANCE_CATEGORIES

    if record.category in SELF_GOVERNANCE_CATEGORIES and record.type != "自治组织":
        return [("type", "micros.category_type", {"category": record.category, "type": record.type})]
    return []


def event_placement(record, lookup) -> list:
    """A service/activity is not in the future; its position and household are in its village."""
    problems = []
    if record.date > today():
        problems.append(("date", "micros.future_date", {"date": record.date.isoformat(), "today": today().isoformat()}))
    position = getattr(record, "position", None)
    if position:
        village = village_of(lookup, "positions", position)
        if village is not None and village != record.village:
            problems.append(("position", "micros.position_other_village",
                             {"position": position, "village": record.village, "position_village": village}))
    household = getattr(record, "household", None)
    if household:
        village = village_of(lookup, "households", household)
        if village is not None and village != record.village:
            problems.append(("household", "micros.household_other_village",
                             {"household": household, "village": record.village, "household_village": village}))
    return problems


RECORD_RULES = {
    "positions": (position_placement,),
    "organizations": (resolve_organization, organization_type),
    "services": (resolve_service, event_placement),
    "activities": (resolve_activity, event_placement),
}


def record_problems(section: str, record, lookup) -> list:
    """Every ``(field, key, params)`` the rules find for one record (resolving its references)."""
    found = []
    for function in RECORD_RULES[section]:
        found.extend(function(record, lookup))
    return found


@semantic_check
def micro_records(batch: Batch, lookup: Lookup) -> list[Problem]:
    """Resolve and check every record of the micro sections."""
    problems = []
    for section in RECORD_RULES:
        for code, entry in batch.section(section).items():
            for field, key, params in record_problems(section, entry.record, lookup):
                problems.append(Problem(*entry.at(field), key, params, record=code))
    problems.extend(_one_main_position(batch, lookup))
    return problems


def _one_main_position(batch: Batch, lookup: Lookup) -> list[Problem]:
    """At most one 主阵地 per village, counting those already stored and not replaced by this import."""
    entries = batch.section("positions")
    mains: dict[str, list[str]] = {}
    if lookup.db is not None and lookup.db["positions"].exists():
        for code, village in lookup.db.execute(
                "SELECT code, village FROM positions WHERE kind = '主阵地' AND archived = 0"):
            if code not in entries:
                mains.setdefault(village, []).append(code)
    problems = []
    for code, entry in entries.items():
        record = entry.record
        if record.kind != "主阵地":
            continue
        others = mains.setdefault(record.village, [])
        if others:
            problems.append(Problem(*entry.at("kind"), "micros.second_main_position",
                                    {"village": record.village, "other": others[0]}, record=code))
        others.append(code)
    return problems
