"""Check rules of the development ledger: the time rules of 《中国共产党发展党员工作细则》.

"N months after D" is :func:`village_gov.ledgers.development.dates.months_after` (written in SQL by
``months_after_sql``).  Each rule is one set-based query over the ``dev`` snapshot of
:mod:`village_gov.ledgers.development.snapshot` (the records as they stood on ``options.as_of``,
default today); Python only words the findings.  The meetings' quorum is the one arithmetic of
:mod:`village_gov.core.quorum`, shared with the decisions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from village_gov.core.checks import ERROR, WARNING, rule, township_scope
from village_gov.core.quorum import BRANCH_ASSEMBLY, quorum, quorum_fails_sql
from village_gov.ledgers.development import terms
from village_gov.ledgers.development.options import DevelopmentCheckOptions
from village_gov.ledgers.development.snapshot import deadline_sql, last_stage_sql, snapshot_sql, stage_column

Finding = tuple[str, str, dict]


def judged_day(options) -> dt.date:
    from village_gov.core import clock
    from village_gov.core.periods import parse_date

    return parse_date(options.as_of, "--as-of") or clock.today()


def _query(db, options, sql: str) -> list[tuple]:
    """``sql`` (a SELECT reading ``dev``) run on the snapshot at the options' day and township."""
    scope, params = township_scope(options, "village")
    return db.execute(f"WITH {snapshot_sql(judged_day(options), scope)} {sql}", params).fetchall()


def _late(db, options, start: str, stage: str, months: int, keys: tuple[str, str]) -> Iterator[Finding]:
    """``stage`` later than ``months`` after ``start``, or not recorded when the day judged is later."""
    deadline = deadline_sql(start, str(months))
    for code, begun, done, due, judged in _query(db, options, f"""
            SELECT code, {start}, {stage}, {deadline}, judged FROM dev
            WHERE {start} IS NOT NULL AND (({stage} IS NOT NULL AND {stage} > {deadline})
                  OR ({stage} IS NULL AND judged > {deadline})) ORDER BY code"""):
        yield code, keys[0] if done else keys[1], {"start": begun, "date": done, "deadline": due,
                                                                "months": months, "as_of": judged}


@rule("development-underage", ERROR, label="development.rule_name_underage")
def development_underage(db, options):
    """入党申请: the applicant is 18 or older on the day the application is received."""
    adult = deadline_sql("born", str(terms.ADULT_MONTHS))
    for code, born, applied, eighteen in _query(db, options, f"""
            SELECT code, born, applied, {adult} FROM dev WHERE applied IS NOT NULL AND {adult} > applied
            ORDER BY code"""):
        yield code, "development.rule_underage", {"born": born, "applied": applied, "adult": eighteen}


@rule("development-talk-late", ERROR, label="development.rule_name_talk_late")
def development_talk_late(db, options):
    """The branch talks with the applicant within one month of receiving the application."""
    yield from _late(db, options, "applied", "talked", terms.TALK_MONTHS,
                     ("development.rule_talk_late", "development.rule_talk_missing"))


@rule("development-assessment-gap", ERROR, label="development.rule_name_assessment_gap")
def development_assessment_gap(db, options):
    """An activist is assessed (培养考察) at least every six months until named a development target."""
    end = "coalesce(target, judged)"
    gap = deadline_sql("prev", str(terms.ASSESSMENT_MONTHS))
    for code, prev, day in _query(db, options, f"""
            , seq AS (SELECT code, activist AS day FROM dev WHERE activist IS NOT NULL
                UNION ALL SELECT d.code, j.value FROM dev d, json_each(d.assessments) j
                    WHERE d.activist IS NOT NULL AND j.value > d.activist
                          AND j.value < coalesce(d.target, d.judged)
                UNION ALL SELECT code, {end} FROM dev WHERE activist IS NOT NULL)
            , gaps AS (SELECT code, lag(day) OVER (PARTITION BY code ORDER BY day) AS prev, day FROM seq)
            SELECT code, prev, day FROM gaps WHERE prev IS NOT NULL AND day > {gap} ORDER BY code, day"""):
        yield code, "development.rule_assessment_gap", {"from": prev, "to": day, "months": terms.ASSESSMENT_MONTHS}


