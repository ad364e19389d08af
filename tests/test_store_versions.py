"""The schema version constants (``store/versions.py``) match the migrations they count.

The quick answer to an unchanged import reads them instead of loading the migrations; a migration
added without counting it there would let that answer skip a migration the normal path applies.
"""

from __future__ import annotations

import sqlite3

from village_gov.ledgers import LEDGERS
from village_gov.store import versions
from village_gov.store.migrations import MIGRATIONS


def test_schema_version_counts_the_global_migrations():
    assert len(MIGRATIONS) == versions.SCHEMA_VERSION, "count the new migration in store/versions.py"


def test_ledger_versions_are_each_ledgers_last_migration():
    expected = {ledger.name: max(version for version, _ in ledger.load_migrations())
                for ledger in LEDGERS if ledger.migrations}
    assert expected == versions.LEDGER_VERSIONS, "count the ledger's new migration in store/versions.py"


def test_at_release(cli, small_roster, db_path):
    assert cli("import", small_roster).exit_code == 0
    conn = sqlite3.connect(db_path)
    try:
        assert versions.at_release(conn)
        conn.execute("UPDATE ledger_versions SET version = 0 WHERE ledger = 'roster'")
        assert not versions.at_release(conn)  # the roster's migration would run
        conn.execute("DELETE FROM ledger_versions")
        assert not versions.at_release(conn)
        conn.rollback()
        conn.execute(f"PRAGMA user_version = {versions.SCHEMA_VERSION - 1}")
        assert not versions.at_release(conn)  # an older file: migrated on opening
    finally:
        conn.close()
