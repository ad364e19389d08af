"""Benchmark: how each command grows with the ledger, from a township to a city.

    python bench/scale_curve.py [--sizes 6000,60000,300000,1000000] [--branches-variant 60000,300000]
                                [--repeat 3] [--keep FOLDER [--reuse]] [--only LABEL,LABEL]

For each size (households) it writes a roster with ``county_roster.generate`` scaled to it
(villages, groups, party branches and members grow with the households), imports it through the
CLI, then adds a history scaled the same way straight into SQLite (consultations and requests,
positions, services and activities, disclosures and party meetings, dated over the year up to
October 2026), and times each command as a process, with its peak memory (the child's own
``ru_maxrss``).  The 10×-branches variant (ten times the groups, each 党小组 under a 党支部) is
built for the sizes in ``--branches-variant`` and runs ``check``, interleaved with the plain roster's.

Printed per command: the median seconds, the median CPU seconds (user + system of the child) and
the peak MB at each size, and the growth factor from each size to the next (and from the first to
the last) beside the growth of the rows (the aim of issue 17: time grows no more than 1.3× the
rows); the load average at the start, after each size and at the end.  On a shared machine the
wall time also counts the waits for a core; the CPU time does not, so both are judged.
``--keep FOLDER --reuse`` times the databases an earlier ``--keep`` run left there, without
building or importing them again (to time a change of the commands on the same data).
Not a test: nothing asserts.
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
    ("report trend (12 months)", ["report", "trend", "--from", "2025-11", "--to", MONTH], (0,)),
    ("member list (table)", ["member", "list"], (0,)),
    ("org list (table)", ["org", "list"], (0,)),
    ("village list (table)", ["village", "list"], (0,)),
    ("group list (table)", ["group", "list"], (0,)),
    ("request list (table)", ["request", "list"], (0,)),
    ("consult list (table)", ["consult", "list"], (0,)),
    ("service list (table)", ["service", "list"], (0,)),
    ("service list --village --from --to",
     ["service", "list", "--village", "V01", "--from", "2026-05-01", "--to", "2026-10-31"], (0,)),
    ("activity list (table)", ["activity", "list"], (0,)),
    ("audit log (table)", ["audit", "log"], (0,)),
    ("audit log --code X --limit 5", ["audit", "log", "--code", "V01G01H001", "--limit", "5"], (0,)),
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
print(json.dumps({"seconds": elapsed, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_mb": usage.ru_maxrss / 1024,
                  "code": os.waitstatus_to_exitcode(status)}))
"""