@rule("development-too-soon", ERROR, label="development.rule_name_too_soon")
def development_too_soon(db, options):
    """A development target (发展对象) has been an activist for at least one year."""
    year = deadline_sql("activist", str(terms.ACTIVIST_MONTHS))
    for code, activist, target, earliest in _query(db, options, f"""
            SELECT code, activist, target, {year} FROM dev
            WHERE activist IS NOT NULL AND target IS NOT NULL AND target < {year} ORDER BY code"""):
        yield code, "development.rule_too_soon", {"activist": activist, "target": target, "earliest": earliest}


def member_code(code: str, village: str = "village") -> str:
    """The roster code of a member named in a record: as written, or — in a county file made by ``merge``,
    whose plain columns and JSON lists keep the township's own codes — prefixed by the township of
    the record's village (``T1/V01`` → ``T1/`` + ``M0001``)."""
    return f"(substr({village}, 1, instr({village}, '/')) || {code})"


def _not_full(column: str) -> str:
    """The distinct codes of JSON list ``column`` that are not full members of the roster, joined by 、."""
    return f"""(SELECT group_concat(value, '、') FROM (SELECT DISTINCT j.value FROM json_each({column}) j
               WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.code = {member_code('j.value')}
                                 AND m.archived = 0 AND m.status = '{terms.FULL_STATUS}') ORDER BY 1))"""


def _people(db, options, column: str, when: str) -> list[tuple]:
    return _query(db, options, f"""
            SELECT code, count, not_full FROM (SELECT code,
                (SELECT count(DISTINCT value) FROM json_each({column})) AS count, {_not_full(column)} AS not_full
                FROM dev WHERE {when}) ORDER BY code""")


@rule("development-contacts", ERROR, label="development.rule_name_contacts")
def development_contacts(db, options):
    """An activist has one or two 培养联系人, each a full member of the roster."""
    for code, count, not_full in _people(db, options, "contacts", "activist IS NOT NULL"):
        if not 1 <= count <= 2 or not_full:
            yield code, "development.rule_contacts", {"count": count, "not_full": not_full or ""}


@rule("development-introducers", ERROR, label="development.rule_name_introducers")
def development_introducers(db, options):
    """Admission needs exactly two 入党介绍人, distinct full members of the roster."""
    for code, count, not_full in _people(db, options, "introducers", "meeting_date IS NOT NULL"):
        if count != 2 or not_full:
            yield code, "development.rule_introducers", {"count": count, "not_full": not_full or ""}


@rule("development-training", ERROR, label="development.rule_name_training")
def development_training(db, options):
    """A development target has had at least 24 hours of concentrated training before the branch assembly."""
    for code, hours in _query(db, options, f"""
            SELECT code, coalesce(training_hours, 0) FROM dev
            WHERE meeting_date IS NOT NULL AND coalesce(training_hours, 0) < {terms.MIN_TRAINING_HOURS}
            ORDER BY code"""):
        yield code, "development.rule_training", {"hours": hours, "min": terms.MIN_TRAINING_HOURS}


def _backwards_sql(columns: list[str]) -> str:
    """True when a date of ``columns`` is before the nearest recorded one before it (nested coalesce)."""
    return " OR ".join(f"{column} < coalesce({', '.join(reversed(columns[:i]))}, NULL)"
                       for i, column in enumerate(columns) if i)


def _order_rows(db, options) -> list[tuple]:
    """``(code, stage, date, previous stage, its date)`` for each date before the nearest recorded stage
    before it: one scan selects the records, a pass over those few words the findings."""
    chains = [[stage_column(s) for s in terms.CHAIN], [stage_column(s) for s in terms.CONVERSION_CHAIN]]
    columns = list(dict.fromkeys(c for chain in chains for c in chain))
    stages = dict(zip((stage_column(s) for s in terms.STAGES), terms.STAGES))
    found = []
    for code, *values in _query(db, options, f"""
            SELECT code, {', '.join(columns)} FROM dev
            WHERE {' OR '.join(f'({_backwards_sql(chain)})' for chain in chains)} ORDER BY code"""):
        dates = dict(zip(columns, values))
        for chain in chains:
            previous = None
            for column in chain:
                if dates[column] is None:
                    continue
                if previous and dates[column] < dates[previous]:
                    found.append((code, stages[column], dates[column], stages[previous], dates[previous]))
                previous = column
    return found


