"""The long output-safety run (tests/test_render_safe_property.py runs a few fixed examples of it).

    python bench/output_safety.py [--examples 10000] [--seed 12]

Random hostile strings (arbitrary Unicode mixed with rich markup, terminal escapes, formula prefixes,
HTML and Markdown links: tests/helpers/safe_out.py) are stored in every text field of a small ledger
through the real import (or, for text the importer refuses, straight into SQLite after it), a batch
of ``len(SLOTS)`` strings per ledger, and every list/show/report
command runs in every format it offers, in-process.  Each output is checked as the support module
says: no exception, the documented exit code, no raw control character, CSV rows intact and every
value neutralised as documented, JSON exact, the value shown literally (no markup applied).

Prints: strings tried (examples), batches, command runs, values found in outputs, failures, time.
Exit 1 on the first broken promise (hypothesis prints the failing strings).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=10_000, help="hostile strings to try")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()

    os.environ["COLUMNS"] = "1000"  # no wrapping: a value is found whole in the table
    from hypothesis import HealthCheck, given, seed, settings
    from hypothesis import strategies as st
    from typer.testing import CliRunner

    from tests.helpers.safe_out import COMMANDS, SLOTS, TODAY, Batch, hostile_text, run_batch
    from village_gov.cli import app
    from village_gov.core.i18n import set_lang

    os.environ["VILLAGE_GOV_TODAY"] = TODAY
    runner = CliRunner()

    def invoke(*argv):
        set_lang(None)
        return runner.invoke(app, [str(a) for a in argv], catch_exceptions=False)

    batches = math.ceil(args.examples / len(SLOTS))
    counts = Batch()
    done = {"batches": 0}
    started = time.monotonic()
    cpu = time.process_time()
    with tempfile.TemporaryDirectory(prefix="output-safety-") as folder:

        @seed(args.seed)
        @settings(max_examples=batches, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(st.lists(hostile_text, min_size=len(SLOTS), max_size=len(SLOTS)))
        def check(strings):
            done["batches"] += 1
            run_batch(invoke, Path(folder) / f"batch{done['batches']}", strings, COMMANDS, counts)
            if done["batches"] % 20 == 0:
                print(f"  {done['batches']}/{batches} batches, {counts.runs} runs, "
                      f"{time.monotonic() - started:.0f} s", flush=True)

        failures = 0
        try:
            check()
        except AssertionError:
            failures = 1
            raise
        finally:
            print(f"{done['batches'] * len(SLOTS)} hostile strings ({done['batches']} batches of {len(SLOTS)}), "
                  f"{counts.runs} command runs, {counts.values_found} values found in outputs, "
                  f"{failures} failures, {time.monotonic() - started:.0f} s "
                  f"({time.process_time() - cpu:.0f} s CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
