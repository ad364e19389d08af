"""A cell's value as the field expects it, or a refusal naming why.

Readers give text, numbers (floats: a spreadsheet stores every number as one), booleans, dates and
datetimes.  Per column kind:

* date: a date or datetime cell (the reader decodes Excel's serial numbers of a date-formatted cell),
  a bare serial number (a date cell whose format was lost), or text ``2026-10-08``, ``2026/10/8``,
  ``2026年10月8日``, ``2026.10.8``, ``20261008``;
* int: ``3.0`` (a float with no fraction) or the text ``3``/``3.0``; a fraction is left for the
  model to refuse;
* text: a whole number as its digits (a code typed as a number, ``101``), a date as ``YYYY-MM-DD``;
* phone: a number is refused unless it is a whole 11-digit mobile number (``13800138000.0`` has
  lost nothing: a double holds 15 digits exactly); a number in scientific notation is refused,
  as a cell or as text;
* ID number: a number is always refused (18 digits exceed a double's 15-16), and so is text in
  scientific notation;
* a list (``many``): the text split at 、 (and at commas for a list of codes);
* yes/no: 是/否, true/false, yes/no, 1/0, √/×.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from village_gov.core.sheets.headers import Column
from village_gov.core.sheets.names import CODE_LIST_SEPARATORS, LIST_SEPARATORS

EMPTY = object()
"""A cell with nothing in it: the field is left out (its default applies, or the model says it is missing)."""
REFUSED = object()
"""A cell :func:`column_values` refused (its problem is kept apart): the field is left out, the row is not blank."""
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_TEXT_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:\.\d*)?[eE][+-]?\d+$")
_WHOLE = re.compile(r"^[+-]?\d+(?:\.0*)?$")
_MOBILE = re.compile(r"^1\d{10}$")
_LIST_SPLIT = re.compile("[" + re.escape(LIST_SEPARATORS) + "]")
_CODE_LIST_SPLIT = re.compile("[" + re.escape(CODE_LIST_SEPARATORS) + "]")
_YES = {"是": True, "否": False, "true": True, "false": False, "yes": True, "no": False, "y": True, "n": False,
        "1": True, "0": False, "√": True, "✓": True, "×": False, "✗": False}


class CellRefused(Exception):
    """A value that cannot be taken: ``key`` names the message, ``params`` fill it in."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def convert(value: Any, column: Column) -> Any:
    """The value of a cell for ``column``, :data:`EMPTY`, or :class:`CellRefused`."""
    if value is None:
        return EMPTY
    if isinstance(value, str):
        value = value.strip()
        return EMPTY if not value else _text(value, column)
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return _number(value, column)
    if isinstance(value, dt.datetime):
        day = value.date() if value.time() == dt.time(0) else value
        return day if column.kind == "date" else day.isoformat()
    if isinstance(value, dt.date):
        return value if column.kind == "date" else value.isoformat()
    return str(value)


def column_values(cells: list[Any], column: Column, index: int, refusals: list[tuple[int, int, CellRefused]]
                  ) -> list[Any]:
    """The values of one column's cells (top to bottom) as :func:`convert` gives them, converted by the
    column's converters, chosen once; a refused cell is :data:`REFUSED` in the list and
    ``(position, index, refusal)`` in ``refusals``.  A column of text cells only (names, codes) is one
    pass of ``str.strip``."""
    text, number = text_converter(column), number_converter(column)
    if text is None or text is _digits_text:
        texts = _text_column(cells, text is _digits_text, index, refusals)
        if texts is not None:
            return texts
    values: list[Any] = []
    append = values.append
    for position, cell in enumerate(cells):
        kind = type(cell)
        try:
            if kind is str:
                cell = cell.strip()
                append(EMPTY if not cell else cell if text is None else text(cell))
            elif kind is float or kind is int:
                append(number(cell))
            else:
                append(convert(cell, column))
        except CellRefused as refused:
            append(REFUSED)
            refusals.append((position, index, refused))
    return values


