"""Cross-record rules of the cadre ledger, and the resolution of two-way references.

Each rule is a function of one record and a lookup (``exists(section, code)``, ``get(section, code)``)
returning ``(field, message key, params)`` triples, so the same rules serve the YAML import
(problems at ``file:line:column``) and the commands (``cadre visit``, ``mentor meet``,
``review item-done``: a refusal, exit 2).

Resolution: a work report's ``reporter`` is 村委会, 集体经济组织, or a micro-organization code of
the organization's village (kept in ``organization``); a checkup's ``cadre`` is a member code (kept
in ``member``) or a roster cadre code such as ``V01/唐芳`` (kept in ``cadre_code``).
"""

from __future__ import annotations

import datetime as dt

from village_gov.core.batch import Batch, Lookup
from village_gov.core.errors import Problem
from village_gov.core.validate import semantic_check
from village_gov.ledgers.cadres.terms import COLLECTIVE_REPORTERS


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _within(record, lookup, parent_section: str, parent_field: str) -> list:
    """An event (visit, meeting) falls within its link's or mentorship's period."""
    parent = lookup.get(parent_section, getattr(record, parent_field))
    if parent is None:
        return []
    start, end = _date(parent.get("date_from")), _date(parent.get("date_to"))
    if (start and record.date < start) or (end and record.date > end):
        return [("date", "cadre.outside_period", {
            "date": record.date.isoformat(), "parent": getattr(record, parent_field),
            "start": start.isoformat() if start else "", "end": end.isoformat() if end else "…"})]
    return []


def visit_in_period(record, lookup) -> list:
    return _within(record, lookup, "cadre_links", "link")


def meeting_in_period(record, lookup) -> list:
    return _within(record, lookup, "mentorships", "mentorship")


def review_items(record, lookup) -> list:
    """No 整改 item is due or done before its review."""
    return [("items", "cadre.item_before_review", {"item": number, "date": record.date.isoformat()})
            for number, item in enumerate(record.items, start=1)
            if item.due < record.date or (item.done is not None and item.done < record.date)]


def resolve_reporter(record, lookup) -> list:
    if record.reporter in COLLECTIVE_REPORTERS:
        record._organization = None
        return []
    organization = lookup.get("organizations", record.reporter)
    if organization is None:
        return [("reporter", "cadre.unknown_reporter", {"code": record.reporter})]
    org = lookup.get("party_orgs", record.org)
    if org is not None and org.get("village") != organization.get("village"):
        return [("reporter", "cadre.reporter_other_village", {"code": record.reporter, "org": record.org})]
    record._organization = record.reporter
    return []


def resolve_checkup(record, lookup) -> list:
    if lookup.exists("members", record.cadre):
        record._member, record._cadre_code = record.cadre, None
        return []
    if lookup.exists("cadres", record.cadre):
        record._member, record._cadre_code = None, record.cadre
        return []
    return [("cadre", "cadre.unknown_cadre", {"code": record.cadre})]


RECORD_RULES = {
    "link_visits": (visit_in_period,),
    "mentor_meetings": (meeting_in_period,),
    "reviews": (review_items,),
    "work_reports": (resolve_reporter,),
    "checkups": (resolve_checkup,),
}


def record_problems(section: str, record, lookup) -> list:
    """Every ``(field, key, params)`` the rules find for one record of ``section`` (resolving its references)."""
    return [found for function in RECORD_RULES.get(section, ()) for found in function(record, lookup)]


@semantic_check
def cadre_records(batch: Batch, lookup: Lookup) -> list[Problem]:
    """Resolve and check every record of the cadre ledger's event sections."""
    problems = []
    for section in RECORD_RULES:
        for code, entry in batch.section(section).items():
            for field, key, params in record_problems(section, entry.record, lookup):
                problems.append(Problem(*entry.at(field), key, params, record=code))
    return problems
