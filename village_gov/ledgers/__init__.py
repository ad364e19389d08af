"""The ledgers, and the input sections of all of them in dependency order.

A section only points at sections before it: the roster first, then the procedures,
the consultations and the micros (this order is also the order of every output).
"""

from __future__ import annotations

from village_gov.core.sections import Section
from village_gov.ledgers.consult.sections import SECTIONS as _CONSULT
from village_gov.ledgers.micros.sections import SECTIONS as _MICROS
from village_gov.ledgers.procedures.sections import SECTIONS as _PROCEDURES
from village_gov.ledgers.roster.sections import SECTIONS as _ROSTER

SECTIONS: list[Section] = [*_ROSTER, *_PROCEDURES, *_CONSULT, *_MICROS]


def by_name() -> dict[str, Section]:
    return {s.name: s for s in SECTIONS}
