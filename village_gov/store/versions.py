"""The schema this release writes, as two constants a process can read without loading the migrations.

``SCHEMA_VERSION`` is the number of global migrations (:data:`village_gov.store.migrations.MIGRATIONS`)
and ``LEDGER_VERSIONS`` the last version of each ledger's own migrations (the ledgers' ``migrations``);
``tests/test_store_versions.py`` keeps both equal to the migrations themselves, so a new migration
fails that test until it is counted here.  :func:`at_release` lets the quick answer to an unchanged
import (:mod:`village_gov.core.quick_import`) know that opening the file would migrate nothing.
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 11
LEDGER_VERSIONS = {"roster": 1, "development": 1, "cadre": 2}


def at_release(conn: sqlite3.Connection) -> bool:
    """True when the database on ``conn`` is at this release's schema, its ledgers' tables included
    (opening it would migrate nothing)."""
    if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        return False
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ledger_versions'")
    done = dict(conn.execute("SELECT ledger, version FROM ledger_versions").fetchall()) if found.fetchone() else {}
    return all(done.get(name, 0) >= version for name, version in LEDGER_VERSIONS.items())
