"""The one quorum arithmetic of every meeting that votes: decisions and the party-member development.

A meeting passes when enough are present and enough approve, each a share of a base, compared in
integers (never in floating point):

* ``AT_LEAST_TWO_THIRDS``: ``3 × count ≥ 2 × base`` (exactly two thirds passes);
* ``MORE_THAN_HALF``: ``2 × count > base`` (exactly half fails).

The 党员大会审议 of a decision needs two thirds of those due present and more than half of those due
approving; a 村民代表会议决议 two thirds present and more than half of those present approving; the
branch assembly (支部大会) admitting or converting a probationary member more than half of the full
members with a vote present and more than half of them approving.  :func:`quorum` says what a meeting
lacks; :func:`quorum_fails_sql` is the same test as an SQL condition, for set-based rules.
"""

from __future__ import annotations

from dataclasses import dataclass

AT_LEAST_TWO_THIRDS = "at_least_two_thirds"
MORE_THAN_HALF = "more_than_half"
DUE, PRESENT = "due", "present"


@dataclass(frozen=True)
class QuorumRule:
    """How many must be present (a share of those due) and approve (a share of those due or present)."""

    present_share: str
    approve_share: str
    approve_base: str = DUE


DECISION_REVIEW = QuorumRule(AT_LEAST_TWO_THIRDS, MORE_THAN_HALF, DUE)
"""党员大会审议: at least 2/3 of those due present, more than half of those due approving."""
DECISION_REPRESENTATIVES = QuorumRule(AT_LEAST_TWO_THIRDS, MORE_THAN_HALF, PRESENT)
"""村民代表会议决议: at least 2/3 present, more than half of those present approving."""
BRANCH_ASSEMBLY = QuorumRule(MORE_THAN_HALF, MORE_THAN_HALF, DUE)
"""支部大会 admitting or converting a probationary member: more than half of the full members with a vote
present, and more than half of them approving."""


@dataclass(frozen=True)
class Shortfall:
    """What a meeting lacks: ``what`` (``present`` or ``approve``), the count, its base and the fewest needed."""

    what: str
    count: int
    base: int
    needed: int


def needed(share: str, base: int) -> int:
    """The fewest of ``base`` making the share: ⌈2·base/3⌉, or ⌊base/2⌋ + 1."""
    if share == AT_LEAST_TWO_THIRDS:
        return (2 * base + 2) // 3
    if share == MORE_THAN_HALF:
        return base // 2 + 1
    raise ValueError(f"unknown share {share!r}")


def quorum(rule: QuorumRule, due: int, present: int, approve: int) -> list[Shortfall]:
    """What the meeting lacks under ``rule`` (``[]``: it passes); ``due`` is those due (voting) to attend."""
    found = []
    if present < needed(rule.present_share, due):
        found.append(Shortfall("present", present, due, needed(rule.present_share, due)))
    base = due if rule.approve_base == DUE else present
    if approve < needed(rule.approve_share, base):
        found.append(Shortfall("approve", approve, base, needed(rule.approve_share, base)))
    return found


def _below_sql(share: str, count: str, base: str) -> str:
    if share == AT_LEAST_TWO_THIRDS:
        return f"(3 * {count} < 2 * {base})"
    if share == MORE_THAN_HALF:
        return f"(2 * {count} <= {base})"
    raise ValueError(f"unknown share {share!r}")


def quorum_fails_sql(rule: QuorumRule, due: str, present: str, approve: str) -> str:
    """An SQL condition true exactly when :func:`quorum` finds a shortfall (the columns named by the arguments)."""
    base = due if rule.approve_base == DUE else present
    return f"({_below_sql(rule.present_share, present, due)} OR {_below_sql(rule.approve_share, approve, base)})"
