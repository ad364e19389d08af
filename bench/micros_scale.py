"""Time the micros' report queries on a county-sized history, next to baselines from the same run.

Builds (in a temporary file) 40 villages, 350 groups, 60,000 households, 500,000 services and
100,000 activities over ten years, then prints:
- the monthly provider (compute + total) for one month, next to one hand-written GROUP BY giving the
  same per-village figures and to a Python loop over the month's rows;
- ``report micros`` (12 months) next to the hand-written GROUP BY over 12 months.

Run: ``python bench/micros_scale.py`` (about a minute here, most of it building the data).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from village_gov.ledgers.micros.reports import MONTHLY_PROVIDER, micros_report
from village_gov.reports.registry import Period
from village_gov.store.db import open_db


def build(path: Path) -> None:
    rng = random.Random(4)
    db = open_db(path)
    conn = db.conn
    villages = [f"V{n:02d}" for n in range(1, 41)]
    groups = [(f"{villages[n % 40]}-G{n // 40 + 1:02d}", villages[n % 40]) for n in range(350)]
    households = [(f"H{n:06d}", groups[n % 350][0]) for n in range(60000)]
    village_of_group = dict(groups)
    start = dt.date(2016, 11, 1)
    with db.atomic():
        conn.execute("INSERT INTO townships (code, name, kind) VALUES ('T1', '县', '镇')")
        conn.executemany("INSERT INTO villages (code, name, township, kind) VALUES (?, ?, 'T1', '建制村')",
                         [(v, v) for v in villages])
        conn.executemany('INSERT INTO groups (code, name, village) VALUES (?, ?, ?)',
                         [(g, g, v) for g, v in groups])
        conn.executemany('INSERT INTO households (code, head, "group", size) VALUES (?, ?, ?, 3)',
                         [(h, h, g) for h, g in households])
        conn.executemany("INSERT INTO positions (code, name, village, \"group\", kind) VALUES (?, ?, ?, ?, '微阵地')",
                         [(f"P-{g}", g, v, g) for g, v in groups[:300]])
        conn.execute("INSERT INTO party_orgs (code, name, level, setup) VALUES ('PO', 'po', '党委', '单建')")
        conn.execute("INSERT INTO members (code, name, org, status) VALUES ('M1', 'm', 'PO', '正式')")
        services = []
        for n in range(500_000):
            h, g = households[rng.randrange(60000)]
            day = start + dt.timedelta(days=rng.randrange(3652))
            services.append((f"S{n}", day.isoformat(), village_of_group[g], "代办服务", "M1", h,
                             rng.choice([0.5, 1.0, 2.0])))
        conn.executemany("INSERT INTO services (code, date, village, kind, provider_member, household, hours) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", services)
        conn.executemany("INSERT INTO activities (code, date, village, kind, title, participants) "
                         "VALUES (?, ?, ?, '文体活动', 't', ?)",
                         [(f"A{n}", (start + dt.timedelta(days=rng.randrange(3652))).isoformat(),
                           villages[rng.randrange(40)], rng.randrange(100)) for n in range(100_000)])
    conn.execute("ANALYZE")
    conn.close()


def best(function, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        function()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    path = Path(tempfile.mkdtemp()) / "micros.db"
    t = time.perf_counter()
    build(path)
    print(f"built 500,000 services + 100,000 activities in {time.perf_counter() - t:.1f} s")
    db = open_db(path)
    villages = [r[0] for r in db.execute("SELECT code FROM villages")]
    period = Period.month("2026-10")
    provider = best(lambda: (MONTHLY_PROVIDER.compute(db, period, villages, {}),
                             MONTHLY_PROVIDER.total(db, period, villages, None, {})))
    hand = best(lambda: db.execute(
        "SELECT village, count(*), sum(hours), count(DISTINCT household) FROM services "
        "WHERE date BETWEEN '2026-10-01' AND '2026-10-31' AND archived = 0 GROUP BY village").fetchall())
    hand_same = best(lambda: [db.execute(sql).fetchall() for sql in (
        "SELECT village, count(*), sum(hours), count(DISTINCT household) FROM services "
        "WHERE date BETWEEN '2026-10-01' AND '2026-10-31' AND archived = 0 GROUP BY village",
        "SELECT count(*), sum(hours), count(DISTINCT household) FROM services "
        "WHERE date BETWEEN '2026-10-01' AND '2026-10-31' AND archived = 0",
        "SELECT village, count(*), sum(participants) FROM activities "
        "WHERE date BETWEEN '2026-10-01' AND '2026-10-31' AND archived = 0 GROUP BY village",
        "SELECT count(*), sum(participants) FROM activities "
        "WHERE date BETWEEN '2026-10-01' AND '2026-10-31' AND archived = 0")])

    def python_loop():
        figures: dict = {}
        for village, hours, household in db.execute(
                "SELECT village, hours, household FROM services WHERE date BETWEEN '2026-10-01' AND '2026-10-31'"):
            f = figures.setdefault(village, [0, 0.0, set()])
            f[0] += 1
            f[1] += hours or 0
            f[2].add(household)
        return figures

    loop = best(python_loop)
    print(f"monthly provider (services + activities, villages + total): {provider * 1000:.1f} ms")
    print(f"  baseline: the same figures by four hand-written queries: {hand_same * 1000:.1f} ms")
    print(f"  baseline: one hand-written GROUP BY over the month's services: {hand * 1000:.1f} ms")
    print(f"  baseline: Python loop over the month's services: {loop * 1000:.1f} ms")
    report = best(lambda: micros_report(db, dt.date(2026, 10, 31)), runs=3)
    hand12 = best(lambda: db.execute(
        "SELECT village, count(*), sum(hours), count(DISTINCT household) FROM services "
        "WHERE date BETWEEN '2025-11-01' AND '2026-10-31' AND archived = 0 GROUP BY village").fetchall(), runs=3)
    print(f"report micros (12 months, all figures): {report * 1000:.1f} ms")
    print(f"  baseline: hand-written 12-month GROUP BY over services alone: {hand12 * 1000:.1f} ms")
    db.conn.close()
    if os.environ.get("KEEP"):
        print(path)
    else:
        os.remove(path)


if __name__ == "__main__":
    main()
