"""Dump hook of the development records: the meetings and ``stopped`` as the mappings the import takes,
the assessments as dates."""

from __future__ import annotations

import datetime as dt
import json

from village_gov.trail.dump_sections import dump_hook
from village_gov.trail.records import generic_records


def _meeting(date, voting, present, approve) -> dict | None:
    if date is None:
        return None
    return {"date": dt.date.fromisoformat(date), "voting": voting, "present": present, "approve": approve}


def extra_fields(db, code: str | None = None) -> dict[str, dict]:
    """``{code: {field: value}}`` of the fields not kept as columns of their own (all records, or ``code``)."""
    where, params = ("WHERE code = ?", [code]) if code else ("", [])
    extra = {}
    for row_code, assessments, *rest in db.conn.execute(f"""
            SELECT code, assessments, meeting_date, meeting_voting, meeting_present, meeting_approve,
                   conversion_date, conversion_voting, conversion_present, conversion_approve,
                   stopped_date, stopped_reason FROM development {where}""", params):
        stopped = None
        if rest[8] is not None:
            stopped = {"date": dt.date.fromisoformat(rest[8]), **({"reason": rest[9]} if rest[9] else {})}
        extra[row_code] = {"assessments": [dt.date.fromisoformat(d) for d in json.loads(assessments or "[]")],
                           "meeting": _meeting(*rest[0:4]), "conversion_meeting": _meeting(*rest[4:8]),
                           "stopped": stopped}
    return extra


@dump_hook("development")
def development(db, section) -> list[dict]:
    records = generic_records(db, section, extra=extra_fields(db))
    for record in records:  # an empty list is left out, as the file would leave it
        for key in ("contacts", "assessments", "introducers"):
            if record.get(key) == []:
                del record[key]
    return records
