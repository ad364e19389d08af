"""The ledgers: :data:`LEDGERS`, the one list of them, in dependency order.

A ledger is a package of its own exposing ``LEDGER`` (a :class:`village_gov.core.ledger.Ledger`
naming its sections, rules, checks, monthly figures, reports, dump hooks, messages and
migrations); adding a ledger is its package plus one entry here.  A section only points at
sections before it: the roster first, then the procedures, the consultations, the micros,
then the cadre ledger (which refers to the roster and the micros)
(this order is also the order of the sections, of the dump files and of every output built
from the sections).  Importing this module imports the ledger objects only, never their
models (no pydantic, no yaml): each part is loaded on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from village_gov.core.ledger import Ledger, Report, ordered
from village_gov.ledgers.cadres import LEDGER as CADRE
from village_gov.ledgers.consult import LEDGER as CONSULT
from village_gov.ledgers.development import LEDGER as DEVELOPMENT
from village_gov.ledgers.micros import LEDGER as MICROS
from village_gov.ledgers.procedures import LEDGER as PROCEDURES
from village_gov.ledgers.roster import LEDGER as ROSTER

LEDGERS: tuple[Ledger, ...] = (ROSTER, PROCEDURES, CONSULT, MICROS, DEVELOPMENT, CADRE)

_cache: dict[str, tuple[tuple[Ledger, ...], list[Any]]] = {}


def _per_list(part: str, build: Callable[[tuple[Ledger, ...]], list[Any]]) -> list[Any]:
    """``build(LEDGERS)``, computed again only when LEDGERS is another tuple."""
    current = LEDGERS
    cached = _cache.get(part)
    if cached is None or cached[0] is not current:
        cached = _cache[part] = (current, build(current))
    return cached[1]


def sections() -> list[Any]:
    """The input sections of every ledger of :data:`LEDGERS`, in its order."""
    return _per_list("sections", lambda ledgers: [s for ledger in ledgers for s in ledger.load_sections()])


def import_rules() -> list[Any]:
    """The cross-record rules of every ledger, ``(batch, lookup) -> problems``, in their ``import_rules_order``."""
    return _per_list("import_rules", lambda ledgers: [f for ledger in ordered(ledgers, "import_rules_order")
                                                      for f in ledger.load_import_rules()])


def sheet_reports() -> list[Report]:
    """The reports every ledger puts in the month's ``export``, in their ``sheet_order`` (ties: LEDGERS order)."""
    return sorted((report for ledger in LEDGERS for report in ledger.reports if report.export),
                  key=lambda report: report.sheet_order)


def by_name() -> dict[str, Any]:
    return {s.name: s for s in sections()}


def __getattr__(name: str) -> Any:
    # ``SECTIONS`` is computed from LEDGERS on first use, not at import (it imports the models).
    if name == "SECTIONS":
        return sections()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
