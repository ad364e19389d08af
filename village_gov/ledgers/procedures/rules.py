"""Rules across a decision's steps and across records that make an import (or a command) invalid.

These are input errors (exit 2), not ``check`` findings: a step recorded
before its predecessor, or dated before it, cannot be right.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from village_gov.core.batch import Batch, Lookup
from village_gov.core.errors import Problem
from village_gov.core.validate import semantic_check
from village_gov.ledgers.procedures.models import STEPS


def step_order_problems(dates: dict[str, dt.date | str]) -> list[tuple[str, str, dict]]:
    """``(step, message key, params)`` for each step recorded without its predecessor or dated before it.

    ``dates`` maps the recorded step names to their dates (any order).
    """
    problems = []
    previous: tuple[str, str] | None = None
    for index, name in enumerate(STEPS):
        if name not in dates:
            continue
        date = str(dates[name])
        missing = [s for s in STEPS[:index] if s not in dates]
        if missing:
            problems.append((name, "procedures.step_gap", {"step": name, "missing": missing[-1]}))
        if previous and date < previous[1]:
            problems.append((name, "procedures.step_backwards", {"step": name, "date": date,
                                                            "previous": previous[0], "previous_date": previous[1]}))
        if previous is None or date >= previous[1]:
            previous = (name, date)
    return problems


@semantic_check
def decision_steps_in_order(batch: Batch, lookup: Lookup) -> list[Problem]:
    """A decision's steps follow 四议两公开 in order, each dated on or after the one before."""
    problems = []
    for code, entry in batch.section("decisions").items():
        recorded = entry.record.steps.recorded()
        steps_node: Any = entry.source.get("steps")  # a Mapping when the file wrote one
        for step, key, params in step_order_problems({n: s.date for n, s in recorded}):
            file, line, column = entry.at("steps")
            if hasattr(steps_node, "mark_of"):
                raw_key = next((k for k in steps_node if _canonical_step(k) == step), step)
                line, column = steps_node.mark_of(raw_key)
            problems.append(Problem(file, line, column, key, params, record=code))
    return problems


def _canonical_step(key) -> str:
    from village_gov.ledgers.procedures.models import STEP_ALIASES

    return STEP_ALIASES.get(key, key) if isinstance(key, str) else key


def household_village(lookup, household: str) -> str | None:
    """The village of a household (through its group), from the batch or the database."""
    row = lookup.get("households", household)
    group = lookup.get("groups", row["group"]) if row else None
    return group["village"] if group else None


@semantic_check
def moral_entry_household_in_village(batch: Batch, lookup: Lookup) -> list[Problem]:
    """A red/black list entry names a household of its own village."""
    problems = []
    for code, entry in batch.section("moral_list").items():
        record = entry.record
        village = household_village(lookup, record.household)
        if village is not None and village != record.village:
            problems.append(Problem(*entry.at("household"), "procedures.household_other_village",
                                    {"household": record.household, "village": record.village,
                                     "household_village": village}, record=code))
    return problems


@semantic_check
def no_future_dates(batch: Batch, lookup: Lookup) -> list[Problem]:
    """Nothing in the procedures' ledgers is dated after today (``$VILLAGE_GOV_TODAY``): a record of
    something that has not happened yet is a typing mistake."""
    from village_gov.core import clock

    today = clock.today()
    problems = []
    for code, entry in batch.section("decisions").items():
        steps_node: Any = entry.source.get("steps")  # a Mapping when the file wrote one
        for step, recorded in entry.record.steps.recorded():
            if recorded.date > today:
                file, line, column = entry.at("steps")
                if hasattr(steps_node, "mark_of"):
                    raw_key = next((k for k in steps_node if _canonical_step(k) == step), step)
                    line, column = steps_node.mark_of(raw_key)
                problems.append(Problem(file, line, column, "procedures.future_date",
                                        {"field": step, "date": recorded.date.isoformat()}, record=code))
    for section in ("disclosures", "party_meetings", "moral_list", "points"):
        for code, entry in batch.section(section).items():
            if entry.record.date > today:
                problems.append(Problem(*entry.at("date"), "procedures.future_date",
                                        {"field": "date", "date": entry.record.date.isoformat()}, record=code))
    return problems
