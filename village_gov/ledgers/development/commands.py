"""``develop add`` / ``develop step``: a development record written from the command line.

Each command builds the whole record and writes it with :func:`village_gov.core.write.write_record`
(the model, the section's references and the import rules: the same checks as a YAML import), inside
one audited transaction.  A refusal names the option that gave the bad value (exit 2, nothing written).
"""

from __future__ import annotations

from typing import Any

from village_gov.core.errors import InputError, Problem
from village_gov.ledgers.development.terms import STAGES

STEP_STAGES = (*STAGES[1:], "assessment", "stopped")
"""What ``develop step --stage`` records (the application is recorded by ``develop add``)."""
MEETINGS = ("meeting", "conversion_meeting")
OPTIONS = {"name": "--name", "gender": "--gender", "born": "--born", "village": "--village", "org": "--org",
           "source": "--source", "education": "--education", "applied": "--applied", "talked": "--talked",
           "training_hours": "--hours", "contacts": "--contact", "introducers": "--introducer",
           "extension_months": "--extension", "member": "--member"}


def refuse(key: str, code: str, **params) -> None:
    """Refuse a command about record ``code`` (exit 2, nothing written)."""
    from village_gov.core.i18n import t

    raise InputError("development.refused", problems=[Problem(t("procedures.command_line"), None, None, key,
                                                               dict(params, code=code), record=code)],
                     code=code, count=1)


def _write(db, record: dict, recorder) -> None:
    from village_gov.core.write import write_record

    write_record(db, "development", record, recorder=recorder, options=OPTIONS, refusal="development.refused",
                 refusal_params={"code": record.get("code")})


def add_record(db, values: dict, command: str | None = None) -> str:
    """Open a record (``values``: code, name … applied); refused if the code exists."""
    from village_gov.trail import audit

    code = values["code"]
    with audit.recorded(db, command) as recorder:
        if db.execute("SELECT 1 FROM development WHERE code = ?", [code]).fetchone():
            refuse("development.exists", code)
        _write(db, {k: v for k, v in values.items() if v is not None}, recorder)
    return code


def stored_record(db, code: str) -> dict:
    """The record ``code`` in the import format, or a refusal naming the code."""
    from village_gov.core.i18n import label
    from village_gov.ledgers import by_name
    from village_gov.ledgers.development.dump import extra_fields
    from village_gov.trail.records import generic_records

    section = by_name()["development"]
    found = generic_records(db, section, where="WHERE code = ?", params=[code], extra=extra_fields(db, code))
    if not found:
        raise InputError("cmd.not_found", what=label("section.development"), code=code)
    return found[0]


def canonical_stage(name: str) -> str:
    """A stage given in English or by its Chinese name; refused if unknown."""
    from village_gov.ledgers.development.messages import MESSAGES

    given = name.strip()
    for stage in STEP_STAGES:
        if given.lower() == stage or given == MESSAGES[f"development.stage_{stage}"][0]:
            return stage
    raise InputError("development.unknown_stage", stage=name, stages=", ".join(STEP_STAGES))


def _recorded(record: dict, stage: str, date) -> Any:
    if stage == "assessment":
        return date if date in record.get("assessments", []) else None
    value = record.get(stage)
    return value.get("date") if isinstance(value, dict) else value


def add_step(db, code: str, stage: str, date: str, extra: dict, command: str | None = None) -> str:
    """Record ``stage`` of record ``code`` on ``date`` (``extra``: votes, hours, contacts … given with it)."""
    from village_gov.core.i18n import label
    from village_gov.core.periods import parse_date
    from village_gov.trail import audit

    stage = canonical_stage(stage)
    day = parse_date(date, "--date")
    votes = {k: extra.pop(k, None) for k in ("voting", "present", "approve")}
    reason = extra.pop("reason", None)
    with audit.recorded(db, command) as recorder:
        record = stored_record(db, code)
        done = _recorded(record, stage, day)
        if done is not None:
            refuse("development.stage_exists", code, stage_label=label(f"development.stage_{stage}"), date=str(done))
        if stage in MEETINGS:
            if None in votes.values():
                refuse("development.needs_votes", code, stage_label=label(f"development.stage_{stage}"))
            record[stage] = {"date": day, **votes}
        elif stage == "assessment":
            record["assessments"] = sorted([*record.get("assessments", []), day])
        elif stage == "stopped":
            record["stopped"] = {"date": day, **({"reason": reason} if reason else {})}
        else:
            record[stage] = day
        record.update({k: v for k, v in extra.items() if v not in (None, [])})
        _write(db, record, recorder)
    return stage
