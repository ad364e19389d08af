"""Benchmark: the same commands from two checkouts (before, after), interleaved, as processes.

    python bench/before_after.py --before /path/to/main --before-db old.db --after-db new.db \\
        [--repeat 3] [--command "export --month 2026-10 -o {out}.xlsx" …]

Each command runs as ``python -m village_gov`` with ``PYTHONPATH`` set to each checkout (``--after``:
this one by default), on its own copy of the database (a checkout with a newer schema migrates its
copy; the older one would refuse it), alternately, ``--repeat`` times. Printed per command: the
medians of the child's CPU time (user + system: what the command costs, whatever else the machine
runs) and of the wall clock, their ratio, whether stdout was byte-identical, and the load average.
``{out}`` in a command is replaced by a file name of its own for each side. Not a test: nothing asserts.
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = [
    "export --month 2026-10 -o {out}.xlsx",
    "export --month 2026-10 -o {out}.html",
    "check --as-of 2026-10-31 --format json",
    "report micros --as-of 2026-10-31 --format json",
    "request list",
    "service list",
    "household list",
]


def run(checkout: Path, db: Path, args: list[str]) -> tuple[float, float, bytes]:
    """CPU seconds, wall seconds and stdout of one command."""
    checkout = checkout.resolve()
    env = {**os.environ, "PYTHONPATH": str(checkout), "VILLAGE_GOV_DB": str(db.resolve()),
           "VILLAGE_GOV_TODAY": "2026-11-01", "COLUMNS": "120"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # Run from the checkout: "python -m" puts the current folder before PYTHONPATH, so run from another
    # checkout both sides would run that one's code.
    done = subprocess.run([sys.executable, "-m", "village_gov", *args], env=env, capture_output=True, cwd=checkout)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return cpu, wall, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the other checkout (e.g. main)")
    parser.add_argument("--after", type=Path, default=ROOT)
    parser.add_argument("--before-db", type=Path, required=True)
    parser.add_argument("--after-db", type=Path, required=True, help="a copy of the same database")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--command", action="append", help="a command line (default: a set of reads)")
    args = parser.parse_args()
    sides = {"before": (args.before, args.before_db), "after": (args.after, args.after_db)}
    figures: dict[tuple[str, str], list[tuple[float, float]]] = {}
    stdout: dict[tuple[str, str], bytes] = {}
    with tempfile.TemporaryDirectory(prefix="vg-ab-") as tmp:
        for _ in range(args.repeat):
            for command in args.command or COMMANDS:
                for side, (checkout, db) in sides.items():
                    line = shlex.split(command.replace("{out}", f"{tmp}/{side}"))
                    cpu, wall, out = run(checkout, db, line)
                    figures.setdefault((command, side), []).append((cpu, wall))
                    stdout[(command, side)] = out
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"medians of {args.repeat} runs, each a process, before and after interleaved; load average {load}")
    for command in args.command or COMMANDS:
        cpu = {s: statistics.median(c for c, _ in figures[(command, s)]) for s in sides}
        wall = {s: statistics.median(w for _, w in figures[(command, s)]) for s in sides}
        same = "same stdout" if stdout[(command, "before")] == stdout[(command, "after")] else "stdout differs"
        print(f"  {command:48s} CPU {cpu['before']:7.3f} → {cpu['after']:7.3f} s = {cpu['after'] / cpu['before']:4.2f}×"
              f"   wall {wall['before']:7.3f} → {wall['after']:7.3f} s   {same}")


if __name__ == "__main__":
    main()
