"""The monthly report: every ledger's figures, one row per village, plus totals.

``build_monthly`` returns plain data (dicts and lists) that the renderers print as
a table, JSON, CSV or Markdown.  A database holding one township gives::

    {"month": "2026-10", "period_complete": true, "township": {"code", "name"},
     "villages": [{"code", "name", …}], "total": {…}, "by_category": [...]}

A month not over yet on the project clock also has ``"period_started"`` and ``"as_of"`` (see
:mod:`village_gov.reports.status`).

A database holding several townships (a county file), with no ``township``
chosen, gives ``{"month", "townships": [<the object above, without month>, …],
"total": {…}, "by_category": […]}`` where ``total`` covers every village.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from village_gov.core.errors import InputError
from village_gov.reports.registry import MonthlyFigures, Period, sum_total
from village_gov.reports.status import period_status


@dataclass
class MonthlyOptions:
    overdue_days: int = 30
    extra: dict = field(default_factory=dict)

    def as_provider_options(self) -> dict:
        return {"overdue_days": self.overdue_days, **self.extra}


def load_providers() -> list[MonthlyFigures]:
    """The monthly figures of every ledger of :data:`village_gov.ledgers.LEDGERS`, in their ``order``."""
    from village_gov import ledgers

    return sorted((p for ledger in ledgers.LEDGERS for p in ledger.load_monthly()), key=lambda p: p.order)


def parse_month(text: str, option: str = "--month") -> Period:
    """``YYYY-MM`` as a :class:`Period`, or an :class:`InputError` naming the option."""
    try:
        year, month = text.strip().split("-")
        if len(year) != 4 or len(month) != 2:
            raise ValueError(text)
        return Period.month(f"{int(year):04d}-{int(month):02d}")
    except (ValueError, AttributeError):
        raise InputError("cmd.bad_month", option=option, value=text) from None


def report_fields() -> list[tuple[str, str]]:
    """Every per-village field of the report, ``(json key, label key)``, in column order."""
    return [f for provider in load_providers() for f in provider.fields]


def scope(db, *, township: str | None = None, village: str | None = None) -> list[dict]:
    """The townships to report and their villages: ``[{code, name, villages: [{code, name}]}]``."""
    if village:
        row = db.execute("SELECT township FROM villages WHERE code = ?", [village]).fetchone()
        if row is None:
            raise InputError("report.unknown_village", code=village)
        if township and township != row[0]:
            raise InputError("report.unknown_village", code=village)
        township = row[0]
    if township and db.execute("SELECT 1 FROM townships WHERE code = ?", [township]).fetchone() is None:
        raise InputError("report.unknown_township", code=township)
    clauses, params = ["t.archived = 0"], []
    if township:
        clauses, params = ["t.code = ?"], [township]
    townships = [{"code": code, "name": name, "villages": []} for code, name in db.execute(
        f"SELECT t.code, t.name FROM townships t WHERE {' AND '.join(clauses)} ORDER BY t.code", params)]
    if not townships:
        raise InputError("report.no_township")
    by_code = {t["code"]: t for t in townships}
    vclauses, vparams = ["archived = 0", "township IN (SELECT value FROM json_each(?))"], [
        json.dumps(list(by_code))]
    if village:
        vclauses, vparams = ["code = ?"], [village]
    for code, name, town in db.execute(
            f"SELECT code, name, township FROM villages WHERE {' AND '.join(vclauses)} ORDER BY code", vparams):
        by_code[town]["villages"].append({"code": code, "name": name})
    return townships


def _per_village(db, period: Period, villages: list[dict], options: dict) -> list[dict]:
    """Each provider's per-village figures, ``[{village: {key: value}}]`` in provider order, computed once
    for every village of the report: a county report slices them per township instead of asking each
    provider again for each township (and once more for the county)."""
    codes = [v["code"] for v in villages]
    return [provider.compute(db, period, codes, options) for provider in load_providers()]


def _block(db, period: Period, villages: list[dict], options: dict, computed: list[dict]) -> dict:
    """Rows and totals of every provider for one set of villages (``computed``: :func:`_per_village`)."""
    codes = [v["code"] for v in villages]
    rows = {v["code"]: {"code": v["code"], "name": v["name"]} for v in villages}
    total: dict = {}
    extra: dict = {}
    for provider, per_village in zip(load_providers(), computed):
        for code in codes:
            values = per_village.get(code) or {}
            rows[code].update({k: values.get(k, 0) for k, _ in provider.fields})
        provider_rows = {c: {k: rows[c][k] for k, _ in provider.fields} for c in codes}
        if provider.total:
            total.update(provider.total(db, period, codes, provider_rows, options))
        else:
            total.update(sum_total(provider.fields, provider_rows))
        if provider.extra:
            extra.update(provider.extra(db, period, codes, options))
    return {"villages": [rows[c] for c in codes], "total": total, **extra}


def build_monthly(db, month: str, *, township: str | None = None, village: str | None = None,
                  options: MonthlyOptions | None = None) -> dict:
    """The monthly report for ``month`` (``YYYY-MM``) as plain data; see the module docstring."""
    period = parse_month(month)
    options = options or MonthlyOptions()
    provider_options = options.as_provider_options()
    townships = scope(db, township=township, village=village)
    everyone = [v for town in townships for v in town["villages"]]
    provider_options["all_villages"] = [v["code"] for v in everyone]
    computed = _per_village(db, period, everyone, provider_options)
    blocks = []
    for town in townships:
        block = _block(db, period, town["villages"], provider_options, computed)
        blocks.append({"township": {"code": town["code"], "name": town["name"]}, **block})
    status = period_status(period.start, period.end)
    if len(blocks) == 1:
        return {"month": period.label, **status, **blocks[0]}
    overall = _block(db, period, everyone, provider_options, computed)
    overall.pop("villages")
    return {"month": period.label, **status, "townships": blocks, **overall}
