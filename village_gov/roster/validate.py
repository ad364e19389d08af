"""From loaded YAML documents to a checked batch of records, or a list of every problem found.

Like a ledger loader, validation never stops at the first error: it returns
all problems, each pointing at ``file:line:column`` and naming the record.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Callable

from pydantic import TypeAdapter, ValidationError

from village_gov.errors import Problem
from village_gov.roster.sections import SECTIONS, SEMANTIC_CHECKS, Section, by_name
from village_gov.yamlio import Mapping


@dataclass
class Entry:
    """One valid record and where it came from."""

    record: Any
    source: Mapping

    @property
    def file(self) -> str:
        return self.source.file

    def at(self, key: str | None = None) -> tuple[str, int, int]:
        line, column = self.source.mark_of(key) if key else (self.source.line, self.source.column)
        return self.source.file, line, column


@dataclass
class Batch:
    """The records of one import, by section then code, in file order."""

    entries: dict[str, dict[str, Entry]] = field(default_factory=dict)
    rejected: dict[str, set[str]] = field(default_factory=dict)
    """Codes of records that were in the input but invalid: references to them are not reported again."""

    def section(self, name: str) -> dict[str, Entry]:
        return self.entries.get(name, {})

    def count(self) -> int:
        return sum(len(v) for v in self.entries.values())


class Lookup:
    """Find a record by section and code, in the batch first, then in the database."""

    def __init__(self, batch: Batch, db=None):
        self.batch = batch
        self.db = db
        self._db_rows: dict[str, dict[str, dict]] = {}

    def codes_in_db(self, section: Section) -> dict[str, dict]:
        if section.name not in self._db_rows:
            rows = {}
            if self.db is not None and self.db[section.table].exists():
                for row in self.db.query(f"SELECT * FROM [{section.table}]"):
                    rows[row["code"]] = row
            self._db_rows[section.name] = rows
        return self._db_rows[section.name]

    def exists(self, section_name: str, code: str) -> bool:
        if code in self.batch.section(section_name):
            return True
        return code in self.codes_in_db(by_name()[section_name])

    def get(self, section_name: str, code: str | None) -> dict | None:
        """The record as a dict (batch version if present), or None."""
        if code is None:
            return None
        entry = self.batch.section(section_name).get(code)
        if entry is not None:
            return entry.record.model_dump()
        return self.codes_in_db(by_name()[section_name]).get(code)


_ADAPTERS: dict[type, TypeAdapter] = {}


def _adapter(model: type) -> TypeAdapter:
    if model not in _ADAPTERS:
        _ADAPTERS[model] = TypeAdapter(list[model])
    return _ADAPTERS[model]


def validate_documents(documents: list[tuple[str, Any]], db=None) -> tuple[Batch, list[Problem]]:
    """Check the documents (``(file, data)`` pairs) against the format and against each other."""
    sections = by_name()
    problems: list[Problem] = []
    batch = Batch()
    for file, data in documents:
        if data is None:
            continue
        if not isinstance(data, Mapping):
            problems.append(Problem(file, 1, 1, "top_not_mapping", {}))
            continue
        for name, items in data.items():
            line, column = data.mark_of(name)
            section = sections.get(name) if isinstance(name, str) else None
            if section is None:
                problems.append(Problem(file, line, column, "unknown_section",
                                        {"section": str(name), "hint": did_you_mean(str(name), sections)}))
                continue
            if not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
                problems.append(Problem(file, line, column, "section_not_list", {"section": name}))
                continue
            items, lifted = lift_nested(section, items, problems)
            _validate_items(section, items, file, batch, problems)
            for target, children in lifted.items():
                _validate_items(sections[target], children, file, batch, problems)
    lookup = Lookup(batch, db)
    problems.extend(check_references(batch, lookup))
    for check in SEMANTIC_CHECKS:
        problems.extend(check(batch, lookup))
    return batch, problems


def lift_nested(section: Section, items: list, problems: list[Problem]) -> tuple[list, dict[str, list]]:
    """Take nested child records (e.g. a consultation's ``requests``) out of their parents.

    Returns the parents without the nested key and ``{target section: [children]}``;
    each child keeps its own YAML positions, and a key it inherits from its parent
    points at the parent's value.
    """
    if not section.nested:
        return items, {}
    parents, lifted = [], {}
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
                problems.append(Problem(item.file, line, column, "section_not_list", {"section": nest.field},
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


def _validate_items(section: Section, items: list, file: str, batch: Batch, problems: list[Problem]) -> None:
    try:
        records = _adapter(section.model).validate_python(items)
        bad: set[int] = set()
    except ValidationError as exc:
        bad = set()
        for error in exc.errors(include_url=False):
            index = error["loc"][0]
            bad.add(index)
            problems.append(problem_from_error(error, items[index], section))
        records = [None if i in bad else section.model.model_validate(item) for i, item in enumerate(items)]
        batch.rejected.setdefault(section.name, set()).update(
            items[i]["code"] for i in bad if isinstance(items[i].get("code"), str))
    seen = batch.entries.setdefault(section.name, {})
    for item, record in zip(items, records):
        if record is None:
            continue
        previous = seen.get(record.code)
        if previous is not None:
            file_, line, column = Entry(record, item).at("code")
            problems.append(Problem(file_, line, column, "duplicate_code", {
                "section": section.name, "code": record.code,
                "first": f"{previous.file}:{previous.source.line}"}, record=record.code))
            continue
        seen[record.code] = Entry(record, item)


def problem_from_error(error: dict, item: Mapping, section: Section) -> Problem:
    """A pydantic error as a :class:`Problem` at the position of the offending value."""
    loc = error["loc"][1:]
    line, column = item.line, item.column
    node: Any = item
    for part in loc:
        if isinstance(node, Mapping) and part in node:
            line, column = node.mark_of(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            if isinstance(node, Mapping):
                line, column = node.line, node.column
        else:
            break
    field_name = ".".join(str(p) for p in loc if not isinstance(p, int)) or section.name
    code = item.get("code") if isinstance(item.get("code"), str) else None
    params = {"field": field_name, "input": _short(error.get("input")), "section": section.name}
    params.update({k: _short(v) for k, v in (error.get("ctx") or {}).items()})
    kind = error["type"]
    if kind == "extra_forbidden":
        fields = [f for f in section.model.model_fields]
        params["hint"] = did_you_mean(str(loc[-1]) if loc else "", fields)
    params["detail"] = error.get("msg", "")
    return Problem(item.file, line, column, f"v.{kind}", params, record=code)


def did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else ""


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 40 else text[:37] + "…"


def check_references(batch: Batch, lookup: Lookup) -> list[Problem]:
    """Every code a record points at must name a record of the target section (in the batch or the database)."""
    problems = []
    sections = by_name()
    for name, entries in batch.entries.items():
        section = sections[name]
        for ref in section.refs:
            for code, entry in entries.items():
                value = getattr(entry.record, ref.field)
                targets = value if ref.many else ([value] if value is not None else [])
                for target in targets:
                    if target in batch.rejected.get(ref.target, ()):
                        continue  # the target itself was reported as invalid
                    if not lookup.exists(ref.target, target):
                        file, line, column = entry.at(ref.field)
                        problems.append(Problem(file, line, column, "dangling_ref", {
                            "field": ref.field, "code": target, "section": ref.target,
                        }, record=code))
    return problems


def semantic_check(function: Callable) -> Callable:
    """Register a cross-record rule run after the references check."""
    SEMANTIC_CHECKS.append(function)
    return function
