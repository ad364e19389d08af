"""Benchmark: ``export`` of a month beside its strongest honest baselines, as processes, interleaved.

    python bench/export_scale.py [--repeat 3] [--db FILE | --households 300000] [--keep FOLDER]

The database: ``--db`` (an existing one), or ``--households N``: ``scale_curve.py``'s roster of N
households with its year of every ledger (the issue's 300,000-household database), or by default the
county roster of ``import_scale.py`` (60,000 households, no history).  The day is pinned to 2026-11-01.

Timed, each a subprocess, interleaved, ``--repeat`` times (medians; wall clock and the child's CPU):

- ``export --month 2026-10`` to an .xlsx and to an .html file (the 检查 sheet lists the first 1,000
  findings of each rule, the default of ``--findings-per-rule``);
- ``check --format json --as-of 2026-10-31``: the checks the 检查 sheet counts, every finding printed;
- the same reports as JSON, one process each, summed: ``report monthly``, ``report trend`` (12
  months), ``report micros --as-of``, ``report party-life`` and ``check`` — what a script pays to get
  the data the export holds;
- XlsxWriter alone writing the exported workbook's cells (read back with openpyxl; one process, no
  formats, no charts): the floor of the workbook's writing.

Printed: the medians, each export's ratio to each baseline, and the load average at the start and
the end.  On a shared machine the CPU times are the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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

MONTH, AS_OF, QUARTER = "2026-10", "2026-10-31", "2026Q4"

BARE_WRITER = """
import json, sys, xlsxwriter
sheets = json.load(open(sys.argv[1], encoding="utf-8"))
workbook = xlsxwriter.Workbook(sys.argv[2], {"strings_to_numbers": False, "strings_to_formulas": False,
                                             "strings_to_urls": False})
for name, rows in sheets.items():
    ws = workbook.add_worksheet(name)
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
workbook.close()
"""


def timed(command: list[str], env: dict, ok=(0,)) -> tuple[float, float]:
    """Wall seconds and the child's CPU seconds (user + system) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(command)}: exit {done.returncode}\n{done.stderr.decode()[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def build(folder: Path, households: int | None, seed: int) -> Path:
    if households:
        import scale_curve

        county_roster.generate(folder / "roster", **scale_curve.shape(households))
        db = folder / "ledger.db"
        subprocess.run(scale_curve.village_gov(db, "import", str(folder / "roster")), env=scale_curve.ENV,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        scale_curve.add_history(db, households)
        return db
    from village_gov.core.importer import import_paths
    from village_gov.store.db import open_db

    county_roster.generate(folder / "roster", seed)
    db_path = folder / "county.db"
    db = open_db(db_path)
    import_paths(db, [folder / "roster"])
    db.conn.close()
    return db_path


def workbook_cells(path: Path, out: Path) -> int:
    """The workbook's cell values, sheet by sheet, as JSON for the bare writer; the number of cells."""
    import datetime as dt

    import openpyxl

    sheets, cells = {}, 0
    for ws in openpyxl.load_workbook(path, read_only=True).worksheets:
        rows = [[v.isoformat() if isinstance(v, dt.datetime) else v for v in row]
                for row in ws.iter_rows(values_only=True)]
        sheets[ws.title] = rows
        cells += sum(1 for row in rows for v in row if v is not None)
    out.write_text(json.dumps(sheets, ensure_ascii=False), encoding="utf-8")
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", type=Path, help="an existing database (default: build one)")
    parser.add_argument("--households", type=int, help="build scale_curve.py's roster of this size, with history")
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it (default: temporary)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    start_load = load()
    with tempfile.TemporaryDirectory(prefix="vg-export-") as scratch:
        tmp = Path(scratch)
        folder = args.keep or tmp
        folder.mkdir(parents=True, exist_ok=True)
        db_path = args.db or build(folder, args.households, args.seed)
        # As installed: the modules' bytecode cached (written by the first run), not compiled on every start.
        env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "PYTHONPATH": str(ROOT),
               "VILLAGE_GOV_DB": str(db_path), "VILLAGE_GOV_TODAY": "2026-11-01", "COLUMNS": "120"}
        times = run_all(db_path, tmp, env, args.repeat)
    print(f"{db_path}: medians of {args.repeat} runs, each a subprocess, interleaved; "
          f"load average {start_load} at the start, {load()} at the end (1, 5, 15 min)")
    report(times)


def run_all(db_path: Path, tmp: Path, env: dict, repeat: int) -> dict[str, list[tuple[float, float]]]:
    cli = [sys.executable, "-m", "village_gov"]
    exports = {"export --month (xlsx)": cli + ["export", "--month", MONTH, "-o", str(tmp / "m.xlsx")],
               "export --month (html)": cli + ["export", "--month", MONTH, "-o", str(tmp / "m.html")]}
    check = cli + ["check", "--format", "json", "--as-of", AS_OF]
    reports = [cli + ["report", "monthly", "--month", MONTH, "--format", "json"],
               cli + ["report", "trend", "--from", "2025-11", "--to", MONTH, "--format", "json"],
               cli + ["report", "micros", "--as-of", AS_OF, "--format", "json"],
               cli + ["report", "party-life", "--quarter", QUARTER, "--format", "json"], check]
    for warm_up in [*exports.values(), *reports]:  # bytecode written; the workbook the bare writer copies
        timed(warm_up, env, ok=(0, 1))
    cells = workbook_cells(tmp / "m.xlsx", tmp / "cells.json")
    bare = [sys.executable, "-c", BARE_WRITER, str(tmp / "cells.json"), str(tmp / "bare.xlsx")]
    times: dict[str, list[tuple[float, float]]] = {}
    for _ in range(repeat):
        for name, command in exports.items():
            times.setdefault(name, []).append(timed(command, env))
        times.setdefault("check --format json", []).append(timed(check, env, ok=(0, 1)))
        each = [timed(command, env, ok=(0, 1)) for command in reports]
        times.setdefault("the same reports as JSON (5 processes)", []).append(
            (sum(w for w, _ in each), sum(c for _, c in each)))
        times.setdefault(f"XlsxWriter alone, the workbook's {cells:,} cells", []).append(timed(bare, env))
    return times


def report(times: dict[str, list[tuple[float, float]]]) -> None:
    medians = {name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
               for name, runs in times.items()}
    for name, (wall, cpu) in medians.items():
        print(f"  {name:48s} {wall:7.3f} s wall  {cpu:7.3f} s CPU")
    baselines = [name for name in medians if not name.startswith("export")]
    for name in ("export --month (xlsx)", "export --month (html)"):
        wall, cpu = medians[name]
        ratios = ", ".join(f"{wall / medians[b][0]:.2f}× {b} (CPU {cpu / medians[b][1]:.2f}×)" for b in baselines)
        print(f"  {name}: {ratios}; aim ≤ 3 s per file at 300,000 households: "
              f"{'met' if wall <= 3 else 'NOT met'} ({wall:.2f} s wall, {cpu:.2f} s CPU)")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
