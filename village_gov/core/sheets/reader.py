"""One spreadsheet or CSV file as the importer's documents (see :mod:`village_gov.core.sheets`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from village_gov.core.errors import Problem, SheetFile, os_reason
from village_gov.core.sheets.detect import CSV_SUFFIXES, size_problem
from village_gov.core.sheets.headers import Vocabulary, normalize, vocabulary
from village_gov.core.sheets.rows import fill_merged, sheet_records
from village_gov.core.value_problems import did_you_mean
from village_gov.core.yamlio import Mapping

Note = tuple[str, dict[str, Any]]
Part = tuple[SheetFile, str, list[Mapping]]
"""A sheet's file, its section, its records."""


def read_sheet_file(path: Path, section: str | None = None, display: str | None = None
                    ) -> tuple[list[tuple[str, Any]], list[Problem], list[Note]]:
    """The documents of one spreadsheet or CSV file, its problems, and notes to show (the CSV's encoding).

    ``section`` is the section of a CSV file (``--section``); without it, the file's name says it.
    """
    from village_gov.core.i18n import get_lang

    file = display or str(path)
    problem = size_problem(path, file)
    if problem is not None:
        return [], [problem], []
    words = vocabulary(get_lang())
    problems: list[Problem] = []
    notes: list[Note] = []
    if path.suffix.lower() in CSV_SUFFIXES:
        parts = _csv_parts(path, file, section, words, problems, notes)
    else:
        parts = _workbook_parts(path, file, words, problems)
    return _documents(parts, problems), problems, notes


def section_named(name: str, words: Vocabulary | None = None) -> str | None:
    """The section a sheet or file name stands for (its template title in either language, its name
    or a variant), or None."""
    from village_gov.core.i18n import get_lang

    words = words or vocabulary(get_lang())
    return words.by_title.get(normalize(name))


def _csv_parts(path: Path, file: str, section: str | None, words: Vocabulary, problems: list[Problem],
               notes: list[Note]) -> list[Part]:
    from village_gov.core.sheets.csvread import csv_rows, decode_csv

    name = section_named(section, words) if section else section_named(path.stem, words)
    if name is None:
        hint = did_you_mean(normalize(section or path.stem), list(words.by_title))
        key = "sheet.bad_section" if section else "sheet.csv_section"
        problems.append(Problem(file, None, None, key, {"name": section or path.name, "hint": hint}))
        return []
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(file, None, None, "file.unreadable", {"file": file, "reason": os_reason(exc)}))
        return []
    text, encoding, problem = decode_csv(raw, file)
    if problem is not None or text is None:
        problems.append(problem or Problem(file, None, None, "sheet.csv_encoding", {}))
        return []
    if encoding == "GB18030":
        notes.append(("sheet.read_as", {"file": file, "encoding": encoding}))
    rows, problem = csv_rows(text, file)
    if problem is not None:
        problems.append(problem)
        return []
    sheet = SheetFile(file)
    return [(sheet, name, sheet_records(rows, words.sections[name], sheet, words.note_prefixes, problems))]


def _workbook_parts(path: Path, file: str, words: Vocabulary, problems: list[Problem]) -> list[Part]:
    from village_gov.core.sheets.workbook import WorkbookError, close, sheet_names, sheet_rows

    try:
        book, names = sheet_names(path, file)
    except WorkbookError as exc:
        problems.append(exc.problem)
        return []
    parts: list[Part] = []
    try:
        matched = [(title, section_named(title, words)) for title in names]
        if not any(section for _, section in matched):
            expected = "、".join(s.title for s in list(words.sections.values())[:4])
            problems.append(Problem(file, None, None, "sheet.no_sheet", {
                "sheets": "、".join(names) or "—", "expected": expected}))
            return []
        for title, section in matched:
            if section is None:
                continue
            rows, merged = sheet_rows(book, title, file)
            filled = fill_merged(rows, merged)
            sheet = SheetFile(f"{file}!{title}")
            parts.append((sheet, section, sheet_records(rows, words.sections[section], sheet, words.note_prefixes,
                                                        problems, filled)))
    except WorkbookError as exc:
        problems.append(exc.problem)
    finally:
        close(book)
    return parts


def _documents(parts: list[Part], problems: list[Problem]) -> list[tuple[str, Any]]:
    """One document per sheet with records; a mapping section (the reform) gathers the sheets within it."""
    from village_gov.ledgers import by_name

    sections = by_name()
    documents: list[tuple[str, Any]] = []
    holders: dict[str, Mapping] = {}
    for sheet, name, records in parts:
        section = sections[name]
        if not records:
            continue
        if section.shape == "mapping":
            _holder(holders, documents, name, sheet, records[0])
            for extra in records[1:]:
                problems.append(Problem(sheet, extra.line, None, "sheet.too_many_rows",
                                        {"section": name, "first": records[0].line}))
            continue
        if section.within:
            holder = _holder(holders, documents, section.within, sheet, None)
            holder.setdefault(name, []).extend(records)
            holder.marks.setdefault(name, (records[0].line, 1))
            continue
        data = Mapping({name: records})
        data.file, data.line, data.column = sheet, records[0].line, 1
        data.marks, data.key_marks = {name: (records[0].line, 1)}, {}
        documents.append((sheet, data))
    return documents


def _holder(holders: dict[str, Mapping], documents: list, name: str, sheet: SheetFile,
            record: Mapping | None) -> Mapping:
    """The one record of mapping section ``name`` (made empty when only the sheets within it are given)."""
    holder = holders.get(name)
    if holder is None:
        holder = Mapping()
        holder.file, holder.line, holder.column, holder.marks, holder.key_marks = sheet, 1, 1, {}, {}
        holders[name] = holder
        data = Mapping({name: holder})
        data.file, data.line, data.column, data.marks, data.key_marks = sheet, 1, 1, {name: (1, 1)}, {}
        documents.append((sheet, data))
    if record is not None:
        holder.update(record)
        holder.marks.update(record.marks)
        holder.file, holder.line, holder.column = record.file, record.line, record.column
    return holder
