"""``check``: rules over the stored ledger, each a function returning findings.

A finding has a stable rule id, a severity (error / warning / info), the code of
its subject and a message (catalog key + parameters).  Rules are set-based SQL;
thresholds come from :class:`CheckOptions`.  Rules of later ledgers register
themselves with :func:`rule`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass
class CheckOptions:
    """Thresholds of the rules (each overridable on the command line)."""

    min_branch_members: int = 3
    max_branch_members: int = 50
    max_households: int = 10
    as_of: str | None = None
    township: str | None = None
    extra: dict = field(default_factory=dict)


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


RULES: list[Rule] = []


def rule(rule_id: str, severity: str) -> Callable[[Callable], Callable]:
    """Register a check rule: ``function(db, options) -> iterable of (subject, message key, params)``."""

    def register(function: Callable) -> Callable:
        RULES.append(Rule(rule_id, severity, function, (function.__doc__ or "").strip()))
        return function

    return register


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


# The modules whose rules register themselves with @rule; each ledger adds its own here.
RULE_MODULES = ("village_gov.ledgers.roster.checks", "village_gov.ledgers.micros.checks",
                "village_gov.ledgers.procedures.checks")


def load_rules() -> list[Rule]:
    """Every registered rule, importing the ledgers' rule modules on first use."""
    import importlib

    for name in RULE_MODULES:
        importlib.import_module(name)
    return RULES


def run_checks(db: Database, options: CheckOptions | None = None, only: list[str] | None = None) -> CheckReport:
    """Run every registered rule (or those in ``only``) and return the findings, most severe first."""
    load_rules()
    options = options or CheckOptions()
    findings = []
    for r in RULES:
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
