"""Benchmark: listing 60,000 households after importing the county-scale roster.

    python bench/list_scale.py [--repeat 3] [--out FOLDER]

Imports the roster of ``import_scale.py`` (same generator and seed) into a
fresh database, then prints medians of ``--repeat`` runs, as subprocesses:

* ``village-gov household list --format csv`` (aim: < 2 s) next to a bare
  Python script running the same SQL query with ``sqlite3`` and writing the same
  CSV (phones masked the same way); both outputs are compared byte for byte;
* ``village-gov household list`` in table format with the default ``--limit``:
  it should show 100 rows and say how many more there are; beside it, a bare
  Python script fetching the same 100 rows and the count with ``sqlite3``
  (what the table needs, nothing drawn);
* ``village-gov org tree --households`` (every township, branch, member and
  liaison household, one line each) next to a bare script printing the same
  records with ``sqlite3``, one line each, in the tree's order.
"""

from __future__ import annotations

import argparse
import hashlib
import os
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

# The baseline: the list's query (village_gov/ledgers/roster/queries.py list_households, no filters),
# sqlite3 and csv only.
RAW_SCRIPT = r'''
import csv, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
def mask(v):
    if not v:
        return v
    return v[:3] + "*" * (len(v) - 7) + v[-4:] if len(v) >= 8 else "*" * max(len(v) - 2, 0) + v[-2:]
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["code", "head", "group", "village", "size", "phone", "members"])
for code, head, group, village, size, phone, members in conn.execute("""
        SELECT h.code, h.head, h."group", g.village, h.size, h.phone, lm.members
        FROM households h JOIN groups g ON h."group" = g.code
        LEFT JOIN (SELECT household, group_concat(member, ',') AS members FROM liaisons GROUP BY household) lm
               ON lm.household = h.code
        WHERE h.archived = 0 ORDER BY h.code"""):
    out.writerow([code, head, group, village, size, "" if phone is None else mask(phone),
                  "" if members is None else members])
'''

# The table's baseline: the page query (list_households with a page) for 100 rows, and the count.
RAW_PAGE_SCRIPT = r'''
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
total = conn.execute("""SELECT count(*) FROM households h JOIN groups g ON h."group" = g.code
                        WHERE h.archived = 0""").fetchone()[0]
for row in conn.execute("""
        SELECT h.code, h.head, h."group", g.village, h.size, h.phone,
               (SELECT group_concat(l.member, ',') FROM liaisons l JOIN members m ON m.code = l.member
                 WHERE l.household = h.code AND m.archived = 0) AS members
        FROM households h JOIN groups g ON h."group" = g.code
        WHERE h.archived = 0 ORDER BY h.code LIMIT 100"""):
    print(*row)
print(total - 100, "more")
'''

# The tree's baseline: the records ``org tree --households`` shows, one line each, in the tree's order.
RAW_TREE_SCRIPT = r'''
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
out = []
for row in conn.execute("SELECT code, name FROM villages WHERE archived = 0 ORDER BY code"):
    out.append(" ".join(map(str, row)))
for row in conn.execute("""SELECT code, name, level, village, parent, secretary FROM party_orgs
                           WHERE archived = 0 ORDER BY village, code"""):
    out.append(" ".join(map(str, row)))
for row in conn.execute("""SELECT m.code, m.name, m.org, l.household, h.head FROM members m
                           LEFT JOIN liaisons l ON l.member = m.code LEFT JOIN households h ON h.code = l.household
                           WHERE m.archived = 0 ORDER BY m.org, m.code, l.household"""):
    out.append("    " + " ".join(map(str, row)))
sys.stdout.write("\n".join(out) + "\n")
'''


def timed(command: list[str], env: dict, out_path: Path) -> float:
    with open(out_path, "wb") as out:
        start = time.perf_counter()
        subprocess.run(command, env=env, stdout=out, stderr=subprocess.PIPE, check=True)
        return time.perf_counter() - start


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, help="folder for the roster (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    from village_gov.core.importer import import_paths
    from village_gov.store.db import open_db

    with tempfile.TemporaryDirectory(prefix="vg-list-") as tmp:
        tmp = Path(tmp)
        roster = args.out or tmp / "roster"
        rows = county_roster.generate(roster, args.seed)
        db_path = tmp / "county.db"
        start = time.perf_counter()
        db = open_db(db_path)
        import_paths(db, [roster])
        db.conn.close()
        print(f"imported {len(rows['households'])} households in {time.perf_counter() - start:.1f} s")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "VILLAGE_GOV_DB": str(db_path), "COLUMNS": "120"}
        ours_cmd = [sys.executable, "-m", "village_gov", "household", "list", "--format", "csv"]
        raw_cmd = [sys.executable, "-c", RAW_SCRIPT, str(db_path)]
        table_cmd = [sys.executable, "-m", "village_gov", "household", "list"]
        page_cmd = [sys.executable, "-c", RAW_PAGE_SCRIPT, str(db_path)]
        tree_cmd = [sys.executable, "-m", "village_gov", "org", "tree", "--households"]
        raw_tree_cmd = [sys.executable, "-c", RAW_TREE_SCRIPT, str(db_path)]
        floor_cmd = [sys.executable, "-c", "pass"]
        ours, raw, table, page, tree, raw_tree, floor = [], [], [], [], [], [], []
        for _ in range(args.repeat):
            ours.append(timed(ours_cmd, env, tmp / "ours.csv"))
            raw.append(timed(raw_cmd, env, tmp / "raw.csv"))
            table.append(timed(table_cmd, env, tmp / "table.txt"))
            page.append(timed(page_cmd, env, tmp / "page.txt"))
            tree.append(timed(tree_cmd, env, tmp / "tree.txt"))
            raw_tree.append(timed(raw_tree_cmd, env, tmp / "raw_tree.txt"))
            floor.append(timed(floor_cmd, env, tmp / "floor.txt"))
        same = sha(tmp / "ours.csv") == sha(tmp / "raw.csv")
        csv_lines = (tmp / "ours.csv").read_text(encoding="utf-8").count("\n") - 1
        table_text = (tmp / "table.txt").read_text(encoding="utf-8")
        table_rows = sum(1 for text in table_text.splitlines() if text.strip().startswith("V"))
        last_line = table_text.strip().splitlines()[-1]
        tree_lines = (tmp / "tree.txt").read_text(encoding="utf-8").count("\n")
        raw_tree_lines = (tmp / "raw_tree.txt").read_text(encoding="utf-8").count("\n")
    o, r, t, p, tr, rt, f = (statistics.median(v) for v in (ours, raw, table, page, tree, raw_tree, floor))
    print(f"medians of {args.repeat} runs, each a subprocess (python -c pass: {f:.3f} s); "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"  household list --format csv   {o:6.3f} s   vs raw sqlite3 + csv script {r:6.3f} s   = {o / r:4.2f}×"
          f"   aim < 2 s: {'met' if o < 2 else 'NOT met'}")
    print(f"    {csv_lines} data rows; same bytes as the baseline: {same}")
    print(f"  household list (table)        {t:6.3f} s   vs raw sqlite3 100 rows + count {p:6.3f} s   = {t / p:4.2f}×"
          f"   (vs the whole CSV script {r:6.3f} s)")
    print(f"    {table_rows} rows shown; last line: {last_line}")
    print(f"  org tree --households         {tr:6.3f} s   vs raw sqlite3, a line per record {rt:6.3f} s"
          f"   = {tr / rt:4.2f}×")
    print(f"    {tree_lines} lines (the raw script: {raw_tree_lines})")


if __name__ == "__main__":
    main()
