"""The cadre ledger's check options: ``check --visit-months``, ``--meeting-months``,
``--new-secretary-months``, ``--min-reserves``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class CadreCheckOptions:
    """Thresholds of the cadre ledger's rules (the fixed ones: reviews judged after March 31,
    checkups after June 30, work reports over 12 months, reserves "under 35" by age at --as-of)."""

    visit_months: int = 3
    meeting_months: int = 3
    new_secretary_months: int = 24
    min_reserves: int = 2
    kept: Any = field(default=None, init=False, repr=False, compare=False)
    """Not an option: which townships keep which part of the ledger, found once per check run (with the
    database it was found in and the number of changes made through its connection then)."""


WORK_REPORT_MONTHS = 12
YOUNG_AGE = 35
