"""The village's public notice for a month (村务公开): what may go on the notice board, and nothing more.

Holds: the consultations of the month (date, format, topics, attendees — no host,
no summary), the month's request counts (the monthly report's own figures for the
village), the texts of requests marked public (``requests.public = 1``) raised or
resolved in the month, the decisions in progress or with a step in the month with
their latest stage, and the month's disclosures.  Never: a phone or ID number, a
household or its head, a member, the text of a request not marked public.  Each part
goes out only through its allow-listed fields (:data:`PUBLIC_FIELDS`), and every text
among them is scrubbed of the ledger's personal values (every person's name, phones,
ID numbers, the texts of requests not marked public) and of anything shaped like a
phone or ID number, however written (full-width, spaced, with dashes…) — see
:class:`village_gov.core.privacy.Scrubber`.
"""

from __future__ import annotations

import json

from village_gov.core.errors import InputError
from village_gov.core.privacy import TEXT_MASK, Scrubber
from village_gov.ledgers.procedures.terms import STEPS

MASK = TEXT_MASK

# The allow-list: the only fields of each part that reach the notice, every text among them scrubbed.
# A column not named here (a request's household, a consultation's host or summary…) never gets out,
# whatever the query around it selects.
PUBLIC_FIELDS = {
    "consultations": ("date", "format", "topics", "attendees"),
    "public_requests": ("raised", "category", "content", "status", "response"),
    "decisions": ("title", "category", "stage", "stage_date"),
    "disclosures": ("date", "kind", "items", "channel"),
}

_NAMES_SQL = ("SELECT name FROM members UNION SELECT head FROM households UNION SELECT name FROM cadres "
              "UNION SELECT leader_name FROM organizations")
_VALUES_SQL = ("SELECT phone FROM members UNION SELECT id_number FROM members UNION SELECT phone FROM households "
               "UNION SELECT content FROM requests WHERE public = 0")


def personal_values(db) -> tuple[list[str], list[str]]:
    """What must never appear on a notice, read from the whole ledger: (values, names).

    Values: every phone and ID number of members and households, the text of every request not
    marked public.  Names: every person's name (members, heads of households — black or red listed
    or not —, cadres, leaders of organizations)."""
    def column(sql):
        return sorted({str(v).strip() for (v,) in db.execute(sql) if v is not None and str(v).strip()})

    return column(_VALUES_SQL), column(_NAMES_SQL)


def scrubber(db) -> Scrubber:
    """The notice's scrub over the ledger's personal values (see :class:`village_gov.core.privacy.Scrubber`)."""
    values, names = personal_values(db)
    return Scrubber(values, names)


def _public(part: str, row: dict, secrets: Scrubber) -> dict:
    """The allow-listed fields of ``row`` for ``part``, each text scrubbed; nothing else."""
    return {k: secrets(row.get(k)) for k in PUBLIC_FIELDS[part]}


def build_notice(db, village: str, month: str) -> dict:
    """The notice's content as plain data (see the module docstring)."""
    from village_gov.reports.monthly import build_monthly, parse_month

    period = parse_month(month)
    row = db.execute("SELECT v.code, v.name, t.code, t.name FROM villages v JOIN townships t ON t.code = v.township "
                     "WHERE v.code = ?", [village]).fetchone()
    if row is None:
        raise InputError("report.unknown_village", code=village)
    start, end = period.start.isoformat(), period.end.isoformat()
    secrets = scrubber(db)
    monthly = build_monthly(db, period.label, village=village)
    figures = monthly["villages"][0]
    consultations = [
        _public("consultations", {"date": d, "format": f, "topics": json.loads(topics or "[]"),
                                  "attendees": attendees}, secrets)
        for d, f, topics, attendees in db.execute(
            "SELECT date, format, topics, attendees FROM consultations WHERE village = ? AND archived = 0 "
            "AND date BETWEEN ? AND ? ORDER BY date, code", [village, start, end])]
    public_requests = [
        _public("public_requests", {"raised": raised, "category": category, "content": content, "status": status,
                                    "response": response}, secrets)
        for raised, category, content, status, response in db.execute(
            "SELECT raised, category, content, status, response FROM requests WHERE village = ? AND archived = 0 "
            "AND public = 1 AND (raised BETWEEN ? AND ? OR resolved BETWEEN ? AND ?) ORDER BY raised, code",
            [village, start, end, start, end])]
    return {
        "village": {"code": row[0], "name": row[1]},
        "township": {"code": row[2], "name": row[3]},
        "month": period.label,
        **{k: monthly[k] for k in ("period_complete", "period_started", "as_of") if k in monthly},
        "consultations": consultations,
        "requests": {k: figures.get(k, 0) for k in ("requests_raised", "answered_on_spot", "requests_resolved")},
        "public_requests": public_requests,
        "decisions": _decisions(db, village, start, end, secrets),
        "disclosures": [
            _public("disclosures", {"date": d, "kind": kind, "items": items, "channel": channel}, secrets)
            for d, kind, items, channel in db.execute(
                "SELECT date, kind, items, channel FROM disclosures WHERE village = ? AND archived = 0 "
                "AND date BETWEEN ? AND ? ORDER BY date, code", [village, start, end])],
    }


def _decisions(db, village: str, start: str, end: str, secrets: Scrubber) -> list[dict]:
    """Decisions whose latest step by the month's end is in the month, or that are not finished by then."""
    from village_gov.core.i18n import label

    order = " ".join(f"WHEN '{step}' THEN {i}" for i, step in enumerate(STEPS))
    rows = db.execute(
        f"""
        WITH latest AS (
            SELECT s.decision, s.step, s.date,
                   row_number() OVER (PARTITION BY s.decision ORDER BY s.date DESC, CASE s.step {order} END DESC) AS n
            FROM decision_steps s JOIN decisions d ON d.code = s.decision
            WHERE d.village = ? AND d.archived = 0 AND s.date <= ?)
        SELECT d.code, d.title, d.category, l.step, l.date FROM latest l JOIN decisions d ON d.code = l.decision
        WHERE l.n = 1 AND (l.date >= ? OR l.step != 'result_published')
        ORDER BY l.date, d.code""", [village, end, start]).fetchall()
    return [_public("decisions", {"title": title, "category": category,
                                  "stage": label("export.step_" + step, step), "stage_date": date}, secrets)
            for _, title, category, step, date in rows]
