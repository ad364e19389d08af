"""Dump hooks: a section whose import format is more than its table's columns is dumped by a hook.

A hook lives in its ledger's package (``village_gov/ledgers/<ledger>/dump.py``), marked with
:func:`dump_hook`, and the ledger names that module in its ``dump_hooks``
(see :mod:`village_gov.core.ledger`):

* consult: ``consultations`` with their ``requests`` nested, and ``requests`` raised outside a meeting;
* micros: ``organizations`` with their listed members;
* procedures: ``decisions`` with their steps;
* roster: ``reform`` as one mapping holding its ``townships_before`` and ``villages_before``.

What does not round-trip: a request's history (``request_events``) and the
``requests.imported`` baseline.  A request's current state is dumped; importing
the dump starts its history again from that state (raised → open, then its status
on its closing date), and the dump becomes the import baseline.  The full history
stays in the old database and its audit trail (keep a ``backup`` of it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from village_gov.core.sections import Section

DumpHook = Callable[[Any, Section], list[dict]]


def dump_hook(section_name: str) -> Callable[[DumpHook], DumpHook]:
    """Mark ``function(db, section) -> records`` as the dump of ``section_name`` instead of the generic query."""

    def mark(function: DumpHook) -> DumpHook:
        function.dump_section = section_name  # type: ignore[attr-defined]
        return function

    return mark


def dump_hooks() -> dict[str, DumpHook]:
    """``{section name: hook}`` of every ledger of :data:`village_gov.ledgers.LEDGERS`."""
    from village_gov import ledgers

    return {name: hook for ledger in ledgers.LEDGERS for name, hook in ledger.load_dump_hooks().items()}
