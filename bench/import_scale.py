"""Benchmark: importing a county-scale roster, each figure beside its baseline from the same run.

    python bench/import_scale.py [--repeat 3] [--out FOLDER] [--seed 2024]

Generates (deterministically) 40 villages, 350 groups, 60,000 households and
3,000 members liaising with ~20 households each (about 6 MB of YAML in 81
files), then prints medians of ``--repeat`` runs:

* the bare parse of the same files with ``yaml.load(..., Loader=yaml.CSafeLoader)``,
  with the garbage collector on and off (the baselines);
* the full ``import_paths`` into a fresh database, and its phases
  (load, validate, diff, write);
* a raw ``sqlite3`` ``executemany`` of the same rows into the same schema in one
  transaction (baseline of the write phase);
* the re-import of the unchanged roster, checking that it wrote nothing: in process, with
  ``force`` (read and compared, next to the parse) and without (recognised by the files' sha256
  and not parsed); and as a process, ``village-gov import``, next to ``sha256sum`` of the same
  files as a process, interleaved;
* peak memory (``VmHWM``) of a child process that imports, next to one that
  only parses.

Not a test: nothing here asserts a time.  The aims are those of issue 2.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import resource
import sqlite3
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
import yaml

TABLE_ORDER = ("townships", "villages", "groups", "members", "party_orgs", "households", "liaisons", "cadres")
TABLE_COLUMNS = {
    "townships": ("code", "name", "kind", "archived"),
    "villages": ("code", "name", "township", "kind", "population", "area_km2", "archived"),
    "groups": ("code", "name", "village", "archived"),
    "party_orgs": ("code", "name", "level", "village", "group", "parent", "setup", "secretary", "archived"),
    "households": ("code", "head", "group", "size", "phone", "archived"),
    "members": ("code", "name", "gender", "born", "joined", "status", "org", "phone", "id_number", "archived"),
    "liaisons": ("member", "household"),
    "cadres": ("code", "village", "member", "name", "posts", "archived"),
}


def fresh_db(folder: Path, name: str) -> Path:
    """A new, migrated, empty village-gov database file."""
    from village_gov.store.db import open_db

    path = folder / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    open_db(path).conn.close()
    return path


def digest(path: Path) -> str:
    h = hashlib.sha256(path.read_bytes())
    wal = Path(str(path) + "-wal")
    if wal.exists():
        h.update(wal.read_bytes())
    return h.hexdigest()


# --- baselines -------------------------------------------------------------------------------------

def bare_parse(files: list[Path], gc_on: bool) -> float:
    """Read, decode and parse every file with the C loader; seconds."""
    gc.collect()
    was = gc.isenabled()
    (gc.enable if gc_on else gc.disable)()
    try:
        start = time.perf_counter()
        data = [yaml.load(f.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader) for f in files]
        elapsed = time.perf_counter() - start
    finally:
        (gc.enable if was else gc.disable)()
    del data
    return elapsed


def raw_executemany(db_path: Path, rows: dict[str, list[tuple]]) -> float:
    """Insert the rows with plain sqlite3 in one transaction, same pragmas as the tool; seconds."""
    conn = sqlite3.connect(str(db_path), isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.execute("PRAGMA defer_foreign_keys = ON")
    for table in TABLE_ORDER:
        columns = TABLE_COLUMNS[table]
        sql = (f'INSERT INTO "{table}" ({", ".join(f"[{c}]" for c in columns)}) '
               f'VALUES ({", ".join("?" for _ in columns)})')
        conn.executemany(sql, rows[table])
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


# --- the tool --------------------------------------------------------------------------------------

def timed_import(db_path: Path, roster: Path, force: bool = False) -> tuple[float, dict, object, object]:
    """``import_paths`` into ``db_path``; (seconds, phase seconds, result, db)."""
    from village_gov.core.importer import import_paths
    from village_gov.store.db import open_db

    db = open_db(db_path)
    phases: dict[str, float] = {}
    gc.collect()
    start = time.perf_counter()
    result = import_paths(db, [roster], timings=phases, force=force)
    return time.perf_counter() - start, phases, result, db


def same_rows(db, rows: dict[str, list[tuple]]) -> bool:
    """The database holds exactly the rows the generator meant (so the baseline writes the same data)."""
    for table, expected in rows.items():
        columns = ", ".join(f"[{c}]" for c in TABLE_COLUMNS[table])
        found = sorted(db.conn.execute(f'SELECT {columns} FROM "{table}"'), key=repr)
        if found != sorted(expected, key=repr):
            print(f"  ! table {table}: {len(found)} rows in the database, {len(expected)} expected")
            return False
    return True


def process_seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    return time.perf_counter() - start


def child_peak(mode: str, roster: Path, db_path: Path | None) -> float:
    """Peak RSS (MB) of a child process that parses or imports the roster."""
    command = [sys.executable, __file__, "--child", mode, "--out", str(roster)]
    if db_path:
        command += ["--db", str(db_path)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])["maxrss_mb"]


def run_child(mode: str, roster: Path, db_path: Path | None) -> None:
    if mode == "parse":
        gc.disable()
        data = [yaml.load(f.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
                for f in county_roster.yaml_files(roster)]
        assert data
    else:
        from village_gov.core.importer import import_paths
        from village_gov.store.db import open_db

        import_paths(open_db(db_path), [roster])
    print(json.dumps({"maxrss_mb": peak_rss_mb()}))


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM): unlike ru_maxrss it does not inherit the parent's peak."""
    try:
        for text in Path("/proc/self/status").read_text().splitlines():
            if text.startswith("VmHWM:"):
                return int(text.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- report ----------------------------------------------------------------------------------------

def median(values) -> float:
    return statistics.median(values)


def line(label: str, value: float, base_label: str, base: float, aim: str = "", unit: str = "s") -> None:
    ratio = value / base if base else float("nan")
    met = ""
    if aim:
        limit = float(aim.strip("≤<× "))
        met = "  met" if ratio <= limit else "  NOT met"
    print(f"  {label:<34} {value:8.3f} {unit}   vs {base_label:<30} {base:8.3f} {unit}   "
          f"= {ratio:5.2f}×{('   aim ' + aim + met) if aim else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, help="folder for the roster (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--child", choices=("parse", "import"), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child, args.out, args.db)
        return
    with tempfile.TemporaryDirectory(prefix="vg-bench-") as tmp:
        tmp = Path(tmp)
        roster = args.out or tmp / "roster"
        rows = county_roster.generate(roster, args.seed)
        files = county_roster.yaml_files(roster)
        size_mb = county_roster.total_bytes(roster) / 1048576
        print(f"roster: {len(files)} files, {size_mb:.1f} MB; "
              + ", ".join(f"{len(v)} {k}" for k, v in rows.items()))
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min)")
        print(f"medians of {args.repeat} runs; Python {sys.version.split()[0]}, PyYAML {yaml.__version__}, "
              f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} cpu")

        parse_on, parse_off, raw, imports, phases, reimports = [], [], [], [], [], []
        unchanged, command_times, sha_times = [], [], []
        wrote_nothing = True
        for i in range(args.repeat):
            parse_on.append(bare_parse(files, gc_on=True))
            parse_off.append(bare_parse(files, gc_on=False))
            raw.append(raw_executemany(fresh_db(tmp, "raw"), rows))
            seconds, phase, result, db = timed_import(fresh_db(tmp, "tool"), roster)
            imports.append(seconds)
            phases.append(phase)
            if i == 0 and not same_rows(db, rows):
                print("  ! the import did not write the generator's rows; baselines are not comparable")
            db.conn.close()
            before = digest(tmp / "tool.db")
            for force, times in ((True, reimports), (False, unchanged)):
                seconds, _, again, db = timed_import(tmp / "tool.db", roster, force=force)
                times.append(seconds)
                checks = {"written": again.written, "changed": again.changed_anything,
                          "total_changes": db.conn.total_changes,
                          "bytes_changed": digest(tmp / "tool.db") != before}
                if any(checks.values()):
                    print(f"  ! re-import wrote something: {checks}")
                    wrote_nothing = False
                if not force and not again.unchanged_files:
                    print("  ! the unchanged re-import was not recognised")
                db.conn.close()
            # As processes, interleaved: the command a cron job runs, and sha256sum over the same files.
            command_times.append(process_seconds(
                [sys.executable, "-m", "village_gov", "--db", str(tmp / "tool.db"), "import", str(roster)]))
            sha_times.append(process_seconds(["sha256sum", *map(str, files)]))
            if digest(tmp / "tool.db") != before:
                print("  ! the unchanged re-import command changed the database file")
                wrote_nothing = False
            del result, again, db

        peak_import = child_peak("import", roster, fresh_db(tmp, "peak"))
        peak_parse = child_peak("parse", roster, None)

        p_off, p_on = median(parse_off), median(parse_on)
        print("\nparse (baselines)")
        line("CSafeLoader, gc on", p_on, "CSafeLoader, gc off", p_off)
        print("import")
        line("import_paths, whole", median(imports), "CSafeLoader parse, gc off", p_off, "≤1.5×")
        for phase in ("load", "validate", "diff", "write"):
            values = [p.get(phase, 0.0) for p in phases]
            line(f"  phase: {phase}", median(values), "CSafeLoader parse, gc off", p_off)
        line("write phase", median(p.get("write", 0.0) for p in phases), "raw sqlite3 executemany", median(raw),
             "≤3×")
        print("re-import of the unchanged roster")
        line("import_paths, force (read)", median(reimports), "CSafeLoader parse, gc off", p_off, "≤1.2×")
        line("import_paths, unchanged", median(unchanged), "CSafeLoader parse, gc off", p_off)
        line("village-gov import (process)", median(command_times), "sha256sum (process)", median(sha_times),
             "≤3×")
        print(f"  wrote nothing (no write, total_changes 0, file bytes unchanged): {wrote_nothing}")
        print("peak memory (VmHWM of a child process)")
        line("import", peak_import, "parse only (CSafeLoader)", peak_parse, unit="MB")
        print(f"  aim: import peak < 500 MB: {'met' if peak_import < 500 else 'NOT met'}")


if __name__ == "__main__":
    main()
