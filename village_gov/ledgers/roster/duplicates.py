"""Finding the duplicates a clerk types: one ID number on two people, one person under two codes,
one household head under two household codes in the same group.

Shared by the ``check`` rules (:mod:`village_gov.ledgers.roster.duplicate_checks`) and the import
warnings (:mod:`village_gov.ledgers.roster.duplicate_rules`); plain Python over small tuples, no
database and no models.

People are compared within a *block* only: those with the same birth date (the record's ``born``,
or digits 7–14 of an 18-digit ID number).  Inside a block two names match when they are equal, sound
the same (the same pinyin without tones: 张三/张叁 → zhang san; a character of several readings,
曾 zeng/ceng, matches by any of them), or differ by at most ``name_distance`` edits (Levenshtein;
both names of at least ``min_length`` characters).  pypinyin and rapidfuzz are imported only when a
block holds two names that could match that way, so a ledger without such a pair never loads them;
each distinct name's pinyin is computed once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

SAME_NAME, HOMOPHONE, SIMILAR_NAME = "same_name", "homophone", "similar_name"
"""Why two records were taken for one person (the ``reason`` of a finding, stable in JSON)."""

MIN_FUZZY_LENGTH = 2
"""Names shorter than this are compared for equality and sound only (a one-character name differs
from any other by one character)."""


@dataclass(frozen=True)
class Person:
    """One person's record as the comparison needs it; ``origin`` is whatever the caller keeps to
    name the record (an organization code, a file position)."""

    code: str
    name: str
    born: str | None
    id_number: str | None
    origin: Any = None
    township: str | None = None
    """Records are compared within one township (a county file holds each township's own ledger)."""

    @property
    def block(self) -> str | None:
        return birth_key(self.born, self.id_number)


def birth_key(born: object, id_number: str | None) -> str | None:
    """The birth date ``YYYY-MM-DD``: the record's own, else the one an 18-character ID number holds."""
    if born:
        return str(born)[:10]
    if id_number and len(id_number) == 18 and id_number[:17].isdigit():
        digits = id_number[6:14]
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    return None


def same_id_number(people: Iterable[Person]) -> Iterator[tuple[Person, Person]]:
    """``(first, other)`` for each record whose ID number an earlier record (in ``people``' order)
    already holds under another code: k records sharing one number give k − 1 pairs, each with the first."""
    first: dict[tuple[str | None, str], Person] = {}
    for person in people:
        if not person.id_number:
            continue
        seen = first.setdefault((person.township, person.id_number.upper()), person)
        if seen is not person and seen.code != person.code:
            yield seen, person


class NameMatcher:
    """Decides whether two names may be one person's: equal, homophones, or within ``distance`` edits."""

    def __init__(self, distance: int = 1, min_length: int = MIN_FUZZY_LENGTH) -> None:
        self.distance, self.min_length = distance, min_length
        self._pinyin: dict[str, tuple[frozenset[str], ...]] = {}
        self._levenshtein: Callable[..., int] | None = None

    def reason(self, a: str, b: str) -> str | None:
        if a == b:
            return SAME_NAME
        if len(a) == len(b) and _sound_alike(self.pinyin(a), self.pinyin(b)):
            return HOMOPHONE
        if self.similar(a, b):
            return SIMILAR_NAME
        return None

    def similar(self, a: str, b: str) -> bool:
        d = self.distance
        if d <= 0 or min(len(a), len(b)) < self.min_length or abs(len(a) - len(b)) > d:
            return False
        # A bound without the library: the edits are at least the characters of the longer name
        # that the other lacks (most pairs in a block share nothing and stop here).
        if max(len(a), len(b)) - sum((Counter(a) & Counter(b)).values()) > d:
            return False
        if self._levenshtein is None:
            from rapidfuzz.distance import Levenshtein

            self._levenshtein = Levenshtein.distance
        return self._levenshtein(a, b, score_cutoff=d) <= d

    def pinyin(self, name: str) -> tuple[frozenset[str], ...]:
        """Each character's readings without tones (曾 → {zeng, ceng}); a run of other characters as itself."""
        found = self._pinyin.get(name)
        if found is None:
            found = self._pinyin[name] = tuple(frozenset(readings) for readings in _readings()(name))
        return found


def _sound_alike(a: tuple[frozenset[str], ...], b: tuple[frozenset[str], ...]) -> bool:
    """Two names sound the same when, character by character, they share a reading."""
    return len(a) == len(b) and all(x & y for x, y in zip(a, b))


def _readings() -> Callable[[str], list[list[str]]]:
    """pypinyin's readings of each character, loaded on first use.

    A name is read character by character, so pypinyin's phrase dictionary (which picks a reading
    from the words around a character, and takes most of its import time: about 0.25 s of 0.35 s)
    is not loaded, and its character dictionary is used as shipped rather than copied."""
    import os

    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
    from pypinyin import Style, pinyin

    return lambda name: pinyin(name, style=Style.NORMAL, heteronym=True)


def same_person(people: Iterable[Person], matcher: NameMatcher,
                new: Callable[[Person], bool] | None = None) -> Iterator[tuple[Person, Person, str]]:
    """``(a, b, reason)`` for each pair of records of one birth date, under two codes, whose names
    match; pairs holding one ID number are left to :func:`same_id_number`.  With ``new``, only pairs
    holding at least one record for which it is true (an import's records against the stored ones)."""
    blocks: dict[tuple[str, str], list[Person]] = defaultdict(list)
    for person in people:
        born = person.block
        if born is not None:
            blocks[(person.township or "", born)].append(person)
    for key in sorted(blocks):
        block = blocks[key]
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                if a.code == b.code or (new is not None and not (new(a) or new(b))):
                    continue
                if a.id_number and b.id_number and a.id_number.upper() == b.id_number.upper():
                    continue
                reason = matcher.reason(a.name, b.name)
                if reason is not None:
                    yield a, b, reason


def same_head(households: Iterable[tuple[str, str, str, Any]],
              new: Callable[[str], bool] | None = None) -> Iterator[tuple[tuple, tuple]]:
    """``(first, other)`` for households ``(code, head, group, origin)`` of one group and one head's
    name under another code (k such households: k − 1 pairs, each with the first); with ``new``,
    only pairs holding a household for whose code it is true."""
    first: dict[tuple[str, str], tuple] = {}
    later: list[tuple[tuple, tuple]] = []
    for household in households:
        seen = first.setdefault((household[2], household[1]), household)
        if seen is not household and seen[0] != household[0]:
            later.append((seen, household))
    for seen, household in later:
        if new is None or new(seen[0]) or new(household[0]):
            yield seen, household
