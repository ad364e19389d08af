"""The indented JSON writer: the text of ``json.dumps(data, ensure_ascii=False, indent=2, default=str)``."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from village_gov.render.jsontext import dumps_indented


def _reference(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def test_by_hand():
    # Two spaces per level, ", " never (items end their line with ","), ": " after a key, empty
    # containers as {} and [], text as it is (ensure_ascii=False) with quotes and controls escaped.
    data = {"a": [1, {}], "b": "村\"x\"\n", "c": [], "d": None, "e": True, "f": 1.5}
    assert dumps_indented(data) == (
        '{\n  "a": [\n    1,\n    {}\n  ],\n  "b": "村\\"x\\"\\n",\n  "c": [],\n  "d": null,\n  "e": true,\n'
        '  "f": 1.5\n}')


def test_what_the_fast_path_leaves_to_json_dumps_is_written_the_same():
    # A date (default=str), keys that are not text, a float that is not finite, deep nesting.
    deep: list = []
    for _ in range(60):
        deep = [deep]
    for data in ({"day": dt.date(2026, 10, 31)}, {1: "a", None: "b", 2.5: "c"}, [float("nan"), float("inf")], deep,
                 ("a", (1, 2)), {"n": 10**30, "m": -0.0}):
        assert dumps_indented(data) == _reference(data)


_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.dates()
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                       | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=4), max_leaves=30)


@settings(max_examples=150, deadline=None)
@given(_values)
def test_any_value_gives_the_text_of_json_dumps(data):
    assert dumps_indented(data) == _reference(data)
