"""What the audit trail costs an import: the same large first import with and without writing the entry.

    python bench/audit_cost.py [--villages 40 --groups 9 --households 170]

Prints both wall times, the audit entry's size and the database size.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from tests.helpers.crash import generate_roster


def run(roster: Path, db_file: Path, audited: bool) -> float:
    from village_gov.core import importer
    from village_gov.store.db import open_db
    from village_gov.trail import audit

    original = importer.audit.append
    if not audited:
        importer.audit.append = lambda *a, **k: None
        importer.audit_changes = lambda *a, **k: []
        importer.audit_before = lambda *a, **k: {}
    try:
        db = open_db(db_file)
        started = time.perf_counter()
        importer.import_paths(db, [roster], command="bench")
        elapsed = time.perf_counter() - started
        db.conn.close()
        return elapsed
    finally:
        audit.append = original


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--villages", type=int, default=40)
    parser.add_argument("--groups", type=int, default=9)
    parser.add_argument("--households", type=int, default=170)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        roster = folder / "roster.yaml"
        roster.write_text(generate_roster(args.villages, args.groups, args.households), encoding="utf-8")
        print(f"roster: {roster.stat().st_size / 1e6:.1f} MB, "
              f"{args.villages * args.groups * args.households} households")
        bare = run(roster, folder / "bare.db", audited=False)
        import importlib

        from village_gov.core import importer
        importlib.reload(importer)
        full = run(roster, folder / "audited.db", audited=True)
        import sqlite3

        size = sqlite3.connect(folder / "audited.db").execute(
            "SELECT length(changes) FROM audit ORDER BY id DESC LIMIT 1").fetchone()[0]
        print(f"import without audit entry: {bare:.2f} s   (baseline)")
        print(f"import with audit entry:    {full:.2f} s   ({full / bare:.2f}×), entry {size / 1e6:.1f} MB")
        print(f"database: {os.path.getsize(folder / 'bare.db') / 1e6:.1f} MB without, "
              f"{os.path.getsize(folder / 'audited.db') / 1e6:.1f} MB with the trail")


if __name__ == "__main__":
    main()
