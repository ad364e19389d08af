"""A section's fields as the command line names them: ``--set field=value`` with the field in English
(the model's name, ``steps.reviewed.present`` inside a nested mapping) or by its Chinese or English
label (the template's column header: ``到会人数``, ``审议·到会``), and the value read for that field."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from village_gov.core.errors import InputError
from village_gov.core.sections import Section

LIST_SEPARATORS = (",", "，", "、", ";", "；")


def _unwrap(annotation: Any) -> Any:
    """The annotation without Optional and Annotated."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(inner[0]) if len(inner) == 1 else annotation
    return annotation


def paths(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """``(path, annotation)`` of every leaf field of the model, nested models by ``a.b``; ``code`` included."""
    for name, info in model.model_fields.items():
        kind = _unwrap(info.annotation)
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            yield from paths(kind, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", kind


def in_every_language(text: Callable[[], str | None]) -> set[str]:
    """``text()`` in Chinese and in English (the language in use is restored)."""
    from village_gov.core import i18n

    saved = i18n._current  # noqa: SLF001 - the explicit choice, None when the default applies
    found = set()
    try:
        for lang in i18n.LANGS:
            i18n.set_lang(lang)
            value = text()
            if value:
                found.add(value)
    finally:
        i18n.set_lang(saved)
    return found


def field_names(section: Section) -> dict[str, str]:
    """``{name or label: path}`` for every field of the section (labels in both languages)."""
    names: dict[str, str] = {}
    for path, _ in paths(section.model):
        names[path] = path
        for text in in_every_language(lambda p=path: field_label(section, p)):  # type: ignore[misc]
            names.setdefault(text, path)
    return names


def field_path(section: Section, given: str) -> str:
    """The path of the field ``given`` names (refused, with the closest name, when none)."""
    from village_gov.core.value_problems import did_you_mean

    names = field_names(section)
    if given in names:
        return names[given]
    folded = {name.casefold(): path for name, path in names.items()}
    if given.casefold() in folded:
        return folded[given.casefold()]
    raise InputError("edit.unknown_field", field=given, name=section.name, hint=did_you_mean(given, names))


def read_value(section: Section, path: str, text: str) -> Any:
    """The value typed for ``path``: a list field split at commas (``,``, ``，``, ``、``); an empty text
    is None (the field is cleared); anything else stays text for the model to read as an import does."""
    kind = dict(paths(section.model)).get(path)
    text = text.strip()
    if kind is Any and text:
        # A field the model reads itself (an organization's members: codes or a head count): a whole
        # number is a number, anything else a list of codes.
        return int(text) if text.isascii() and text.isdigit() else _split(text)
    if is_list(kind) and not (text.isdigit() and not _only_list(kind)):
        return _split(text)
    return text if text else None


def _split(text: str) -> list[str]:
    for separator in LIST_SEPARATORS[1:]:
        text = text.replace(separator, LIST_SEPARATORS[0])
    return [part.strip() for part in text.split(LIST_SEPARATORS[0]) if part.strip()]


def _alternatives(kind: Any) -> tuple:
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        return tuple(_unwrap(a) for a in typing.get_args(kind) if a is not type(None))
    return (kind,)


def is_list(kind: Any) -> bool:
    """A list field, or one that may be a list (an organization's members: codes, or a head count)."""
    return any(typing.get_origin(a) in (list, tuple, set) for a in _alternatives(kind))


def _only_list(kind: Any) -> bool:
    return all(typing.get_origin(a) in (list, tuple, set) for a in _alternatives(kind))


def field_label(section: Section, path: str) -> str:
    """The field's label in the current language (the template's column header), else its path."""
    from village_gov.core.i18n import label
    from village_gov.reports.template import column_header

    kind = dict(paths(section.model)).get(path)
    return (label("label.list_" + path, "") if is_list(kind) else "") or column_header(section.name, path) or path


def get_path(record: dict, path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def set_path(record: dict, path: str, value: Any) -> None:
    """Set (or, for None, remove) the value at ``path``, creating the mappings on the way."""
    *parents, last = path.split(".")
    target = record
    for part in parents:
        inner = target.get(part)
        if not isinstance(inner, dict):
            inner = target[part] = {}
        target = inner
    if value is None:
        target.pop(last, None)
    else:
        target[last] = value
