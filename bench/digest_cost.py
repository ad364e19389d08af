"""What the table digest costs: ``audit verify`` and every write recompute a digest of each ledger table.

    python bench/digest_cost.py [--villages 40 --groups 9 --households 170]

Imports a generated township (40 × 9 × 170 = 61,200 households by default), then times the digest of
every ledger table (:func:`village_gov.trail.chain.ledger_digest`) beside a bare ``SELECT *`` that reads the
same rows in the same order, and a whole ``request``-sized write (one audit entry, digest included).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from tests.helpers.crash import generate_roster


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--villages", type=int, default=40)
    parser.add_argument("--groups", type=int, default=9)
    parser.add_argument("--households", type=int, default=170)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from village_gov.core import importer
    from village_gov.store.db import open_db
    from village_gov.trail import audit, chain
    from village_gov.trail.audit import write_transaction

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        roster = folder / "roster.yaml"
        roster.write_text(generate_roster(args.villages, args.groups, args.households), encoding="utf-8")
        db = open_db(folder / "bench.db")
        importer.import_paths(db, [roster], command="bench")
        conn = db.conn
        tables = chain.ledger_tables(conn)
        rows = sum(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)
        print(f"{args.villages * args.groups * args.households} households, {len(tables)} tables, {rows} rows")

        def bare_select():
            for table in tables:
                for _ in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                    pass

        def one_entry():
            with write_transaction(db):
                audit.append(db, "bench", counts={"bench": 1})

        bare = best_of(args.runs, bare_select)
        digest = best_of(args.runs, lambda: chain.ledger_digest(conn))
        entry = best_of(args.runs, one_entry)
        verify = best_of(args.runs, lambda: chain.check_digest(db))
        print(f"bare SELECT of every ledger table: {bare:.2f} s   (baseline)")
        print(f"digest of every ledger table:      {digest:.2f} s   ({digest / bare:.2f}×)")
        print(f"one audit entry (digest included): {entry:.2f} s")
        print(f"verify's digest check:             {verify:.2f} s")
        conn.close()


if __name__ == "__main__":
    main()
