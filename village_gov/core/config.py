"""Where the database lives and which language to speak, from options and the environment.

Every ``VILLAGE_GOV_*`` variable is read when it is needed, never when a module is imported (so
``--help`` works whatever they hold), and a malformed value is an input error naming the variable
(exit 2) rather than a traceback or a silent default.  :func:`check_environment` checks them all;
every command calls it before it reads or writes anything.
"""

from __future__ import annotations

import os
from pathlib import Path

from village_gov.core.env import invalid_env as _invalid
from village_gov.core.env import read_env as _env

DB_ENV = "VILLAGE_GOV_DB"
LANG_ENV = "VILLAGE_GOV_LANG"
DEFAULT_DB = Path("data") / "village_gov.db"
BUSY_TIMEOUT_ENV = "VILLAGE_GOV_BUSY_TIMEOUT_MS"
MAX_FILE_ENV = "VILLAGE_GOV_MAX_FILE_MB"
KEEP_ENV = "VILLAGE_GOV_BACKUPS_KEEP"
MAX_EVENTS_ENV = "VILLAGE_GOV_MAX_YAML_EVENTS"
MAX_KEYS_ENV = "VILLAGE_GOV_MAX_KEYS"
MAX_RECORDS_ENV = "VILLAGE_GOV_MAX_RECORDS"
# Input limits (docs/roster-format.md): a county of 300,000 households is ~4 million events and
# 300,000 records in one file; a record has a few dozen keys.
DEFAULT_MAX_EVENTS = 1_000_000
DEFAULT_MAX_KEYS = 1_000
DEFAULT_MAX_RECORDS = 1_000_000
DEFAULT_BUSY_TIMEOUT_MS = 5000
DEFAULT_MAX_FILE_MB = 64
DEFAULT_KEEP = 10
_MAX_TIMEOUT_MS = 2**31 - 1


def resolve_db_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database path: ``--db`` first, then ``$VILLAGE_GOV_DB``, then ``data/village_gov.db``."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env)
    return DEFAULT_DB


def busy_timeout_ms() -> int:
    """How long to wait for another program's write lock: ``$VILLAGE_GOV_BUSY_TIMEOUT_MS`` (default 5000)."""
    text = _env(BUSY_TIMEOUT_ENV)
    if text is None:
        return DEFAULT_BUSY_TIMEOUT_MS
    if not text.isascii() or not text.isdigit() or int(text) > _MAX_TIMEOUT_MS:
        raise _invalid(BUSY_TIMEOUT_ENV, text, "env.expect_busy_timeout_ms")
    return int(text)


def max_file_bytes() -> int:
    """The largest input file read: ``$VILLAGE_GOV_MAX_FILE_MB`` megabytes (default 64)."""
    import math

    text = _env(MAX_FILE_ENV)
    if text is None:
        return DEFAULT_MAX_FILE_MB * 1024 * 1024
    try:
        megabytes = float(text) if text.isascii() else math.nan
    except ValueError:
        megabytes = math.nan
    if not math.isfinite(megabytes) or megabytes <= 0 or megabytes > 1024 * 1024:
        raise _invalid(MAX_FILE_ENV, text, "env.expect_max_file_mb")
    return max(1, int(megabytes * 1024 * 1024))


def backups_keep() -> int:
    """How many safety copies to keep: ``$VILLAGE_GOV_BACKUPS_KEEP`` (default 10)."""
    text = _env(KEEP_ENV)
    if text is None:
        return DEFAULT_KEEP
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 1_000_000:
        raise _invalid(KEEP_ENV, text, "env.expect_backups_keep")
    return int(text)


def _count(name: str, default: int) -> int:
    text = _env(name)
    if text is None:
        return default
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 10**12:
        raise _invalid(name, text, "env.expect_count")
    return int(text)


def max_yaml_events() -> int:
    """YAML events any input file may hold, at least: ``$VILLAGE_GOV_MAX_YAML_EVENTS`` (default 1,000,000)."""
    return _count(MAX_EVENTS_ENV, DEFAULT_MAX_EVENTS)


def max_keys() -> int:
    """Keys one YAML mapping may hold: ``$VILLAGE_GOV_MAX_KEYS`` (default 1,000)."""
    return _count(MAX_KEYS_ENV, DEFAULT_MAX_KEYS)


def max_records() -> int:
    """Records one input file may hold, all sections together: ``$VILLAGE_GOV_MAX_RECORDS`` (default 1,000,000)."""
    return _count(MAX_RECORDS_ENV, DEFAULT_MAX_RECORDS)


def check_environment() -> None:
    """Check every ``VILLAGE_GOV_*`` variable (exit 2 naming the first bad one).

    ``VILLAGE_GOV_LANG`` is checked by the ``--lang`` option it feeds; ``VILLAGE_GOV_DB`` here only
    for its bytes (any path is a path).
    """
    from village_gov.core import clock

    _env(DB_ENV)
    _env(LANG_ENV)
    busy_timeout_ms()
    max_file_bytes()
    backups_keep()
    max_yaml_events()
    max_keys()
    max_records()
    _env(clock.TZ_ENV)
    clock.today()
    clock.local_zone()
