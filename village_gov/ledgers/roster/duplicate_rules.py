"""The duplicates an import warns about (the import is written all the same): one ID number on two
members, one person under two member codes, one household head under two household codes of a group.

Each warning points at the row of the imported files and names the other one: its position in the
files, or its code in the database (records of the database that the files hold again are compared
as the files give them).  The matching and its thresholds are those of ``check``'s defaults
(:mod:`village_gov.ledgers.roster.duplicates`); ID numbers are masked.
"""

from __future__ import annotations

from village_gov.core.batch import Batch, Entry, Lookup
from village_gov.core.errors import Problem
from village_gov.core.privacy import mask_id_number
from village_gov.core.validate import first_place, import_warning
from village_gov.ledgers.roster.checks import RosterCheckOptions
from village_gov.ledgers.roster.duplicate_checks import heads_by_group
from village_gov.ledgers.roster.duplicates import (
    HOMOPHONE,
    SAME_NAME,
    SIMILAR_NAME,
    NameMatcher,
    Person,
    same_id_number,
    same_person,
)


def _at(entry: Entry, key: str) -> str:
    """Where the other record stands, as an import's "first written at" says it: ``file:line``, or a
    sheet's ``file!A5``."""
    return first_place(entry)


ID_KEYS = ("roster.import_duplicate_id_number", "roster.import_duplicate_id_number_stored")
PERSON_KEYS = {SAME_NAME: "roster.import_duplicate_person_same_name",
               HOMOPHONE: "roster.import_duplicate_person_homophone",
               SIMILAR_NAME: "roster.import_duplicate_person_similar_name"}
PERSON_STORED_KEYS = {SAME_NAME: "roster.import_duplicate_person_same_name_stored",
                      HOMOPHONE: "roster.import_duplicate_person_homophone_stored",
                      SIMILAR_NAME: "roster.import_duplicate_person_similar_name_stored"}
"""The message of each kind of warning: the other record in the files, or in the database."""


def _warning(here: Person, there: Person, keys: tuple[str, str], field: str, params: dict) -> Problem:
    """A warning at ``here`` (a record of the files) naming ``there`` (of the files, or stored)."""
    entry: Entry = here.origin
    if isinstance(there.origin, Entry):
        key = keys[0]
        params = {**params, "other": there.code, "other_name": there.name, "other_at": _at(there.origin, field)}
    else:
        key = keys[1]
        params = {**params, "other": there.code, "other_name": there.name, "other_org": there.origin[1]}
    file, line, column = entry.at(field)
    return Problem(file, line, column, key, params, record=here.code)


def _people(batch: Batch, lookup: Lookup) -> list[Person]:
    """The members of the files (``origin``: their entry), then the stored ones they do not hold again
    (``origin``: ``("stored", org)``), each with its township, as ``check`` compares them."""
    entries = batch.section("members")
    township = _townships(lookup)
    people = [Person(code, e.record.name, e.record.born and e.record.born.isoformat(), e.record.id_number, e,
                     township(e.record.org)) for code, e in entries.items() if not e.archived]
    if lookup.db is not None and _stored_besides(lookup, "members", entries):
        people.extend(Person(code, name, born, id_number, ("stored", org), township(org))
                      for code, name, born, id_number, org in lookup.db.execute(
                          """SELECT code, name, born, id_number, org FROM members
                             WHERE archived = 0 AND (born IS NOT NULL OR id_number IS NOT NULL) ORDER BY code""")
                      if code not in entries)
    return people


def _townships(lookup: Lookup):
    """``township(org)``: the township of a party organization's village (files first), once per org."""
    known: dict[str, str | None] = {}

    def township(org: str) -> str | None:
        if org not in known:
            place = lookup.get("party_orgs", org)
            village = lookup.get("villages", place["village"]) if place else None
            known[org] = village["township"] if village else None
        return known[org]

    return township


def _stored_besides(lookup: Lookup, section: str, entries: dict) -> bool:
    """Whether the database may hold records of ``section`` that the files do not hold again (the
    codes the references check has gathered tell; when the files hold them all, as when a whole
    roster is imported again, the stored ones are not read)."""
    if lookup.db is None or not lookup.db[section].exists():
        return False
    known = lookup.codes(section)
    return len(known) > len(entries) if isinstance(known, frozenset | set) else True


