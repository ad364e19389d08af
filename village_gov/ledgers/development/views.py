"""``develop show`` (one record as a timeline) and ``develop list`` (where each record stands)."""

from __future__ import annotations

import datetime as dt

from village_gov.ledgers.development.terms import LIST_STAGES

TIMELINE_COLUMNS = [("stage", "development.col_stage"), ("label", "label.name"), ("date", "label.date"),
                    ("days", "development.col_days"), ("note", "development.col_note")]
LIST_COLUMNS = [("code", "label.code"), ("name", "label.name"), ("village", "label.village"),
                ("standing", "development.col_standing"), ("since", "label.date"),
                ("overdue", "development.col_overdue")]


def _note(stage: str, record: dict) -> str | None:
    from village_gov.core.i18n import t

    value = record.get(stage)
    if isinstance(value, dict) and "voting" in value:
        return t("development.votes", voting=value["voting"], present=value["present"], approve=value["approve"])
    if stage == "stopped" and value:
        return value.get("reason")
    if stage == "target" and record.get("training_hours") is not None:
        return t("development.hours", hours=record["training_hours"])
    if stage == "sworn" and record.get("extension_months"):
        return t("development.extension", months=record["extension_months"])
    return None


def _events(record: dict) -> list[tuple[str, object]]:
    from village_gov.ledgers.development.terms import STAGES

    events: list[tuple[str, object]] = []
    for stage in STAGES:
        value = record.get(stage)
        events.append((stage, value.get("date") if isinstance(value, dict) else value))
        if stage == "activist":
            events += [("assessment", day) for day in record.get("assessments", [])]
    if record.get("stopped"):
        events.append(("stopped", record["stopped"]["date"]))
    return events


def show_record(db, code: str, as_of: dt.date | None = None) -> dict:
    """The record, its timeline (every stage, unrecorded ones without a date; days since the previous
    recorded one), where it stands, and the findings of the development rules about it."""
    from village_gov.core.i18n import label
    from village_gov.ledgers.development.commands import stored_record

    record = stored_record(db, code)
    timeline: list[dict] = []
    previous: str | None = None
    for stage, day in _events(record):
        text = day.isoformat() if isinstance(day, dt.date) else (str(day) if day else None)
        days = (dt.date.fromisoformat(text) - dt.date.fromisoformat(previous)).days if text and previous else None
        timeline.append({"stage": stage, "label": label(f"development.stage_{stage}", stage), "date": text,
                         "days": days, "note": _note(stage, record) if text else None})
        previous = text or previous
    findings = record_findings(db, as_of, [code]).get(code, [])
    shown = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in record.items()
             if k in ("code", "name", "gender", "born", "village", "org", "source", "education", "contacts",
                      "introducers", "member")}
    return {**shown, "standing": standing_of(record), "timeline": timeline, "findings": findings}


def record_findings(db, as_of: dt.date | None, codes: list[str] | None = None) -> dict[str, list[dict]]:
    """``{code: [finding as a dict]}`` of the development rules (only ``codes`` when given)."""
    from village_gov.core.checks import CheckOptions, Finding, load_rules

    options = CheckOptions(as_of=as_of.isoformat() if as_of else None)
    found: dict[str, list[dict]] = {}
    for rule in load_rules():
        if not rule.id.startswith("development-"):
            continue
        for subject, key, params in rule.function(db, options):
            if codes is None or subject in codes:
                found.setdefault(subject, []).append(Finding(rule.id, rule.severity, subject, key, params).as_dict())
    return found


def standing_of(record: dict) -> str:
    """Where the record stands: stopped, full, probationary, target, activist or applicant."""
    if record.get("stopped"):
        return "stopped"
    for stage, standing in (("conversion_approved", "full"), ("approved", "probationary"), ("target", "target"),
                            ("activist", "activist")):
        if record.get(stage):
            return standing
    return "applicant"


_STANDING_SQL = """CASE WHEN stopped_date IS NOT NULL THEN 'stopped' WHEN conversion_approved IS NOT NULL THEN 'full'
    WHEN approved IS NOT NULL THEN 'probationary' WHEN target IS NOT NULL THEN 'target'
    WHEN activist IS NOT NULL THEN 'activist' ELSE 'applicant' END"""
_SINCE_SQL = (f"CASE {_STANDING_SQL} WHEN 'stopped' THEN stopped_date WHEN 'full' THEN conversion_approved "
              "WHEN 'probationary' THEN approved WHEN 'target' THEN target WHEN 'activist' THEN activist "
              "ELSE applied END")


def list_records(db, *, village: str | None = None, stage: str | None = None, overdue: bool = False,
                 as_of: dt.date | None = None, township: str | None = None) -> tuple[list, list[dict]]:
    """Records with where they stand and since when, and the rules they break (``overdue``: only those
    with an error finding)."""
    from village_gov.core.errors import InputError
    from village_gov.core.i18n import label

    if stage is not None and stage not in LIST_STAGES:
        raise InputError("development.unknown_stage", stage=stage, stages=", ".join(LIST_STAGES))
    clauses = [("village = ?", village), ("village IN (SELECT code FROM villages WHERE township = ?)", township),
               (f"({_STANDING_SQL}) = ?", stage)]
    where = "".join(f" AND {sql}" for sql, value in clauses if value is not None)
    params = [value for _, value in clauses if value is not None]
    findings = record_findings(db, as_of)
    rows = []
    for code, name, vil, standing, since in db.execute(
            f"SELECT code, name, village, {_STANDING_SQL}, {_SINCE_SQL} FROM development "
            f"WHERE archived = 0{where} ORDER BY code", params):
        errors = sorted({f["rule"] for f in findings.get(code, []) if f["severity"] == "error"})
        if overdue and not errors:
            continue
        rows.append({"code": code, "name": name, "village": vil, "standing": standing,
                     "standing_label": label(f"development.standing_{standing}", standing), "since": since,
                     "overdue": errors})
    return LIST_COLUMNS, rows
