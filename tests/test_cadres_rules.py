"""The cadre ledger's check rules, each at its boundary: one day (or one record) on each side.

Judged at 2026-11-30 unless said.  "The last 3 months" up to 2026-11-30 run from 2026-08-31 (the day
after 2026-08-30, the same date 3 months earlier); "the last 12 months" from 2025-12-01; a secretary
is new when they took the post after 2024-11-30 (24 months before).
"""

from __future__ import annotations

import pytest

from tests.helpers.cadres import AS_OF, CADRE_RULES, findings, load, subjects

pytestmark = pytest.mark.usefixtures("cadre_today")

def test_a_township_without_the_cadre_ledger_gets_none_of_its_findings(cli, small_roster):
    assert cli("import", small_roster).exit_code == 0
    for rule in CADRE_RULES:
        assert findings(cli, rule) == [], rule


def test_village_without_link_leader_at_the_ends_of_the_period(cli, write_yaml):
    # P1's link runs exactly on 2026-11-30 (from and to); P4's ended the day before.
    load(cli, write_yaml, """
        cadre_links:
          - {code: L1, leader: 王建国, level: 乡镇, org: P1, from: 2026-11-30, to: 2026-11-30}
          - {code: L2, leader: 刘明, level: 县, org: P4, from: 2025-01-01, to: 2026-11-29}
        """)
    assert findings(cli, "village-without-link-leader") == [("P4", {"village": "V2", "name": "青龙村党支部"})]
    # The day before, P1's link had not started yet and P4's still ran.
    assert subjects(cli, "village-without-link-leader", "2026-11-29") == ["P1"]
    assert subjects(cli, "village-without-link-leader", "2026-12-01") == ["P1", "P4"]


def test_link_without_visit_three_months_back(cli, write_yaml):
    # L1 was visited on 2026-08-31, the window's first day; L2 on 2026-08-30, the day before it.
    load(cli, write_yaml, """
        cadre_links:
          - {code: L1, leader: 王建国, level: 乡镇, org: P1, from: 2024-01-01}
          - {code: L2, leader: 刘明, level: 县, org: P4, from: 2024-01-01}
        link_visits:
          - {link: L1, date: 2026-08-31}
          - {link: L2, date: 2026-08-30}
        """)
    assert findings(cli, "link-without-visit") == [("L2", {"leader": "刘明", "org": "P4", "last": "2026-08-30",
                                                           "months": 3})]
    # One day later L1's visit falls out too; with --visit-months 4 (from 2026-07-31) neither trips.
    assert subjects(cli, "link-without-visit", "2026-12-01") == ["L1", "L2"]
    assert subjects(cli, "link-without-visit", "2026-11-30", "--visit-months", "4") == []


def test_the_window_of_a_month_end_is_clamped():
    # 3 months before 2026-05-31 is 2026-02-28 (February has no 31st): the window starts on 03-01.
    import datetime as dt

    from village_gov.ledgers.cadres.dates import months_before, window_start

    assert months_before(dt.date(2026, 5, 31), 3) == dt.date(2026, 2, 28)
    assert window_start(dt.date(2026, 5, 31), 3) == dt.date(2026, 3, 1)
    assert months_before(dt.date(2026, 11, 30), 24) == dt.date(2024, 11, 30)
    assert window_start(dt.date(2026, 1, 15), 3) == dt.date(2025, 10, 16)


MENTORED = """
    mentorships:
      - {code: TX, mentor: 老支书, secretary: M2, from: 2020-01-01, to: 2021-12-31}
    """


@pytest.mark.parametrize(("since", "trips"), [
    ("2024-12-30", True),   # 23 months before 2026-11-30: new
    ("2024-12-01", True),   # one day inside the 24 months: new
    ("2024-11-30", False),  # exactly 24 months before: no longer new
    ("2020-05-01", False),
])
def test_new_secretary_without_mentor_the_23_and_24_months_pair(cli, write_yaml, since, trips):
    # The township keeps mentorships (TX, long over); M1 has none.
    load(cli, write_yaml, MENTORED, m1_since=since)
    expected = [("M1", {"village": "V1", "since": since, "months": 24})] if trips else []
    assert findings(cli, "new-secretary-without-mentor") == expected


