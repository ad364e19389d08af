"""Check rules of the procedures: decision quorum, publication, stalls, supervision, disclosure cadence.

The 2/3 and "more than half" comparisons use integer arithmetic
(``3 * present < 2 * due``), so exactly two thirds present passes and exactly
half approving fails.  Dates are compared with ``options.as_of`` (default today).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from village_gov.core.checks import ERROR, WARNING, rule, township_scope
from village_gov.core.quorum import (
    AT_LEAST_TWO_THIRDS,
    DECISION_REPRESENTATIVES,
    DECISION_REVIEW,
    MORE_THAN_HALF,
    needed,
    quorum,
    quorum_fails_sql,
)
from village_gov.ledgers.procedures.periods import parse_date, period_of, periods_between
from village_gov.ledgers.procedures.terms import STEPS

STALLED_DAYS = 30
PUBLISH_DAYS = 7
DISCLOSURE_CADENCE = {"党务": "quarter", "村务": "quarter", "财务": "month"}
DISCLOSURE_LOOKBACK_MONTHS = 12


@dataclass
class ProcedureCheckOptions:
    """The procedures' thresholds: ``check --stalled-days``, ``--publish-days``, ``--cadence``."""

    stalled_days: int = STALLED_DAYS
    publish_days: int = PUBLISH_DAYS
    disclosure_cadence: dict[str, str] = field(default_factory=dict)
    """Kinds whose cadence differs from :data:`DISCLOSURE_CADENCE`."""
    disclosure_lookback_months: int = DISCLOSURE_LOOKBACK_MONTHS


def _options(options) -> ProcedureCheckOptions:
    return options.for_ledger("procedures", ProcedureCheckOptions)

# The position of each step in the procedure, for SQL.
STEP_INDEX_SQL = "CASE {col} " + " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(STEPS)) + " END"


def step_label(step: str | None) -> str:
    """The step's name in the current language."""
    from village_gov.core.i18n import label

    return label(f"procedures.step_{step}", step or "")


def as_of(options) -> dt.date:
    return parse_date(options.as_of, "--as-of")


def min_present(due: int) -> int:
    """Fewest present making at least two thirds of ``due``: ceil(2·due/3)."""
    return needed(AT_LEAST_TWO_THIRDS, due)


def min_approve(base: int) -> int:
    """Fewest votes making more than half of ``base``."""
    return needed(MORE_THAN_HALF, base)


@rule("decision-quorum", ERROR, label="procedures.rule_name_decision_quorum")
def decision_quorum(db, options):
    """党员大会审议: at least 2/3 of members present and more than half of those due approving;
    村民代表会议决议: at least 2/3 present and more than half of those present approving
    (the shared arithmetic of :mod:`village_gov.core.quorum`)."""
    scope, params = township_scope(options, "d.village")
    review = quorum_fails_sql(DECISION_REVIEW, "s.due", "s.present", "s.approve")
    representatives = quorum_fails_sql(DECISION_REPRESENTATIVES, "s.due", "s.present", "s.approve")
    for code, step, due, present, approve, _body in db.execute(f"""
            SELECT s.decision, s.step, s.due, s.present, s.approve, s.body
            FROM decision_steps s JOIN decisions d ON d.code = s.decision
            WHERE d.archived = 0 {scope} AND (
                (s.step = 'reviewed' AND {review})
                OR (s.step = 'resolved' AND s.body = '村民代表会议' AND {representatives}))
            ORDER BY s.decision, s.step""", params):
        meeting = DECISION_REVIEW if step == "reviewed" else DECISION_REPRESENTATIVES
        for short in quorum(meeting, due, present, approve):
            label_of = {"step": step, "step_label": step_label(step)}
            if short.what == "present":
                yield code, "procedures.rule_quorum_present", {
                    **label_of, "present": present, "due": due, "needed": short.needed}
            else:
                key = "procedures.rule_approve_of_due" if step == "reviewed" else "procedures.rule_approve_of_present"
                yield code, key, {**label_of, "approve": approve, "due": due, "present": present,
                                  "needed": short.needed}


@rule("decision-unpublished", ERROR, label="procedures.rule_name_decision_unpublished")
def decision_unpublished(db, options):
    """A resolution not made public within 7 days of being resolved."""
    scope, params = township_scope(options, "d.village")
    days = _options(options).publish_days
    today = as_of(options).isoformat()
    # A publication dated after the day judged has not happened yet on that day.
    for code, resolved, published in db.execute(f"""
            SELECT d.code, r.date, CASE WHEN p.date <= ? THEN p.date END AS published FROM decisions d
            JOIN decision_steps r ON r.decision = d.code AND r.step = 'resolved'
            LEFT JOIN decision_steps p ON p.decision = d.code AND p.step = 'resolution_published'
            WHERE d.archived = 0 {scope} AND r.date <= ? AND (
                ((p.date IS NULL OR p.date > ?) AND julianday(?) - julianday(r.date) > ?)
                OR (p.date <= ? AND julianday(p.date) - julianday(r.date) > ?))
            ORDER BY d.code""", [today, *params, today, today, today, days, today, days]):
        if published:
            yield code, "procedures.rule_published_late", {"resolved": resolved, "published": published, "days": days}
        else:
            yield code, "procedures.rule_unpublished", {"resolved": resolved, "days": days, "as_of": today}


