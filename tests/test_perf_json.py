"""``json_safe`` finds DEL, C1 controls and bidi marks with one regular expression: the same text as
translating every character through the table, with a report of megabytes scanned once."""

from __future__ import annotations

import random

from village_gov.render import safe


def _translated(text: str) -> str:
    return text.translate(safe._JSON)


def test_each_escaped_character_by_hand():
    # Worked out by hand: DEL, a C1 control, RLO and PDI become \\u escapes; the rest is kept.
    assert safe.json_safe('{"a": "x\x7fy\x85z\u202e中\u2069"}') == '{"a": "x\\u007fy\\u0085z\\u202e中\\u2069"}'
    assert safe.json_safe("") == ""
    assert safe.json_safe('"柳塘村"') == '"柳塘村"'


def test_same_as_translating_every_character():
    for code in range(0x3000):
        text = f"a{chr(code)}b{chr(code)}"
        assert safe.json_safe(text) == _translated(text), hex(code)
    rng = random.Random(17)
    alphabet = [chr(c) for c in (*range(0x20, 0x7F), *range(0x7F, 0xA1), *range(0x2028, 0x2070), 0x4E2D, 0x6751)]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))
        assert safe.json_safe(text) == _translated(text), repr(text)
