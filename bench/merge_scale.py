"""Benchmark: merging 7 county-scale township databases, next to a plain INSERT … SELECT copy.

    python bench/merge_scale.py [--households 60000] [--requests 500000] [--townships 7] [--repeat 3]

Builds 7 township databases of the real schema (in all 60,000 households with their villages,
groups, party organizations, members and liaisons; 500,000 requests in the requests ledger, one in
ten raised at one of 50,000 consultations, and one request event for each resolved request), then,
``--repeat`` times and in the same run:

1. the baseline: the same rows copied into a new database of the same schema with plain
   ``INSERT INTO main.t SELECT * FROM src.t`` for every table, the 7 files attached, one transaction;
2. ``merge_files`` (the ``village-gov merge`` library call) of all 7 into a new county database:
   integrity check, snapshot, code qualification, integer ids shifted, one transaction.

It prints the median of each and the ratio of the medians (the target: merge within 3× of the
baseline), then the checks and snapshots alone and a re-merge of one township into the full county.
To let the baseline copy without collisions, codes in the generated files carry the township's
number (``T3-H00042``) and request event ids are distinct across files; the merge qualifies the
codes all the same (``T3/T3-H00042``) and renumbers the ids.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from village_gov.store import db as db_module


def _day(i: int) -> str:
    return f"20{16 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}"


def _request(t: str, i: int, villages: int, hh: list, households: int, categories: list) -> tuple:
    """One request: a third resolved within 1–60 days, one in twelve referred, the rest open."""
    raised = _day(i)
    resolved = referred = None
    status = "待办"
    if i % 3 == 0:
        day = dt.date.fromisoformat(raised) + dt.timedelta(days=1 + i % 60)
        resolved, status = day.isoformat(), "已办结"
    elif i % 12 == 1:
        referred, status = raised, "已转办"
    return (f"{t}-R{i:06d}", f"{t}-C{i // 10:05d}" if i % 10 == 0 else None, f"{t}-V{i % villages}",
            hh[i % households][0], raised, "村道路灯损坏，请求维修" if i % 3 else "希望增设垃圾收集点",
            categories[i % 6], int(i % 7 == 0), status, resolved, referred, "县信访局" if referred else None)


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
        conn.executemany(
            "INSERT INTO party_orgs (code, name, level, village, setup) VALUES (?, ?, '党总支', ?, '单建')",
            [(f"{t}-V{v}-P", f"{v}村党总支", f"{t}-V{v}") for v in range(villages)],
        )
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
        consultations = (requests + 9) // 10  # request i (i % 10 == 0) was raised at consultation i // 10
        formats = ["书记坝坝会", "村民说事", "民情恳谈", "百姓议事"]
        conn.executemany("INSERT INTO consultations (code, village, date, format, topics, attendees) "
                         "VALUES (?, ?, ?, ?, '[\"民生实事\"]', ?)",
                         ((f"{t}-C{i:05d}", f"{t}-V{i % villages}", _day(i), formats[i % 4], 10 + i % 40)
                          for i in range(consultations)))
        categories = ["干部作风", "民生实事", "环境治理", "产业发展", "矛盾纠纷", "其他"]
        conn.executemany(
            "INSERT INTO requests (code, consultation, village, household, raised, content, category, "
            "answered_on_spot, status, resolved, referred, referred_to, public) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
            (_request(t, i, villages, hh, households, categories) for i in range(requests)))
        # One event per resolved request (ids distinct across the files, for the baseline's sake).
        conn.execute("INSERT INTO request_events (id, request, date, status, source) "
                     "SELECT ? + row_number() OVER (ORDER BY code), code, resolved, '已办结', 'import' "
                     "FROM requests WHERE resolved IS NOT NULL", [number * 10 * requests])
    conn.close()


def baseline_copy(paths: list[Path], target: Path) -> float:
    """Plain INSERT … SELECT of every table of every file into a new database of the same schema."""
    db = db_module.open_db(target)
    conn = db.conn
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT IN ('merge_log', 'audit')")]  # what the merge copies: neither is
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
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from village_gov.county.merge import merge_files
    from village_gov.county.sources import prepare_source

    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="merge-bench-") as tmp:
        tmp = Path(tmp)
        paths = [tmp / f"T{n}.db" for n in range(1, args.townships + 1)]
        start = time.perf_counter()
        for n, path in enumerate(paths, 1):
            build_township(path, n, args.households // args.townships, args.requests // args.townships, rng)
        size = sum(p.stat().st_size for p in paths) / 1e6
        print(f"built {args.townships} township files ({size:.1f} MB) in {time.perf_counter() - start:.1f} s")

        bases, merges = [], []
        for run in range(args.repeat):
            # Alternate the order so neither side always runs with a warmer page cache.
            order = ("base", "merge") if run % 2 == 0 else ("merge", "base")
            for side in order:
                target = tmp / f"{side}-{run}.db"
                if side == "base":
                    bases.append(baseline_copy(paths, target))
                else:
                    start = time.perf_counter()
                    results = merge_files(paths, target)
                    merges.append(time.perf_counter() - start)
            for side in ("base", "merge"):
                if run < args.repeat - 1:
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{tmp / f'{side}-{run}.db'}{suffix}").unlink(missing_ok=True)
        county = tmp / f"merge-{args.repeat - 1}.db"
        rows = sum(r["rows"] for r in results)
        counts = {t: sqlite3.connect(county).execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("households", "requests", "request_events", "consultations")}
        base_rows = sqlite3.connect(tmp / f"base-{args.repeat - 1}.db").execute(
            "SELECT count(*) FROM requests").fetchone()[0]
        # The checks and snapshots alone (integrity_check + backup + sha256 of each file):
        work = tmp / "work"
        work.mkdir()
        start = time.perf_counter()
        for path in paths:
            prepare_source(path, work)
        prepare = time.perf_counter() - start
        remerge_start = time.perf_counter()
        merge_files(paths[:1], county)
        remerge = time.perf_counter() - remerge_start
        base, merge = statistics.median(bases), statistics.median(merges)
        print(f"rows merged: {rows:,} ({', '.join(f'{k} {v:,}' for k, v in counts.items())}; "
              f"requests in baseline: {base_rows:,})")
        print(f"runs: {args.repeat}; baseline {', '.join(f'{b:.2f}' for b in bases)} s; "
              f"merge {', '.join(f'{m:.2f}' for m in merges)} s")
        print(f"baseline INSERT … SELECT ({args.townships} files attached, one transaction), median: {base:6.2f} s")
        print(f"merge_files (check + snapshot + qualified copy, one transaction), median: {merge:6.2f} s "
              f"= {merge / base:.2f}× baseline (target ≤ 3×)")
        print(f"  of which checks and snapshots (integrity_check, backup, sha256): {prepare:6.2f} s")
        print(f"re-merge of one township into the full county (delete + copy): {remerge:6.2f} s")


if __name__ == "__main__":
    main()
