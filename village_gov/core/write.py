"""Writing one record from the command line: the same checks as an import, one transaction, one audit entry.

A command collects its option values into a plain dict and calls :func:`write_record`.
The record goes through what an import does to a record of its section: the model
(types, choices, lengths, control characters), the references of the section
(``Section.refs``) and the cross-record rules (every ledger's ``import_rules``), with the
database standing for the rest of the batch.  Any problem refuses the command
(:class:`InputError`, exit 2) and nothing is written; otherwise the record is
written as an import writes it, inside the command's :func:`village_gov.trail.audit.recorded`
transaction, so its audit entry is the command's.

Also here: the one generator of record codes (:func:`next_code`); dates given as option
values are read by the one parser, :func:`village_gov.core.periods.parse_date`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, cast, get_args

from village_gov.core.errors import InputError, Problem
from village_gov.core.periods import parse_date

if TYPE_CHECKING:
    from pydantic import BaseModel
    from sqlite_utils import Database

    from village_gov.core.yamlio import Mapping
    from village_gov.trail.audit import Recorder

NEW_CODE = "(new)"
"""The code a record is checked under when its code is generated once it is known to be valid."""

def next_code(db: Database, table: str, prefix: str) -> str:
    """``prefix-N``, N one more than the highest number already used after ``prefix-`` in ``table``
    (or by a record voided out of it).

    Only codes starting with exactly ``prefix-`` and ending in digits count (no pattern
    matching: ``_`` or ``%`` in a village code are plain characters).
    """
    from village_gov.core.voids import voided_table_codes

    start = prefix + "-"
    live = [rest for (rest,) in db.execute(
        f'SELECT substr(code, ?) FROM "{table}" WHERE substr(code, 1, ?) = ?', [len(start) + 1, len(start), start])]
    # A voided code is never given again: the voided record keeps it.
    voided = [code[len(start):] for code in voided_table_codes(db.conn, table) if code.startswith(start)]
    numbers = [int(rest) for rest in (*live, *voided) if rest and rest.isascii() and rest.isdigit()]
    return f"{start}{max(numbers, default=0) + 1}"


def command_line_record(values: dict, where: str) -> Mapping:
    """``values`` (``None`` left out) as the validator's :class:`~village_gov.core.yamlio.Mapping`.

    Each top-level key gets its own position (line = its index + 1), so a problem can be
    traced back to the key, hence to the option that gave it; nested mappings have none.
    """
    from village_gov.core.yamlio import Mapping

    def build(data: Any, marks: bool) -> Any:
        if not isinstance(data, dict):
            return data
        mapping = Mapping({k: build(v, False) for k, v in data.items() if v is not None})
        mapping.file, mapping.line, mapping.column = where, None, None
        mapping.marks = {k: (i, 0) for i, k in enumerate(mapping, start=1)} if marks else {}
        mapping.key_marks = {}
        return mapping

    return build(values, True)


def _dates(model: type[BaseModel], values: dict, options: dict[str, str], where: str,
           record: str | None) -> tuple[dict, list[Problem]]:
    """The record's date fields given as text, read by :func:`parse_date` (a bad one as a problem)."""
    parsed, problems = dict(values), []
    for name, value in values.items():
        field = model.model_fields.get(name)
        if (not isinstance(value, str) or field is None
                or dt.date not in (field.annotation, *get_args(field.annotation))):
            continue
        try:
            parsed[name] = parse_date(value, options.get(name, name))
        except InputError as error:
            problems.append(Problem(options.get(name, where), None, None, error.key, error.params,
                                    record=None if name in options else record))
    return parsed, problems


def _located(problem: Problem, item: Mapping, where: str, options: dict[str, str], generated: bool) -> Problem:
    """A problem of the command's record pointing at the option that gave the value, or at the command line."""
    if problem.file != where:
        return problem
    keys = list(item)
    key = keys[problem.line - 1] if problem.line and 0 < problem.line <= len(keys) else None
    option = options.get(key) if key else None
    params = problem.params
    if option and params.get("field") == key:
        params = {**params, "field": option}
    return dataclasses.replace(problem, file=option or where, line=None, column=None, params=params,
                               record=None if generated else problem.record)


