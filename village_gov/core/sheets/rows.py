"""One sheet's rows as records: :class:`~village_gov.core.yamlio.Mapping` objects whose marks are cells.

Each record's ``file`` is a :class:`~village_gov.core.errors.SheetFile` and the mark of each value
is its ``(row, column)``, 1-based, so any problem found later (the model, the references, the rules)
names the cell.  A nested field's column (``steps.proposed.date``, headed 提议·日期) becomes the nested
mapping the section expects; a merged cell's value stands in every cell it covers.
"""

from __future__ import annotations

import difflib
from itertools import chain, repeat
from typing import Any

from village_gov.core.errors import Problem, SheetFile
from village_gov.core.sheets.cells import EMPTY, REFUSED, CellRefused, column_values
from village_gov.core.sheets.headers import (
    HEADER_SCAN_ROWS,
    SectionColumns,
    find_header,
    is_ignored,
    is_note_row,
    normalize,
)
from village_gov.core.yamlio import Mapping

Grid = list[list[Any]]
Merged = list[tuple[tuple[int, int], tuple[int, int]]]


def fill_merged(rows: Grid, merged: Merged) -> set[tuple[int, int]]:
    """Give every cell of a merged range the value of its first cell (readers leave the others empty);
    return the cells so filled (0-based): a row holding nothing else is still a blank row."""
    filled = set()
    for (top, left), (bottom, right) in merged:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(left, right + 1):
                if c < len(row) and (r, c) != (top, left):
                    row[c] = value
                    filled.add((r, c))
    return filled


def sheet_records(rows: Grid, columns: SectionColumns, file: SheetFile, prefixes: tuple[str, ...],
                  problems: list[Problem], filled: set[tuple[int, int]] | None = None) -> list[Mapping]:
    """The records of one sheet (or CSV) of ``columns``' section; problems are appended to ``problems``."""
    header = find_header(rows, columns)
    if header is None:
        expected = "、".join(c.header for c in list(columns.columns.values())[:4])
        problems.append(Problem(file, None, None, "sheet.no_header", {"rows": HEADER_SCAN_ROWS, "expected": expected}))
        return []
    keys = _header_keys(rows[header], header, columns, file, problems)
    if keys is None:
        return []
    start = header + 1
    if start < len(rows) and is_note_row(rows[start], columns, prefixes):
        start += 1
    body = rows[start:]
    width = max(keys) + 1 if keys else 0
    if any(len(row) < width for row in body):  # a CSV's short rows (a workbook's rows are all as wide)
        body = [row if len(row) >= width else [*row, *[""] * (width - len(row))] for row in body]
    refusals: list[tuple[int, int, CellRefused]] = []
    values = [column_values([row[index] for row in body], columns.columns[key], index, refusals)
              for index, key in keys.items()]
    for position, index, refused in sorted(refusals, key=lambda item: item[:2]):
        problems.append(Problem(file, start + position + 1, index + 1, refused.key, refused.params,
                                record=_code(body[position], keys)))
    filled = {cell for cell in filled or () if cell[0] >= start}  # a merged title row above is no matter
    if refusals or filled or any("." in key for key in keys.values()):
        return _records_by_cell(values, start, keys, file, filled)
    return _flat_records(values, start, keys, file)


def _flat_records(values: list[list[Any]], start: int, keys: dict[int, str], file: SheetFile) -> list[Mapping]:
    """The records of a sheet whose columns are all top-level fields, from each column's values (no cell
    refused, none merged).

    The hot loop of a sheet's import: a row's values go into its record, and their cells into its
    marks, in one step each; only a row with an empty cell is looked at value by value."""
    names = tuple(keys.values())
    places = {name: index + 1 for index, name in keys.items()}
    records: list[Mapping] = []
    for line, row in enumerate(zip(*values), start + 1):
        record = SheetRecord(zip(names, row))
        if EMPTY in row:
            for name, value in zip(names, row):
                if value is EMPTY:
                    del record[name]
            if not record:
                continue  # a blank row
        record.file, record.line, record.column, record.places, record.key_marks = file, line, 1, places, {}
        records.append(record)
    return records