def test_a_current_mentorship_or_no_since_means_no_finding(cli, write_yaml):
    # M1 (since 2026-01-10) has a mentorship from 2026-11-30; M6 (since 2026-02-01) had one that ended
    # on 2026-11-29.  Without --new-secretary-months: M6 only; a secretary with no since is never new.
    load(cli, write_yaml, """
        mentorships:
          - {code: T1, mentor: 老支书, secretary: M1, from: 2026-11-30}
          - {code: T6, mentor: 老乡镇, secretary: M6, from: 2026-02-01, to: 2026-11-29}
        """, m1_since="2026-01-10", m6_since="2026-02-01")
    assert subjects(cli, "new-secretary-without-mentor") == ["M6"]
    assert subjects(cli, "new-secretary-without-mentor", "2026-11-29") == ["M1"]
    # --new-secretary-months 9: new only after 2026-02-28 — neither is.
    assert subjects(cli, "new-secretary-without-mentor", "2026-11-30", "--new-secretary-months", "9") == []


def test_mentor_without_meeting_three_months_back(cli, write_yaml):
    load(cli, write_yaml, """
        mentorships:
          - {code: T1, mentor: 老支书, secretary: M1, from: 2025-01-01}
          - {code: T6, mentor: 老乡镇, secretary: M6, from: 2025-01-01}
        mentor_meetings:
          - {mentorship: T1, date: 2026-08-31}
          - {mentorship: T6, date: 2026-08-30}
        """)
    assert findings(cli, "mentor-without-meeting") == [
        ("T6", {"mentor": "老乡镇", "secretary": "M6", "last": "2026-08-30", "months": 3})]
    assert subjects(cli, "mentor-without-meeting", "2026-11-30", "--meeting-months", "4") == []


def test_reserves_too_few_counts_the_current_ones(cli, write_yaml):
    # V1: B1 until 2026-11-30 and B2 since 2026-11-30 both count: 2.  V2: B4 left on 2026-11-29: 1.
    load(cli, write_yaml, """
        reserves:
          - {code: B1, village: V1, name: 甲, since: 2024-01-01, until: 2026-11-30}
          - {code: B2, village: V1, name: 乙, since: 2026-11-30}
          - {code: B3, village: V2, name: 丙}
          - {code: B4, village: V2, name: 丁, since: 2024-01-01, until: 2026-11-29}
        """)
    assert findings(cli, "reserves-too-few") == [("V2", {"name": "青龙村", "count": 1, "min": 2})]
    assert subjects(cli, "reserves-too-few", "2026-12-01") == ["V1", "V2"]  # B1 gone: V1 has 1, V2 still 1
    assert subjects(cli, "reserves-too-few", "2026-11-30", "--min-reserves", "1") == []
    assert subjects(cli, "reserves-too-few", "2026-11-30", "--min-reserves", "3") == ["V1", "V2"]


def test_review_missing_after_march_31(cli, write_yaml):
    # M1 has the 2025 review; M6 has only 2024's.
    load(cli, write_yaml, """
        reviews:
          - {code: R1, year: 2025, secretary: M1, date: 2026-01-15, rating: 好}
          - {code: R6, year: 2024, secretary: M6, date: 2025-01-15, rating: 一般}
        """)
    assert subjects(cli, "review-missing", "2026-03-31") == []
    assert findings(cli, "review-missing", "2026-04-01") == [("M6", {"village": "V2", "year": 2025})]


@pytest.mark.parametrize(("since", "trips"), [("2026-01-01", False), ("2025-12-31", True)])
def test_a_secretary_new_this_year_owes_no_review_of_last_year(cli, write_yaml, since, trips):
    load(cli, write_yaml, """
        reviews:
          - {code: R1, year: 2025, secretary: M1, date: 2026-01-15, rating: 好}
        """, m6_since=since)
    assert subjects(cli, "review-missing", "2026-04-01") == (["M6"] if trips else [])