def stalled_decisions_sql(scope: str) -> str:
    """Decisions not finished by ``as_of`` whose last step (on or before it) is more than N days old.

    Parameters: as_of, *scope params, as_of, days.  Columns: code, village, title, last step, last date.
    """
    index = STEP_INDEX_SQL.format(col="s.step")
    last = STEP_INDEX_SQL.format(col="l.step")
    return f"""
        SELECT d.code, d.village, d.title,
               (SELECT l.step FROM decision_steps l WHERE l.decision = d.code AND l.date <= ?1
                ORDER BY {last} DESC LIMIT 1) AS last_step,
               max(s.date) AS last_date
        FROM decisions d JOIN decision_steps s ON s.decision = d.code AND s.date <= ?1
        WHERE d.archived = 0 {scope}
        GROUP BY d.code
        HAVING max({index}) < {len(STEPS) - 1} AND julianday(?1) - julianday(max(s.date)) > ?2"""


@rule("decision-stalled", WARNING, label="procedures.rule_name_decision_stalled")
def decision_stalled(db, options):
    """A decision not finished with no step for more than 30 days."""
    scope, params = township_scope(options, "d.village")
    scope = scope.replace("?", "?3")
    days = _options(options).stalled_days
    today = as_of(options)
    for code, _village, title, last_step, last_date in db.execute(
            stalled_decisions_sql(scope) + " ORDER BY d.code", [today.isoformat(), days, *params]):
        idle = (today - dt.date.fromisoformat(last_date)).days
        yield code, "procedures.rule_stalled", {"title": title, "step": last_step, "step_label": step_label(last_step),
                                                "date": last_date,
                                                "days": idle}


@rule("decision-no-supervisor", WARNING, label="procedures.rule_name_decision_no_supervisor")
def decision_no_supervisor(db, options):
    """A decision naming no supervisor (村务监督委员会 or a person): the 一监督."""
    scope, params = township_scope(options, "d.village")
    for code, title in db.execute(f"""
            SELECT d.code, d.title FROM decisions d
            WHERE d.archived = 0 AND (d.supervisor IS NULL OR trim(d.supervisor) = '') {scope}
            ORDER BY d.code""", params):
        yield code, "procedures.rule_no_supervisor", {"title": title}


def disclosure_periods(today: dt.date, cadence: dict[str, str], lookback_months: int) -> list[tuple]:
    """``(kind, label, start, end)`` of every period that is over by ``today`` within the look-back."""
    first = today.replace(day=1)
    for _ in range(lookback_months):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    rows = []
    for kind, every in cadence.items():
        for p in periods_between(first, today, every):
            if p.end < today and p.start >= period_of(first, every).start:
                rows.append((kind, p.label, p.start.isoformat(), p.end.isoformat()))
    return rows


@rule("disclosure-overdue", WARNING, label="procedures.rule_name_disclosure_overdue")
def disclosure_overdue(db, options):
    """A village with a 三公开 period over and no disclosure of that kind in it
    (财务 monthly, 党务 and 村务 quarterly; counted from the village's first disclosure)."""
    if db.execute("SELECT 1 FROM disclosures WHERE archived = 0 LIMIT 1").fetchone() is None:
        return
    scope, params = township_scope(options, "v.code")
    thresholds = _options(options)
    cadence = {**DISCLOSURE_CADENCE, **thresholds.disclosure_cadence}
    periods = disclosure_periods(as_of(options), cadence, thresholds.disclosure_lookback_months)
    for (village,) in db.execute(f"""
            SELECT v.code FROM villages v WHERE v.archived = 0 {scope} AND NOT EXISTS (
                SELECT 1 FROM disclosures d WHERE d.village = v.code AND d.archived = 0) ORDER BY v.code""", params):
        yield village, "procedures.rule_no_disclosure", {}
    if not periods:
        return
    values = ", ".join("(?, ?, ?, ?)" for _ in periods)
    for village, kind, label in db.execute(f"""
            WITH periods(kind, label, start, "end") AS (VALUES {values}),
                 firsts AS (SELECT village, min(date) AS first FROM disclosures WHERE archived = 0 GROUP BY village)
            SELECT v.code, p.kind, p.label FROM villages v
            JOIN firsts f ON f.village = v.code JOIN periods p ON p."end" >= f.first
            WHERE v.archived = 0 {scope} AND NOT EXISTS (
                SELECT 1 FROM disclosures d WHERE d.village = v.code AND d.kind = p.kind AND d.archived = 0
                AND d.date BETWEEN p.start AND p."end")
            ORDER BY v.code, p.kind, p.start""", [v for row in periods for v in row] + params):
        yield village, "procedures.rule_disclosure_overdue", {"kind": kind, "period": label}


def procedure_options(as_of_text: str | None, stalled_days: int = STALLED_DAYS, publish_days: int = PUBLISH_DAYS,
                      cadence: list[str] | None = None) -> ProcedureCheckOptions:
    """The procedures' thresholds for :class:`CheckOptions`, validated (bad values: exit 2)."""
    from village_gov.ledgers.procedures.periods import parse_cadences
    from village_gov.ledgers.procedures.terms import DISCLOSURE_ALIASES

    parse_date(as_of_text, "--as-of")
    return ProcedureCheckOptions(stalled_days=stalled_days, publish_days=publish_days,
                                 disclosure_cadence=parse_cadences(cadence, DISCLOSURE_CADENCE, DISCLOSURE_ALIASES))
