"""Cross-record rules of the roster that make an import invalid (not the ``check`` findings)."""

from __future__ import annotations

from village_gov.core.batch import Batch, Lookup
from village_gov.core.errors import Problem
from village_gov.core.validate import semantic_check


@semantic_check
def party_org_placement(batch: Batch, lookup: Lookup) -> list[Problem]:
    """A group-level organization sits in a group of its own village, below an organization of that village."""
    problems = []
    for code, entry in batch.section("party_orgs").items():
        org = entry.record
        if org.group:
            group = lookup.get("groups", org.group)
            if group and group["village"] != org.village:
                problems.append(Problem(*entry.at("group"), "roster.org_group_other_village",
                                        {"group": org.group, "village": org.village}, record=code))
            if org.level not in ("党支部", "党小组"):
                problems.append(
                    Problem(*entry.at("level"), "roster.org_group_level", {"level": org.level}, record=code)
                )
        if org.parent:
            parent = lookup.get("party_orgs", org.parent)
            if parent and parent["village"] != org.village:
                problems.append(Problem(*entry.at("parent"), "roster.org_parent_other_village",
                                        {"parent": org.parent, "village": org.village}, record=code))
    problems.extend(_parent_cycles(batch, lookup))
    return problems


def _parent_cycles(batch: Batch, lookup: Lookup) -> list[Problem]:
    problems = []
    for code, entry in batch.section("party_orgs").items():
        seen = {code}
        current = entry.record.parent
        while current:
            if current in seen:
                problems.append(Problem(*entry.at("parent"), "roster.org_parent_cycle", {"code": code}, record=code))
                break
            seen.add(current)
            parent = lookup.get("party_orgs", current)
            current = parent["parent"] if parent else None
    return problems


@semantic_check
def cadre_member_village(batch: Batch, lookup: Lookup) -> list[Problem]:
    """A cadre named by member code must not also carry a different name."""
    problems = []
    for code, entry in batch.section("cadres").items():
        cadre = entry.record
        if cadre.member and cadre.name:
            member = lookup.get("members", cadre.member)
            if member and member["name"] != cadre.name:
                problems.append(Problem(*entry.at("name"), "roster.cadre_name_mismatch",
                                        {"member": cadre.member, "name": cadre.name, "member_name": member["name"]},
                                        record=code))
    return problems
