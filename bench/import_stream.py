"""Benchmark: import time and peak memory at scale, and the unchanged re-import, each beside its baseline.

    python bench/import_stream.py [--sizes 60000,300000] [--repeat 5] [--keep FOLDER] [--compare CHECKOUT]

For each size (households, the proportions of ``bench/scale_curve.py``) it writes the roster, then,
each in a child process of its own (peak memory is the child's ``VmHWM``):

* the bare parse: every file read and parsed with ``yaml.CSafeLoader``, gc off, all kept (the
  baseline of the import's time and of its memory);
* ``village-gov import`` of the roster into a new database (seconds, CPU seconds, peak MB, phases);
* the floor: the same bare parse, the records laid out as the tables' rows, and those rows written
  with plain ``sqlite3`` ``executemany`` in one transaction into a new database of the same schema
  and indexes, with the import's page cache and its indexes built after a bulk insert (what no
  import can go below: it reads, checks nothing and keeps no audit trail);
* with ``--compare CHECKOUT``, the same import by the ``village_gov`` package of another checkout
  (``git archive`` of an earlier commit), right after this one's, for before/after in one run;
* the unchanged re-import, ``village-gov import`` of the same files again, beside ``sha256sum`` of
  the same files, both as processes, interleaved, medians of ``--repeat`` (the aim: ≤ 3×).

village-gov's modules are compiled to bytecode first, as an installed package is (with
``PYTHONDONTWRITEBYTECODE`` set and no ``__pycache__``, the re-import would time the compiler).
Printed: each figure beside its baseline with the ratio, and the load average at the start and the
end (the machine is shared: quote ratios from one run; the CPU seconds of each child are printed
too, less disturbed by other work on the machine than its elapsed time).  Not a test: nothing asserts.
"""

from __future__ import annotations

import argparse
import compileall
import gc
import json
import os
import resource
import shutil
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
from scale_curve import shape

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM), in MB."""
    for text in Path("/proc/self/status").read_text().splitlines():
        if text.startswith("VmHWM:"):
            return int(text.split()[1]) / 1024
    return float("nan")


# The floor: the rows of the bare parse, laid out as the tables hold them, written with plain sqlite3.
FLOOR_COLUMNS = {
    "townships": ("code", "name", "kind"),
    "villages": ("code", "name", "township", "kind", "population", "area_km2"),
    "groups": ("code", "name", "village"),
    "party_orgs": ("code", "name", "level", "village", "group", "parent", "setup", "secretary"),
    "households": ("code", "head", "group", "size", "phone"),
    "members": ("code", "name", "gender", "born", "joined", "status", "org", "phone", "id_number"),
    "cadres": ("code", "village", "member", "name", "posts"),
}
DEFAULTS = {("villages", "kind"): "建制村", ("party_orgs", "setup"): "单建", ("members", "status"): "正式"}


def _sql_value(value: object) -> object:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value.isoformat() if hasattr(value, "isoformat") else value


def floor_rows(documents: list) -> dict[str, list[tuple]]:
    """The tables' rows from the parsed files (each record's values in the table's column order)."""
    rows: dict[str, list[tuple]] = {table: [] for table in (*FLOOR_COLUMNS, "liaisons")}
    for document in documents:
        for section, records in (document or {}).items():
            columns = FLOOR_COLUMNS.get(section)
            if columns is None:
                continue
            for record in records:
                if section == "cadres":
                    record = {**record, "code": f"{record['village']}/{record.get('member') or record['name']}"}
                rows[section].append((*(_sql_value(record.get(c, DEFAULTS.get((section, c)))) for c in columns), 0))
                if section == "members":
                    rows["liaisons"].extend((record["code"], h) for h in sorted(set(record.get("households", ()))))
    return rows


def floor_write(db: Path, rows: dict[str, list[tuple]]) -> None:
    """One transaction of ``executemany`` per table into a new village-gov database (same schema and
    indexes, same pragmas: WAL, synchronous NORMAL, foreign keys deferred), with what the import's
    write does to SQLite itself: the same page cache, a large table's secondary indexes built after
    its rows (:mod:`village_gov.core.bulk`)."""
    from village_gov.core.bulk import bulk_cache, indexes_rebuilt

    conn = sqlite3.connect(str(db), isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    with bulk_cache(conn):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("PRAGMA defer_foreign_keys = ON")
        for table in ("townships", "villages", "groups", "party_orgs", "households", "members", "liaisons",
                      "cadres"):
            columns = (*FLOOR_COLUMNS[table], "archived") if table != "liaisons" else ("member", "household")
            with indexes_rebuilt(conn, table, len(rows[table])):
                conn.executemany(f'INSERT INTO "{table}" ({", ".join(f"[{c}]" for c in columns)}) '
                                 f'VALUES ({", ".join("?" for _ in columns)})', rows[table])
        conn.execute("COMMIT")
    conn.close()


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(mode: str, roster: Path, db: Path | None) -> None:
    """Run in a child process: parse, import, or the floor (parse, then the rows written by plain
    sqlite3 into ``db``, a new migrated database); print seconds, CPU seconds and peak MB as JSON."""
    if mode == "floor":
        from village_gov.store.db import open_db

        open_db(db).conn.close()  # the schema, migrated, before the clock starts
    cpu, start = cpu_seconds(), time.perf_counter()
    parts = {}
    if mode in ("parse", "floor"):
        import yaml

        gc.disable()
        data = [yaml.load(f.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)
                for f in county_roster.yaml_files(roster)]
        assert data
        if mode == "floor":
            parts["parse"] = time.perf_counter() - start
            rows = floor_rows(data)
            parts["rows"] = time.perf_counter() - start - parts["parse"]
            floor_write(db, rows)
            parts["write"] = time.perf_counter() - start - parts["parse"] - parts["rows"]
    else:
        from village_gov.core.importer import import_paths
        from village_gov.store.db import open_db

        import_paths(open_db(db), [roster], timings=parts)
    print(json.dumps({"seconds": time.perf_counter() - start, "cpu": cpu_seconds() - cpu,
                      "peak_mb": peak_rss_mb(), "parts": parts}))


def run_child(mode: str, roster: Path, db: Path | None = None, code: Path | None = None) -> dict:
    command = [sys.executable, __file__, "--child", mode, "--roster", str(roster)]
    if db is not None:
        command += ["--db", str(db)]
    if code is not None:
        command += ["--code", str(code)]
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=ENV).stdout
    return json.loads(out.strip().splitlines()[-1])


