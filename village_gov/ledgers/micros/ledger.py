"""Logging one service or activity from the command line, through :func:`village_gov.core.write.write_record`.

The record goes through the same model and cross-record rules as the YAML
sections; any problem refuses the whole command (exit 2) and nothing is
written.  The new record's code is generated: ``S-<village>-<yyyymmdd>-<n>``
for services and ``A-<village>-<yyyymmdd>-<n>`` for activities, ``n`` one more
than the highest already used for that village and day.
"""

from __future__ import annotations

PREFIXES = {"services": "S", "activities": "A"}
OPTIONS = {"date": "--date", "village": "--village", "kind": "--kind", "provider": "--provider",
           "household": "--household", "hours": "--hours", "content": "--content", "position": "--position",
           "title": "--title", "organizer": "--organizer", "participants": "--participants"}


def log_record(db, section: str, values: dict, command: str | None = None) -> str:
    """Validate ``values`` as a record of ``section`` (services/activities), write it, return its code.

    Checked and written under the write lock, with its audit entry (``command``: the command line).
    """
    from village_gov.core.clock import today
    from village_gov.core.write import next_code, write_record
    from village_gov.trail import audit

    values = dict(values, date=values.get("date") or today())
    with audit.recorded(db, command) as recorder:
        record = write_record(
            db, section, values, recorder=recorder, options=OPTIONS,
            code=lambda r: next_code(db, section, f"{PREFIXES[section]}-{r.village}-{r.date:%Y%m%d}"))
    return record.code
