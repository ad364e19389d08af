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
from typing import Any

from village_gov.core.sheets.headers import Column
from village_gov.core.sheets.names import CODE_LIST_SEPARATORS, LIST_SEPARATORS

EMPTY = object()
"""A cell with nothing in it: the field is left out (its default applies, or the model says it is missing)."""
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_TEXT_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:\.\d*)?[eE][+-]?\d+$")
_WHOLE = re.compile(r"^[+-]?\d+(?:\.0*)?$")
_MOBILE = re.compile(r"^1\d{10}$")
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
    separators = CODE_LIST_SEPARATORS if column.ref or column.flexible else LIST_SEPARATORS
    parts = re.split("[" + re.escape(separators) + "]", value)
    return [part.strip() for part in parts if part.strip()]
