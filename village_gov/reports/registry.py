"""Figures the monthly report is made of, contributed by each ledger.

Every ledger (consultations, the four micros, procedures…) names its
:class:`MonthlyFigures` providers in its ``monthly`` (see :mod:`village_gov.core.ledger`); they
are shown in their ``order``, then in the order of the ledgers.  The monthly report asks each provider for its
figures per village for a period and puts them side by side, one row per
village plus a township total.  A provider works with a handful of GROUP BY
queries over the period, never a Python loop over the history.

A ledger's report with a sheet in the month's ``export`` is gathered the same way: its
``Report.export`` gets the :class:`ExportMonth` and gives an :class:`ExportPart`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Period:
    """A closed date range, usually one calendar month (``2026-10`` → 10-01 … 10-31)."""

    start: dt.date
    end: dt.date
    label: str

    @classmethod
    def month(cls, text: str) -> Period:
        year, month = (int(p) for p in text.split("-"))
        start = dt.date(year, month, 1)
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return cls(start, nxt - dt.timedelta(days=1), f"{year:04d}-{month:02d}")


@dataclass
class MonthlyFigures:
    """One ledger's contribution to the monthly report.

    ``fields``: ``(json key, label key)`` of the per-village figures, in column order.
    ``compute(db, period, villages, options)``: ``{village code: {key: value}}`` for the
    given villages (missing villages count as zeros/None).
    ``total(db, period, villages, per_village, options)``: the township-level figures
    (default: the sum of each field over the villages; rates must be recomputed from
    summed counts, never averaged).
    ``extra(db, period, villages, options)``: optional township-level figures that are
    not per village (e.g. ``by_category``), merged into the report's top level.
    """

    name: str
    fields: list[tuple[str, str]]
    compute: Callable[..., dict[str, dict[str, Any]]]
    total: Callable[..., dict[str, Any]] | None = None
    extra: Callable[..., dict[str, Any]] | None = None
    order: int = 100
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ExportMonth:
    """The month ``export`` writes, as a ledger's ``Report.export`` receives it.

    ``day``: the day the month is judged at, its last day, or today while the month is not over
    (``running``); ``township``: ``--township`` (None: every township in the database).
    """

    period: Period
    day: dt.date
    running: bool
    township: str | None


@dataclass
class ExportPart:
    """A ledger's report for the month's export: the dict its own command prints as JSON, and any
    further arguments its sheet builder takes after it (``sheet(report, *sheet_args)``)."""

    report: dict[str, Any]
    sheet_args: tuple[Any, ...] = ()


def sum_total(fields: list[tuple[str, str]], per_village: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Township totals as plain sums of each numeric field."""
    total: dict[str, Any] = {}
    for key, _ in fields:
        values = [row.get(key) for row in per_village.values() if isinstance(row.get(key), (int, float))]
        total[key] = sum(values) if values else 0
    return total