def test_rectification_overdue_and_late(cli, write_yaml):
    # Item 1 due the day before and open: overdue by 1 day.  Item 2 due on the day: not yet.  Item 3
    # due the day before, done after the as-of date: still open then.  Item 4 done on its due date:
    # not late; item 5 done the day after: late.
    load(cli, write_yaml, """
        reviews:
          - code: R1
            year: 2025
            secretary: M1
            date: 2026-01-15
            rating: 较好
            items:
              - {text: 一, due: 2026-11-29}
              - {text: 二, due: 2026-11-30}
              - {text: 三, due: 2026-11-29, done: 2026-12-01}
              - {text: 四, due: 2026-06-30, done: 2026-06-30}
              - {text: 五, due: 2026-06-30, done: 2026-07-01}
        """)
    assert findings(cli, "rectification-overdue") == [
        ("R1#1", {"review": "R1", "item": 1, "due": "2026-11-29", "days": 1}),
        ("R1#3", {"review": "R1", "item": 3, "due": "2026-11-29", "days": 1})]
    assert findings(cli, "rectification-late") == [
        ("R1#5", {"review": "R1", "item": 5, "due": "2026-06-30", "done": "2026-07-01"})]
    # On 2026-12-01 item 2 is overdue too, and item 3 is done — late.
    assert subjects(cli, "rectification-overdue", "2026-12-01") == ["R1#1", "R1#2"]
    assert subjects(cli, "rectification-late", "2026-12-01") == ["R1#3", "R1#5"]


def test_supervision_unclosed_once_its_period_is_over(cli, write_yaml):
    load(cli, write_yaml, """
        supervision:
          - {code: S1, village: V1, from: 2026-01-01, to: 2026-11-30}
          - {code: S2, village: V2, from: 2026-01-01, to: 2026-11-29}
          - {code: S3, village: V2, from: 2025-01-01, to: 2025-12-31, closed: 2026-11-30}
          - {code: S4, village: V1, from: 2025-01-01, to: 2025-12-31, closed: 2026-12-01}
        """)
    # S1 ends on the day: not yet over.  S3 closed on the day.  S4 is closed only after it.
    assert findings(cli, "supervision-unclosed") == [("S2", {"village": "V2", "end": "2026-11-29"}),
                                                      ("S4", {"village": "V1", "end": "2025-12-31"})]
    assert subjects(cli, "supervision-unclosed", "2026-12-01") == ["S1", "S2"]


def test_work_report_missing_over_twelve_months(cli, write_yaml):
    # O1 reported on 2025-12-01 (the window's first day), O2 on 2025-11-30 (the day before it), O3 in
    # 2026, O4 never; O6 (V2) reported to V2's organization; O5 is a social organization (not judged).
    # 村委会 reports, which name no organization, count for none.
    load(cli, write_yaml, """
        work_reports:
          - {org: P1, reporter: O1, date: 2025-12-01}
          - {org: P1, reporter: O2, date: 2025-11-30}
          - {org: P1, reporter: O3, date: 2026-06-20}
          - {org: P4, reporter: O6, date: 2026-06-20}
          - {org: P1, reporter: 村委会, date: 2026-06-20}
        """, micros=True)
    assert findings(cli, "work-report-missing") == [
        ("O2", {"name": "红白理事会", "village": "V1", "months": 12}),
        ("O4", {"name": "禁毒禁赌会", "village": "V1", "months": 12})]
    assert subjects(cli, "work-report-missing", "2026-12-01") == ["O1", "O2", "O4"]


def test_checkup_missing_after_june_30(cli, write_yaml):
    # M1 checked on 2026-01-01 (the year's first day), M6 only on 2025-12-31; 郑十一 (no member code)
    # is named by the cadre's code.
    load(cli, write_yaml, """
        checkups:
          - {cadre: M1, date: 2026-01-01, result: 合格}
          - {cadre: M6, date: 2025-12-31, result: 合格}
          - {cadre: V2/郑十一, date: 2026-03-01, result: 基本合格}
        """)
    assert subjects(cli, "checkup-missing", "2026-06-30") == []
    assert findings(cli, "checkup-missing", "2026-07-01") == [("V2/M6", {"village": "V2", "year": 2026})]


def test_duty_lists_incomplete_counts_those_published_by_the_day(cli, write_yaml):
    load(cli, write_yaml, """
        duty_lists:
          - {secretary: M1, kind: 权力清单, items: 10, published: 2025-05-01}
          - {secretary: M1, kind: 责任清单, items: 10, published: 2025-05-01}
          - {secretary: M1, kind: 负面清单, items: 5, published: 2026-11-30}
          - {secretary: M6, kind: powers, items: 10, published: 2025-05-01}
          - {secretary: M6, kind: 负面清单, items: 5, published: 2026-12-01}
        """)
    assert findings(cli, "duty-lists-incomplete") == [("M6", {"village": "V2", "missing": "责任清单、负面清单"})]
    assert findings(cli, "duty-lists-incomplete", "2026-11-29") == [
        ("M1", {"village": "V1", "missing": "负面清单"}), ("M6", {"village": "V2", "missing": "责任清单、负面清单"})]


