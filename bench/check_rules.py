"""Benchmark: what each ``check`` rule costs on a big database, and the JSON writer beside ``json.dumps``.

    python bench/check_rules.py --db /tmp/scale-curve-after/h1000000/ledger.db [--repeat 3] [--top 12]

In process, on a read-only connection (the file is never written; a file whose schema is older
than this checkout is refused: migrate a copy first).  Printed, as medians of ``--repeat`` runs of
CPU time (what the work costs, whatever else the machine runs):

* each rule's function with the sort ``check`` gives its findings (``--top`` most costly; with the
  number of findings), then all the rules as ``run_checks`` runs them (rules that share a pass over
  a table read it once there, so the sum of the lines above can be more than the run);
* ``check --format json``'s writer (``render/check_json.py``) beside the strongest honest baseline,
  the standard library writing the same report (``json.dumps(report.as_dict(), ensure_ascii=False,
  indent=2, default=str)``, the messages formatted by ``as_dict``), the two texts compared;
* the load average.

Not a test: nothing asserts a time.  The aim (issue 17): ``check`` at a million households well
under 10 s (≤ 7 s of CPU as a process).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("VILLAGE_GOV_TODAY", "2026-11-01")

from village_gov.core.checks import CheckOptions, _first, load_rules, run_checks  # noqa: E402
from village_gov.render.check_json import write_check_json  # noqa: E402
from village_gov.store.db import ReadDatabase  # noqa: E402

AS_OF = "2026-10-31"


def cpu(function, repeat: int) -> tuple[float, object]:
    runs, result = [], None
    for _ in range(repeat):
        start = time.process_time()
        result = function()
        runs.append(time.process_time() - start)
    return statistics.median(runs), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    db = ReadDatabase(sqlite3.connect(f"file:{args.db}?mode=ro", uri=True))
    print(f"{args.db}  load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores, shared)")
    costs = []
    for rule in load_rules():
        seconds, (count, _) = cpu(lambda rule=rule: _first(rule.function(db, CheckOptions(as_of=AS_OF)), None),
                                  args.repeat)
        costs.append((seconds, rule.id, count))
    print(f"\n{'rule':34} {'cpu s':>7} {'findings':>9}")
    for seconds, rule_id, count in sorted(costs, reverse=True)[:args.top]:
        print(f"{rule_id:34} {seconds:7.3f} {count:9d}")
    print(f"{'(the other ' + str(len(costs) - args.top) + ' rules)':34} "
          f"{sum(c[0] for c in sorted(costs, reverse=True)[args.top:]):7.3f}")
    run, report = cpu(lambda: run_checks(db, CheckOptions(as_of=AS_OF)), args.repeat)
    print(f"{'run_checks (every rule, coverage)':34} {run:7.3f} {len(report.findings):9d}")

    def ours() -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            write_check_json(report)
        return out.getvalue()

    def baseline() -> str:
        return json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str) + "\n"

    written, text = cpu(ours, args.repeat)
    dumped, expected = cpu(baseline, args.repeat)
    same = hashlib.sha256(text.encode()).digest() == hashlib.sha256(expected.encode()).digest()
    print(f"\nJSON of {len(report.findings)} findings ({len(text.encode()) / 1e6:.1f} MB): writer {written:.2f} s, "
          f"json.dumps of as_dict() {dumped:.2f} s = {written / dumped:.2f}× (same text: {same})")


if __name__ == "__main__":
    main()
