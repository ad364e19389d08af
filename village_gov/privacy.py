"""Masking of personal data (phone and resident ID numbers) for output."""

from __future__ import annotations

import re

PERSONAL_FIELDS = ("phone", "id_number")


def mask_phone(value: str | None) -> str | None:
    """``13800000001`` → ``138****0001``; short numbers keep only their last two digits."""
    if not value:
        return value
    digits = str(value)
    if len(digits) >= 8:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return "*" * max(len(digits) - 2, 0) + digits[-2:]


def mask_id_number(value: str | None) -> str | None:
    """``510102199001011234`` → ``5101**********1234``."""
    if not value:
        return value
    text = str(value)
    if len(text) <= 8:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 8) + text[-4:]


# A word of ASCII letters, digits and phone punctuation holding 7 or more digits: a phone or ID number,
# perhaps mistyped ("1390000a0002").
_NUMBER_LIKE = re.compile(r"[0-9A-Za-z+\-()]*[0-9][0-9A-Za-z+\-()]*")

_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}$")


def _mask_run(match: re.Match) -> str:
    run = match.group(0)
    digits = sum(c.isdigit() for c in run)
    if digits < 7 or _DATE.match(run):
        return run
    # Keep the first 3 and the last 4 digits and hide every digit between them.
    seen = 0
    out = []
    for c in run:
        if c.isdigit():
            seen += 1
            out.append(c if seen <= 3 or seen > digits - 4 else "*")
        else:
            out.append(c)
    return "".join(out)


def mask_numbers_in(text: str) -> str:
    """Mask every phone- or ID-like run of digits in ``text`` (for problem messages quoting an input)."""
    return _NUMBER_LIKE.sub(_mask_run, text)


_MASKERS = {"phone": mask_phone, "id_number": mask_id_number}


def mask_row(row: dict, unmask: bool = False) -> dict:
    """A copy of ``row`` with its personal fields masked (unless ``unmask``)."""
    if unmask:
        return row
    masked = dict(row)
    for key, masker in _MASKERS.items():
        if key in masked:
            masked[key] = masker(masked[key])
    return masked
