"""Benchmark: ``export`` of a month on the county-scale roster, beside ``check --format json``.

    python bench/export_scale.py [--repeat 3] [--db FILE]

Imports the roster of ``import_scale.py`` (same generator and seed; 60,000 households) into a fresh
database, or uses ``--db``, then prints medians of ``--repeat`` runs, each a subprocess, interleaved:
``export --month 2026-10`` to an .xlsx and to an .html file, and ``check --format json`` judged at the
month's last day (the checks the export's 检查 sheet lists). The day is pinned to 2026-11-01.
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


def timed(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", type=Path, help="an existing database (default: import the county roster)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vg-export-") as tmp:
        tmp = Path(tmp)
        db_path = args.db
        if db_path is None:
            from village_gov.core.importer import import_paths
            from village_gov.store.db import open_db

            county_roster.generate(tmp / "roster", args.seed)
            db_path = tmp / "county.db"
            db = open_db(db_path)
            import_paths(db, [tmp / "roster"])
            db.conn.close()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "VILLAGE_GOV_DB": str(db_path),
               "VILLAGE_GOV_TODAY": "2026-11-01", "COLUMNS": "120"}
        cli = [sys.executable, "-m", "village_gov"]
        commands = {
            "export --month 2026-10 (xlsx)": cli + ["export", "--month", "2026-10", "-o", str(tmp / "m.xlsx")],
            "export --month 2026-10 (html)": cli + ["export", "--month", "2026-10", "-o", str(tmp / "m.html")],
            "check --format json --as-of 2026-10-31": cli + ["check", "--format", "json", "--as-of", "2026-10-31"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, command in commands.items():
                times[name].append(timed(command, env))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"medians of {args.repeat} runs, each a subprocess, interleaved; load average {load}")
    check = statistics.median(times["check --format json --as-of 2026-10-31"])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:40s} {median:6.3f} s   = {median / check:4.2f}× check --format json")


if __name__ == "__main__":
    main()
