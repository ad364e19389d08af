"""四议两公开一监督 decisions: create, add a step, show one as a timeline, list (and find the stalled)."""

from __future__ import annotations

import datetime as dt
import json

from village_gov.core import clock
from village_gov.core.errors import InputError
from village_gov.ledgers.procedures.ledger import exists, refuse, write_record
from village_gov.ledgers.procedures.models import STEP_ALIASES, STEPS
from village_gov.trail import audit

STEP_FIELDS = ("date", "due", "present", "approve", "oppose", "abstain", "body")
LIST_COLUMNS = [
    ("code", "label.code"),
    ("village", "label.village"),
    ("title", "procedures.col_title"),
    ("last_step", "procedures.col_last_step"),
    ("last_date", "label.date"),
    ("idle_days", "procedures.col_idle_days"),
    ("status", "label.status"),
]
STEP_COLUMNS = [
    ("step", "procedures.col_step"),
    ("label", "label.name"),
    ("date", "label.date"),
    ("days", "procedures.col_days_after"),
    ("due", "procedures.col_due"),
    ("present", "procedures.col_present"),
    ("approve", "procedures.col_approve"),
    ("oppose", "procedures.col_oppose"),
    ("abstain", "procedures.col_abstain"),
    ("body", "procedures.col_body"),
]


def canonical_step(name: str) -> str:
    """A step name given in English or Chinese, as stored; refused if unknown."""
    step = STEP_ALIASES.get(name.strip(), name.strip().lower())
    if step not in STEPS:
        raise InputError("procedures.unknown_step", step=name, steps=", ".join(STEPS))
    return step


def _step_date(value: str, code: str) -> str:
    """A step's ``--date`` read by the one date parser; refused as the decision's problem (``proc_refused``)."""
    from village_gov.core.errors import Problem
    from village_gov.core.i18n import t
    from village_gov.core.periods import parse_date

    try:
        return parse_date(value, "--date").isoformat()
    except InputError as error:
        raise InputError("procedures.refused", problems=[Problem(t("procedures.command_line"), None, None, error.key,
                                                           error.params, record=code)], code=code) from None


def new_decision(db, *, code: str, village: str, title: str, date: str, category: str | None = None,
                 supervisor: str | None = None, command: str | None = None) -> None:
    """Open a decision with its first step (党组织提议) on ``date``, with its audit entry."""
    date = _step_date(date, code)
    with audit.recorded(db, command) as recorder:
        if exists(db, "decisions", code):
            refuse("procedures.exists", code, section="decisions")
        write_record(db, "decisions", {"code": code, "village": village, "title": title, "category": category,
                                       "supervisor": supervisor, "steps": {"proposed": {"date": date}}}, recorder)


def stored_decision(db, code: str) -> dict:
    """The decision as an input record (with its steps), or a refusal naming the code."""
    row = db.execute("SELECT code, village, title, category, supervisor FROM decisions WHERE code = ?",
                     [code]).fetchone()
    if row is None:
        raise InputError("cmd.not_found", what=_what(), code=code)
    record = dict(zip(("code", "village", "title", "category", "supervisor"), row))
    steps = {}
    for step, *values in db.execute(f"SELECT step, {', '.join(STEP_FIELDS)} FROM decision_steps "
                                    "WHERE decision = ?", [code]):
        steps[step] = {k: v for k, v in zip(STEP_FIELDS, values) if v is not None}
    record["steps"] = steps
    return record


def add_step(db, code: str, step: str, values: dict, command: str | None = None) -> None:
    """Record ``step`` of decision ``code``; refused if already recorded, out of order or with bad counts."""
    step = canonical_step(step)
    if values.get("date") is not None:
        values = dict(values, date=_step_date(values["date"], code))
    with audit.recorded(db, command) as recorder:
        record = stored_decision(db, code)
        if step in record["steps"]:
            refuse("procedures.step_exists", code, step=step, date=record["steps"][step]["date"])
        given = {k: v for k, v in values.items() if v is not None}
        record["steps"][step] = given
        write_record(db, "decisions", record, recorder)


