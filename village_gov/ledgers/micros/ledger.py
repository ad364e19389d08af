"""Logging one service or activity from the command line: validate like the import, then write one row.

The record goes through the same model and cross-record rules as the YAML
sections; any problem refuses the whole command (exit 2) and nothing is
written.  The new record's code is generated: ``S-<village>-<yyyymmdd>-<n>``
for services and ``A-<village>-<yyyymmdd>-<n>`` for activities, ``n`` one more
than the highest already used for that village and day.
"""

from __future__ import annotations

from pydantic import ValidationError

from village_gov.core.errors import InputError, Problem
from village_gov.ledgers.micros.rules import record_problems

PREFIXES = {"services": "S", "activities": "A"}
# Plain references of the logged records, checked before the cross-record rules.
REFS = {"services": (("village", "villages"), ("household", "households"), ("position", "positions")),
        "activities": (("village", "villages"), ("position", "positions"))}


class PointLookup:
    """The lookup interface of the import's validator, answered by one indexed query per code."""

    db = None

    def __init__(self, db):
        self._db = db

    def get(self, section: str, code: str | None) -> dict | None:
        if code is None:
            return None
        rows = list(self._db.query(f'SELECT * FROM "{section}" WHERE code = ?', [code]))
        return rows[0] if rows else None

    def exists(self, section: str, code: str) -> bool:
        return self._db.execute(f'SELECT 1 FROM "{section}" WHERE code = ?', [code]).fetchone() is not None


def _option(field: str) -> str:
    return "--" + field.replace("_", "-")


def _model_problems(exc: ValidationError) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        field = str(error["loc"][0]) if error["loc"] else "?"
        params = {"field": _option(field), "input": str(error.get("input")), "detail": error.get("msg", "")}
        params.update({k: str(v) for k, v in (error.get("ctx") or {}).items()})
        problems.append(Problem(_option(field), None, None, f"v.{error['type']}", params))
    return problems


def next_code(db, section: str, village: str, date: str) -> str:
    """The next free generated code for this village and day."""
    prefix = f"{PREFIXES[section]}-{village}-{date.replace('-', '')}-"
    used = [row[0][len(prefix):] for row in db.execute(
        f'SELECT code FROM "{section}" WHERE code LIKE ? ESCAPE \'\\\'',
        [prefix.replace("_", "\\_").replace("%", "\\%") + "%"])]
    numbers = [int(n) for n in used if n.isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"


def log_record(db, section: str, values: dict, command: str | None = None) -> str:
    """Validate ``values`` as a record of ``section`` (services/activities), write it, return its code.

    Checked and written under the write lock, with its audit entry (``command``: the command line).
    """
    from village_gov.trail import audit

    with audit.recorded(db, command) as recorder:
        return _log_record(db, recorder, section, values)


def _log_record(db, recorder, section: str, values: dict) -> str:
    from village_gov.ledgers.micros.rules import today
    from village_gov.ledgers import by_name

    values = {k: v for k, v in values.items() if v is not None}
    values.setdefault("date", today().isoformat())
    spec = by_name()[section]
    try:
        record = spec.model.model_validate({"code": "new", **values})
    except ValidationError as exc:
        problems = _model_problems(exc)
        raise InputError("micro_log_invalid", problems=problems, count=len(problems)) from None
    lookup = PointLookup(db)
    problems = [Problem(_option(field), None, None, "dangling_ref",
                        {"field": _option(field), "code": getattr(record, field), "section": target})
                for field, target in REFS[section]
                if getattr(record, field) is not None and not lookup.exists(target, getattr(record, field))]
    if not problems:
        problems = [Problem(_option(field), None, None, key, params)
                    for field, key, params in record_problems(section, record, lookup)]
    if problems:
        raise InputError("micro_log_invalid", problems=problems, count=len(problems))
    code = next_code(db, section, record.village, record.date.isoformat())
    names = ("code", *spec.columns)
    recorder.track(spec.table, code)
    with db.atomic():
        db.conn.execute(
            f'INSERT INTO "{spec.table}" ({", ".join(f"[{n}]" for n in names)}) '
            f'VALUES ({", ".join("?" for _ in names)})', (code, *spec.row(record)))
    return code