def _future_rows(db, options) -> list[tuple]:
    """Dates written after today, whatever the day judged (the raw table, not the snapshot)."""
    from village_gov.core import clock

    scope, params = township_scope(options, "village")
    day = clock.today().isoformat()
    stages = [*terms.STAGES, "stopped", "born"]
    columns = {"meeting": "meeting_date", "conversion_meeting": "conversion_date", "stopped": "stopped_date"}
    rows = " UNION ALL ".join(f"SELECT code, {i} AS i, '{s}' AS stage, {columns.get(s, s)} AS day FROM live"
                              for i, s in enumerate(stages))
    return db.execute(f"""
            WITH live AS (SELECT * FROM development WHERE archived = 0 {scope})
            SELECT code, stage, day FROM (
                {rows} UNION ALL SELECT l.code, 99, 'assessment', j.value FROM live l, json_each(l.assessments) j)
            WHERE day > ? ORDER BY code, i, day""", [*params, day]).fetchall()


@rule("development-order", ERROR, label="development.rule_name_order")
def development_order(db, options):
    """Each stage is dated on or after the stage it follows, and no date is after today."""
    from village_gov.core.i18n import label

    for code, stage, day, prev_stage, prev_day in _order_rows(db, options):
        yield code, "development.rule_order", {
            "stage": stage, "stage_label": label(f"development.stage_{stage}", stage), "date": day,
            "previous": prev_stage, "previous_label": label(f"development.stage_{prev_stage}", prev_stage),
            "previous_date": prev_day}
    if options.for_ledger("development", DevelopmentCheckOptions).future_dates:
        from village_gov.core import clock

        today = clock.today().isoformat()
        for code, stage, day in _future_rows(db, options):
            yield code, "development.rule_future", {
                "stage": stage, "stage_label": label(f"development.stage_{stage}", stage), "date": day,
                "today": today}


_QUORUM_KEYS = {"present": "development.rule_quorum_present", "approve": "development.rule_quorum_approve"}
_ROSTER_KEYS = {"missing": "development.rule_roster_missing", "full": "development.rule_roster_full",
                "probationary": "development.rule_roster_probationary"}


def _quorum(db, options, meeting: str) -> Iterator[Finding]:
    fails = quorum_fails_sql(BRANCH_ASSEMBLY, f"{meeting}_voting", f"{meeting}_present", f"{meeting}_approve")
    for code, day, voting, present, approve in _query(db, options, f"""
            SELECT code, {meeting}_date, {meeting}_voting, {meeting}_present, {meeting}_approve FROM dev
            WHERE {meeting}_date IS NOT NULL AND {fails} ORDER BY code"""):
        for short in quorum(BRANCH_ASSEMBLY, voting, present, approve):
            yield code, _QUORUM_KEYS[short.what], {
                "date": day, "voting": voting, "present": present, "approve": approve, "needed": short.needed}


@rule("development-meeting-quorum", ERROR, label="development.rule_name_meeting_quorum")
def development_meeting_quorum(db, options):
    """The branch assembly admitting a probationary member: more than half of the full members with a vote
    present, and more than half of them approving."""
    yield from _quorum(db, options, "meeting")


@rule("development-conversion-quorum", ERROR, label="development.rule_name_conversion_quorum")
def development_conversion_quorum(db, options):
    """The branch assembly converting a probationary member: the same quorum as admission."""
    yield from _quorum(db, options, "conversion")


