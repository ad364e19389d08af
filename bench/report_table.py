"""Benchmark: ``report monthly`` as a table, written plain, beside rich drawing it and beside JSON.

    python bench/report_table.py --db /tmp/sc/h1000000/ledger.db [--db …] [--repeat 3] [--lists]

Each database (a ``bench/scale_curve.py --keep`` database, say) is copied to a temporary folder
first; every command runs there as a process with stdout into a pipe, ``COLUMNS=100``, and is timed
for wall seconds and CPU seconds (user + system of the child, from ``wait4``), interleaved, medians
of ``--repeat``:

- ``report monthly`` (table), the way it is written into a pipe (``render/plain_report.py``);
- the same with ``TTY_COMPATIBLE=0``: rich then knows the output is no terminal, draws every table
  itself and styles nothing, the same bytes (the baseline: how every table was drawn before);
- ``report monthly --format json`` (the report's own work, its text written at once);
- the table as a terminal gets it (``FORCE_COLOR=1``: bold header and totals), written by
  ``render/plain_report.py``, and drawn by rich (``TTY_COMPATIBLE=1`` as well: rich alone decides).

Each pair's bytes are compared in zh and en at 80 and 100 columns (the bench stops if they differ).
``--lists`` also times ``report trend`` and every list's table that ``scale_curve.py`` times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100", "VILLAGE_GOV_TODAY": "2026-11-01"}
for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "NO_COLOR"):
    ENV.pop(name, None)
MONTH = "2026-10"
MONTHLY = ["report", "monthly", "--month", MONTH]
LISTS = [["report", "trend", "--from", "2025-11", "--to", MONTH], ["org", "tree", "--village", "V01"],
         *([kind, "list"] for kind in ("household", "member", "org", "village", "group", "request", "consult",
                                       "service", "activity")),
         ["audit", "log"]]


def timed(db: Path, args: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of one ``village-gov`` process, stdout into a pipe (read and dropped)."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "village_gov", "--db", str(db), *args], env=env or ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert child.stdout is not None
    while child.stdout.read(1 << 16):
        pass
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(args)}: exit {os.waitstatus_to_exitcode(status)}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def output(db: Path, args: list[str], env: dict) -> bytes:
    return subprocess.run([sys.executable, "-m", "village_gov", "--db", str(db), *args], env=env,
                          capture_output=True, check=True).stdout


def same_bytes(db: Path) -> None:
    """The table written and rich's, into a pipe and on a terminal, in both languages at 80 and 100 columns."""
    for lang in ("zh", "en"):
        for columns in ("80", "100"):
            env = {**ENV, "COLUMNS": columns, "VILLAGE_GOV_LANG": lang}
            terminal = {"FORCE_COLOR": "1"}
            for where, extra, rich in (("a pipe", {}, {"TTY_COMPATIBLE": "0"}),
                                       ("a terminal", terminal, {**terminal, "TTY_COMPATIBLE": "1"})):
                written, drawn = output(db, MONTHLY, {**env, **extra}), output(db, MONTHLY, {**env, **rich})
                if written != drawn:
                    raise SystemExit(f"{db}: the table differs from rich's ({where}, {lang}, {columns} columns)")
                print(f"  same bytes, {where}, {lang} at {columns} columns: {len(written):,} bytes", flush=True)


def median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def report(db: Path, repeat: int) -> None:
    cases = {"report monthly (table, plain)": (MONTHLY, ENV),
             "report monthly (table, drawn by rich)": (MONTHLY, {**ENV, "TTY_COMPATIBLE": "0"}),
             "report monthly --format json": ([*MONTHLY, "--format", "json"], ENV),
             "report monthly (terminal, written)": (MONTHLY, {**ENV, "FORCE_COLOR": "1"}),
             "report monthly (terminal, drawn by rich)": (MONTHLY, {**ENV, "FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"})}
    runs: dict[str, list] = {name: [] for name in cases}
    for _ in range(repeat):
        for name, (args, env) in cases.items():
            runs[name].append(timed(db, args, env))
    plain, drawn, json_, styled, styled_drawn = (median(runs[name]) for name in cases)
    for name, (wall, cpu) in zip(cases, (plain, drawn, json_, styled, styled_drawn)):
        print(f"  {name:40s} wall {wall:6.2f} s  CPU {cpu:6.2f} s", flush=True)
    print(f"  plain / rich: CPU {plain[1] / drawn[1]:.2f}×, wall {plain[0] / drawn[0]:.2f}×; "
          f"plain / JSON: CPU {plain[1] / json_[1]:.2f}×, wall {plain[0] / json_[0]:.2f}×; "
          f"terminal, written / rich: CPU {styled[1] / styled_drawn[1]:.2f}×", flush=True)


def lists(db: Path, repeat: int) -> None:
    for args in LISTS:
        wall, cpu = median([timed(db, args) for _ in range(repeat)])
        print(f"  {' '.join(args):40s} wall {wall:6.2f} s  CPU {cpu:6.2f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, action="append", required=True, help="a database (copied first)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lists", action="store_true", help="time report trend and every list's table too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="report-table-") as tmp:
        for source in args.db:
            db = Path(tmp) / "ledger.db"
            shutil.copyfile(source, db)
            output(db, ["village", "list", "--limit", "1"], ENV)  # a database at an older schema migrates here
            print(f"{source} (load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})", flush=True)
            same_bytes(db)
            report(db, args.repeat)
            if args.lists:
                lists(db, args.repeat)
            db.unlink()
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
