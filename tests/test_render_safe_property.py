"""Output safety, property-based: hostile stored text through every list/show/report command and format.

What is checked for each output is listed in tests/helpers/safe_out.py.  In CI the examples are fixed
(derandomize) so a run is reproducible; VILLAGE_GOV_SAFE_EXAMPLES sets how many, and
bench/output_safety.py runs 10,000 random ones.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.safe_out import COMMANDS, FRAGMENTS, SLOTS, TODAY, _usable, hostile_text, run_batch

EXAMPLES = int(os.environ.get("VILLAGE_GOV_SAFE_EXAMPLES", "3"))


@pytest.fixture
def wide(monkeypatch):
    """Tables at 1000 columns: a value is never wrapped, so it can be found whole in the output."""
    monkeypatch.setenv("COLUMNS", "1000")
    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)


def test_every_fragment_through_every_command_and_format(cli, wide, tmp_path):
    """Each hostile fragment (markup, escapes, formula prefixes, HTML, links) stored in a text field."""
    strings = [_usable("".join(FRAGMENTS[i::len(SLOTS)])) for i in range(len(SLOTS))]
    counts = run_batch(cli, tmp_path / "fragments", strings)
    assert counts.runs == sum(len(command[1]) for command in COMMANDS)
    assert counts.values_found >= 100


def test_random_stored_text_never_escapes(cli, wide, tmp_path_factory):
    """Arbitrary Unicode mixed with the fragments, in every slot; a sample of commands per example."""

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=bool(os.environ.get("CI")),
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.function_scoped_fixture])
    @given(st.lists(hostile_text, min_size=len(SLOTS), max_size=len(SLOTS)),
           st.lists(st.sampled_from(COMMANDS), min_size=6, max_size=6, unique_by=lambda c: tuple(c[0])))
    def check(strings, commands):
        run_batch(cli, tmp_path_factory.mktemp("example"), strings, commands)

    check()
