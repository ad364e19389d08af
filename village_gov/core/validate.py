"""From loaded YAML documents to a checked batch of records, or a list of every problem found.

Like a ledger loader, validation never stops at the first error: it returns
all problems, each pointing at ``file:line:column`` and naming the record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING, Any, cast

from pydantic import BaseModel, TypeAdapter, ValidationError

from village_gov.core.batch import Batch, Entry, Lookup, PointLookup
from village_gov.core.compact import SharedValues
from village_gov.core.errors import MAX_PROBLEMS, Problem, SheetFile, place
from village_gov.core.sections import Ref, Section
from village_gov.core.value_problems import did_you_mean, numeric_columns, out_of_range, problem_from_error, short_value
from village_gov.core.voids import voided_problems
from village_gov.core.yamlio import Mapping
from village_gov.ledgers import by_name, import_rules

if TYPE_CHECKING:
    from sqlite_utils import Database



_ADAPTERS: dict[type, TypeAdapter] = {}


def _adapter(model: type[BaseModel]) -> TypeAdapter:
    if model not in _ADAPTERS:
        _ADAPTERS[model] = TypeAdapter(list[model])  # type: ignore[valid-type]  # a list of the section's model
    return _ADAPTERS[model]


def validate_documents(documents: Iterable[tuple[str, Any]], db: Database | None = None) -> tuple[Batch, list[Problem]]:
    """Check the documents (``(file, data)`` pairs) against the format and against each other.

    ``documents`` may be a generator reading one file at a time: a document is only held while it is
    validated (its records keep their positions as numbers, see :class:`~village_gov.core.batch.Entry`).
    """
    sections = by_name()
    problems: list[Problem] = Problems()
    from village_gov.core.config import max_records

    record_limit = max_records()
    batch = Batch()
    for file, data in documents:
        if data is None:
            continue
        if not isinstance(data, Mapping):
            problems.append(Problem(file, 1, 1, "import.top_not_mapping", {}))
            continue
        records = 0
        for name, items in data.items():
            line, column = data.key_mark(name)
            section = sections.get(name) if isinstance(name, str) else None
            if section is None:
                problems.append(Problem(file, line, column, "import.unknown_section",
                                        {"section": str(name), "hint": did_you_mean(str(name), sections)}))
                continue
            if section.within:
                problems.append(Problem(file, line, column, "import.section_nested",
                                        {"section": name, "parent": section.within}))
                continue
            if section.shape == "mapping":
                if not isinstance(items, Mapping):
                    problems.append(Problem(file, line, column, "import.section_not_mapping", {"section": name}))
                    continue
                _validate_mapping(section, items, file, batch, problems)
                continue
            if not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
                problems.append(Problem(file, line, column, "import.section_not_list", {"section": name}))
                continue
            records += len(items)
            if records > record_limit:
                problems.append(Problem(file, line, column, "yaml.too_many_records", {"count": _count_records(data),
                                                                                "limit": record_limit}))
                break
            items, lifted = lift_nested(section, items, problems)
            _validate_items(section, items, file, batch, problems, compact=True)
            for target, children in lifted.items():
                _validate_items(sections[target], children, file, batch, problems, compact=True)
    problems.extend(check_batch(batch, Lookup(batch, db)))
    return batch, problems


def check_batch(batch: Batch, lookup: Lookup) -> list[Problem]:
    """The references and the cross-record rules (every ledger's ``import_rules``) over a validated batch;
    the problems of the rules marked :func:`import_warning` go to ``batch.warnings`` instead."""
    problems = check_references(batch, lookup)
    problems.extend(voided_problems(batch, lookup.db))
    for check in import_rules():
        found = check(batch, lookup)
        (batch.warnings if check.semantic_check == WARNS else problems).extend(found)
    return problems


def validate_record(section: Section, item: Mapping, db: Database) -> tuple[Batch, list[Problem]]:
    """One record built in code (a command's values), checked as an import checks a record of ``section``:
    the model, the references and the cross-record rules, with the database as the rest of the batch.

    Stored records are looked up one code at a time (:class:`PointLookup`), not read whole.
    """
    batch = Batch()
    problems: list[Problem] = Problems()
    _validate_items(section, [item], item.file, batch, problems)
    if batch.count():
        problems.extend(check_batch(batch, PointLookup(batch, db)))
    return batch, problems


def _count_records(data: Mapping) -> int:
    return sum(len(v) for v in data.values() if isinstance(v, list))


def _validate_mapping(section: Section, item: Mapping, file: str, batch: Batch, problems: list[Problem]) -> None:
    """A section written as ONE mapping: its own fields make one record; the keys in
    ``section.inner`` hold lists read as the named sections, tied to the record's code."""
    own = Mapping({k: v for k, v in item.items() if k not in section.inner})
    own.file, own.line, own.column, own.marks = item.file, item.line, item.column, item.marks
    own.key_marks = getattr(item, "key_marks", {})
    (record,) = _validate_items(section, [own], file, batch, problems)
    parent = record.code if record is not None else None
    sections = by_name()
    for key in section.inner:
        if key not in item:
            continue
        value = item[key]
        line, column = item.mark_of(key)
        if not isinstance(value, list) or not all(isinstance(i, Mapping) for i in value):
            problems.append(Problem(file, line, column, "import.section_not_list", {"section": key}))
            continue
        _validate_items(sections[key], value, file, batch, problems, parent=parent)


ARCHIVED_KEY = "archived"


def split_archived(section: Section, items: list, problems: list[Problem]) -> tuple[list, list[bool]]:
    """Take the ``archived: true|false`` key off each record (any section accepts it); return items and flags."""
    if ARCHIVED_KEY in section.model.model_fields:
        return items, [False] * len(items)
    cleaned, flags = [], []
    for item in items:
        if ARCHIVED_KEY not in item:
            cleaned.append(item)
            flags.append(False)
            continue
        value = item[ARCHIVED_KEY]
        if not isinstance(value, bool):
            line, column = item.mark_of(ARCHIVED_KEY)
            code = item.get("code") if isinstance(item.get("code"), str) else None
            problems.append(
                Problem(item.file, line, column, "valid.archived_flag", {"input": short_value(value)}, record=code)
            )
        stripped = Mapping((k, v) for k, v in item.items() if k != ARCHIVED_KEY)
        stripped.file, stripped.line, stripped.column = item.file, item.line, item.column
        stripped.marks = item.marks
        stripped.key_marks = getattr(item, "key_marks", {})
        cleaned.append(stripped)
        flags.append(value is True)
    return cleaned, flags


def lift_nested(section: Section, items: list, problems: list[Problem]) -> tuple[list, dict[str, list]]:
    """Take nested child records (e.g. a consultation's ``requests``) out of their parents.

    Returns the parents without the nested key and ``{target section: [children]}``;
    each child keeps its own YAML positions, and a key it inherits from its parent
    points at the parent's value.
    """
    if not section.nested:
        return items, {}
    parents: list = []
    lifted: dict = {}
    for item in items:
        parent = item
        for nest in section.nested:
            if nest.field not in item:
                continue
            parent = _mapping_like(parent, drop=nest.field)
            children = item[nest.field]
            if children is None:
                continue
            if not isinstance(children, list) or not all(isinstance(c, Mapping) for c in children):
                line, column = item.mark_of(nest.field)
                code = item.get("code") if isinstance(item.get("code"), str) else None
                problems.append(Problem(item.file, line, column, "import.section_not_list", {"section": nest.field},
                                        record=code))
                continue
            for child in children:
                inherited = {key: (item[source], item.mark_of(source)) for key, source in nest.inherit
                             if key not in child and source in item}
                lifted.setdefault(nest.target, []).append(_mapping_like(child, add=inherited))
        parents.append(parent)
    return parents, lifted


def _mapping_like(source: Mapping, drop: str | None = None, add: dict | None = None) -> Mapping:
    """A copy of ``source`` with its positions, minus key ``drop``, plus ``add`` = {key: (value, mark)}."""
    copy = Mapping((k, v) for k, v in source.items() if k != drop)
    copy.file, copy.line, copy.column = source.file, source.line, source.column
    copy.marks = {k: v for k, v in source.marks.items() if k != drop}
    for key, (value, mark) in (add or {}).items():
        copy[key] = value
        copy.marks[key] = mark
    return copy


def _validate_items(section: Section, items: list, file: str, batch: Batch, problems: list[Problem],
                    parent: str | None = None, compact: bool = False) -> list:
    """Validate a list of records of ``section`` into ``batch``; return the records (None where invalid).

    ``compact``: the batch keeps each valid record as a tuple where the section allows it
    (:mod:`village_gov.core.compact`), not as its model; the records returned are as validated: the
    models, or the tuples themselves where the section has a :func:`~village_gov.core.compact.fast_validator`."""
    items, archived = split_archived(section, items, problems)
    shared = SharedValues(section, batch.strings, compact)
    records = []
    for start in range(0, len(items), CHUNK):
        records.extend(_validate_chunk(section, items, start, batch, problems, shared))
    seen = batch.entries.setdefault(section.name, {})
    numeric = numeric_columns(section)
    for item, record, flag in zip(items, records, archived):
        if record is None:
            continue
        large = out_of_range(section, record, item, numeric) if numeric else None
        if large:
            problems.append(large)
            continue
        previous = seen.get(record.code)
        if previous is not None:
            file_, line, column = Entry(record, item).at("code")
            problems.append(Problem(file_, line, column, "import.duplicate_code", {
                "section": section.name, "code": record.code,
                "first": first_place(previous)}, record=record.code))
            continue
        # The entry keeps the record's positions as numbers, not its YAML mapping: the file's parsed
        # document is freed once the file is validated.
        seen[record.code] = Entry(shared(record), item, parent, flag)
    return records


def first_place(entry: Entry) -> str:
    """Where a record stands, for "first written at": ``file:line``, or a sheet's ``file!A5``."""
    if isinstance(entry.file, SheetFile):
        return place(entry.file, entry.source.line, entry.source.column)
    return f"{entry.file}:{entry.source.line}"


CHUNK = 2000
"""Records validated at a time: the errors of one chunk are all that is held at once."""


class Problems(list):
    """Problems found so far; past :data:`~village_gov.core.errors.MAX_PROBLEMS` they are only counted
    (``unlisted``), so a file of a million bad records costs no million problem objects."""

    unlisted = 0

    def total(self) -> int:
        return len(self) + self.unlisted


def _validate_chunk(section: Section, items: list, start: int, batch: Batch, problems: list[Problem],
                    shared: SharedValues) -> list:
    """The chunk's records, validated in one call; when any is invalid, each problem is reported (in
    the order pydantic finds them) and the valid records are validated again one by one.  A section
    with a :func:`~village_gov.core.compact.fast_validator` (in an import) gives compact records."""
    chunk = items[start:start + CHUNK]
    fast = shared.validator is not None
    try:
        return shared.validate(chunk) if fast else _adapter(section.model).validate_python(chunk)
    except ValidationError as exc:
        bad = set()
        full = isinstance(problems, Problems) and len(problems) >= MAX_PROBLEMS
        for error in exc.errors(include_url=False, include_input=not full, include_context=not full):
            index = cast(int, error["loc"][0])  # the position in the chunk (a list)
            bad.add(index)
            if full:
                cast(Problems, problems).unlisted += 1
            else:
                problems.append(problem_from_error(error, chunk[index], section))
        batch.rejected.setdefault(section.name, set()).update(
            chunk[i]["code"] for i in bad if isinstance(chunk[i].get("code"), str))
        if fast:
            return [None if i in bad else shared.validate([item])[0] for i, item in enumerate(chunk)]
        return [None if i in bad else section.model.model_validate(item) for i, item in enumerate(chunk)]


def check_references(batch: Batch, lookup: Lookup) -> list[Problem]:
    """Every code a record points at must name a record of the target section (in the batch or the database).

    The codes given are looked up in the batch, and only those not there in the database (no set of
    every stored code is built); the records are only looked at again, in file order, when a section
    has dangling codes.
    """
    problems = []
    sections = by_name()
    for name, entries in batch.entries.items():
        section = sections[name]
        for ref in section.refs:
            values = map(attrgetter(ref.field), map(attrgetter("record"), entries.values()))
            missing = lookup.unknown(ref.target, set(chain.from_iterable(values)) if ref.many else set(values) - {None})
            # A target that was itself reported as invalid is not reported again through each reference.
            missing -= batch.rejected.get(ref.target, set())
            if missing:
                problems.extend(_dangling(entries, ref, missing))
    return problems


def _dangling(entries: dict[str, Entry], ref: Ref, missing: set) -> list[Problem]:
    problems = []
    for code, entry in entries.items():
        value = getattr(entry.record, ref.field)
        targets = value if ref.many else (value,)
        for target in targets:
            if target in missing:
                file, line, column = entry.at(ref.field)
                problems.append(Problem(file, line, column, "import.dangling_ref", {
                    "field": ref.field, "code": target, "section": ref.target,
                }, record=code))
    return problems


def semantic_check(function: Callable) -> Callable:
    """Mark a cross-record rule, run after the references check by the ledger naming its module in
    ``import_rules``."""
    function.semantic_check = True  # type: ignore[attr-defined]
    return function


WARNS = "warning"


def import_warning(function: Callable) -> Callable:
    """Mark a cross-record rule whose problems are warnings: the import is written all the same and
    lists them after its summary (``ImportResult.warnings``)."""
    function.semantic_check = WARNS  # type: ignore[attr-defined]
    return function
