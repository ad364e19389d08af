"""A record's value errors as problems: pydantic's errors at the position of the offending value in
its file, a number SQLite cannot store, and a "did you mean" hint for an unknown key."""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Iterable
from functools import cache
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic_core import ErrorDetails

from village_gov.core.errors import Problem
from village_gov.core.privacy import mask_numbers_in
from village_gov.core.sections import Section
from village_gov.core.yamlio import Mapping


def out_of_range(section: Section, record: Any, item: Mapping, columns: Iterable[str] | None = None) -> Problem | None:
    """A number SQLite cannot store (beyond 64 bits) or that is not finite, in any section
    (``columns``: only those, the ones that may hold a number)."""
    for name in section.columns if columns is None else columns:
        value = getattr(record, name, None)
        if isinstance(value, bool):
            continue
        key = None
        if isinstance(value, int) and not -2**63 <= value < 2**63:
            key = "valid.int_too_large"
        elif isinstance(value, float) and not math.isfinite(value):
            key = "valid.number_not_finite"
        if key:
            line, column = item.mark_of(name)
            return Problem(
                item.file, line, column, key, {"field": name, "input": short_value(value)}, record=record.code
            )
    return None


def problem_from_error(error: ErrorDetails, item: Mapping, section: Section) -> Problem:
    """A pydantic error as a :class:`Problem` at the position of the offending value."""
    loc = error["loc"][1:]
    line, column = item.line, item.column
    node: Any = item
    for part in loc:
        if isinstance(node, Mapping) and part in node:
            # An unknown key is wrong in itself: point at the key, not at its (block) value.
            line, column = node.key_mark(part) if error["type"] == "extra_forbidden" else node.mark_of(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            if isinstance(node, Mapping):
                line, column = node.line, node.column
        else:
            break
    field_name = ".".join(str(p) for p in loc if not isinstance(p, int)) or section.name
    code = item.get("code") if isinstance(item.get("code"), str) else None
    params = {"field": field_name, "input": short_value(error.get("input")), "section": section.name}
    # ``expected`` is the model's own list of choices (not the input): said in full, however long.
    params.update({k: str(v) if k == "expected" else short_value(v) for k, v in (error.get("ctx") or {}).items()})
    kind = error["type"]
    if kind == "extra_forbidden":
        fields = [*section.model.model_fields, *section.inner, *(n.field for n in section.nested)]
        params["hint"] = did_you_mean(str(loc[-1]) if loc else "", fields)
    params["detail"] = error.get("msg", "")
    return Problem(item.file, line, column, f"valid.{kind}", params, record=code)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else ""


def short_value(value: Any) -> str:
    """An input value as quoted in a problem message: at most 40 characters, phone/ID-like digits in text masked."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if not isinstance(value, str):
        text = repr(value)  # numbers are quoted as they are: limits and sizes, no phone text
        return text if len(text) <= 40 else text[:37] + "…"
    return mask_numbers_in(value if len(value) <= 40 else value[:37] + "…")


@cache
def numeric_columns(section: Section) -> tuple[str, ...]:
    """The section's columns whose value may be a number (the ones :func:`out_of_range` looks at):
    every column but those its model types as text, a date, a choice of texts, or a list, and
    those it bounds both ways within SQLite's integers (a household's size: 1 to 100).  Kept by the
    whole (frozen) section: a ledger of the tests may give another model the same name."""
    fields = section.model.model_fields
    return tuple(c for c in section.columns
                 if c not in fields or (_may_be_number(fields[c].annotation) and not _bounded_int(fields[c])))


def _bounded_int(field: Any) -> bool:
    """Whether a field holds an integer (or nothing) that its constraints keep between two bounds
    SQLite can store (a float is left to :func:`out_of_range`: NaN passes any bound)."""
    if _base(field.annotation) is not int:
        return False
    metadata = field.metadata
    low = [b for m in metadata for b in (getattr(m, "ge", None), getattr(m, "gt", None)) if b is not None]
    high = [b for m in metadata for b in (getattr(m, "le", None), getattr(m, "lt", None)) if b is not None]
    return bool(low and high) and all(
        isinstance(b, int) and not isinstance(b, bool) and -2**63 <= b < 2**63 for b in (*low, *high))


def _base(annotation: Any) -> Any:
    """``int`` for ``int``, ``Annotated[int, …]``, ``int | None`` and the like; else the annotation."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _base(get_args(annotation)[0])
    if origin in (Union, UnionType):
        kinds = {_base(a) for a in get_args(annotation) if a is not type(None)}
        return kinds.pop() if len(kinds) == 1 else annotation
    return annotation


def _may_be_number(annotation: Any) -> bool:
    if annotation in (str, dt.date, dt.datetime, type(None)):
        return False
    origin = get_origin(annotation)
    if origin is Annotated:
        return _may_be_number(get_args(annotation)[0])
    if origin in (Union, UnionType):
        return any(_may_be_number(a) for a in get_args(annotation))
    if origin is Literal:
        return not all(isinstance(v, str) for v in get_args(annotation))
    return origin not in (list, tuple, set, frozenset, dict)
