"""Dump hook of the decisions: ``steps`` as the mapping ``{step: {date, counts…}}`` in procedure order."""

from __future__ import annotations

import datetime as dt

from village_gov.trail.dump_sections import dump_hook
from village_gov.trail.records import generic_records


@dump_hook("decisions")
def decisions(db, section) -> list[dict]:
    from village_gov.ledgers.procedures.models import STEPS

    fields = ("date", "due", "present", "approve", "oppose", "abstain", "body")
    steps: dict[str, dict[str, dict]] = {}
    for decision, step, *values in db.conn.execute(
            f"SELECT decision, step, {', '.join(fields)} FROM decision_steps"):
        item = {k: v for k, v in zip(fields, values) if v is not None}
        item["date"] = dt.date.fromisoformat(item["date"])
        steps.setdefault(decision, {})[step] = item
    extra = {code: {"steps": {name: recorded[name] for name in STEPS if name in recorded}}
             for code, recorded in steps.items()}
    return generic_records(db, section, extra=extra)
