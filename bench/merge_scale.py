"""Benchmark: merging 7 county-scale township databases, next to a plain INSERT … SELECT copy.

    python bench/merge_scale.py [--households 60000] [--requests 500000] [--townships 7]

Builds 7 township databases (in all 60,000 households with their villages, groups, party
organizations, members and liaisons, and 500,000 requests), then, in the same run:

1. ``merge_files`` (the ``village-gov merge`` library call) of all 7 into a new county database:
   integrity check, snapshot, code qualification, one transaction;
2. the baseline: the same rows copied into a new database of the same schema with plain
   ``INSERT INTO main.t SELECT * FROM src.t`` for every table, the 7 files attached, one transaction.

The requests ledger is not in this branch's schema yet, so the benchmark adds a stand-in
``requests`` table (code, village, household, raised, category, status, content; foreign keys to
villages and households) through a temporary migration, exactly as a later migration would.
To let the baseline copy without collisions, codes in the generated files carry the township's
number (``T3-H00042``); the merge qualifies them all the same (``T3/T3-H00042``).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from village_gov import db as db_module  # noqa: E402
from village_gov import migrations  # noqa: E402


def m_bench_requests(db) -> None:
    """Stand-in for the requests ledger (not in this branch's schema yet)."""
    db["requests"].create(
        {"code": str, "village": str, "household": str, "raised": str, "category": str, "status": str,
         "content": str},
        pk="code", foreign_keys=[("village", "villages", "code"), ("household", "households", "code")])
    db.index_foreign_keys()


def install_stand_in() -> None:
    migrations.MIGRATIONS.append(m_bench_requests)
    db_module.SCHEMA_VERSION = len(migrations.MIGRATIONS)


def build_township(path: Path, number: int, households: int, requests: int, rng: random.Random) -> None:
    t = f"T{number}"
    db = db_module.open_db(path)
    conn = db.conn
    villages = 6
    groups_per_village = 9
    with conn:
        conn.execute("INSERT INTO townships (code, name, kind) VALUES (?, ?, '镇')", [t, f"第{number}镇"])
        conn.executemany("INSERT INTO villages (code, name, township, kind, population, area_km2) "
                         "VALUES (?, ?, ?, '建制村', ?, ?)",
                         [(f"{t}-V{v}", f"{v}村", t, rng.randint(1500, 4000), rng.randint(30, 120) / 10)
                          for v in range(villages)])
        groups = [(f"{t}-V{v}-G{g}", f"{g}组", f"{t}-V{v}") for v in range(villages) for g in range(groups_per_village)]
        conn.executemany("INSERT INTO groups (code, name, village) VALUES (?, ?, ?)", groups)
        conn.executemany("INSERT INTO party_orgs (code, name, level, village, setup) VALUES (?, ?, '党总支', ?, '单建')",
                         [(f"{t}-V{v}-P", f"{v}村党总支", f"{t}-V{v}") for v in range(villages)])
        conn.executemany("INSERT INTO party_orgs (code, name, level, village, \"group\", parent, setup) "
                         "VALUES (?, ?, '党小组', ?, ?, ?, '单建')",
                         [(g + "-P", n + "党小组", v, g, v + "-P") for g, n, v in groups])
        hh = [(f"{t}-H{i:05d}", f"户主{i}", groups[i % len(groups)][0], rng.randint(1, 6)) for i in range(households)]
        conn.executemany('INSERT INTO households (code, head, "group", size) VALUES (?, ?, ?, ?)', hh)
        members = households // 20
        conn.executemany("INSERT INTO members (code, name, status, org) VALUES (?, ?, '正式', ?)",
                         [(f"{t}-M{i:04d}", f"党员{i}", groups[i % len(groups)][0] + "-P") for i in range(members)])
        conn.executemany("INSERT INTO liaisons (member, household) VALUES (?, ?)",
                         [(f"{t}-M{i // 20:04d}", h[0]) for i, h in enumerate(hh[:members * 20])])
        categories = ["干部作风", "民生实事", "环境治理", "产业发展", "矛盾纠纷", "其他"]
        statuses = ["待办", "办理中", "已办结", "已转办"]
        conn.executemany("INSERT INTO requests VALUES (?, ?, ?, ?, ?, ?, ?)",
                         ((f"{t}-R{i:06d}", f"{t}-V{i % villages}", hh[i % households][0],
                           f"20{16 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}", categories[i % 6], statuses[i % 4],
                           "村道路灯损坏，请求维修" if i % 3 else "希望增设垃圾收集点")
                          for i in range(requests)))
    conn.close()


def baseline_copy(paths: list[Path], target: Path) -> float:
    """Plain INSERT … SELECT of every table of every file into a new database of the same schema."""
    db = db_module.open_db(target)
    conn = db.conn
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'merge_log'")]
    start = time.perf_counter()
    for i, path in enumerate(paths):
        conn.execute(f"ATTACH DATABASE ? AS src{i}", [str(path)])
    conn.execute("BEGIN IMMEDIATE")
    for i in range(len(paths)):
        for table in tables:
            conn.execute(f'INSERT INTO main."{table}" SELECT * FROM src{i}."{table}"')
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    for i in range(len(paths)):
        conn.execute(f"DETACH DATABASE src{i}")
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--townships", type=int, default=7)
    parser.add_argument("--households", type=int, default=60_000)
    parser.add_argument("--requests", type=int, default=500_000)
    args = parser.parse_args()
    install_stand_in()
    from village_gov.county.merge import prepare_source
    from village_gov.county.merge import merge_files

    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="merge-bench-") as tmp:
        tmp = Path(tmp)
        paths = [tmp / f"T{n}.db" for n in range(1, args.townships + 1)]
        start = time.perf_counter()
        for n, path in enumerate(paths, 1):
            build_township(path, n, args.households // args.townships, args.requests // args.townships, rng)
        size = sum(p.stat().st_size for p in paths) / 1e6
        print(f"built {args.townships} township files ({size:.1f} MB) in {time.perf_counter() - start:.1f} s")

        base = baseline_copy(paths, tmp / "baseline.db")
        start = time.perf_counter()
        results = merge_files(paths, tmp / "county.db")
        merge = time.perf_counter() - start
        rows = sum(r["rows"] for r in results)
        base_rows = sqlite3.connect(tmp / "baseline.db").execute("SELECT count(*) FROM requests").fetchone()[0]
        # The checks and snapshots alone (integrity_check + backup + sha256 of each file):
        work = tmp / "work"
        work.mkdir()
        start = time.perf_counter()
        for path in paths:
            prepare_source(path, work)
        prepare = time.perf_counter() - start
        remerge_start = time.perf_counter()
        merge_files(paths[:1], tmp / "county.db")
        remerge = time.perf_counter() - remerge_start
        print(f"rows merged: {rows:,} (requests in baseline: {base_rows:,})")
        print(f"baseline INSERT … SELECT (7 files attached, one transaction): {base:6.2f} s")
        print(f"merge_files (check + snapshot + qualified copy, one transaction): {merge:6.2f} s "
              f"= {merge / base:.2f}× baseline")
        print(f"  of which checks and snapshots (integrity_check, backup, sha256): {prepare:6.2f} s")
        print(f"re-merge of one township into the full county (delete + copy): {remerge:6.2f} s")


if __name__ == "__main__":
    main()