def _what() -> str:
    from village_gov.core.i18n import label

    return label("section.decisions")


def show_decision(db, code: str) -> dict:
    """The decision and all six steps in order (unrecorded ones without a date), days between steps."""
    record = stored_decision(db, code)
    from village_gov.core.i18n import label

    timeline: list[dict] = []
    previous = None
    for step in STEPS:
        values = record["steps"].get(step, {})
        date = values.get("date")
        days = (dt.date.fromisoformat(date) - dt.date.fromisoformat(previous)).days if date and previous else None
        timeline.append({"step": step, "label": label(f"procedures.step_{step}", step), "date": date, "days": days,
                         **{k: values.get(k) for k in STEP_FIELDS[1:]}})
        previous = date or previous
    record["steps"] = timeline
    return record


def list_decisions(db, *, village: str | None = None, stalled: bool = False, as_of: dt.date | None = None,
                   stalled_days: int = 30, page: int | None = None) -> tuple[list, list[dict]]:
    """Decisions with their last step and how long they have waited; only the stalled ones if asked.

    ``page`` (a table's ``--limit``): only the first ``page`` decisions are read, with the count of
    all (a :class:`~village_gov.core.filters.Page`)."""
    from village_gov.core.i18n import label
    from village_gov.ledgers.procedures.checks import STEP_INDEX_SQL, stalled_decisions_sql

    as_of = as_of or clock.today()
    params: list = [village] if village else []
    scope = "AND d.village = ?3" if village else ""
    shown, total = _page_codes(db, scope, params, stalled, as_of, stalled_days, page) if page else (None, None)
    # The stalled ones among the decisions shown (all of them without a page).
    if shown is not None:
        scope, params = f"{scope} AND d.code IN (SELECT value FROM json_each(?4))", [village, json.dumps(shown)]
    stalled_codes = {r[0] for r in db.execute(stalled_decisions_sql(scope), [as_of.isoformat(), stalled_days, *params])}
    index = STEP_INDEX_SQL.format(col="s.step")
    rows = []
    for code, vil, title, last_index, last_date in db.execute(f"""
            SELECT d.code, d.village, d.title, max({index}), max(s.date)
            FROM decisions d LEFT JOIN decision_steps s ON s.decision = d.code
            WHERE d.archived = 0 {scope.replace('?3', '?1').replace('?4', '?2')} GROUP BY d.code ORDER BY d.code""",
            params):
        if stalled and code not in stalled_codes:
            continue
        step = STEPS[last_index] if last_index is not None else None
        status = ("finished" if step == STEPS[-1] else "stalled" if code in stalled_codes else "open")
        idle = (as_of - dt.date.fromisoformat(last_date)).days if last_date and status != "finished" else None
        rows.append({"code": code, "village": vil, "title": title, "last_step": step,
                     "last_step_label": label(f"procedures.step_{step}", step or ""), "last_date": last_date,
                     "idle_days": idle, "status": status})
    if total is None:
        return LIST_COLUMNS, rows
    from village_gov.core.filters import Page

    return LIST_COLUMNS, Page(rows, total)


def _page_codes(db, scope: str, params: list, stalled: bool, as_of: dt.date, stalled_days: int,
                page: int) -> tuple[list[str], int]:
    """The codes of the first ``page`` decisions of the list (in code order) and how many it holds."""
    if stalled:
        from village_gov.ledgers.procedures.checks import stalled_decisions_sql

        codes = sorted(r[0] for r in db.execute(stalled_decisions_sql(scope),
                                                [as_of.isoformat(), stalled_days, *params]))
        return codes[:page], len(codes)
    where = f"WHERE d.archived = 0 {scope.replace('?3', '?')}"
    total = db.execute(f"SELECT count(*) FROM decisions d {where}", params).fetchone()[0]
    codes = [r[0] for r in db.execute(f"SELECT d.code FROM decisions d {where} ORDER BY d.code LIMIT ?",
                                      [*params, page])]
    return codes, total
