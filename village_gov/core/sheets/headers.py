"""Sheets and columns matched to sections and fields; the header and note rows found.

Built from the template (:func:`village_gov.reports.template.build_template`) in both languages, so
a column the template writes is read back by the same header, and from the variants of
:mod:`village_gov.core.sheets.names`.
"""

from __future__ import annotations

import re
import typing
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from village_gov.core.sheets.names import DIGIT_FIELDS, HEADER_VARIANTS, IGNORED_HEADERS, SECTION_VARIANTS

HEADER_SCAN_ROWS = 20
"""Rows searched for the header (a title, blank or merged rows may stand above it)."""
_SPACE = re.compile(r"\s+")
_DOTS = re.compile(r"[·.．・\-－—]")


def normalize(text: Any) -> str:
    """A header or sheet name as compared: NFKC (full-width to half-width), no spaces, no trailing ``*``,
    lower case, any middle dot or dash as ·."""
    value = unicodedata.normalize("NFKC", str(text))
    value = _SPACE.sub("", value).rstrip("*").lstrip("*")
    return _DOTS.sub("·", value).casefold()


@dataclass(frozen=True)
class Column:
    """A field of a section as read from a cell."""

    key: str
    """The field's path (``steps.proposed.date`` for a nested field)."""
    header: str
    """Its header in the current language, for messages."""
    kind: str
    many: bool
    ref: bool
    digits: str | None
    """``phone`` or ``id_number`` for a field holding one (see :data:`~village_gov.core.sheets.names.DIGIT_FIELDS`)."""
    flexible: bool
    """The field takes a count or a list (a micro-organization's members)."""
    required: bool


@dataclass
class SectionColumns:
    section: str
    title: str
    columns: dict[str, Column]
    by_header: dict[str, str] = field(default_factory=dict)
    """Normalized header → field path."""
    notes: set[str] = field(default_factory=set)
    """The template's note cells (row 2), normalized, in both languages."""


@dataclass
class Vocabulary:
    sections: dict[str, SectionColumns]
    by_title: dict[str, str]
    """Normalized sheet title or file name → section."""
    note_prefixes: tuple[str, ...]


def vocabulary(lang: str) -> Vocabulary:
    """Every section's columns and names (headers in ``lang`` for messages, matched in both)."""
    from village_gov import ledgers

    return _vocabulary(lang, ledgers.LEDGERS)  # built again when the ledgers change (a test's toy ledger)


@lru_cache(maxsize=4)
def _vocabulary(lang: str, _ledgers: tuple) -> Vocabulary:
    from village_gov.core.i18n import t, using_lang
    from village_gov.reports.template import archived_column, build_template

    templates = {}
    archived = {}
    for each in ("zh", "en"):
        with using_lang(each):
            templates[each] = build_template()
            archived[each] = archived_column()  # the column a dump adds to a sheet holding archived records
    prefixes = []
    for each in ("zh", "en"):
        with using_lang(each):
            prefixes += [normalize(t("export.template_required")), normalize(t("export.template_optional"))]
    sections: dict[str, SectionColumns] = {}
    by_title: dict[str, str] = {}
    for sheet in templates[lang].sheets:
        columns = {c.key: _column(sheet.section, c) for c in (*sheet.columns, archived[lang])}
        entry = SectionColumns(sheet.section, sheet.title, columns)
        for each, template in templates.items():
            other = template.sheet(sheet.section)
            assert other is not None
            by_title.setdefault(normalize(other.title), sheet.section)
            for column in (*other.columns, archived[each]):
                entry.by_header.setdefault(normalize(column.header), column.key)
                entry.notes.add(normalize(column.note))
        for key in columns:
            entry.by_header.setdefault(normalize(key), key)
            for variant in HEADER_VARIANTS.get(key, ()):
                entry.by_header.setdefault(normalize(variant), key)
        sections[sheet.section] = entry
    for name in sections:
        by_title.setdefault(normalize(name), name)
    for name, variants in SECTION_VARIANTS.items():
        for variant in variants:
            by_title.setdefault(normalize(variant), name)
    return Vocabulary(sections, by_title, tuple(prefixes))


def _column(section: str, column: Any) -> Column:
    from village_gov.ledgers import by_name

    model = by_name()[section].model
    top = column.key.split(".")[0]
    info = model.model_fields.get(top)
    required = bool(info is not None and info.is_required() and "." not in column.key)
    flexible = info is not None and _is_any(info.annotation) and not column.many
    return Column(column.key, column.header, column.kind, column.many, column.ref is not None,
                  DIGIT_FIELDS.get(column.key), flexible, required)


def _is_any(annotation: Any) -> bool:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation is typing.Any


def is_ignored(text: str) -> bool:
    return normalize(text) in {normalize(h) for h in IGNORED_HEADERS}


def find_header(rows: list[list[Any]], columns: SectionColumns) -> int | None:
    """The index of the header row: of the first rows, the one naming most of the section's columns."""
    best, best_count = None, 0
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        count = sum(1 for cell in row if isinstance(cell, str) and normalize(cell) in columns.by_header)
        if count > best_count:
            best, best_count = index, count
    return best


def is_note_row(row: list[Any], columns: SectionColumns, prefixes: tuple[str, ...]) -> bool:
    """The template's row of notes (必填；YYYY-MM-DD …), recognised in either language."""
    cells = [normalize(cell) for cell in row if isinstance(cell, str) and cell.strip()]
    if not cells or any(not isinstance(cell, str) for cell in row if cell not in ("", None)):
        return False
    return all(cell in columns.notes or cell.startswith(prefixes) for cell in cells)
