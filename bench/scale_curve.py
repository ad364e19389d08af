"""Benchmark: how each command grows with the ledger, from a township to a city.

    python bench/scale_curve.py [--sizes 6000,60000,300000,1000000] [--branches-variant 60000,300000]
                                [--repeat 3] [--keep FOLDER]

For each size (households) it writes a roster with ``county_roster.generate`` scaled to it
(villages, groups, party branches and members grow with the households), imports it through the
CLI, then adds a history scaled the same way straight into SQLite (consultations and requests,
positions, services and activities, disclosures and party meetings, dated over the year up to
October 2026), and times each command as a process, with its peak memory (the child's own
``ru_maxrss``).  The 10×-branches variant (ten times the groups, each 党小组 under a 党支部) is
built for the sizes in ``--branches-variant`` and runs ``check``, interleaved with the plain roster's.

Printed per command: the median seconds and the peak MB at each size, and the growth factor
from each size to the next beside the growth of the rows (the aim of issue 17: time grows no more
than 1.3× the rows); the load average at the start and at the end.  Not a test: nothing asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE)]

import county_roster

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100", "VILLAGE_GOV_TODAY": "2026-11-01"}
MONTH, AS_OF = "2026-10", "2026-10-31"
FIRST_DAY, LAST_DAY = dt.date(2025, 11, 1), dt.date(2026, 10, 31)

# Per household, the history of one year (the example township's rates, rounded up).
PER_HOUSEHOLD = {"consultations": 0.05, "requests": 0.5, "services": 1.0, "activities": 0.1}

COMMANDS = [
    ("report monthly --format json", ["report", "monthly", "--month", MONTH, "--format", "json"], (0,)),
    ("report monthly (table)", ["report", "monthly", "--month", MONTH], (0,)),
    ("check --format json", ["check", "--as-of", AS_OF, "--format", "json"], (0, 1)),
    ("org tree --village V01", ["org", "tree", "--village", "V01"], (0,)),
    ("household list (table)", ["household", "list"], (0,)),
    ("household list --format csv", ["household", "list", "--format", "csv"], (0,)),
    ("export --month (xlsx)", ["export", "--month", MONTH, "--output", "{tmp}/export.xlsx"], (0,)),
]


def shape(households: int, branches_factor: int = 1) -> dict:
    """The roster's parameters for ``households``: the county roster's proportions."""
    villages = max(4, round(households / 1500))
    townships = max(1, villages // 10)
    villages -= villages % townships
    return {"households": households, "members": max(40, households // 20), "villages": villages,
            "townships": townships, "groups": max(villages, round(households / 171.4)) * branches_factor,
            "nested": branches_factor > 1}


# A child's ru_maxrss counts the pages of the process it was forked from (this one holds the
# generated rows), so each command is started by this small launcher, which reports its child's
# own peak and time.
LAUNCHER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
err = child.stderr.read()
_, status, usage = os.wait4(child.pid, 0)
elapsed = time.perf_counter() - start
sys.stderr.write(err.decode("utf-8", "replace")[-2000:])
print(json.dumps({"seconds": elapsed, "maxrss_mb": usage.ru_maxrss / 1024,
                  "code": os.waitstatus_to_exitcode(status)}))
"""