def _text_column(cells: list[Any], digits: bool, index: int, refusals: list[tuple[int, int, CellRefused]]
                 ) -> list[Any] | None:
    """A column of text cells (or empty ones) whose text is the value, stripped in one pass; None when a
    cell is not text (a number, a date, a yes/no).  For a phone or ID number, text in scientific
    notation (it holds an e) is refused."""
    try:
        values: list[Any] = [cell.strip() or EMPTY for cell in cells]
    except AttributeError:
        return None
    if digits:
        for position, value in enumerate(values):
            if value is not EMPTY and ("e" in value or "E" in value) and _SCIENTIFIC.match(value):
                values[position] = REFUSED
                refusals.append((position, index, CellRefused("sheet.scientific", value=value)))
    return values


def text_converter(column: Column) -> Callable[[str], Any] | None:
    """What :func:`convert` does with a stripped, non-empty text cell of ``column``, chosen once for the
    column; None when the text itself is the value (a plain text column: names, codes, choices)."""
    plain = column.kind in ("text", "number") and not column.many and not column.flexible
    if plain and not column.digits:
        return None
    if plain:
        return _digits_text
    return lambda value: _text(value, column)


def number_converter(column: Column) -> Callable[[float], Any]:
    """What :func:`convert` does with a number cell of ``column``, chosen once for the column."""
    if column.digits or column.kind == "date" or (column.many and column.kind not in ("int", "bool", "number")):
        return lambda value: _number(value, column)
    if column.kind in ("int", "bool") or column.flexible:
        return _whole_or_fraction
    if column.kind == "number":
        return float
    return _number_text


def _digits_text(value: str) -> str:
    if _SCIENTIFIC.match(value):
        raise CellRefused("sheet.scientific", value=value)
    return value


def _whole_or_fraction(value: float) -> Any:
    return int(value) if float(value).is_integer() else value


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _number(value: float, column: Column) -> Any:
    whole = float(value).is_integer()
    if column.digits == "id_number":
        raise CellRefused("sheet.id_number_float", value=_shown(value))
    if column.digits == "phone":
        if whole and _MOBILE.match(str(int(value))):
            return str(int(value))
        raise CellRefused("sheet.phone_float", value=_shown(value))
    if column.kind == "date":
        return excel_date(value)
    if column.kind in ("int", "bool") or column.flexible:
        return int(value) if whole else value
    if column.kind == "number":
        return float(value)
    text = str(int(value)) if whole else repr(float(value))
    return [text] if column.many else text


def _shown(value: float) -> str:
    """A number as Excel would show it in a General cell (``1.38001380013E+10``)."""
    text = f"{value:.12G}" if abs(value) >= 1e11 else str(int(value)) if float(value).is_integer() else str(value)
    return text


def excel_date(serial: float) -> Any:
    """Excel's day number (1900 system) as a date; a number out of any date's range is given back."""
    if not 1 <= serial < 2958466:
        return serial
    moment = _EXCEL_EPOCH + dt.timedelta(days=serial)
    return moment.date() if moment.time() == dt.time(0) else moment


def text_date(text: str) -> dt.date | None:
    """``2026-10-08``, ``2026/10/8``, ``2026年10月8日``, ``2026.10.8``, ``20261008`` as a date (None if not one)."""
    match = _TEXT_DATE.match(text) or _COMPACT_DATE.match(text)
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _text(value: str, column: Column) -> Any:
    if column.digits and _SCIENTIFIC.match(value):
        raise CellRefused("sheet.scientific", value=value)
    if column.kind == "date" and column.many:  # a list of dates (a development record's assessments)
        return [text_date(item) or item for item in split_list(value, column)]
    if column.kind == "date":
        return text_date(value) or value
    if column.kind == "int" and _WHOLE.match(value):
        return int(float(value))
    if column.kind == "bool":
        return _YES.get(value.casefold(), value)
    if column.many:
        return split_list(value, column)
    if column.flexible:
        return int(value) if value.isdigit() else split_list(value, column)
    return value


def split_list(value: str, column: Column) -> list[str]:
    """A list cell's values (empty parts dropped)."""
    pattern = _CODE_LIST_SPLIT if column.ref or column.flexible else _LIST_SPLIT
    return [part for part in map(str.strip, pattern.split(value)) if part]
