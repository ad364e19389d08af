"""The cadre ledger's check rules (挂联, 导师帮带, 后备力量, 述职评议与整改, 提级监督, 工作报告, 政治体检, 三张清单).

Each rule is judged at ``--as-of`` (default today) and only in townships that keep the part of the
ledger it judges (a township with no link at all gets no ``village-without-link-leader``); which
townships keep which part is found once per check run, by one query, and a rule's SQL narrows to
them only when some township keeps no such part.  The queries return their findings in no particular
order (``check`` sorts every finding by rule and subject).  Windows
of "the last N months" run from the day after the same date N months earlier up to ``--as-of``
(:func:`~village_gov.ledgers.cadres.dates.window_start`).  See docs/cadres.md for every boundary.
"""

from __future__ import annotations

import datetime as dt
import json

from village_gov.core.checks import ERROR, WARNING, rule
from village_gov.ledgers.cadres.dates import as_of_date, months_before, window_start
from village_gov.ledgers.cadres.options import WORK_REPORT_MONTHS, CadreCheckOptions
from village_gov.ledgers.cadres.queries import SECRETARIES, current, keeping, kept, member_village
from village_gov.ledgers.cadres.terms import DUTY_LISTS


def _options(options) -> CadreCheckOptions:
    return options.for_ledger("cadre", CadreCheckOptions)


def _scope(options, village_column: str) -> str:
    return (f" AND {village_column} IN (SELECT code FROM villages WHERE township = :township)"
            if options.township else "")


def _params(options, **more) -> dict:
    return {"day": as_of_date(options).isoformat(), "township": options.township, **more}


def _keepers(db, options, section: str) -> list[str] | None:
    """The townships keeping ``section`` (``None``: all), found once per check run for every section
    (:func:`~village_gov.ledgers.cadres.queries.keeping`) and kept in the run's cadre options."""
    cadre = _options(options)
    changes = db.conn.total_changes
    if cadre.kept is None or cadre.kept[0] is not db or cadre.kept[1] != changes:
        cadre.kept = (db, changes, keeping(db))
    return cadre.kept[2][section]


def _narrowed(db, options, section: str, village_column: str, params: dict) -> str | None:
    """The ``AND …`` clauses of a rule judged only where ``section`` is kept (and in ``--township``),
    adding ``:kept`` to ``params`` when needed; ``None`` when no township judged keeps it."""
    keepers = _keepers(db, options, section)
    if options.township:
        if keepers is not None and options.township not in keepers:
            return None
        return _scope(options, village_column)
    if keepers == []:
        return None
    params["kept"] = json.dumps(keepers)
    return kept(keepers, village_column)


@rule("village-without-link-leader", ERROR, label="cadre.rule_name_village_without_link_leader")
def village_without_link_leader(db, options):
    """A village party organization with no link (挂联) whose period covers --as-of."""
    params = _params(options)
    narrow = _narrowed(db, options, "cadre_links", "o.village", params)
    if narrow is None:
        return
    for org, village, name in db.execute(f"""
            SELECT o.code, o.village, o.name FROM party_orgs o
            WHERE o.parent IS NULL AND o."group" IS NULL AND o.archived = 0 {narrow}
            AND NOT EXISTS (SELECT 1 FROM cadre_links k WHERE k.org = o.code AND k.archived = 0
                            AND {current('k', start_given=True)})""", params):
        yield org, "cadre.rule_village_without_link_leader", {"village": village, "name": name}


@rule("link-without-visit", WARNING, label="cadre.rule_name_link_without_visit")
def link_without_visit(db, options):
    """A current link with no visit in the last 3 months (--visit-months)."""
    months = _options(options).visit_months
    start = window_start(as_of_date(options), months).isoformat()
    for code, leader, org, last in db.execute(f"""
            SELECT k.code, k.leader, k.org,
                   (SELECT max(v.date) FROM link_visits v INDEXED BY idx_link_visits_live_link_date
                    WHERE v.link = k.code AND v.archived = 0
                    AND v.date <= :day)
            FROM cadre_links k
            WHERE k.archived = 0 AND {current('k', start_given=True)}
            {_scope(options, '(SELECT o.village FROM party_orgs o WHERE o.code = k.org)')}
            AND NOT EXISTS (SELECT 1 FROM link_visits v WHERE v.link = k.code AND v.archived = 0
                            AND v.date BETWEEN :start AND :day)""", _params(options, start=start)):
        yield code, "cadre.rule_link_without_visit", {"leader": leader, "org": org, "last": last or "—",
                                                      "months": months}


