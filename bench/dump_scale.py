"""Benchmark: ``dump --format xlsx`` of the county-scale roster, beside the YAML ``dump`` of the same database.

    python bench/dump_scale.py [--repeat 3] [--households 60000]

Imports the roster of ``import_scale.py`` (``county_roster.generate``, same seed; 60,000 households by
default) into a fresh database, then runs, interleaved, each as a subprocess: the YAML dump (the
baseline: the same records, one file per section), the workbook dump as built (XlsxWriter's
``constant_memory`` mode: rows written out as they come), and the same workbook written with the whole
workbook held in memory (XlsxWriter's default mode, forced in the child), to show what the
constant-memory mode saves.  Printed: the median seconds and the median peak memory (the child's
``ru_maxrss``) of each, their ratios to the YAML dump, and the load average.  Not a test: nothing asserts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import county_roster

# The child that runs one command and prints its own peak memory (kB on Linux).
PEAK = ("import resource, runpy, sys\n"
        "if sys.argv[1] == 'in-memory':\n"
        "    import xlsxwriter\n"
        "    class Workbook(xlsxwriter.Workbook):\n"
        "        def __init__(self, filename, options=None):\n"
        "            super().__init__(filename, {**(options or {}), 'constant_memory': False})\n"
        "    xlsxwriter.Workbook = Workbook\n"
        "sys.argv = ['village-gov', *sys.argv[2:]]\n"
        "try:\n"
        "    runpy.run_module('village_gov', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(f'PEAK {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')\n")


def run(mode: str, args: list[str], env: dict) -> tuple[float, float]:
    """Seconds and peak MB of one command in a child process."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK, mode, *args], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False)
    seconds = time.perf_counter() - start
    peak = next(line for line in done.stderr.splitlines() if line.startswith("PEAK "))
    return seconds, int(peak.split()[1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--households", type=int, default=county_roster.HOUSEHOLDS)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="vg-dump-") as tmp:
        folder = Path(tmp)
        scale = args.households / county_roster.HOUSEHOLDS
        county_roster.generate(folder / "roster", args.seed, households=args.households,
                               members=max(100, round(county_roster.MEMBERS * scale)))
        env = {**os.environ, "PYTHONPATH": str(ROOT), "VILLAGE_GOV_DB": str(folder / "county.db"),
               "COLUMNS": "120"}
        subprocess.run([sys.executable, "-m", "village_gov", "import", str(folder / "roster")], env=env,
                       stdout=subprocess.DEVNULL, check=True)
        runs = {
            "dump (YAML folder)": ("plain", ["dump", "-o", str(folder / "yaml")]),
            "dump --format xlsx (constant_memory)": ("plain", ["dump", "-o", str(folder / "a.xlsx")]),
            "the same workbook held in memory": ("in-memory", ["dump", "-o", str(folder / "b.xlsx")]),
        }
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
        for _ in range(args.repeat):
            for name, (mode, command) in runs.items():
                results[name].append(run(mode, command, env))
        size = (folder / "a.xlsx").stat().st_size / 1e6
    load_after = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{args.households} households; medians of {args.repeat} runs, each a subprocess, interleaved; "
          f"workbook {size:.1f} MB; load average {load_before} (start), {load_after} (end)")
    base_s = statistics.median(s for s, _ in results["dump (YAML folder)"])
    base_mb = statistics.median(m for _, m in results["dump (YAML folder)"])
    for name, values in results.items():
        seconds = statistics.median(s for s, _ in values)
        peak = statistics.median(m for _, m in values)
        print(f"  {name:40s} {seconds:6.2f} s = {seconds / base_s:4.2f}× YAML   "
              f"peak {peak:6.0f} MB = {peak / base_mb:4.2f}× YAML")


if __name__ == "__main__":
    main()