def process_seconds(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env or ENV)
    return time.perf_counter() - start


def line(label: str, value: float, base_label: str, base: float, unit: str, aim: float | None = None) -> None:
    ratio = value / base
    verdict = f"   aim ≤ {aim}×: {'met' if ratio <= aim else 'NOT met'}" if aim else ""
    print(f"  {label:<32} {value:9.3f} {unit:<2} vs {base_label:<26} {base:9.3f} {unit:<2} = {ratio:5.2f}×{verdict}")


def one_size(n: int, base: Path, repeat: int, compare: Path | None = None) -> None:
    roster = base / f"r{n}"
    if not roster.exists():
        county_roster.generate(roster, **shape(n))
    files = [str(p) for p in county_roster.yaml_files(roster)]
    size_mb = sum(Path(f).stat().st_size for f in files) / 1048576
    print(f"\n{n:,} households: {len(files)} files, {size_mb:.1f} MB; load {load()}")
    db = base / f"db{n}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    parse = run_child("parse", roster)
    imported = run_child("import", roster, db)
    floor_db = base / f"floor{n}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(floor_db) + suffix).unlink(missing_ok=True)
    floor = run_child("floor", roster, floor_db)
    line("import (time)", imported["seconds"], "bare C-loader parse, gc off", parse["seconds"], "s", 1.5)
    line("import (CPU time)", imported["cpu"], "bare parse (CPU time)", parse["cpu"], "s")
    line("import (time)", imported["seconds"], "floor: parse + raw executemany", floor["seconds"], "s")
    print("    floor: " + ", ".join(f"{k} {v:.3f} s" for k, v in floor["parts"].items())
          + "; import phases: " + ", ".join(f"{k} {v:.3f} s" for k, v in imported["parts"].items()))
    line("import (peak memory)", imported["peak_mb"], "bare parse, all kept", parse["peak_mb"], "MB", 2.0)
    if compare is not None:  # the same import by other code (an earlier release), in the same run
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + "-compare" + suffix).unlink(missing_ok=True)
        other = run_child("import", roster, Path(str(db) + "-compare"), code=compare)
        line("import by --compare code (time)", other["seconds"], "bare C-loader parse, gc off",
             parse["seconds"], "s")
        line("import by --compare code (CPU)", other["cpu"], "bare parse (CPU time)", parse["cpu"], "s")
        print("    --compare import phases: " + ", ".join(f"{k} {v:.3f} s" for k, v in other["parts"].items()))
        line("import by --compare code (peak)", other["peak_mb"], "bare parse, all kept", parse["peak_mb"], "MB")
    vg = [sys.executable, "-m", "village_gov", "--db", str(db), "import", str(roster)]
    again, hashing = [], []
    for _ in range(repeat):  # interleaved, so a change of load hits both alike
        again.append(process_seconds(vg))
        hashing.append(process_seconds(["sha256sum", *files]))
    line("unchanged re-import (process)", statistics.median(again), "sha256sum (process)",
         statistics.median(hashing), "s", 3.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="60000,300000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="generate (or reuse) the rosters here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--roster", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--compare", type=Path, help="also import with the village_gov package found in this "
                        "folder (an earlier release's checkout), in the same run")
    parser.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if args.code:
            sys.path.insert(0, str(args.code))  # the package of --compare, ahead of this checkout's
        child(args.child, args.roster, args.db)
        return
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cpu; load average {load()} (1, 5, 15 min)")
    compileall.compile_dir(str(ROOT / "village_gov"), quiet=1)
    base = args.keep or Path(tempfile.mkdtemp(prefix="vg-import-"))
    try:
        for n in (int(s) for s in args.sizes.split(",") if s):
            one_size(n, base, args.repeat, args.compare)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print(f"\nload average at the end {load()}")


if __name__ == "__main__":
    main()
