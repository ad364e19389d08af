"""Where the database lives and which language to speak, from options and the environment."""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV = "VILLAGE_GOV_DB"
LANG_ENV = "VILLAGE_GOV_LANG"
DEFAULT_DB = Path("data") / "village_gov.db"
BUSY_TIMEOUT_MS = int(os.environ.get("VILLAGE_GOV_BUSY_TIMEOUT_MS", "5000"))


def resolve_db_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database path: ``--db`` first, then ``$VILLAGE_GOV_DB``, then ``data/village_gov.db``."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env)
    return DEFAULT_DB
