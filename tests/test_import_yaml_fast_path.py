"""The marked YAML loader's one-pass constructor: same values as PyYAML's safe loader, right positions,
and the same refusals (aliases, merge keys, duplicate or unhashable keys, unsafe tags)."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from village_gov.core.yamlio import Mapping, parse_yaml

SAMPLES = [
    # block and flow styles, every plain scalar type the safe loader resolves
    "a: 1\nb: -2\nc: 0x1f\nd: 1.5\ne: .inf\nf: true\ng: no\nh: ~\ni: null\nj: ''\nk: 2024-03-01\n"
    "l: 2024-03-01 10:20:30\nm: '007'\nn: \"13800000001\"\no: 13800000001\np: [1, two, 3.0, null]\n",
    "households:\n  - code: H1\n    head: 陈一\n    size: 4\n  - {code: H2, head: 陈二, size: 3, phone: '139'}\n",
    "nested:\n  list:\n    - [a, [b, {c: d}]]\n  empty_map: {}\n  empty_list: []\n  text: |\n    two\n    lines\n",
    # a `&` in text (not an anchor) takes the checked path and must give the same values
    "name: 张 & 李\nlist: [a&b, '&c']\n",
    "? complex key\n: value\n",
    "!!str 12: !!int '3'\nf: !!float 2\n",
]


def _plain(value):
    """Mapping → dict all the way down, to compare with PyYAML's output."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@pytest.mark.parametrize("text", SAMPLES)
def test_same_values_as_the_safe_loader(text):
    data, problems = parse_yaml(text, "x.yaml")
    assert problems == []
    expected = yaml.load(text, Loader=yaml.CSafeLoader)
    assert _plain(data) == expected
    # and the same types (1 stays int, '007' stays text, dates are dates)
    assert repr(_plain(data)) == repr(expected)


def test_positions_block_and_flow():
    text = ("households:\n"
            "  - code: H1\n"
            "    head: 陈一\n"
            "  - {code: H2,  head: 陈二}\n")
    data, _ = parse_yaml(text, "h.yaml")
    assert isinstance(data, Mapping) and data.file == "h.yaml"
    first, second = data["households"]
    # mapping positions: line of its first key; values: where the value starts (1-based)
    assert (first.line, first.column) == (2, 5)
    assert first.mark_of("code") == (2, 11) and first.mark_of("head") == (3, 11)
    assert (second.line, second.column) == (4, 5)
    # "  - {code: H2,  head: 陈二}": `{` at column 5, H2 at 12, 陈二 at 23
    assert second.mark_of("code") == (4, 12) and second.mark_of("head") == (4, 23)
    # the list under `households:` starts on line 2; the key itself is on line 1
    assert data.mark_of("households") == (2, 3)
    assert data.key_mark("households") == (1, 1)
    # a key with its value on the same line: key_mark falls back to the value
    assert first.key_mark("head") == (3, 11)
    # an absent key points at the mapping itself
    assert first.mark_of("phone") == (2, 5)


def test_dates_that_are_no_dates_stay_text():
    data, problems = parse_yaml("born: 1970-13-01\njoined: 1990-07-01\n", "m.yaml")
    assert problems == []
    assert data == {"born": "1970-13-01", "joined": dt.date(1990, 7, 1)}


# An alias is the very node its anchor names: the refusal points at that node (line 1, column 4).
@pytest.mark.parametrize("text, key, line, column", [
    ("a: &x [1, 2]\nb: *x\n", "yaml.alias", 1, 4),
    ("a: &x v\nb: *x\n", "yaml.alias", 1, 4),
    ("base: &b {x: 1}\nother:\n  <<: *b\n", "yaml.alias", 3, 3),
    ("a: 1\na: 2\n", "yaml.duplicate_key", 2, 1),
    ("- {code: H1, code: H2}\n", "yaml.duplicate_key", 1, 14),
    ("? [a, b]\n: 1\n", "yaml.bad_key", 1, 3),
    ("? {a: b}\n: 1\n", "yaml.bad_key", 1, 3),
])
def test_refusals(text, key, line, column):
    data, problems = parse_yaml(text, "bad.yaml")
    assert data is None
    assert [(p.key, p.line, p.column) for p in problems] == [(key, line, column)]


def test_alias_bomb_refused_at_first_alias():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    data, problems = parse_yaml(bomb, "bomb.yaml")
    assert data is None
    # refused at the first reuse of `a`, reported where `a`'s list stands
    assert [(p.key, p.line, p.column) for p in problems] == [("yaml.alias", 1, 4)]


@pytest.mark.parametrize("text", [
    "x: !!python/object:os.system {}\n",
    "x: !!python/name:os.system ''\n",
    "x: !custom 1\n",
])
def test_unsafe_or_unknown_tags_refused(text):
    data, problems = parse_yaml(text, "tag.yaml")
    assert data is None
    assert [p.key for p in problems] == ["yaml.tag"]


def test_rare_standard_tags_still_load():
    """!!set and !!omap go through PyYAML's own constructor, as before; !!binary is refused where it stands."""
    data, problems = parse_yaml("s: !!set {a: null}\no: !!omap [x: 1]\n", "r.yaml")
    assert problems == []
    assert data == {"s": {"a"}, "o": [("x", 1)]}
    data, problems = parse_yaml("s: !!set {a: null}\nb: !!binary aGk=\n", "r.yaml")
    assert data is None
    assert [(p.line, p.column, p.key) for p in problems] == [(2, 4, "yaml.binary")]
