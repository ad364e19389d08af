"""The blank workbook a clerk fills in (``village-gov template``), as plain data.

One sheet per input section of the chosen ledgers, in import order, built from the sections the
importer reads (:func:`village_gov.ledgers.sections`): each column is a field of the section's
model (a nested model's fields become columns of their own, ``steps.proposed.date``), with its
header (:func:`column_header`: the section's own ``label.column_<section>_<field>``, else the
shared ``label.<field>``, else the field name, which :attr:`Template.unlabeled` lists), a note on
its format, its choices (a ``Literal``, as made by ``choice()``) and, for a
reference, the sheet whose codes it takes.  The workbook itself is written by
:mod:`village_gov.render.template_xlsx`.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from village_gov.core.errors import InputError
from village_gov.core.i18n import label, t

ALL = "all"
BOOL_CHOICES = ("是", "否")
ARCHIVED = "archived"
"""The key of the column a dump adds to a sheet holding archived records (the import's ``archived``)."""
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class TemplateColumn:
    key: str
    header: str
    note: str
    kind: str = "text"
    """``text``, ``date``, ``int``, ``number`` or ``bool``."""
    choices: tuple[str, ...] = ()
    many: bool = False
    """The cell holds several values separated by 、 (a list field)."""
    ref: str | None = None
    """The section whose codes the column holds."""


@dataclass(frozen=True)
class TemplateSheet:
    section: str
    title: str
    columns: tuple[TemplateColumn, ...]


@dataclass
class Template:
    sheets: list[TemplateSheet]
    unlabeled: list[str] = field(default_factory=list)
    """``section.field`` of every column whose header is the field name (no catalog label)."""

    def sheet(self, section: str) -> TemplateSheet | None:
        return next((s for s in self.sheets if s.section == section), None)


def archived_column() -> TemplateColumn:
    """The column ``dump --format xlsx`` adds after the others on a sheet holding archived records:
    是 for an archived record (the import stores it archived, as ``archived: true`` in YAML)."""
    return TemplateColumn(ARCHIVED, label("label.archived"), t("export.template_archived"), "bool", BOOL_CHOICES)


def ledger_names() -> list[str]:
    from village_gov import ledgers

    return [ledger.name for ledger in ledgers.LEDGERS]


def chosen_sections(ledger: str) -> list[Any]:
    """The sections of ``ledger`` (a name in LEDGERS, or ``all``), in import order."""
    from village_gov import ledgers

    if ledger == ALL:
        return ledgers.sections()
    for each in ledgers.LEDGERS:
        if each.name == ledger:
            return each.load_sections()
    raise InputError("export.template_bad_ledger", ledger=ledger, choices="|".join([*ledger_names(), ALL]))


def build_template(ledger: str = ALL) -> Template:
    """The template of ``ledger``'s sections (every ledger with ``all``)."""
    sections = chosen_sections(ledger)
    titles = sheet_titles([s.name for s in sections])
    unlabeled: list[str] = []
    sheets = []
    for section in sections:
        refs = {ref.field: ref for ref in section.refs}
        columns = [_column(section.name, path, info, refs, unlabeled) for path, info in _fields(section.model)]
        sheets.append(TemplateSheet(section.name, titles[section.name], tuple(columns)))
    return Template(sheets, unlabeled)


def sheet_titles(names: list[str]) -> dict[str, str]:
    """Each section's sheet name: its catalog title, made valid for Excel and unique (Excel compares
    sheet names ignoring case; the 说明 sheet's name is taken too)."""
    titles: dict[str, str] = {}
    taken = {label("export.sheet_definitions").casefold()}
    for name in names:
        title = _BAD_SHEET_CHARS.sub("_", label("section." + name, name)).strip("'")[:31] or name[:31]
        if title.casefold() in taken:
            title = f"{title[:31 - len(name) - 1]}_{name}"[:31]
        taken.add(title.casefold())
        titles[name] = title
    return titles


def _fields(model: type[BaseModel], prefix: str = "") -> list[tuple[str, Any]]:
    """``(path, FieldInfo)`` of the model's fields, a nested model's fields flattened under its name."""
    found = []
    for name, info in model.model_fields.items():
        inner = _unwrap(info.annotation)[0]
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            found += _fields(inner, f"{prefix}{name}.")
        else:
            found.append((prefix + name, info))
    return found


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The annotation without ``Optional`` and ``Annotated``; and whether it was a list of it."""
    many = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation, many
            annotation = options[0]
        elif origin in (list, tuple, set, frozenset):
            many = True
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation, many


def _kind(annotation: Any) -> tuple[str, tuple[str, ...]]:
    if typing.get_origin(annotation) is typing.Literal:
        return "text", tuple(str(v) for v in typing.get_args(annotation))
    if annotation is bool:
        return "bool", BOOL_CHOICES
    if annotation in (dt.date, dt.datetime):
        return "date", ()
    if annotation is int:
        return "int", ()
    if annotation is float:
        return "number", ()
    return "text", ()


def _column(section: str, path: str, info: Any, refs: dict, unlabeled: list[str]) -> TemplateColumn:
    annotation, many = _unwrap(info.annotation)
    kind, choices = _kind(annotation)
    ref = refs.get(path)
    # A list field is labelled as a list where the catalog has one (a member's 联系户, not 户数).
    header = (label("label.list_" + path, "") if many else "") or column_header(section, path)
    if header is None:
        unlabeled.append(f"{section}.{path}")
    notes = [t("export.template_required") if info.is_required() else t("export.template_optional")]
    if kind == "date":
        notes.append("YYYY-MM-DD")
    elif kind in ("int", "number"):
        notes.append(t("export.template_" + kind))
    if ref is not None:
        notes.append(t("export.template_ref", section=ref.target))
    if choices:
        notes.append("、".join(choices))
    if many:
        notes.append(t("export.template_many"))
    return TemplateColumn(path, header or path, "；".join(notes), kind, choices, many, ref.target if ref else None)


def column_header(section: str, path: str) -> str | None:
    """The header of the column ``path`` of ``section``, or None when a part of it has no label.

    A label of the section's own comes first: ``label.column_<section>_<field>`` (a member's
    ``name`` is 姓名 where the shared ``label.name`` is 名称; a request's ``raised`` is 提出日期).
    A nested field takes the longest leading part of its path that has one (a decision's
    ``steps.proposed`` is 提议), then each remaining part's label, joined by ·: 提议·日期, 审议·应到.
    """
    parts = path.split(".")
    cut = next((n for n in range(len(parts), 0, -1) if _own_label(section, parts[:n])), 0)
    named = [_own_label(section, parts[:cut])] if cut else []
    named += [_own_label(section, [part]) or label("label." + part, "") for part in parts[cut:]]
    return "·".join(named) if all(named) else None


def _own_label(section: str, parts: list[str]) -> str:
    return label(f"label.column_{section}_{'_'.join(parts)}", "")