@rule("new-secretary-without-mentor", ERROR, label="cadre.rule_name_new_secretary_without_mentor")
def new_secretary_without_mentor(db, options):
    """A village secretary who took the post less than 24 months before --as-of (--new-secretary-months;
    the roster's ``cadres.since``) with no current mentorship (导师帮带)."""
    months = _options(options).new_secretary_months
    params = _params(options, since=months_before(as_of_date(options), months).isoformat())
    narrow = _narrowed(db, options, "mentorships", "s.village", params)
    if narrow is None:
        return
    for member, village, took in db.execute(f"""
            SELECT s.member, s.village, s.since FROM ({SECRETARIES}) s
            WHERE s.since > :since AND s.since <= :day {narrow}
            AND NOT EXISTS (SELECT 1 FROM mentorships k WHERE k.secretary = s.member AND k.archived = 0
                            AND {current('k', start_given=True)})""", params):
        yield member, "cadre.rule_new_secretary_without_mentor", {"village": village, "since": took,
                                                                  "months": months}


@rule("mentor-without-meeting", WARNING, label="cadre.rule_name_mentor_without_meeting")
def mentor_without_meeting(db, options):
    """A current mentorship with no meeting in the last 3 months (--meeting-months)."""
    months = _options(options).meeting_months
    start = window_start(as_of_date(options), months).isoformat()
    for code, mentor, secretary, last in db.execute(f"""
            SELECT k.code, k.mentor, k.secretary,
                   (SELECT max(m.date) FROM mentor_meetings m INDEXED BY idx_mentor_meetings_live_mentorship_date
                    WHERE m.mentorship = k.code AND m.archived = 0
                    AND m.date <= :day)
            FROM mentorships k WHERE k.archived = 0 AND {current('k', start_given=True)}
            {_scope(options, member_village('k.secretary'))}
            AND NOT EXISTS (SELECT 1 FROM mentor_meetings m WHERE m.mentorship = k.code AND m.archived = 0
                            AND m.date BETWEEN :start AND :day)""", _params(options, start=start)):
        yield code, "cadre.rule_mentor_without_meeting", {"mentor": mentor, "secretary": secretary,
                                                          "last": last or "—", "months": months}


@rule("reserves-too-few", ERROR, label="cadre.rule_name_reserves_too_few")
def reserves_too_few(db, options):
    """A village with fewer than 2 current reserve cadres (后备力量; --min-reserves)."""
    least = _options(options).min_reserves
    params = _params(options, least=least)
    narrow = _narrowed(db, options, "reserves", "v.code", params)
    if narrow is None:
        return
    for village, name, count in db.execute(f"""
            SELECT v.code, v.name, count(r.code) FROM villages v
            LEFT JOIN reserves r ON r.village = v.code AND r.archived = 0 AND {current('r', 'since', 'until')}
            WHERE v.archived = 0 {narrow}
            GROUP BY v.code HAVING count(r.code) < :least""", params):
        yield village, "cadre.rule_reserves_too_few", {"name": name, "count": count, "min": least}


@rule("review-missing", ERROR, label="cadre.rule_name_review_missing")
def review_missing(db, options):
    """After March 31, a current village secretary with no review (述职评议) for the previous year (a
    secretary who took the post in the --as-of year is not asked for one)."""
    day = as_of_date(options)
    if day <= dt.date(day.year, 3, 31):
        return
    params = _params(options, year=day.year - 1, year_start=f"{day.year:04d}-01-01")
    narrow = _narrowed(db, options, "reviews", "s.village", params)
    if narrow is None:
        return
    for member, village in db.execute(f"""
            SELECT s.member, s.village FROM ({SECRETARIES}) s
            WHERE (s.since IS NULL OR s.since < :year_start) {narrow}
            AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.secretary = s.member AND r.archived = 0
                            AND r.year = :year)""", params):
        yield member, "cadre.rule_review_missing", {"village": village, "year": day.year - 1}


def _items(options, condition: str) -> str:
    """The 整改 items meeting ``condition`` of the live reviews (of ``--township``'s secretaries)."""
    return f"""SELECT i.review, i.item, i.due, i.done FROM review_items i WHERE {condition}
               AND EXISTS (SELECT 1 FROM reviews r WHERE r.code = i.review AND r.archived = 0
                           {_scope(options, member_village('r.secretary'))})"""


@rule("rectification-overdue", ERROR, label="cadre.rule_name_rectification_overdue")
def rectification_overdue(db, options):
    """A 整改 item not done by --as-of and past its due date (due the day before --as-of or earlier)."""
    day = as_of_date(options)
    for review, item, due, _done in db.execute(
            _items(options, "(i.done IS NULL OR i.done > :day) AND i.due < :day"), _params(options)):
        yield f"{review}#{item}", "cadre.rule_rectification_overdue", {
            "review": review, "item": item, "due": due, "days": (day - dt.date.fromisoformat(due)).days}


