"""The roster's duplicate rules of ``check``: one ID number on two people, one person under two
codes, one household head under two household codes in a group (the matching is in
:mod:`village_gov.ledgers.roster.duplicates`).

Each finding's subject is the first record (by code) and its parameters name the other, with each
record's party organization; ID numbers are masked unless ``check --unmask``.
"""

from __future__ import annotations

from village_gov.core.checks import ERROR, WARNING, rule, township_scope
from village_gov.ledgers.roster.checks import RosterCheckOptions, shared_pass
from village_gov.ledgers.roster.duplicates import (
    HOMOPHONE,
    SAME_NAME,
    SIMILAR_NAME,
    NameMatcher,
    Person,
    same_head,
    same_id_number,
    same_person,
)

PERSON_KEYS = {SAME_NAME: "roster.rule_duplicate_person_same_name", HOMOPHONE: "roster.rule_duplicate_person_homophone",
               SIMILAR_NAME: "roster.rule_duplicate_person_similar_name"}


def _people(db, options) -> list[Person]:
    """The live members (the only records holding ID numbers and birth dates), by code, each with
    its township (on a county file each township's members are compared among themselves); read
    once per check run for both rules."""
    return shared_pass(db, options, "people", lambda: _read_people(db, options))


def _read_people(db, options) -> list[Person]:
    scope, params = township_scope(options, "o.village")
    return [Person(code, name, born, id_number, org, township)
            for code, name, born, id_number, org, township in db.execute(f"""
            SELECT m.code, m.name, m.born, m.id_number, m.org, v.township FROM members m
            JOIN party_orgs o ON o.code = m.org JOIN villages v ON v.code = o.village
            WHERE m.archived = 0 AND (m.born IS NOT NULL OR m.id_number IS NOT NULL) {scope}
            ORDER BY m.code""", params)]


def _roster(options) -> RosterCheckOptions:
    return options.for_ledger("roster", RosterCheckOptions)


def _id_shown(value: str | None, options) -> str | None:
    from village_gov.core.privacy import mask_id_number

    return value if _roster(options).unmask else mask_id_number(value)


def _pair(a: Person, b: Person) -> dict:
    return {"name": a.name, "org": a.origin, "other": b.code, "other_name": b.name, "other_org": b.origin}


@rule("duplicate-id-number", ERROR, label="roster.rule_name_duplicate_id_number")
def duplicate_id_number(db, options):
    """One ID number (身份证号) on two members under different codes."""
    pairs = sorted(same_id_number(_people(db, options)), key=lambda p: (p[0].code, p[1].code))
    for a, b in pairs:
        yield a.code, "roster.rule_duplicate_id_number", {**_pair(a, b), "id_number": _id_shown(a.id_number, options)}


@rule("duplicate-person", WARNING, label="roster.rule_name_duplicate_person")
def duplicate_person(db, options):
    """Two members under two codes born the same day whose names are equal, sound the same (pinyin
    without tones) or differ by at most ``--name-distance`` characters (1; names of 2 or more)."""
    matcher = NameMatcher(_roster(options).name_distance)
    pairs = sorted(same_person(_people(db, options), matcher), key=lambda p: (p[0].code, p[1].code))
    for a, b, reason in pairs:
        params = {**_pair(a, b), "born": a.block, "reason": reason}
        if reason == SIMILAR_NAME:
            params["distance"] = matcher.distance
        yield a.code, PERSON_KEYS[reason], params


def heads_by_group(db, scope: str = "", params: list | tuple = ()):
    """``(group, heads, codes)`` of each group's live households, ``codes()`` giving the codes in the
    heads' order.  One row per group, heads and codes as two JSON arrays aggregated over the same rows
    (the group's index gives them in group order: no sort), about half the time of fetching each
    household as a row; the codes are parsed only when asked for."""
    import json

    for group, heads_json, codes_json in db.execute(f"""
            SELECT h."group", json_group_array(h.head), json_group_array(h.code) FROM households h
            WHERE h.archived = 0 {scope} GROUP BY h."group" """, list(params)):
        yield group, json.loads(heads_json), lambda codes_json=codes_json: json.loads(codes_json)


@rule("duplicate-household", WARNING, label="roster.rule_name_duplicate_household")
def duplicate_household(db, options):
    """Two households of one villager group under two codes with the same head (户主)."""
    from collections import Counter

    scope, params = township_scope(options, '(SELECT g.village FROM groups g WHERE g.code = h."group")')
    repeated: list[tuple] = []
    for group, heads, codes in heads_by_group(db, scope, params):
        counts = Counter(heads)
        if len(counts) < len(heads):  # a group's codes are read only when two of its heads are equal
            repeated.extend((code, head, group, None) for code, head in zip(codes(), heads) if counts[head] > 1)
    repeated.sort()
    for first, other in sorted(same_head(repeated), key=lambda p: (p[0][0], p[1][0])):
        yield first[0], "roster.rule_duplicate_household", {"head": first[1], "group": first[2], "other": other[0]}
