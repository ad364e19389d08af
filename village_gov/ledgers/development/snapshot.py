"""The development records as they stood on a day: the ``dev`` common table expression every rule reads.

A date after the day judged has not happened yet on that day: it reads as not recorded (a meeting
after it has no counts either), so ``check --as-of`` and the monthly report judge a past day as it
was.  ``judged`` is the day a missing stage is judged at: the day itself, or the day the process
stopped when it stopped before.  ``development-order`` alone reads the dates as written, to report
those after the day.
"""

from __future__ import annotations

import datetime as dt

from village_gov.ledgers.development.dates import months_after_sql
from village_gov.ledgers.development.terms import STAGES

_MASKED = ("applied", "talked", "activist", "target", "review", "committee", "prereview", "approved", "sworn",
           "conversion_approved")
_MEETINGS = ("meeting", "conversion")
_PLAIN = ("name", "gender", "born", "village", "org", "source", "education", "contacts", "assessments",
          "training_hours", "introducers", "extension_months", "member")


def snapshot_sql(day: dt.date, scope: str = "") -> str:
    """``dev AS (…)``: the live records on ``day`` (``scope``: an ``AND …`` clause on ``village``)."""
    d = f"'{day.isoformat()}'"  # a date object's ISO text: no quoting needed
    masked = [f"CASE WHEN {c} <= {d} THEN {c} END AS {c}" for c in _MASKED]
    for meeting in _MEETINGS:
        held = f"{meeting}_date <= {d}"
        masked += [f"CASE WHEN {held} THEN {meeting}_{f} END AS {meeting}_{f}"
                   for f in ("date", "voting", "present", "approve")]
    stopped = f"CASE WHEN stopped_date <= {d} THEN stopped_date END"
    columns = ", ".join(["code", *_PLAIN, *masked, f"{stopped} AS stopped_date",
                         f"coalesce({stopped}, {d}) AS judged"])
    return f"dev AS (SELECT {columns} FROM development WHERE archived = 0 {scope})"


def stage_column(stage: str) -> str:
    """The column of a stage's date (the meetings are kept in ``meeting_date``, ``conversion_date``)."""
    return {"meeting": "meeting_date", "conversion_meeting": "conversion_date"}.get(stage, stage)


def last_stage_sql() -> str:
    """The latest recorded date of a ``dev`` row: any stage or assessment (``''`` when none)."""
    stages = ", ".join(f"coalesce({stage_column(s)}, '')" for s in STAGES)
    assessed = "coalesce((SELECT max(value) FROM json_each(assessments) WHERE value <= judged), '')"
    return f"max({stages}, {assessed})"


def deadline_sql(day: str, months: str) -> str:
    """``months`` after ``day``: see :mod:`village_gov.ledgers.development.dates`."""
    return months_after_sql(day, months)