@rule("rectification-late", WARNING, label="cadre.rule_name_rectification_late")
def rectification_late(db, options):
    """A 整改 item done (by --as-of) after its due date."""
    for review, item, due, done in db.execute(_items(options, "i.done <= :day AND i.done > i.due"),
                                              _params(options)):
        yield f"{review}#{item}", "cadre.rule_rectification_late", {"review": review, "item": item, "due": due,
                                                                   "done": done}


@rule("supervision-unclosed", ERROR, label="cadre.rule_name_supervision_unclosed")
def supervision_unclosed(db, options):
    """A supervision period (提级监督) that ended before --as-of without being closed."""
    for code, village, end in db.execute(f"""
            SELECT s.code, s.village, s.date_to FROM supervision s
            WHERE s.archived = 0 AND s.date_to < :day AND (s.closed IS NULL OR s.closed > :day)
            {_scope(options, 's.village')}""", _params(options)):
        yield code, "cadre.rule_supervision_unclosed", {"village": village, "end": end}


@rule("work-report-missing", WARNING, label="cadre.rule_name_work_report_missing")
def work_report_missing(db, options):
    """A self-governance micro-organization (自治组织) that has not reported to its village party
    organization in the 12 months up to --as-of."""
    params = _params(options, start=window_start(as_of_date(options), WORK_REPORT_MONTHS).isoformat())
    narrow = _narrowed(db, options, "work_reports", "g.village", params)
    if narrow is None:
        return
    for code, name, village in db.execute(f"""
            SELECT g.code, g.name, g.village FROM organizations g
            WHERE g.archived = 0 AND g.type = '自治组织' AND (g.founded IS NULL OR g.founded <= :day) {narrow}
            AND NOT EXISTS (SELECT 1 FROM work_reports w WHERE w.organization = g.code AND w.archived = 0
                            AND w.date BETWEEN :start AND :day)""", params):
        yield code, "cadre.rule_work_report_missing", {"name": name, "village": village,
                                                       "months": WORK_REPORT_MONTHS}


@rule("checkup-missing", WARNING, label="cadre.rule_name_checkup_missing")
def checkup_missing(db, options):
    """After June 30, a village cadre (the roster's ``cadres``) with no 政治体检 in the --as-of year."""
    day = as_of_date(options)
    if day <= dt.date(day.year, 6, 30):
        return
    params = _params(options, year_start=f"{day.year:04d}-01-01")
    narrow = _narrowed(db, options, "checkups", "c.village", params)
    if narrow is None:
        return
    for code, village in db.execute(f"""
            SELECT c.code, c.village FROM cadres c WHERE c.archived = 0 {narrow}
            AND NOT EXISTS (SELECT 1 FROM checkups k WHERE k.cadre_code = c.code AND k.archived = 0
                            AND k.date BETWEEN :year_start AND :day)
            AND NOT EXISTS (SELECT 1 FROM checkups k WHERE k.member = c.member AND k.archived = 0
                            AND k.date BETWEEN :year_start AND :day)""", params):
        yield code, "cadre.rule_checkup_missing", {"village": village, "year": day.year}


@rule("duty-lists-incomplete", ERROR, label="cadre.rule_name_duty_lists_incomplete")
def duty_lists_incomplete(db, options):
    """A current village secretary without all three lists (权力清单, 责任清单, 负面清单) published by --as-of."""
    params = _params(options, **{f"kind{n}": kind for n, kind in enumerate(DUTY_LISTS)})
    narrow = _narrowed(db, options, "duty_lists", "s.village", params)
    if narrow is None:
        return
    has = [f"""EXISTS (SELECT 1 FROM duty_lists d WHERE d.secretary = s.member AND d.kind = :kind{n}
                       AND d.archived = 0 AND d.published <= :day)""" for n in range(len(DUTY_LISTS))]
    for member, village, *found in db.execute(f"""
            SELECT member, village, {", ".join(f"has{n}" for n in range(len(has)))} FROM (
                SELECT s.member, s.village, {", ".join(f"{test} AS has{n}" for n, test in enumerate(has))}
                FROM ({SECRETARIES}) s WHERE 1 {narrow})
            WHERE NOT ({" AND ".join(f"has{n}" for n in range(len(has)))})""", params):
        missing = [kind for kind, listed in zip(DUTY_LISTS, found) if not listed]
        yield member, "cadre.rule_duty_lists_incomplete", {"village": village, "missing": "、".join(missing)}
