"""Masking of personal data (phone and resident ID numbers) for output."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any


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


# --- the notice scrub: personal values found in free text, however they are written ---------------

TEXT_MASK = "＊＊"
MIN_NAME_LENGTH = 2  # a one-character "name" would mask ordinary words; see docs/exports.md
_KEY = 8  # values longer than this are looked up by their first _KEY characters
# Numbers that look personal whoever they belong to, searched in the text with its separators gone:
# 18-character ID numbers (last one may be X), 15-digit old IDs, mobiles, landlines with area codes.
# Each is tried at every position (a lookahead), so one match cannot hide another that overlaps it.
_NUMBER_PATTERNS = [re.compile(f"(?=({p}))") for p in (r"\d{17}[\dX]", r"\d{15}", r"1[3-9]\d{9}", r"0[1-9]\d{8,10}")]


def _fold(ch: str) -> str:
    """One character as the matcher sees it: NFKC, upper case, any decimal digit as 0-9, and
    separators (anything not a letter, digit or combining mark: spaces, dashes, dots, slashes,
    commas, brackets, zero-width and other symbols) dropped."""
    folded = []
    for c in unicodedata.normalize("NFKC", ch).upper():
        category = unicodedata.category(c)
        if category[0] == "N":
            value = unicodedata.decimal(c, None)
            folded.append(str(value) if value is not None else c)
        elif category[0] in "LM":
            folded.append(c)
    return "".join(folded)


def fold_text(text: str) -> tuple[str, list[int]]:
    """``text`` folded (see :func:`_fold`), and for each folded character the index of the original
    character it came from."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = ch if ("0" <= ch <= "9" or "\u4e00" <= ch <= "\u9fff") else _fold(ch)
        out.append(folded)
        origin.extend([i] * len(folded))
    return "".join(out), origin


def fold(text: str) -> str:
    """``text`` as the matcher sees it: NFKC-normalised, upper case, separators removed."""
    return fold_text(text)[0]


class Scrubber:
    """Masks personal values in free text: known values (names, phones, ID numbers, texts) wherever
    they occur once the text is folded, and any number shaped like a phone or ID number.

    Known values are looked up at each position of the folded text: the short ones (a name) in a set
    per length, the long ones by their first few characters, so the work grows with the text's length
    and the number of distinct short lengths, not with the number of values."""

    def __init__(self, values: Iterable[str] = (), names: Iterable[str] = ()) -> None:
        self.short: dict[int, set[str]] = {}
        self.long: dict[str, list[str]] = {}
        for value in list(values) + list(names):
            folded = fold(str(value)) if value else ""
            if len(folded) < MIN_NAME_LENGTH:
                continue
            if len(folded) <= _KEY:
                self.short.setdefault(len(folded), set()).add(folded)
            else:
                self.long.setdefault(folded[:_KEY], []).append(folded)
        self.lengths = sorted(self.short, reverse=True)

    def spans(self, folded: str) -> list[tuple[int, int]]:
        """Spans of ``folded`` holding a personal value (may overlap)."""
        found = []
        n = len(folded)
        for i in range(n):
            for length in self.lengths:
                if i + length <= n and folded[i:i + length] in self.short[length]:
                    found.append((i, i + length))
            for value in self.long.get(folded[i:i + _KEY], ()):
                if folded.startswith(value, i):
                    found.append((i, i + len(value)))
        for pattern in _NUMBER_PATTERNS:
            found.extend(m.span(1) for m in pattern.finditer(folded))
        return found

    def __call__(self, text: Any) -> Any:
        """``text`` with every personal value replaced by ＊＊ over the original characters it covers
        (lists scrubbed item by item; anything not text unchanged)."""
        if isinstance(text, list):
            return [self(item) for item in text]
        if not isinstance(text, str) or not text:
            return text
        folded, origin = fold_text(text)
        merged: list[list[int]] = []
        for start, end in sorted((origin[a], origin[b - 1] + 1) for a, b in self.spans(folded)):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        out, last = [], 0
        for start, end in merged:
            out.append(text[last:start])
            out.append(TEXT_MASK)
            last = end
        out.append(text[last:])
        return "".join(out)
