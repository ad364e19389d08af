"""The village's public notice for a month (村务公开): what may go on the notice board, and nothing more.

Holds: the consultations of the month (date, format, topics, attendees — no host,
no summary), the month's request counts (the monthly report's own figures for the
village), the texts of requests marked public (``requests.public = 1``) raised or
resolved in the month, the decisions in progress or with a step in the month with
their latest stage, and the month's disclosures.  Never: a phone or ID number, a
household or its head, a member, the text of a request not marked public.  As a
last guard every text that goes out is scrubbed of the personal values of the
township (phones, ID numbers, the heads of households on the black list, the texts
of requests not marked public) — see :func:`personal_values`.
"""

from __future__ import annotations

import json
import re

from village_gov.errors import InputError

STEPS = ("proposed", "deliberated", "reviewed", "resolved", "resolution_published", "result_published")
MASK = "＊＊"
_NUMBER_RUN = re.compile(r"\d[\d\s\-.()（）]{5,}\d")


def personal_values(db, township: str) -> list[str]:
    """Every value of the township that must never appear on a notice, longest first."""
    values: set[str] = set()
    for (text,) in db.execute(
            "SELECT m.phone FROM members m WHERE m.phone IS NOT NULL UNION ALL "
            "SELECT m.id_number FROM members m WHERE m.id_number IS NOT NULL UNION ALL "
            "SELECT h.phone FROM households h JOIN groups g ON g.code = h.\"group\" "
            "  JOIN villages v ON v.code = g.village WHERE v.township = ? AND h.phone IS NOT NULL UNION ALL "
            "SELECT h.head FROM moral_list l JOIN households h ON h.code = l.household "
            "  JOIN villages v ON v.code = l.village WHERE v.township = ? AND l.list = '黑榜' AND l.archived = 0 "
            "UNION ALL SELECT r.content FROM requests r JOIN villages v ON v.code = r.village "
            "  WHERE v.township = ? AND r.public = 0",
            [township, township, township]):
        if text and str(text).strip():
            values.add(str(text).strip())
            digits = re.sub(r"\D", "", str(text))
            if len(digits) >= 7:
                values.add(digits)
    return sorted(values, key=lambda v: (-len(v), v))


def scrub(text, secrets: list[str]):
    """``text`` with every personal value replaced by a mask (lists scrubbed item by item)."""
    if text is None:
        return None
    if isinstance(text, list):
        return [scrub(item, secrets) for item in text]
    if not isinstance(text, str):
        return text
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    numbers = [s for s in secrets if s.isdigit()]

    def masked(match):  # a number written with separators (139-0000-0002, 139 0000 0002)
        digits = re.sub(r"\D", "", match.group(0))
        return MASK if any(n in digits for n in numbers) else match.group(0)

    return _NUMBER_RUN.sub(masked, text) if numbers else text


def build_notice(db, village: str, month: str) -> dict:
    """The notice's content as plain data (see the module docstring)."""
    from village_gov.reports.monthly import build_monthly, parse_month

    period = parse_month(month)
    row = db.execute("SELECT v.code, v.name, t.code, t.name FROM villages v JOIN townships t ON t.code = v.township "
                     "WHERE v.code = ?", [village]).fetchone()
    if row is None:
        raise InputError("report_unknown_village", code=village)
    start, end = period.start.isoformat(), period.end.isoformat()
    secrets = personal_values(db, row[2])
    monthly = build_monthly(db, period.label, village=village)
    figures = monthly["villages"][0]
    consultations = [
        {"date": d, "format": scrub(f, secrets), "topics": scrub(json.loads(topics or "[]"), secrets),
         "attendees": attendees}
        for d, f, topics, attendees in db.execute(
            "SELECT date, format, topics, attendees FROM consultations WHERE village = ? AND archived = 0 "
            "AND date BETWEEN ? AND ? ORDER BY date, code", [village, start, end])]
    public_requests = [
        {"raised": raised, "category": category, "content": scrub(content, secrets), "status": status,
         "response": scrub(response, secrets)}
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
            {"date": d, "kind": kind, "items": scrub(items, secrets), "channel": channel}
            for d, kind, items, channel in db.execute(
                "SELECT date, kind, items, channel FROM disclosures WHERE village = ? AND archived = 0 "
                "AND date BETWEEN ? AND ? ORDER BY date, code", [village, start, end])],
    }


def _decisions(db, village: str, start: str, end: str, secrets: list[str]) -> list[dict]:
    """Decisions whose latest step by the month's end is in the month, or that are not finished by then."""
    from village_gov.i18n import label

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
    return [{"title": scrub(title, secrets), "category": scrub(category, secrets),
             "stage": label("x.step." + step, step), "stage_date": date}
            for _, title, category, step, date in rows]