@rule("development-approval-late", ERROR, label="development.rule_name_approval_late")
def development_approval_late(db, options):
    """The higher party committee approves within three months of the branch assembly."""
    yield from _late(db, options, "meeting_date", "approved", terms.APPROVAL_MONTHS,
                     ("development.rule_approval_late", "development.rule_approval_missing"))


def _probation_rows(db, options) -> list[tuple]:
    end = deadline_sql("meeting_date", f"{terms.PROBATION_MONTHS} + extension_months")
    late = deadline_sql("probation_end", str(terms.CONVERSION_MONTHS))
    return _query(db, options, f"""
            SELECT code, meeting_date, extension_months, probation_end, {late}, conversion_date, judged
            FROM (SELECT *, {end} AS probation_end FROM dev WHERE meeting_date IS NOT NULL AND approved IS NOT NULL)
            ORDER BY code""")


@rule("development-conversion-late", ERROR, label="development.rule_name_conversion_late")
def development_conversion_late(db, options):
    """The probation ends 12 months (plus any extension) after the branch assembly; the conversion is
    discussed within one month of its end."""
    for code, meeting, extension, end, deadline, held, judged in _probation_rows(db, options):
        if (held or judged) > deadline:
            key = "development.rule_conversion_late" if held else "development.rule_conversion_missing"
            yield code, key, {"meeting": meeting, "extension": extension, "end": end, "deadline": deadline,
                              "date": held, "as_of": judged}


@rule("development-conversion-early", ERROR, label="development.rule_name_conversion_early")
def development_conversion_early(db, options):
    """The conversion is not discussed before the probation ends."""
    for code, meeting, extension, end, _deadline, held, _judged in _probation_rows(db, options):
        if held and held < end:
            yield code, "development.rule_conversion_early", {"meeting": meeting, "extension": extension,
                                                              "end": end, "date": held}


@rule("development-extension", ERROR, label="development.rule_name_extension")
def development_extension(db, options):
    """A probation is extended once, by six months to one year, or not at all."""
    low, high = terms.EXTENSION_RANGE
    for code, months in _query(db, options, f"""
            SELECT code, extension_months FROM dev
            WHERE extension_months <> 0 AND extension_months NOT BETWEEN {low} AND {high} ORDER BY code"""):
        yield code, "development.rule_extension", {"months": months, "min": low, "max": high}


@rule("development-roster-mismatch", ERROR, label="development.rule_name_roster_mismatch")
def development_roster_mismatch(db, options):
    """The member admitted is on the roster, 预备 until the conversion is approved and 正式 after.

    The roster keeps no history: today's roster is compared with the record as written, whatever
    ``--as-of``."""
    scope, params = township_scope(options, "d.village")
    for code, member, status, converted in db.execute(f"""
            SELECT d.code, d.member, m.status, d.conversion_approved FROM development d
            LEFT JOIN members m ON m.code = {member_code('d.member', 'd.village')} AND m.archived = 0
            WHERE d.archived = 0 {scope} AND d.member IS NOT NULL AND (m.code IS NULL
                OR (m.status = '{terms.FULL_STATUS}' AND d.conversion_approved IS NULL)
                OR (m.status = '{terms.PROBATIONARY_STATUS}' AND d.conversion_approved IS NOT NULL))
            ORDER BY d.code""", params):
        kind = "missing" if status is None else "full" if converted is None else "probationary"
        yield code, _ROSTER_KEYS[kind], {"member": member, "status": status or "", "converted": converted or ""}


@rule("development-stalled", WARNING, label="development.rule_name_stalled")
def development_stalled(db, options):
    """No stage recorded for more than twelve months, the process neither finished nor stopped."""
    idle = deadline_sql("last", str(terms.STALLED_MONTHS))
    for code, last, judged in _query(db, options, f"""
            SELECT code, last, judged FROM (SELECT code, judged, {last_stage_sql()} AS last FROM dev
                WHERE stopped_date IS NULL AND conversion_approved IS NULL)
            WHERE judged > {idle} ORDER BY code"""):
        yield code, "development.rule_stalled", {"last": last, "months": terms.STALLED_MONTHS, "as_of": judged}
