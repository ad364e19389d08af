"""Today's date, in one place: every "not in the future" rule and every default ``--as-of`` asks here.

``$VILLAGE_GOV_TODAY`` (an ISO date) sets it, so a month can be re-run exactly as it was and tests
do not depend on the day they run.  A malformed value is ignored rather than guessed at.
"""

from __future__ import annotations

import datetime as dt
import os

TODAY_ENV = "VILLAGE_GOV_TODAY"


def today() -> dt.date:
    """Today's date, or ``$VILLAGE_GOV_TODAY``."""
    text = os.environ.get(TODAY_ENV)
    if text:
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            pass
    return dt.date.today()