def _ordered(a: Person, b: Person) -> tuple[Person, Person]:
    """(the record to point at, the other): the later one of the files, else the one in the files."""
    return (b, a) if isinstance(b.origin, Entry) else (a, b)


@import_warning
def duplicate_members(batch: Batch, lookup: Lookup) -> list[Problem]:
    """Members of the files sharing an ID number, or a birth date and a name that matches, with
    another member of the files or of the database under another code."""
    if not batch.section("members"):
        return []
    people = _people(batch, lookup)
    warnings = []
    for first, other in same_id_number(people):
        if isinstance(first.origin, Entry) or isinstance(other.origin, Entry):
            here, there = _ordered(first, other)
            warnings.append(_warning(here, there, ID_KEYS, "id_number",
                                     {"id_number": mask_id_number(here.id_number)}))
    matcher = NameMatcher(RosterCheckOptions().name_distance)
    for a, b, reason in same_person(people, matcher, new=lambda p: isinstance(p.origin, Entry)):
        here, there = _ordered(a, b)
        params: dict[str, object] = {"name": here.name, "born": here.block}
        if reason == SIMILAR_NAME:
            params["distance"] = matcher.distance
        keys = (PERSON_KEYS[reason], PERSON_STORED_KEYS[reason])
        warnings.append(_warning(here, there, keys, "name", params))
    return warnings


@import_warning
def duplicate_households(batch: Batch, lookup: Lookup) -> list[Problem]:
    """Households of the files with the head and group of another household (of the files or the
    database) under another code.

    The pairs are those of :func:`~village_gov.ledgers.roster.duplicates.same_head` over the files'
    live households in file order, then the stored ones sorted, found without a tuple per household
    (a county's million households): the first household of each group and head is kept by its code
    (a stored one by its row), and a pair's rows are built only for the pairs found.
    """
    entries = batch.section("households")
    if not entries:
        return []
    first: dict[str, dict[str, str | tuple]] = {}  # group → head → the first household's code (or stored row)
    later: list[tuple[str | tuple, str | tuple]] = []
    for code, entry in entries.items():
        if entry.archived:
            continue
        record = entry.record
        heads = first.get(record.group)
        if heads is None:
            heads = first[record.group] = {}
        seen = heads.setdefault(record.head, code)
        if seen is not code:
            later.append((seen, code))
    if lookup.db is not None and _stored_besides(lookup, "households", entries):
        for row in _stored_households(lookup, first, entries):
            seen = first[row[2]].setdefault(row[1], row)
            if seen is not row:
                later.append((seen, row))

    def row_of(household: str | tuple) -> tuple:
        if isinstance(household, tuple):
            return household
        entry = entries[household]
        return household, entry.record.head, entry.record.group, entry

    warnings = []
    for seen, household in later:
        if not (isinstance(seen, str) or isinstance(household, str)):
            continue  # two stored households: not the import's to warn about
        first_row, other = row_of(seen), row_of(household)
        here, there = (other, first_row) if other[0] in entries else (first_row, other)
        file, line, column = here[3].at("head")
        params = {"head": here[1], "group": here[2], "other": there[0]}
        if there[0] in entries:
            warnings.append(Problem(file, line, column, "roster.import_duplicate_household",
                                    {**params, "other_at": _at(there[3], "head")}, record=here[0]))
        else:
            warnings.append(Problem(file, line, column, "roster.import_duplicate_household_stored", params,
                                    record=here[0]))
    return warnings


def _stored_households(lookup: Lookup, first: dict[str, dict], entries: dict) -> list[tuple]:
    """The stored households (not held again by the files) with a group and head of the files, as
    ``(code, head, group, None)``, sorted."""
    import json

    assert lookup.db is not None
    stored: list[tuple] = []
    groups = json.dumps(sorted(first), ensure_ascii=False)
    for group, heads, codes in heads_by_group(lookup.db, ' AND h."group" IN (SELECT value FROM json_each(?))',
                                              [groups]):
        given = first.get(group, {})
        hits = [i for i, head in enumerate(heads) if head in given]
        if hits:
            listed = codes()
            stored.extend((listed[i], heads[i], group, None) for i in hits if listed[i] not in entries)
    return sorted(stored)
