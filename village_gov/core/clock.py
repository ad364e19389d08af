"""Today's date and the local time zone, in one place.

Every "not in the future" rule and every default ``--as-of`` asks :func:`today`; every time shown
to people goes through :func:`shown` (local zone, to the minute).

``$VILLAGE_GOV_TODAY`` (an ISO date) sets today, so a month can be re-run exactly as it was and tests
do not depend on the day they run.  A malformed value is an input error (exit 2), never ignored:
a report run "as of" a date that was silently dropped would be judged on the wrong day.
"""

from __future__ import annotations

import datetime as dt
import os
import time

from village_gov.core.env import invalid_env as _invalid
from village_gov.core.env import read_env as _env

TODAY_ENV = "VILLAGE_GOV_TODAY"


def today() -> dt.date:
    """Today's date, or ``$VILLAGE_GOV_TODAY``."""
    text = _env(TODAY_ENV)
    if text is None:
        return dt.date.today()
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _invalid(TODAY_ENV, text, "env.expect_today") from None


# --- times shown to people ------------------------------------------------------------------------
#
# Stored times stay UTC ISO-8601 (the audit trail, the data's last change).  Everything a person
# reads is shown in the local time zone, to the minute: ``$VILLAGE_GOV_TZ`` (an IANA name such as
# ``Asia/Shanghai``, for a server kept in UTC), else the machine's zone (``TZ``, else the system's).

TZ_ENV = "VILLAGE_GOV_TZ"
SHOWN = "%Y-%m-%d %H:%M"


def local_zone() -> dt.tzinfo | None:
    """The zone times are shown in; None means the system's own rules (``datetime.astimezone()``).

    An unknown ``$VILLAGE_GOV_TZ`` is an input error (exit 2).
    """
    name = (os.environ.get(TZ_ENV) or "").strip()
    if name:
        zone = _zone(name)
        if zone is None:
            from village_gov.core.errors import InputError

            raise InputError("env.tz_unknown", name=name, env=TZ_ENV)
        return zone
    system = (os.environ.get("TZ") or "").strip().lstrip(":")
    if system:
        # TZ is read again here (not only at start-up) so a zone set for one call is honoured;
        # a POSIX rule such as "CST-8" is not a zone name and is left to the C library.
        zone = _zone(system)
        if zone is not None:
            return zone
    if hasattr(time, "tzset"):
        time.tzset()
    return None


def _zone(name: str) -> dt.tzinfo | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if name.upper() in ("UTC", "Z"):
        return dt.timezone.utc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def parse_stored(text: str) -> dt.datetime | None:
    """A stored ISO time as an aware datetime (a time without offset is taken as UTC); None if not a time."""
    try:
        stamp = dt.datetime.fromisoformat(str(text).strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=dt.timezone.utc)


def shown(text: str | None) -> str:
    """A stored time as people read it: local, to the minute ("2026-11-30 22:56"); other text as is."""
    if not text:
        return ""
    stamp = parse_stored(text)
    if stamp is None:
        return str(text)
    return stamp.astimezone(local_zone()).strftime(SHOWN)


def now_stored() -> str:
    """The current time as stored: UTC ISO-8601 with microseconds."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def day_bounds_utc(day: dt.date) -> tuple[str, str]:
    """The local calendar ``day`` as UTC bounds ``[start, end)`` in the stored format (so text compares)."""
    return local_to_stored(dt.datetime.combine(day, dt.time())), \
        local_to_stored(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))


def local_to_stored(stamp: dt.datetime) -> str:
    """A time typed by a person (local unless it names its offset) in the stored format."""
    if stamp.tzinfo is None:
        zone = local_zone()
        stamp = stamp.replace(tzinfo=zone) if zone is not None else stamp.astimezone()
    return _stored(stamp)


def _stored(stamp: dt.datetime) -> str:
    return stamp.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")