def run(command: list[str], ok=(0,)) -> tuple[float, float]:
    """Seconds and peak resident MB of one child process."""
    done = subprocess.run([sys.executable, "-c", LAUNCHER, *command], env=ENV, capture_output=True, text=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["code"] not in ok:
        raise SystemExit(f"{' '.join(command)}: exit {result['code']}\n{done.stderr}")
    return result["seconds"], result["maxrss_mb"]


def village_gov(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "village_gov", "--db", str(db), *args]


def add_history(db: Path, households: int, seed: int = 17) -> dict[str, int]:
    """A year of every ledger, scaled to the roster already in ``db``; returns rows per table."""
    rng = random.Random(seed)
    conn = sqlite3.connect(db)
    villages = [v for (v,) in conn.execute("SELECT code FROM villages ORDER BY code")]
    groups = conn.execute('SELECT code, village FROM groups ORDER BY code').fetchall()
    homes = conn.execute('SELECT h.code, g.village FROM households h JOIN groups g ON g.code = h."group"').fetchall()
    members = [m for (m,) in conn.execute("SELECT code FROM members")]
    branches = [o for (o,) in conn.execute("SELECT code FROM party_orgs WHERE level IN ('党支部', '党总支')")]
    span = (LAST_DAY - FIRST_DAY).days + 1

    def day() -> str:
        return (FIRST_DAY + dt.timedelta(days=rng.randrange(span))).isoformat()

    counts = {name: int(households * rate) for name, rate in PER_HOUSEHOLD.items()}
    positions = [(f"{v}-MAIN", f"{v}党群服务中心", v, None, "主阵地", "新建", '["议事", "活动", "服务"]', "2020-01-01")
                 for v in villages]
    positions += [(f"{g}-POS", f"{g}微阵地", v, g, "微阵地", "新建", '["服务"]', "2021-01-01")
                  for g, v in groups[::2]]
    consultations = []
    for i in range(counts["consultations"]):
        v = rng.choice(villages)
        consultations.append((f"C{i}", v, day(), rng.choice(["书记坝坝会", "村民说事", "其他"]), rng.randrange(5, 80),
                              f"{v}-MAIN"))
    requests = []
    for i in range(counts["requests"]):
        home, v = rng.choice(homes)
        raised = FIRST_DAY + dt.timedelta(days=rng.randrange(span))
        resolved = raised + dt.timedelta(days=int(rng.expovariate(1 / 20)))
        done = resolved <= LAST_DAY and rng.random() < 0.85
        requests.append((f"R{i}", v, home, raised.isoformat(), "诉求内容", rng.choice(["民生实事", "环境治理", "其他"]),
                         "已办结" if done else "办理中", resolved.isoformat() if done else None))
    services = [(f"S{i}", day(), v, "代办服务", rng.choice(members), home, 1.0, f"{v}-MAIN")
                for i, (home, v) in enumerate(rng.choice(homes) for _ in range(counts["services"]))]
    activities = [(f"A{i}", day(), v, "志愿活动", "活动", f"{v}-MAIN", rng.randrange(10, 90))
                  for i, v in enumerate(rng.choice(villages) for _ in range(counts["activities"]))]
    disclosures = [(f"DS-{v}-{m:02d}-{k}", v, f"{2025 + (m < 11)}-{m:02d}-05", kind)
                   for v in villages for m in range(1, 13) for k, kind in enumerate(("财务", "党务", "村务"))]
    meetings = [(f"PM-{o}-{m:02d}", o, f"{2025 + (m < 11)}-{m:02d}-10", "支委会", 7, 6)
                for o in branches for m in range(1, 13)]
    with conn:
        conn.executemany('INSERT INTO positions (code, name, village, "group", kind, source, functions, opened) '
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", positions)
        conn.executemany("INSERT INTO consultations (code, village, date, format, attendees, position) "
                         "VALUES (?, ?, ?, ?, ?, ?)", consultations)
        conn.executemany("INSERT INTO requests (code, village, household, raised, content, category, status, resolved) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", requests)
        conn.executemany(
            "INSERT INTO services (code, date, village, kind, provider_member, household, hours, position) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            services,
        )
        conn.executemany("INSERT INTO activities (code, date, village, kind, title, position, participants) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", activities)
        conn.executemany("INSERT INTO disclosures (code, village, date, kind) VALUES (?, ?, ?, ?)", disclosures)
        conn.executemany("INSERT INTO party_meetings (code, org, date, kind, due, present) VALUES (?, ?, ?, ?, ?, ?)",
                         meetings)
    conn.execute("ANALYZE")
    conn.close()
    return {"positions": len(positions), "consultations": len(consultations), "requests": len(requests),
            "services": len(services), "activities": len(activities), "disclosures": len(disclosures),
            "party_meetings": len(meetings)}


def build(folder: Path, households: int, branches_factor: int = 1) -> tuple[Path, Path, dict]:
    """Roster files, the imported database and the import's figures for one size."""
    roster = folder / "roster"
    params = shape(households, branches_factor)
    county_roster.generate(roster, **params)
    db = folder / "ledger.db"
    figures = {}
    figures["import"] = run(village_gov(db, "import", str(roster)))
    figures["import, unchanged"] = run(village_gov(db, "import", str(roster)))
    figures["import --force, unchanged"] = run(village_gov(db, "import", "--force", str(roster)))
    figures["sha256sum of the files"] = run(["sha256sum", *map(str, county_roster.yaml_files(roster))])
    return roster, db, {"params": params, "figures": figures}


def measure(db: Path, tmp: Path, repeat: int, only: tuple[str, ...] | None = None) -> dict[str, tuple[float, float]]:
    out = {}
    for label, args, ok in COMMANDS:
        if only and label not in only:
            continue
        args = [a.replace("{tmp}", str(tmp)) for a in args]
        runs = [run(village_gov(db, *args), ok) for _ in range(repeat)]
        out[label] = (statistics.median(r[0] for r in runs), max(r[1] for r in runs))
    return out


def print_curve(title: str, sizes: list[int], results: dict[int, dict[str, tuple[float, float]]]) -> None:
    print(f"\n{title}")
    labels = list(next(iter(results.values())))
    head = "".join(f"{n:>20,}" for n in sizes)
    print(f"  {'households →':34}{head}")
    for label in labels:
        cells = "".join(f"{results[n][label][0]:>10.2f} s {results[n][label][1]:>5.0f} MB" for n in sizes)
        print(f"  {label:34}{cells}")
    for a, b in zip(sizes, sizes[1:]):
        rows = b / a
        print(f"  growth {a:,} → {b:,} (rows ×{rows:.1f}; aim: time ≤ ×{1.3 * rows:.1f}):")
        for label in labels:
            t = results[b][label][0] / results[a][label][0]
            m = results[b][label][1] / results[a][label][1]
            print(f"    {label:32} time ×{t:5.2f}  memory ×{m:5.2f}  {'met' if t <= 1.3 * rows else 'NOT met'}")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="6000,60000,300000,1000000")
    parser.add_argument("--branches-variant", default="60000,300000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the generated folders here (default: temporary)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    variant = [int(s) for s in args.branches_variant.split(",") if s]
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; Python {sys.version.split()[0]}, "
          f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} cpu; load average {load()} (1, 5, 15 min)")
    base = args.keep or Path(tempfile.mkdtemp(prefix="vg-scale-"))
    results, imports, plain_check, wide_check = {}, {}, {}, {}
    for n in sizes:
        folder = base / f"h{n}"
        roster, db, info = build(folder, n)
        history = add_history(db, n)
        print(f"\n{n:,} households: {json.dumps(info['params'])}; history {json.dumps(history)}")
        imports[n] = info["figures"]
        for label, (s, mb) in info["figures"].items():
            print(f"  {label:34} {s:8.2f} s {mb:7.0f} MB")
        unchanged, hashing = info["figures"]["import, unchanged"][0], info["figures"]["sha256sum of the files"][0]
        print(f"  unchanged re-import vs sha256sum: {unchanged / hashing:.2f}× (aim ≤ 3×; bench/import_stream.py "
              f"times both interleaved, with the import's peak beside the bare parse's)")
        results[n] = measure(db, folder, args.repeat if n < 1_000_000 else 1)
        if n in variant:
            wide = base / f"h{n}-branches10"
            _, wide_db, wide_info = build(wide, n, branches_factor=10)
            add_history(wide_db, n)
            # Interleaved, plain and wide, so a change of the machine's load hits both alike.
            only = ("check --format json",)
            plain_runs, wide_runs = [], []
            for _ in range(args.repeat):
                plain_runs.append(measure(db, folder, 1, only=only)["check --format json"])
                wide_runs.append(measure(wide_db, wide, 1, only=only)["check --format json"])
            plain_check[n] = (statistics.median(r[0] for r in plain_runs), max(r[1] for r in plain_runs))
            wide_check[n] = (statistics.median(r[0] for r in wide_runs), max(r[1] for r in wide_runs))
            print(f"  10× the branches ({wide_info['params']['groups']} groups): check {wide_check[n][0]:.2f} s "
                  f"vs {plain_check[n][0]:.2f} s plain = {wide_check[n][0] / plain_check[n][0]:.2f}× (aim ≤ 1.3×)")
    print_curve("commands (process; median seconds, peak MB)", sizes, results)
    print_curve("import (process; seconds, peak MB)", sizes, imports)
    if wide_check:
        print("\ncheck with 10× the branches vs the plain roster (aim ≤ 1.3×)")
        for n in wide_check:
            print(f"  {n:>9,} households: {wide_check[n][0]:.2f} s vs {plain_check[n][0]:.2f} s = "
                  f"{wide_check[n][0] / plain_check[n][0]:.2f}×")
    print(f"\nload average at the end {load()}")


if __name__ == "__main__":
    main()