def test_check_options_are_refused_below_their_minimum(cli, small_roster):
    assert cli("import", small_roster).exit_code == 0
    for option in ("--visit-months", "--meeting-months", "--new-secretary-months"):
        result = cli("check", option, "0")
        assert result.exit_code == 2, option
    assert cli("check", "--min-reserves", "-1").exit_code == 2


def test_a_county_judges_each_township_by_the_parts_it_keeps(cli, write_yaml):
    from tests.helpers.rosters import TWO_TOWNSHIPS

    # T1 (V1, P1, secretary M1) keeps links only: L1 ended in 2020, so P1 has no current link leader.
    # T2 (V2, P2, secretary M2) keeps reserves (one: B2) and duty lists (M2's 权力清单 only).
    # Each rule judges only the township keeping its part: P2 (no link either) is not judged, nor V1
    # (no reserve at all) by reserves-too-few, nor M1 (no list) by duty-lists-incomplete.
    files = [write_yaml(TWO_TOWNSHIPS, "roster.yaml"), write_yaml("""
        cadre_links:
          - {code: L1, leader: 王建国, level: 乡镇, org: P1, from: 2020-01-01, to: 2020-12-31}
        reserves:
          - {code: B2, village: V2, name: 乙, since: 2024-01-01}
        duty_lists:
          - {secretary: M2, kind: 权力清单, items: 3, published: 2025-01-01}
        """, "cadre.yaml")]
    assert cli("import", *files).exit_code == 0
    assert subjects(cli, "village-without-link-leader") == ["P1"]
    assert findings(cli, "reserves-too-few") == [("V2", {"name": "青龙村", "count": 1, "min": 2})]
    assert findings(cli, "duty-lists-incomplete") == [("M2", {"village": "V2", "missing": "责任清单、负面清单"})]
    # --township narrows to one township, judged by what that township keeps.
    for rule, t1, t2 in (("village-without-link-leader", ["P1"], []), ("reserves-too-few", [], ["V2"]),
                         ("duty-lists-incomplete", [], ["M2"])):
        assert subjects(cli, rule, AS_OF, "--township", "T1") == t1, rule
        assert subjects(cli, rule, AS_OF, "--township", "T2") == t2, rule


def test_archived_visits_and_meetings_do_not_count(cli, write_yaml):
    # L1's and T1's only records in the window (2026-08-31 … 2026-11-30) are archived: both trip, and
    # the last visit or meeting named is the live one before the window.
    load(cli, write_yaml, """
        cadre_links:
          - {code: L1, leader: 王建国, level: 乡镇, org: P1, from: 2024-01-01}
        link_visits:
          - {link: L1, date: 2026-05-10}
          - {link: L1, date: 2026-10-12, archived: true}
        mentorships:
          - {code: T1, mentor: 老支书, secretary: M1, from: 2025-01-01}
        mentor_meetings:
          - {mentorship: T1, date: 2026-06-01}
          - {mentorship: T1, date: 2026-11-30, archived: true}
        """)
    assert findings(cli, "link-without-visit") == [("L1", {"leader": "王建国", "org": "P1", "last": "2026-05-10",
                                                           "months": 3})]
    assert findings(cli, "mentor-without-meeting") == [
        ("T1", {"mentor": "老支书", "secretary": "M1", "last": "2026-06-01", "months": 3})]


def test_what_a_run_found_kept_is_found_again_after_a_write(cli, write_yaml, db_path):
    # Which townships keep which part is found once per check run and kept in the run's options; an
    # options object used again after a write finds it again.  No reserve at first: T1 keeps none, no
    # finding; after one reserve in V1, both villages have fewer than 2 (V1: 1, V2: 0).
    from village_gov.core.checks import CheckOptions, run_checks
    from village_gov.store.db import open_db

    load(cli, write_yaml, "cadre_links: []\n")
    db = open_db(db_path)
    options = CheckOptions(as_of=AS_OF)
    assert run_checks(db, options, only=["reserves-too-few"]).findings == []
    with db.conn:
        db.execute("INSERT INTO reserves (code, village, name) VALUES ('B1', 'V1', '甲')")
    assert [f.subject for f in run_checks(db, options, only=["reserves-too-few"]).findings] == ["V1", "V2"]
    db.conn.close()
