"""Cross-record rules of consultations and requests that make an import invalid."""

from __future__ import annotations

from typing import Any

from village_gov.core import clock
from village_gov.core.batch import Batch, Entry, Lookup
from village_gov.core.errors import Problem
from village_gov.core.validate import semantic_check
from village_gov.ledgers.consult.models import REFERRED, RESOLVED


@semantic_check
def request_dates_and_status(batch: Batch, lookup: Lookup) -> list[Problem]:
    """Dates in order and not in the future; a status backed by the date (and place) it needs."""
    problems = []
    today = clock.today()
    for code, entry in batch.section("requests").items():
        r = entry.record

        def add(at: str, key: str, entry: Entry = entry, code: str = code, **params: Any) -> None:
            problems.append(Problem(*entry.at(at), key, params, record=code))

        for field in ("raised", "resolved", "referred"):
            value = getattr(r, field)
            if value and value > today:
                add(field, "consult.req_future_date", field=field, date=value.isoformat())
        if r.resolved and r.resolved < r.raised:
            add(
                "resolved",
                "consult.req_resolved_before_raised",
                resolved=r.resolved.isoformat(),
                raised=r.raised.isoformat(),
            )
        if r.referred and r.referred < r.raised:
            add(
                "referred",
                "consult.req_referred_before_raised",
                referred=r.referred.isoformat(),
                raised=r.raised.isoformat(),
            )
        if r.status == RESOLVED and not r.resolved:
            add("status", "consult.req_resolved_needs_date")
        if r.status != RESOLVED and r.resolved:
            add("resolved", "consult.req_resolved_wrong_status", status=r.status)
        if r.status == REFERRED and not r.referred_to:
            add("status", "consult.req_referred_needs_to")
        if r.status == REFERRED and not r.referred:
            add("status", "consult.req_referred_needs_date")
        if r.referred and r.status not in (REFERRED, RESOLVED):
            add("referred", "consult.req_referred_wrong_status", status=r.status)
    return problems


@semantic_check
def request_place(batch: Batch, lookup: Lookup) -> list[Problem]:
    """A request's household lives in its village; a request raised at a consultation shares its village."""
    problems = []
    for code, entry in batch.section("requests").items():
        r = entry.record
        if r.household:
            household = lookup.get("households", r.household)
            group = lookup.get("groups", household["group"]) if household else None
            if group and group["village"] != r.village:
                problems.append(Problem(*entry.at("household"), "consult.req_household_other_village",
                                        {"household": r.household, "village": r.village,
                                         "household_village": group["village"]}, record=code))
        if r.consultation:
            consultation = lookup.get("consultations", r.consultation)
            if consultation and consultation["village"] != r.village:
                problems.append(Problem(*entry.at("village"), "consult.req_consultation_other_village",
                                        {"consultation": r.consultation, "village": r.village,
                                         "consultation_village": consultation["village"]}, record=code))
            if consultation and str(r.raised) < str(consultation["date"]):
                problems.append(Problem(*entry.at("raised"), "consult.req_raised_before_consultation",
                                        {"raised": r.raised.isoformat(), "date": str(consultation["date"])},
                                        record=code))
    return problems


@semantic_check
def consultation_place(batch: Batch, lookup: Lookup) -> list[Problem]:
    """A consultation held at a position is held at one of its own village."""
    problems = []
    for code, entry in batch.section("consultations").items():
        c = entry.record
        place = lookup.get("positions", c.position) if c.position else None
        if place and place["village"] != c.village:
            problems.append(Problem(*entry.at("position"), "consult.position_other_village",
                                    {"position": c.position, "village": c.village,
                                     "position_village": place["village"]}, record=code))
    return problems


@semantic_check
def consultation_dates(batch: Batch, lookup: Lookup) -> list[Problem]:
    """A consultation is not dated in the future."""
    today = clock.today()
    return [
        Problem(
            *entry.at("date"),
            "consult.req_future_date",
            {"field": "date", "date": entry.record.date.isoformat()},
            record=code,
        )
        for code, entry in batch.section("consultations").items()
        if entry.record.date > today
    ]
