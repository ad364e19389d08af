"""``check``: rules over the stored ledger, each a function returning findings.

A finding has a stable rule id, a severity (error / warning / info), the code of
its subject and a message (catalog key + parameters).  Rules are set-based SQL;
thresholds come from :class:`CheckOptions`: the common fields, and one typed options
object per ledger (``options.for_ledger("micros", MicrosCheckOptions)``).  A rule is a
function marked with :func:`rule` in a module its ledger names in ``check_rules``
(see :mod:`village_gov.core.ledger`).
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from sqlite_utils import Database

T = TypeVar("T")

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass
class CheckOptions:
    """The date and township every rule is judged at, and each ledger's thresholds.

    ``ledgers`` maps a ledger's name to its options object (the dataclass its ``check_options``
    names, each field overridable on the command line); a ledger not given gets its defaults.
    """

    as_of: str | None = None
    township: str | None = None
    ledgers: dict[str, Any] = field(default_factory=dict)

    def for_ledger(self, name: str, kind: type[T]) -> T:
        """The options of ledger ``name``, of type ``kind`` (its defaults when none were given)."""
        found = self.ledgers.get(name)
        if found is None:
            found = self.ledgers[name] = kind()
        if not isinstance(found, kind):
            raise TypeError(f"options of ledger {name}: {type(found).__name__}, not {kind.__name__}")
        return found


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    subject: str
    key: str
    params: dict

    def as_dict(self) -> dict:
        from village_gov.core.i18n import t

        return {"rule": self.rule, "severity": self.severity, "subject": self.subject,
                "message": t(self.key, **self.params), "params": self.params}


Run = tuple[str, str, list]
"""``(rule id, severity, rows)``: a rule's findings as the ``(subject, message key, params)`` it gave."""


class Findings(Sequence[Finding]):
    """The findings of a run in check's order, kept as each rule's rows: a :class:`Finding` is made
    only when one is read (a city's 400,000 findings written as JSON never are; see :meth:`runs`).

    Equal to any list or sequence of the same findings in the same order.
    """

    def __init__(self, runs: Iterable[Run] = ()):
        self._runs: list[Run] = []
        for rule_id, severity, rows in runs:
            if not rows:
                continue
            if self._runs and self._runs[-1][:2] == (rule_id, severity):  # one rule id, two functions
                self._runs[-1] = (rule_id, severity, self._runs[-1][2] + list(rows))
            else:
                self._runs.append((rule_id, severity, list(rows)))
        self._starts = []
        total = 0
        for _, _, rows in self._runs:
            self._starts.append(total)
            total += len(rows)
        self._len = total

    def runs(self) -> list[Run]:
        """The findings rule by rule: consecutive findings of one rule and severity are one run."""
        return self._runs

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[Finding]:
        for rule_id, severity, rows in self._runs:
            for subject, key, params in rows:
                yield Finding(rule_id, severity, subject, key, params)

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return list(self)[index]
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError("finding index out of range")
        at = bisect_right(self._starts, index) - 1
        rule_id, severity, rows = self._runs[at]
        subject, key, params = rows[index - self._starts[at]]
        return Finding(rule_id, severity, subject, key, params)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Findings({list(self)!r})"


def runs_of(findings: Sequence[Finding]) -> list[Run]:
    """:meth:`Findings.runs` of any sequence of findings (a list is grouped here)."""
    if isinstance(findings, Findings):
        return findings.runs()
    runs: list[Run] = []
    for f in findings:
        if runs and runs[-1][0] == f.rule and runs[-1][1] == f.severity:
            runs[-1][2].append((f.subject, f.key, f.params))
        else:
            runs.append((f.rule, f.severity, [(f.subject, f.key, f.params)]))
    return runs


@dataclass
class Rule:
    id: str
    severity: str
    function: Callable
    doc: str
    label: str | None = None
    """The message key of the rule's short name (``roster.rule_name_household_unlinked``: 农户无联系党员)."""


def rule(rule_id: str, severity: str, label: str | None = None) -> Callable[[Callable], Callable]:
    """Mark a check rule: ``function(db, options) -> iterable of (subject, message key, params)``;
    ``label`` is the message key of its short name, shown beside the id where findings are counted."""

    def mark(function: Callable) -> Callable:
        function.check_rule = (rule_id, severity)  # type: ignore[attr-defined]
        function.check_label = label  # type: ignore[attr-defined]
        return function

    return mark


