"""The development ledger's check options."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class DevelopmentCheckOptions:
    """``future_dates``: whether ``development-order`` reports dates after today (``check``: yes, whatever
    ``--as-of``; the monthly report, judging a month as it stood at its end, leaves them out)."""

    future_dates: bool = True
