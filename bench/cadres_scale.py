"""Time the cadre ledger's rules and ``report cadres`` on a county: 300 villages, ten years of records.

Builds (in a temporary file) 15 townships of 20 villages, each village with its top party
organization, secretary and four other cadres, a self-governance organization or four, and ten years
(2016-12 … 2026-11) of the cadre ledger: links and monthly visits, mentorships and their meetings,
reserves, yearly reviews with three 整改 items each, supervision periods, yearly work reports and
checkups, the three duty lists.  Then prints, with medians of repeated runs and the load average:

- ``check`` of the twelve cadre rules (``run_checks(..., only=those rules)``), next to hand-written SQL
  giving the same findings in the same run (one plain query per rule, no township scoping, no archived
  records to leave out; the bench asserts both find the same subjects, rule by rule) — aim ≤ 2×;
- ``report cadres`` in-process, and as a process (``python -m village_gov report cadres --format json``,
  aim < 1 s) next to ``report micros`` as a process on the same file and the process start alone
  (``python -m village_gov --version``).

Run: ``python bench/cadres_scale.py`` (about half a minute here, most of it building the data).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from village_gov.core.checks import CheckOptions, run_checks
from village_gov.store.db import open_db

AS_OF = "2026-11-30"
RULES = ["village-without-link-leader", "link-without-visit", "new-secretary-without-mentor",
         "mentor-without-meeting", "reserves-too-few", "review-missing", "rectification-overdue",
         "rectification-late", "supervision-unclosed", "work-report-missing", "checkup-missing",
         "duty-lists-incomplete"]
START = dt.date(2016, 12, 1)


def _days(rng, start: dt.date = START, span: int = 3651) -> str:
    return (start + dt.timedelta(days=rng.randrange(span))).isoformat()


def _roster(conn, rng) -> list[str]:
    towns = [f"T{t:02d}" for t in range(1, 16)]
    villages = [f"{t}V{v:02d}" for t in towns for v in range(1, 21)]
    conn.executemany("INSERT INTO townships (code, name, kind) VALUES (?, ?, '镇')", [(t, t) for t in towns])
    conn.executemany("INSERT INTO villages (code, name, township, kind) VALUES (?, ?, ?, '建制村')",
                     [(v, v, v[:3]) for v in villages])
    conn.executemany("INSERT INTO party_orgs (code, name, level, village, setup) VALUES (?, ?, '党支部', ?, '单建')",
                     [(f"{v}-P", v, v) for v in villages])
    members = [(f"{v}-M{n}", f"{v}-M{n}", f"{v}-P") for v in villages for n in range(5)]
    conn.executemany("INSERT INTO members (code, name, org, status) VALUES (?, ?, ?, '正式')", members)
    conn.executemany("UPDATE party_orgs SET secretary = ? WHERE code = ?", [(f"{v}-M0", f"{v}-P") for v in villages])
    conn.executemany("INSERT INTO cadres (code, village, member, posts, since) VALUES (?, ?, ?, ?, ?)",
                     [(f"{v}/{v}-M{n}", v, f"{v}-M{n}", '["党组织书记"]' if n == 0 else '["委员"]',
                       _days(rng, dt.date(2010, 1, 1), 6200) if n == 0 else None)
                      for v in villages for n in range(5)])
    conn.executemany("INSERT INTO organizations (code, name, village, type, category) "
                     "VALUES (?, ?, ?, '自治组织', '村民议事会')",
                     [(f"{v}-O{n}", f"{v}-O{n}", v) for v in villages for n in range(rng.randrange(1, 5))])
    return villages


def _ledger(conn, rng, villages: list[str]) -> None:
    links, visits, mentorships, meetings, reserves, reviews, items = [], [], [], [], [], [], []
    for v in villages:
        for n, (start, end) in enumerate(((START, dt.date(2021, 12, 31)), (dt.date(2022, 1, 1), None))):
            if end is None and rng.random() < 0.05:
                continue  # a village left without a current link
            code = f"{v}-L{n}"
            links.append((code, "leader", "乡镇", f"{v}-P", start.isoformat(), end and end.isoformat()))
            stop = end or dt.date(2026, 11, 30)
            day = start
            while day <= stop:
                if rng.random() < 0.8:
                    visits.append((f"{code}/{day.isoformat()}", code, day.isoformat()))
                day += dt.timedelta(days=30)
        mentorships.append((f"{v}-T", "mentor", f"{v}-M0", "2024-01-01", None))
        meetings += [(f"{v}-T/{d}", f"{v}-T", d) for d in sorted({_days(rng, dt.date(2024, 1, 1), 1060)
                                                                  for _ in range(8)})]
        reserves += [(f"{v}-B{n}", v, "name", _days(rng, dt.date(1975, 1, 1), 9000), rng.choice(["男", "女"]),
                      _days(rng, dt.date(2018, 1, 1), 3000)) for n in range(rng.randrange(1, 4))]
        for year in range(2016, 2026):
            review = f"{v}-R{year}"
            reviews.append((review, year, f"{v}-M0", f"{year + 1}-01-15", rng.choice(["好", "较好", "一般"])))
            for n in range(1, 4):
                due = dt.date(year + 1, 3 * n + 1, 28)
                # Most items done in time; 3 in 100 late, 2 in 100 still open.
                fate = rng.random()
                done = (due - dt.timedelta(days=rng.randrange(60)) if fate < 0.95
                        else due + dt.timedelta(days=rng.randrange(1, 30)) if fate < 0.98 else None)
                done_text = done and min(done, dt.date(2026, 11, 30)).isoformat()
                items.append((review, n, "item", due.isoformat(), done_text))
    conn.executemany("INSERT INTO cadre_links (code, leader, level, org, date_from, date_to) VALUES (?, ?, ?, ?, ?, ?)",
                     links)
    conn.executemany("INSERT INTO link_visits (code, link, date) VALUES (?, ?, ?)", visits)
    conn.executemany("INSERT INTO mentorships (code, mentor, secretary, date_from, date_to) VALUES (?, ?, ?, ?, ?)",
                     mentorships)
    conn.executemany("INSERT INTO mentor_meetings (code, mentorship, date) VALUES (?, ?, ?)", meetings)
    conn.executemany("INSERT INTO reserves (code, village, name, born, gender, since) VALUES (?, ?, ?, ?, ?, ?)",
                     reserves)
    conn.executemany("INSERT INTO reviews (code, year, secretary, date, rating) VALUES (?, ?, ?, ?, ?)", reviews)
    conn.executemany("INSERT INTO review_items (review, item, text, due, done) VALUES (?, ?, ?, ?, ?)", items)


def _yearly(conn, rng, villages: list[str]) -> None:
    orgs = [r[0] for r in conn.execute("SELECT code FROM organizations")]
    conn.executemany("INSERT INTO work_reports (code, org, reporter, organization, date) VALUES (?, ?, ?, ?, ?)",
                     [(f"{o}/{year}", o.rsplit("-", 1)[0] + "-P", o, o, _days(rng, dt.date(year, 1, 1), 365))
                      for o in orgs for year in range(2017, 2027) if rng.random() < 0.95])
    conn.executemany("INSERT INTO checkups (code, cadre, member, date, result) VALUES (?, ?, ?, ?, '合格')",
                     [(f"{v}-M{n}/{year}", f"{v}-M{n}", f"{v}-M{n}", _days(rng, dt.date(year, 1, 1), 300))
                      for v in villages for n in range(5) for year in range(2017, 2027) if rng.random() < 0.97])
    conn.executemany("INSERT INTO duty_lists (code, secretary, kind, items, published) VALUES (?, ?, ?, 10, ?)",
                     [(f"{v}-M0/{kind}", f"{v}-M0", kind, "2024-05-01") for v in villages
                      for kind in ("权力清单", "责任清单", "负面清单") if rng.random() < 0.98])
    conn.executemany("INSERT INTO supervision (code, village, date_from, date_to, closed) VALUES (?, ?, ?, ?, ?)",
                     [(f"{v}-S", v, "2025-06-01", "2026-05-31", None if rng.random() < 0.3 else "2026-06-15")
                      for v in villages if rng.random() < 0.2])


def build(path: Path) -> None:
    rng = random.Random(16)
    db = open_db(path)
    conn = db.conn
    with db.atomic():
        villages = _roster(conn, rng)
        _ledger(conn, rng, villages)
        _yearly(conn, rng, villages)
    conn.execute("ANALYZE")
    conn.close()


# One plain query per rule, the same findings (subjects) as the rules give for one whole database.
_SECRETARY = ("SELECT o.village, o.secretary AS member, (SELECT max(c.since) FROM cadres c WHERE c.village = o.village "
              "AND c.member = o.secretary) AS since FROM party_orgs o WHERE o.parent IS NULL AND o.\"group\" IS NULL "
              "AND o.secretary IS NOT NULL")
HAND = {
    "village-without-link-leader": "SELECT o.code FROM party_orgs o WHERE o.parent IS NULL AND NOT EXISTS (SELECT 1 "
        "FROM cadre_links k WHERE k.org = o.code AND k.date_from <= :d AND (k.date_to IS NULL OR k.date_to >= :d))",
    "link-without-visit": "SELECT k.code FROM cadre_links k WHERE k.date_from <= :d AND (k.date_to IS NULL OR "
        "k.date_to >= :d) AND NOT EXISTS (SELECT 1 FROM link_visits v WHERE v.link = k.code AND v.date BETWEEN "
        "'2026-08-31' AND :d)",
    "new-secretary-without-mentor": f"SELECT s.member FROM ({_SECRETARY}) s WHERE s.since > '2024-11-30' AND "
        "s.since <= :d AND NOT EXISTS (SELECT 1 FROM mentorships k WHERE k.secretary = s.member AND k.date_from <= "
        ":d AND (k.date_to IS NULL OR k.date_to >= :d))",
    "mentor-without-meeting": "SELECT k.code FROM mentorships k WHERE k.date_from <= :d AND (k.date_to IS NULL OR "
        "k.date_to >= :d) AND NOT EXISTS (SELECT 1 FROM mentor_meetings m WHERE m.mentorship = k.code AND m.date "
        "BETWEEN '2026-08-31' AND :d)",
    "reserves-too-few": "SELECT v.code FROM villages v WHERE (SELECT count(*) FROM reserves r WHERE r.village = "
        "v.code AND (r.since IS NULL OR r.since <= :d) AND (r.until IS NULL OR r.until >= :d)) < 2",
    "review-missing": f"SELECT s.member FROM ({_SECRETARY}) s WHERE (s.since IS NULL OR s.since < '2026-01-01') AND "
        "NOT EXISTS (SELECT 1 FROM reviews r WHERE r.secretary = s.member AND r.year = 2025)",
    "rectification-overdue": "SELECT review, item FROM review_items WHERE (done IS NULL OR done > :d) AND due < :d",
    "rectification-late": "SELECT review, item FROM review_items WHERE done <= :d AND done > due",
    "supervision-unclosed": "SELECT code FROM supervision WHERE date_to < :d AND (closed IS NULL OR closed > :d)",
    "work-report-missing": "SELECT g.code FROM organizations g WHERE g.type = '自治组织' AND NOT EXISTS (SELECT 1 "
        "FROM work_reports w WHERE w.organization = g.code AND w.date BETWEEN '2025-12-01' AND :d)",
    "checkup-missing": "SELECT c.code FROM cadres c WHERE NOT EXISTS (SELECT 1 FROM checkups k WHERE k.cadre_code = "
        "c.code AND k.date BETWEEN '2026-01-01' AND :d) AND NOT EXISTS (SELECT 1 FROM checkups k WHERE k.member = "
        "c.member AND k.date BETWEEN '2026-01-01' AND :d)",
    "duty-lists-incomplete": f"SELECT s.member FROM ({_SECRETARY}) s WHERE (SELECT count(DISTINCT d.kind) FROM "
        "duty_lists d WHERE d.secretary = s.member AND d.published <= :d) < 3",
}


def median(function, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        function()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def interleaved(functions, rounds: int = 41) -> list[float]:
    """The median time of each function, run one after the other ``rounds`` times."""
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(rounds):
        for function, spent in zip(functions, times):
            t = time.perf_counter()
            function()
            spent.append(time.perf_counter() - t)
    return [statistics.median(spent) for spent in times]


def _process(*args: str) -> float:
    env = {**os.environ, "VILLAGE_GOV_TODAY": AS_OF}
    root = str(Path(__file__).resolve().parent.parent)

    def run():
        subprocess.run([sys.executable, "-m", "village_gov", *args], check=True, capture_output=True, env=env,
                       cwd=root)
    return median(run)


def main() -> None:
    path = Path(tempfile.mkdtemp()) / "cadres.db"
    t = time.perf_counter()
    build(path)
    db = open_db(path)
    counts = {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in (
        "villages", "link_visits", "mentor_meetings", "review_items", "work_reports", "checkups")}
    print(f"built in {time.perf_counter() - t:.1f} s: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (2 cores, shared)")
    options = CheckOptions(as_of=AS_OF)
    report = run_checks(db, options, only=RULES)
    hand_found = {rule: {"#".join(map(str, row)) for row in db.execute(sql, {"d": AS_OF})}
                  for rule, sql in HAND.items()}
    ours = {rule: {f.subject for f in report.findings if f.rule == rule} for rule in RULES}
    assert ours == hand_found, {rule: ours[rule] ^ hand_found[rule] for rule in RULES if ours[rule] != hand_found[rule]}
    print(f"findings: {sum(map(len, ours.values())):,} (the same subjects, rule by rule, from both)")
    from village_gov.core.checks import load_rules

    functions = [r.function for r in load_rules() if r.id in RULES]

    def rule_functions():
        run = CheckOptions(as_of=AS_OF)  # one check run: what the rules find once per run is found once
        return [list(f(db, run)) for f in functions]

    # Interleaved (one of each in turn, 41 rounds): the shared machine's noise falls on all three alike.
    checks, alone, hand = interleaved([
        lambda: run_checks(db, CheckOptions(as_of=AS_OF), only=RULES),
        rule_functions,
        lambda: [db.execute(sql, {"d": AS_OF}).fetchall() for sql in HAND.values()]])
    print(f"check, the 12 cadre rules (run_checks: rules loaded, findings built and sorted): {checks * 1000:.1f} ms"
          f" (median of 41, interleaved) — ratio {checks / hand:.2f}×")
    print(f"  the 12 rule functions alone: {alone * 1000:.1f} ms — ratio {alone / hand:.2f}×")
    print(f"  baseline: hand-written SQL, one query per rule: {hand * 1000:.1f} ms")
    from village_gov.ledgers.cadres.report import cadres_report

    in_process = median(lambda: cadres_report(db, dt.date(2026, 11, 30)))
    db.conn.close()
    process = _process("--db", str(path), "report", "cadres", "--as-of", AS_OF, "--format", "json")
    micros = _process("--db", str(path), "report", "micros", "--as-of", AS_OF, "--format", "json")
    start = _process("--version")
    print(f"report cadres in-process: {in_process * 1000:.1f} ms (median of 5)")
    print(f"report cadres as a process: {process * 1000:.0f} ms (median of 5; aim < 1000 ms)")
    print(f"  baseline: report micros as a process on the same file: {micros * 1000:.0f} ms")
    print(f"  baseline: the process start alone (village-gov --version): {start * 1000:.0f} ms")
    if os.environ.get("KEEP"):
        print(path)
    else:
        os.remove(path)


if __name__ == "__main__":
    main()