def run(command: list[str], ok=(0,)) -> tuple[float, float, float]:
    """Seconds, peak resident MB and CPU seconds (user + system) of one child process."""
    done = subprocess.run([sys.executable, "-c", LAUNCHER, *command], env=ENV, capture_output=True, text=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["code"] not in ok:
        raise SystemExit(f"{' '.join(command)}: exit {result['code']}\n{done.stderr}")
    return result["seconds"], result["maxrss_mb"], result["cpu"]


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


def summary(runs: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Median seconds, highest peak MB, median CPU seconds."""
    return (statistics.median(r[0] for r in runs), max(r[1] for r in runs), statistics.median(r[2] for r in runs))


def measure(db: Path, tmp: Path, repeat: int, only: tuple[str, ...] | None = None) -> dict[str, tuple]:
    out = {}
    for label, args, ok in COMMANDS:
        if only and label not in only:
            continue
        args = [a.replace("{tmp}", str(tmp)) for a in args]
        runs = [run(village_gov(db, *args), ok) for _ in range(repeat)]
        out[label] = summary(runs)
    return out


def print_curve(title: str, sizes: list[int], results: dict[int, dict[str, tuple]]) -> None:
    print(f"\n{title}")
    labels = list(next(iter(results.values())))
    head = "".join(f"{n:>30,}" for n in sizes)
    print(f"  {'households →':36}{head}")
    for label in labels:
        cells = "".join(f"{seconds:>9.2f} s {cpu:>7.2f} cpu {mb:>5.0f} MB"
                        for seconds, mb, cpu in (results[n][label] for n in sizes))
        print(f"  {label:36}{cells}")
    # Growth judged on the wall time and on the CPU time: on a shared machine the wall time also
    # counts the time spent waiting for a core, which the CPU time does not.
    pairs = [(a, b) for a, b in zip(sizes, sizes[1:])]
    if len(sizes) > 2:
        pairs.append((sizes[0], sizes[-1]))
    for a, b in pairs:
        rows = b / a
        print(f"  growth {a:,} → {b:,} (rows ×{rows:.1f}; aim: time ≤ ×{1.3 * rows:.1f}):")
        for label in labels:
            t = results[b][label][0] / results[a][label][0]
            c = results[b][label][2] / max(results[a][label][2], 1e-3)
            m = results[b][label][1] / results[a][label][1]
            verdict = "met" if max(t, c) <= 1.3 * rows else ("met on CPU" if c <= 1.3 * rows else "NOT met")
            print(f"    {label:34} time ×{t:5.2f}  cpu ×{c:5.2f}  memory ×{m:5.2f}  {verdict}")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def print_size(n: int, results: dict[str, tuple]) -> None:
    """One size's figures as soon as they are measured (a long run's log is useful before it ends)."""
    print(f"  commands at {n:,} households (median seconds, CPU seconds, peak MB):")
    for label, (seconds, mb, cpu) in results.items():
        print(f"    {label:36} {seconds:8.2f} s {cpu:8.2f} cpu {mb:6.0f} MB")


def prepare(folder: Path, n: int, branches_factor: int, reuse: bool) -> tuple[Path, dict, dict | None]:
    """The database of one size: built (roster, import, history), or the one kept by an earlier ``--keep``."""
    db = folder / "ledger.db"
    if reuse and db.exists():
        return db, {"params": shape(n, branches_factor), "figures": {}}, None
    _, db, info = build(folder, n, branches_factor)
    return db, info, add_history(db, n)


def check_variant(base: Path, n: int, db: Path, repeat: int, reuse: bool) -> tuple[tuple, tuple]:
    """``check`` on the plain roster and on the 10×-branches one, interleaved run by run."""
    wide = base / f"h{n}-branches10"
    wide_db, wide_info, _ = prepare(wide, n, 10, reuse)
    only = ("check --format json",)
    plain_runs, wide_runs = [], []
    for _ in range(repeat):
        plain_runs.append(measure(db, base / f"h{n}", 1, only=only)["check --format json"])
        wide_runs.append(measure(wide_db, wide, 1, only=only)["check --format json"])
    plain, wide_check = summary(plain_runs), summary(wide_runs)
    print(f"  10× the branches ({wide_info['params']['groups']} groups): check {wide_check[0]:.2f} s "
          f"({wide_check[2]:.2f} cpu) vs {plain[0]:.2f} s ({plain[2]:.2f} cpu) plain = "
          f"{wide_check[0] / plain[0]:.2f}× ({wide_check[2] / plain[2]:.2f}× cpu) (aim ≤ 1.3×)")
    return plain, wide_check


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="6000,60000,300000,1000000")
    parser.add_argument("--branches-variant", default="60000,300000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the generated folders here (default: temporary)")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: time the databases an earlier run kept there (no build, no import)")
    parser.add_argument("--only", help="comma-separated command labels to time (default: all)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    variant = [int(s) for s in args.branches_variant.split(",") if s]
    only = tuple(label.strip() for label in args.only.split(",")) if args.only else None
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; Python {sys.version.split()[0]}, "
          f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} cpu; load average {load()} (1, 5, 15 min)")
    base = args.keep or Path(tempfile.mkdtemp(prefix="vg-scale-"))
    results, imports, checks = {}, {}, {}
    for n in sizes:
        folder = base / f"h{n}"
        db, info, history = prepare(folder, n, 1, args.reuse)
        print(f"\n{n:,} households: {json.dumps(info['params'])}; history {json.dumps(history)}")
        if info["figures"]:
            imports[n] = info["figures"]
            for label, (s, mb, cpu) in info["figures"].items():
                print(f"  {label:34} {s:8.2f} s {cpu:8.2f} cpu {mb:7.0f} MB")
            unchanged, hashing = info["figures"]["import, unchanged"][0], info["figures"]["sha256sum of the files"][0]
            print(f"  unchanged re-import vs sha256sum: {unchanged / hashing:.2f}× (aim ≤ 3×; bench/import_stream.py "
                  f"times both interleaved, with the import's peak beside the bare parse's)")
        results[n] = measure(db, folder, args.repeat if n < 1_000_000 else 1, only=only)
        print_size(n, results[n])
        if n in variant and (not only or "check --format json" in only):
            checks[n] = check_variant(base, n, db, args.repeat, args.reuse)
        print(f"  load average {load()}")
    print_curve("commands (process; median seconds, CPU seconds, peak MB)", sizes, results)
    if len(imports) == len(sizes):
        print_curve("import (process; seconds, CPU seconds, peak MB)", sizes, imports)
    if checks:
        print("\ncheck with 10× the branches vs the plain roster (aim ≤ 1.3×)")
        for n, (plain, wide) in checks.items():
            print(f"  {n:>9,} households: {wide[0]:.2f} s vs {plain[0]:.2f} s = {wide[0] / plain[0]:.2f}×; "
                  f"CPU {wide[2]:.2f} s vs {plain[2]:.2f} s = {wide[2] / plain[2]:.2f}×")
    print(f"\nload average at the end {load()}")


if __name__ == "__main__":
    main()
