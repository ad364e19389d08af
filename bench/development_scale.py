"""Time the development ledger's rules and its report on a county-sized history, beside baselines of the
same run.

Builds (in a temporary file) 40 villages with 50 full members each and 20,000 people developed over
ten years (2016-11 … 2026-10: applications, talks, assessments, meetings, conversions; about one in
ten steps out of time), then prints, each as the median of 5 runs:

- ``check`` of the 16 development rules (the library, set-based SQL through the snapshot of the day)
  next to the hand-written SQL of the same rules, one statement each, in the same run; the two must
  find the same (rule, record) pairs;
- ``village-gov report development --year 2026 --format json`` as a process, next to a bare Python
  process that opens the file with sqlite3 and runs one hand-written year-end GROUP BY, to
  ``report micros`` on the same file (no micros data: what any report command costs to start) and to
  ``village-gov --version``;
- the load average before and after (the machine is shared: quote ratios from one run).

Run: ``python bench/development_scale.py`` (about a minute here).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from village_gov.core.checks import CheckOptions, load_rules  # noqa: E402 - after the path
from village_gov.ledgers.development.models import COLUMNS  # noqa: E402
from village_gov.store.db import open_db  # noqa: E402

AS_OF = "2026-10-31"
PEOPLE = 20_000
VILLAGES = 40
END = dt.date(2026, 10, 31)


def _later(day: dt.date | None, rng, low: int, high: int) -> dt.date | None:
    if day is None:
        return None
    nxt = day + dt.timedelta(days=rng.randint(low, high))
    return nxt if nxt <= END else None


def _person(n: int, rng) -> dict:
    village = f"V{n % VILLAGES:02d}"
    contacts = [f"M{village}-{rng.randrange(50):02d}" for _ in range(rng.choice((1, 2, 2, 3)))]
    applied = dt.date(2016, 11, 1) + dt.timedelta(days=rng.randrange(3600))
    row: dict = {"code": f"D{n:05d}", "name": "某", "gender": rng.choice("男女"),
                 "born": dt.date(rng.randint(1960, 2008), rng.randint(1, 12), rng.randint(1, 28)), "village": village,
                 "org": f"P{village}", "source": "其他", "education": rng.choice(("高中", "大专", "初中及以下")),
                 "applied": applied, "extension_months": rng.choice((0,) * 30 + (6, 3))}
    row["talked"] = _later(applied, rng, 3, 34)
    row["activist"] = _later(row["talked"], rng, 20, 120)
    assessments, day = [], row["activist"]
    target = _later(row["activist"], rng, 350, 450)
    while day is not None and (target is None or day < target):
        day = _later(day, rng, 150, 186)
        if day is not None and (target is None or day < target):
            assessments.append(day.isoformat())
    row.update(contacts=json.dumps(contacts if row["activist"] else []), assessments=json.dumps(assessments),
               target=target)
    row["review"] = _later(target, rng, 10, 40)
    row["committee"] = _later(row["review"], rng, 10, 60)
    row["prereview"] = _later(row["committee"], rng, 5, 20)
    meeting = _later(row["prereview"], rng, 10, 40)
    if meeting:
        present = rng.randint(10, 20)
        row.update(meeting_date=meeting, meeting_voting=20, meeting_present=present,
                   meeting_approve=rng.randint(10, present), training_hours=rng.choice((24, 24, 32, 20)),
                   introducers=json.dumps([f"M{village}-{rng.randrange(50):02d}" for _ in range(2)]))
    row["approved"] = _later(meeting, rng, 15, 95)
    row["sworn"] = _later(row["approved"], rng, 1, 10)
    conversion = _later(meeting, rng, 365 + 30 * row["extension_months"], 400 + 30 * row["extension_months"])
    if conversion and row["approved"]:
        row.update(conversion_date=conversion, conversion_voting=21, conversion_present=15, conversion_approve=14)
        row["conversion_approved"] = _later(conversion, rng, 10, 30)
    if row["approved"]:
        row["member"] = f"N{n:05d}"
    if rng.random() < 0.03:
        row["stopped_date"], row["stopped_reason"] = _later(applied, rng, 30, 900), "本人申请"
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items()}


def build(path: Path) -> None:
    rng = random.Random(15)
    db = open_db(path)
    conn = db.conn
    villages = [f"V{n:02d}" for n in range(VILLAGES)]
    people = [_person(n, rng) for n in range(PEOPLE)]
    with db.atomic():
        conn.execute("INSERT INTO townships (code, name, kind) VALUES ('T1', '县', '镇')")
        conn.executemany("INSERT INTO villages (code, name, township, kind) VALUES (?, ?, 'T1', '建制村')",
                         [(v, v) for v in villages])
        conn.executemany("INSERT INTO party_orgs (code, name, level, village, setup) "
                         "VALUES (?, ?, '党支部', ?, '单建')", [(f"P{v}", v, v) for v in villages])
        conn.executemany("INSERT INTO members (code, name, org, status) VALUES (?, 'm', ?, ?)",
                         [(f"M{v}-{k:02d}", f"P{v}", "预备" if k == 49 else "正式")
                          for v in villages for k in range(50)])
        conn.executemany("INSERT INTO members (code, name, org, status) VALUES (?, 'm', ?, ?)",
                         [(p["member"], p["org"], "正式" if p.get("conversion_approved") else "预备")
                          for p in people if p.get("member") and rng.random() < 0.99])
        names = ("code", *COLUMNS)
        conn.executemany(f"INSERT INTO development ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                         [tuple(p.get(n) for n in names) for p in people])
    conn.execute("ANALYZE")
    conn.close()


def ma(day: str, months: str) -> str:
    """N months after D, written out (the same day, or the month's last day)."""
    return (f"min(date({day}, 'start of month', '+' || ({months}) || ' months', '+' || "
            f"(CAST(strftime('%d', {day}) AS INTEGER) - 1) || ' days'), "
            f"date({day}, 'start of month', '+' || (({months}) + 1) || ' months', '-1 day'))")


D = f"'{AS_OF}'"
J = f"coalesce(stopped_date, {D})"  # no date of the data lies after AS_OF
TODAY = f"'{dt.date.today().isoformat()}'"  # development-order also reports dates after today
FULL = "(SELECT 1 FROM members m WHERE m.code = j.value AND m.archived = 0 AND m.status = '正式')"
STAGES = ("applied", "talked", "activist", "target", "review", "committee", "prereview", "meeting_date", "approved",
          "sworn")
HAND = {
    "development-underage": f"SELECT code FROM development WHERE archived = 0 AND {ma('born', '216')} > applied",
    "development-talk-late": f"""SELECT code FROM development WHERE archived = 0 AND (talked > {ma('applied', '1')}
        OR (talked IS NULL AND {J} > {ma('applied', '1')}))""",
    "development-assessment-gap": f"""SELECT DISTINCT code FROM (SELECT code, day, lag(day) OVER (PARTITION BY code
        ORDER BY day) AS prev FROM (SELECT code, activist AS day FROM development WHERE archived = 0
        AND activist IS NOT NULL UNION ALL SELECT d.code, j.value FROM development d, json_each(d.assessments) j
        WHERE d.archived = 0 AND d.activist IS NOT NULL AND j.value > d.activist
        AND j.value < coalesce(d.target, coalesce(d.stopped_date, {D}))
        UNION ALL SELECT code, coalesce(target, {J}) FROM development WHERE archived = 0
        AND activist IS NOT NULL)) WHERE prev IS NOT NULL AND day > {ma('prev', '6')}""",
    "development-too-soon": f"SELECT code FROM development WHERE archived = 0 AND target < {ma('activist', '12')}",
    "development-contacts": f"""SELECT code FROM development d WHERE archived = 0 AND activist IS NOT NULL AND (
        (SELECT count(DISTINCT value) FROM json_each(d.contacts)) NOT BETWEEN 1 AND 2
        OR EXISTS (SELECT 1 FROM json_each(d.contacts) j WHERE NOT EXISTS {FULL}))""",
    "development-introducers": f"""SELECT code FROM development d WHERE archived = 0 AND meeting_date IS NOT NULL
        AND ((SELECT count(DISTINCT value) FROM json_each(d.introducers)) <> 2
        OR EXISTS (SELECT 1 FROM json_each(d.introducers) j WHERE NOT EXISTS {FULL}))""",
    "development-training": """SELECT code FROM development WHERE archived = 0 AND meeting_date IS NOT NULL
        AND coalesce(training_hours, 0) < 24""",
    "development-order": "SELECT code FROM development WHERE archived = 0 AND (" + " OR ".join(
        f"{c} < coalesce({', '.join(reversed(chain[:i]))}, NULL)"
        for chain in (STAGES, ("meeting_date", "conversion_date", "conversion_approved"))
        for i, c in enumerate(chain) if i) + f""" OR max({', '.join(f"coalesce({c}, '')" for c in (
            *STAGES, 'conversion_date', 'conversion_approved', 'stopped_date', 'born'))}) > {TODAY}
        OR (SELECT max(value) FROM json_each(assessments)) > {TODAY})""",
    "development-meeting-quorum": """SELECT code FROM development WHERE archived = 0 AND meeting_date IS NOT NULL
        AND (2 * meeting_present <= meeting_voting OR 2 * meeting_approve <= meeting_voting)""",
    "development-conversion-quorum": """SELECT code FROM development WHERE archived = 0
        AND conversion_date IS NOT NULL AND (2 * conversion_present <= conversion_voting
        OR 2 * conversion_approve <= conversion_voting)""",
    "development-approval-late": f"""SELECT code FROM development WHERE archived = 0 AND meeting_date IS NOT NULL
        AND (approved > {ma('meeting_date', '3')} OR (approved IS NULL AND {J} > {ma('meeting_date', '3')}))""",
    "development-conversion-late": f"""SELECT code FROM (SELECT code, conversion_date, stopped_date,
        {ma('meeting_date', '12 + extension_months')} AS probation_end FROM development WHERE archived = 0
        AND meeting_date IS NOT NULL AND approved IS NOT NULL)
        WHERE coalesce(conversion_date, {J}) > {ma('probation_end', '1')}""",
    "development-conversion-early": f"""SELECT code FROM development WHERE archived = 0 AND approved IS NOT NULL
        AND conversion_date < {ma('meeting_date', '12 + extension_months')}""",
    "development-extension": """SELECT code FROM development WHERE archived = 0 AND extension_months <> 0
        AND extension_months NOT BETWEEN 6 AND 12""",
    "development-roster-mismatch": """SELECT d.code FROM development d LEFT JOIN members m ON m.code = d.member
        AND m.archived = 0 WHERE d.archived = 0 AND d.member IS NOT NULL AND (m.code IS NULL
        OR (m.status = '正式' AND d.conversion_approved IS NULL)
        OR (m.status = '预备' AND d.conversion_approved IS NOT NULL))""",
    "development-stalled": f"""SELECT code FROM (SELECT code, max({', '.join(f"coalesce({c}, '')" for c in (
        *STAGES, 'conversion_date', 'conversion_approved'))}, coalesce((SELECT max(value)
        FROM json_each(assessments)), '')) AS last FROM development WHERE archived = 0 AND stopped_date IS NULL
        AND conversion_approved IS NULL) WHERE {D} > {ma('last', '12')}""",
}


def median_time(function, runs: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def library(db) -> set[tuple[str, str]]:
    options = CheckOptions(as_of=AS_OF)
    return {(rule.id, subject) for rule in load_rules() if rule.id.startswith("development-")
            for subject, _key, _params in rule.function(db, options)}


def hand(db) -> set[tuple[str, str]]:
    return {(rule, code) for rule, sql in HAND.items() for (code,) in db.execute(sql)}


REPORT_BASELINE = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
print(conn.execute('''SELECT village, count(*) FILTER (WHERE activist IS NULL), count(*) FILTER (WHERE
    activist IS NOT NULL AND target IS NULL), count(*) FILTER (WHERE target IS NOT NULL AND approved IS NULL),
    count(*) FILTER (WHERE approved IS NOT NULL AND conversion_approved IS NULL),
    count(*) FILTER (WHERE approved >= '2026-01-01'), count(*) FILTER (WHERE conversion_approved >= '2026-01-01')
    FROM development WHERE archived = 0 AND stopped_date IS NULL GROUP BY village''').fetchall())
"""


def main() -> None:
    print(f"load average before: {os.getloadavg()}")
    path = Path(tempfile.mkdtemp()) / "development.db"
    start = time.perf_counter()
    build(path)
    print(f"built {PEOPLE:,} people in {VILLAGES} villages over ten years in {time.perf_counter() - start:.1f} s")
    db = open_db(path)
    ours, found = median_time(lambda: library(db))
    theirs, expected = median_time(lambda: hand(db))
    assert found == expected, sorted(found ^ expected)[:10]  # type: ignore[operator]
    print(f"check, 16 development rules: {ours * 1000:.0f} ms ({len(found):,} findings)")  # type: ignore[arg-type]
    print(f"  baseline: hand-written SQL of the same rules, same findings: {theirs * 1000:.0f} ms"
          f"  → ratio {ours / theirs:.2f}")
    db.conn.close()
    env = {**os.environ, "VILLAGE_GOV_TODAY": "2026-11-01"}
    command = [sys.executable, "-m", "village_gov", "--db", str(path), "report", "development", "--year", "2026",
               "--format", "json"]
    process, _ = median_time(lambda: subprocess.run(command, env=env, capture_output=True, check=True))
    bare, _ = median_time(lambda: subprocess.run([sys.executable, "-c", REPORT_BASELINE, str(path)],
                                                 capture_output=True, check=True))
    floor, _ = median_time(lambda: subprocess.run(
        [sys.executable, "-m", "village_gov", "--db", str(path), "report", "micros", "--format", "json"],
        env=env, capture_output=True, check=True))
    version, _ = median_time(lambda: subprocess.run([sys.executable, "-m", "village_gov", "--version"],
                                                    capture_output=True, check=True))
    print(f"report development --year 2026 as a process: {process * 1000:.0f} ms")
    print(f"  baseline: a bare Python process, sqlite3 and one hand-written GROUP BY: {bare * 1000:.0f} ms"
          f"  → ratio {process / bare:.2f}")
    print(f"  baseline: report micros on the same file (no micros data: the CLI's floor for a report): "
          f"{floor * 1000:.0f} ms  → ratio {process / floor:.2f}")
    print(f"  baseline: village-gov --version as a process: {version * 1000:.0f} ms")
    print(f"load average after: {os.getloadavg()}")
    if os.environ.get("KEEP"):
        print(path)
    else:
        os.remove(path)


if __name__ == "__main__":
    main()
