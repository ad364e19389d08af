"""The ledgers, and the input sections of all of them in dependency order.

A section only points at sections before it: the roster first, then the procedures,
the consultations and the micros (this order is also the order of every output).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from village_gov.core.sections import Section

    SECTIONS: list[Section]


def __getattr__(name: str):
    # SECTIONS is built on first use: the sections import every ledger's models (pydantic), which
    # the commands that only read (lists, the tree, check, reports) never need.
    if name != "SECTIONS":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from village_gov.ledgers.consult.sections import SECTIONS as _CONSULT
    from village_gov.ledgers.micros.sections import SECTIONS as _MICROS
    from village_gov.ledgers.procedures.sections import SECTIONS as _PROCEDURES
    from village_gov.ledgers.roster.sections import SECTIONS as _ROSTER

    sections = [*_ROSTER, *_PROCEDURES, *_CONSULT, *_MICROS]
    globals()["SECTIONS"] = sections
    return sections


def by_name() -> dict[str, Section]:
    sections = globals().get("SECTIONS")
    return {s.name: s for s in (sections if sections is not None else __getattr__("SECTIONS"))}