class SheetRecord(Mapping):
    """A record read from a sheet row whose every value is at a top-level field's column: the cell of a
    value (its mark) is the row's line and the column of its header (``places``, shared by the sheet's
    records), worked out when asked rather than kept as a dict of positions per record."""

    __slots__ = ("places",)
    places: dict[str, int]

    @property
    def marks(self) -> dict:  # type: ignore[override]
        line, places = self.line, self.places
        return {key: (line, places[key]) for key in self}

    def mark_of(self, key: Any) -> tuple[int | None, int | None]:
        return (self.line, self.places[key]) if key in self else (self.line, self.column)

    def sheet_positions(self) -> list:
        """The record's line and column, then each value's, flat and in key order (as an entry packs them)."""
        line = self.line
        return [line, self.column, *chain.from_iterable(zip(repeat(line), map(self.places.__getitem__, self)))]


def _records_by_cell(values: list[list[Any]], start: int, keys: dict[int, str], file: SheetFile,
                     filled: set[tuple[int, int]]) -> list[Mapping]:
    """The records of a sheet value by value: one with nested fields' columns (a decision's 提议·日期 is
    ``steps.proposed.date``), merged cells (a row holding only what they spread into it is blank) or
    refused cells (the field is left out, the row is not blank)."""
    columns = [(index, key, key.split(".") if "." in key else None) for index, key in keys.items()]
    records = []
    for position, row in enumerate(zip(*values)):
        line = start + position + 1
        record = _mapping(file, line, 1)
        present = False
        for (index, key, path), value in zip(columns, row):
            if value is EMPTY or value is REFUSED:
                present = present or value is REFUSED
                continue
            if not present and (line - 1, index) not in filled:
                present = True
            if path is None:
                record[key] = value
                record.marks[key] = (line, index + 1)
            else:
                _put(record, path, value, (line, index + 1))
        if present:
            records.append(record)
    return records


def _header_keys(row: list[Any], header: int, columns: SectionColumns, file: SheetFile,
                 problems: list[Problem]) -> dict[int, str] | None:
    """Column index → field path; None (with the problems) when a header is unknown, repeated or missing."""
    keys: dict[int, str] = {}
    bad = unknown = False
    for index, cell in enumerate(row):
        if cell in ("", None) or (isinstance(cell, str) and not cell.strip()) or is_ignored(str(cell)):
            continue
        key = columns.by_header.get(normalize(cell))
        if key is None:
            headers = [c.header for c in columns.columns.values()]
            close = difflib.get_close_matches(str(cell), headers, n=1, cutoff=0.5)
            problems.append(Problem(file, header + 1, index + 1, "sheet.unknown_header", {
                "header": str(cell), "hint": close[0] if close else ""}))
            bad = unknown = True
            continue
        first = next((i for i, k in keys.items() if k == key), None)
        if first is not None:
            problems.append(Problem(file, header + 1, index + 1, "sheet.duplicate_header",
                                    {"header": str(cell), "first": first + 1}))
            bad = True
            continue
        keys[index] = key
    # An unknown header is most likely the column said missing: it alone is named.
    for column in columns.columns.values() if not unknown else ():
        if column.required and column.key not in keys.values():
            problems.append(Problem(file, header + 1, None, "sheet.missing_column", {"header": column.header}))
            bad = True
    return None if bad else keys


def _put(record: Mapping, path: list[str], value: Any, mark: tuple[int, int]) -> None:
    """``record[a][b][c] = value`` for the path ``a.b.c``, making the nested mappings on the way."""
    node = record
    for part in path[:-1]:
        inner = node.get(part)
        if not isinstance(inner, Mapping):
            inner = node[part] = _mapping(record.file, *mark)
            node.marks[part] = mark
        node = inner
    node[path[-1]] = value
    node.marks[path[-1]] = mark


def _mapping(file: str, line: int, column: int) -> Mapping:
    result = Mapping()
    result.file, result.line, result.column = file, line, column
    result.marks, result.key_marks = {}, {}
    return result


def _code(row: list[Any], keys: dict[int, str]) -> str | None:
    index = next((i for i, k in keys.items() if k == "code"), None)
    if index is None or index >= len(row) or not isinstance(row[index], str):
        return None
    return row[index].strip() or None
