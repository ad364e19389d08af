"""The development ledger's check options."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class DevelopmentCheckOptions:
    """``future_dates``: whether ``development-order`` reports dates after the day judged (``check``: yes;
    the monthly report, judging a past month as it stood, leaves them out)."""

    future_dates: bool = True