def check_fields(section: str, values: dict, options: dict[str, str], refusal: str = "cmd.record_refused") -> dict:
    """Values for some fields of a record of ``section`` (a command changing a stored record), checked by the
    types of those fields in the section's model, as an import checks them; returns them as the model reads them.

    Refused like :func:`write_record` (``refusal``, problems naming the options).
    """
    from pydantic import TypeAdapter, ValidationError

    from village_gov.core.value_problems import problem_from_error
    from village_gov.ledgers import by_name

    spec = by_name()[section]
    item = command_line_record(values, "")
    checked, problems = {}, []
    for name, value in item.items():
        field = spec.model.model_fields[name]
        try:
            annotated = (field.annotation, *field.metadata)
            kind: Any = Annotated[annotated] if field.metadata else field.annotation
            checked[name] = TypeAdapter(kind).validate_python(value)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                error = {**error, "loc": (0, name, *error["loc"])}
                problem = problem_from_error(error, item, spec)
                problems.append(dataclasses.replace(problem, file=options.get(name, name), line=None, column=None,
                                                    params={**problem.params, "field": options.get(name, name)}))
    if problems:
        raise InputError(refusal, problems=problems, count=len(problems))
    return checked


def write_record(db: Database, section: str, values: dict, *, recorder: Recorder | None = None,
                 code: str | Callable[[Any], str] | None = None, options: dict[str, str] | None = None,
                 refusal: str = "cmd.record_refused", refusal_params: dict | None = None,
                 before_write: Callable[[Any], None] | None = None) -> Any:
    """Check ``values`` as one record of ``section`` and write it (added, or changed if its code exists).

    ``code``: the record's code (else ``values["code"]``), or a function of the valid record
    returning the generated one (the record is then checked under :data:`NEW_CODE`).
    ``options``: field → option name, so a problem names the option (``--household 指向…``);
    problems of other fields point at the command line.  ``refusal`` (with ``refusal_params``
    and ``count``) is the key of the :class:`InputError` listing the problems.
    ``before_write(record)``: the command's own checks of the valid record (it may raise).
    Called inside :func:`village_gov.trail.audit.recorded`: ``recorder`` tracks the record for the
    audit entry.  Returns the record as written.
    """
    from village_gov.core.batch import Batch
    from village_gov.core.changes import apply_changes, diff_batch
    from village_gov.core.i18n import t
    from village_gov.core.validate import validate_record
    from village_gov.ledgers import by_name

    spec = by_name()[section]
    generate = code if callable(code) else None
    options = options or {}
    where = t("procedures.command_line")
    given_code = None if generate else cast("str | None", code or values.get("code"))
    values, problems = _dates(spec.model, values, options, where, given_code)
    given = {**values, "code": NEW_CODE if generate else (code or values.get("code"))}
    item = command_line_record(given, where)
    if not problems:
        batch, problems = validate_record(spec, item, db)
    if problems:
        located = [_located(p, item, where, options, generate is not None) for p in problems]
        raise InputError(refusal, problems=located, count=len(located), **(refusal_params or {}))
    (entry,) = batch.section(section).values()
    if generate:
        entry = entry.with_record(entry.record.model_copy(update={"code": generate(entry.record)}))
        batch = Batch({section: {entry.record.code: entry}})
    if before_write:
        before_write(entry.record)
    if recorder is not None:
        recorder.track(spec.table, entry.record.code)
    changes = diff_batch(db, batch, prune=False)
    with db.atomic():
        db.conn.execute("PRAGMA defer_foreign_keys = ON")
        apply_changes(db, changes, imported=False)
    return entry.record