@dataclass
class CheckReport:
    findings: Sequence[Finding]
    """The findings, most severe first (a :class:`Findings`, or any sequence); with
    ``run_checks(per_rule=N)`` only the first N of each rule."""
    summary: dict
    counts: dict[str, int] = field(default_factory=dict)
    """Every finding of each rule that ran, counted (listed or not), in the order the findings are."""
    rules: list[Rule] = field(default_factory=list)
    """The rules that ran, in the order of :func:`load_rules`."""

    def runs(self) -> list[Run]:
        """The findings rule by rule (:meth:`Findings.runs`)."""
        return runs_of(self.findings)

    def _count(self, severity: str) -> int:
        if not self.counts:
            return sum(1 for f in self.findings if f.severity == severity)
        return sum(self.counts[r.id] for r in self.rules if r.severity == severity)

    @property
    def errors(self) -> int:
        return self._count(ERROR)

    @property
    def warnings(self) -> int:
        return self._count(WARNING)

    @property
    def infos(self) -> int:
        return self._count(INFO)

    @property
    def left_out(self) -> int:
        """Findings counted but not listed (``run_checks(per_rule=N)``); 0 when every one is listed."""
        return sum(self.counts.values()) - len(self.findings) if self.counts else 0

    def as_dict(self, findings: bool = True) -> dict:
        """``{"summary", "findings"}``; ``findings=False``: the summary alone (a writer streams the findings)."""
        summary = {**self.summary, "errors": self.errors, "warnings": self.warnings, "infos": self.infos}
        if not findings:
            return {"summary": summary}
        return {"summary": summary, "findings": [f.as_dict() for f in self.findings]}


def load_rules() -> list[Rule]:
    """The rules of every ledger of :data:`village_gov.ledgers.LEDGERS`, in their ``check_rules_order``."""
    from village_gov import ledgers
    from village_gov.core.ledger import ordered

    rules = []
    for ledger in ordered(ledgers.LEDGERS, "check_rules_order"):
        for function in ledger.load_check_rules():
            rule_id, severity = function.check_rule  # type: ignore[attr-defined]
            rules.append(Rule(rule_id, severity, function, (function.__doc__ or "").strip(),
                              getattr(function, "check_label", None)))
    return rules


def run_checks(db: Database, options: CheckOptions | None = None, only: list[str] | None = None,
               per_rule: int | None = None) -> CheckReport:
    """Run every registered rule (or those in ``only``) and return the findings, most severe first.

    With ``per_rule`` (> 0) each rule's findings are counted but only its first ``per_rule`` (in
    subject order) are kept: the findings are the first rows of the full ones.  The findings are
    kept rule by rule (:class:`Findings`), each made a :class:`Finding` only when it is read.
    """
    options = options or CheckOptions()
    rules = [r for r in load_rules() if not only or r.id in only]
    found = [(r, *_first(r.function(db, options), per_rule)) for r in rules]
    counts: dict[str, int] = {}
    for r, count, _ in found:
        counts[r.id] = counts.get(r.id, 0) + count
    # Sorted by (severity, rule, subject): rule by rule in that order, each rule's rows by subject.
    ordered = sorted(found, key=lambda item: (SEVERITY_ORDER[item[0].severity], item[0].id))
    findings = Findings((r.id, r.severity, rows) for r, _, rows in ordered)
    coverage = liaison_coverage(db, options, counts.get("household-unlinked"))
    return CheckReport(findings, summary=coverage, counts=counts, rules=rules)


def _subject(found: tuple) -> str:
    return found[0]


def _first(rows: Iterable[tuple], per_rule: int | None) -> tuple[int, list[tuple]]:
    """How many ``rows`` a rule gave, and its first ``per_rule`` (all when None) in subject order.

    With a bound the rows are not all kept: a county's 100,000 findings of one rule pass through
    a heap of ``per_rule`` (``heapq.nsmallest`` keeps the order ``sorted`` gives, ties included).
    """
    if not per_rule:
        kept = sorted(rows, key=_subject)
        return len(kept), kept
    count = 0

    def counted() -> Iterator[tuple]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    kept = heapq.nsmallest(per_rule, counted(), key=_subject)
    return count, kept


def liaison_coverage(db: Database, options: CheckOptions, unlinked: int | None = None) -> dict:
    """How many households have at least one liaising party member.

    ``unlinked``: the count of the ``household-unlinked`` rule judged with the same options, when it
    ran: the households it counts are exactly those not linked here (same households, same scope, same
    test), so only the households are counted instead of testing each one again.
    """
    scope, params = township_scope(options, "g.village")
    if unlinked is not None:
        (total,) = db.execute(f"""SELECT count(*) FROM households h JOIN groups g ON g.code = h."group"
                                  WHERE h.archived = 0 {scope}""", params).fetchone()
        linked = total - unlinked
    else:
        total, linked = db.execute(
            f"""SELECT count(*), sum(EXISTS (SELECT 1 FROM liaisons l JOIN members m ON m.code = l.member
                                             WHERE l.household = h.code AND m.archived = 0))
                FROM households h JOIN groups g ON g.code = h."group" WHERE h.archived = 0 {scope}""",
            params).fetchone()
    linked = linked or 0
    return {"households": total, "linked_households": linked,
            "liaison_coverage_pct": round(100.0 * linked / total, 1) if total else None}


def township_scope(options: CheckOptions, village_column: str) -> tuple[str, list]:
    """An ``AND …`` clause narrowing a query to the options' township, if any."""
    if not options.township:
        return "", []
    return f" AND {village_column} IN (SELECT code FROM villages WHERE township = ?)", [options.township]


def rule_ids() -> list[str]:
    return [r.id for r in load_rules()]
