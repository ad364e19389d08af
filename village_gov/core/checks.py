"""``check``: rules over the stored ledger, each a function returning findings.

A finding has a stable rule id, a severity (error / warning / info), the code of
its subject and a message (catalog key + parameters).  Rules are set-based SQL;
thresholds come from :class:`CheckOptions`: the common fields, and one typed options
object per ledger (``options.for_ledger("micros", MicrosCheckOptions)``).  A rule is a
function marked with :func:`rule` in a module its ledger names in ``check_rules``
(see :mod:`village_gov.core.ledger`).
"""

from __future__ import annotations

from collections.abc import Callable
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


@dataclass
class Rule:
    id: str
    severity: str
    function: Callable
    doc: str


def rule(rule_id: str, severity: str) -> Callable[[Callable], Callable]:
    """Mark a check rule: ``function(db, options) -> iterable of (subject, message key, params)``."""

    def mark(function: Callable) -> Callable:
        function.check_rule = (rule_id, severity)  # type: ignore[attr-defined]
        return function

    return mark


@dataclass
class CheckReport:
    findings: list[Finding]
    summary: dict

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)

    @property
    def infos(self) -> int:
        return sum(1 for f in self.findings if f.severity == INFO)

    def as_dict(self) -> dict:
        return {"summary": {**self.summary, "errors": self.errors, "warnings": self.warnings, "infos": self.infos},
                "findings": [f.as_dict() for f in self.findings]}


def load_rules() -> list[Rule]:
    """The rules of every ledger of :data:`village_gov.ledgers.LEDGERS`, in their ``check_rules_order``."""
    from village_gov import ledgers
    from village_gov.core.ledger import ordered

    rules = []
    for ledger in ordered(ledgers.LEDGERS, "check_rules_order"):
        for function in ledger.load_check_rules():
            rule_id, severity = function.check_rule  # type: ignore[attr-defined]
            rules.append(Rule(rule_id, severity, function, (function.__doc__ or "").strip()))
    return rules


def run_checks(db: Database, options: CheckOptions | None = None, only: list[str] | None = None) -> CheckReport:
    """Run every registered rule (or those in ``only``) and return the findings, most severe first."""
    options = options or CheckOptions()
    findings = []
    for r in load_rules():
        if only and r.id not in only:
            continue
        for subject, key, params in r.function(db, options):
            findings.append(Finding(r.id, r.severity, subject, key, params))
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.rule, f.subject))
    return CheckReport(findings, summary=liaison_coverage(db, options))


def liaison_coverage(db: Database, options: CheckOptions) -> dict:
    """How many households have at least one liaising party member."""
    scope, params = township_scope(options, "g.village")
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
