"""The workbook's column widths: ``display_width`` counts a wide or full-width character as two, by
blocks for the common CJK text and by lookup for the rest (the same figure as one lookup per character)."""

from __future__ import annotations

import sys
import unicodedata

from village_gov.render.xlsx import display_width


def _by_lookup(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def test_every_character_counts_as_a_lookup_says():
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        assert display_width(ch) == _by_lookup(ch), hex(code)


def test_mixed_texts():
    # Worked out by hand: ASCII counts one, each Chinese character and full-width mark two.
    assert display_width("") == 0
    assert display_width("V01-G01") == 7
    assert display_width("柳塘村") == 6
    assert display_width("H00001 户主（3人）") == 7 + 4 + 2 + 1 + 2 + 2  # "（" and "）" are full-width
    assert display_width("é😀①") == 1 + 2 + 1  # é narrow, the emoji wide, ① ambiguous (narrow here)
    samples = ["党员周娟联系 4 户，超过 3 户", "Ｆｕｌｌ　ｗｉｄｔｈ", "한글 カタカナ ひらがな", "\u3000\u303f\u4dbf\u9fff\ua000"]
    for text in samples:
        assert display_width(text) == _by_lookup(text), text
