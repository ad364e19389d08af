"""The ledgers' own migrations: the tables of a ledger added after the four first, tracked per ledger.

A :class:`~village_gov.core.ledger.Ledger` may name ``migrations``, a list of ``(version, function)``.
They run after the global migrations (:mod:`village_gov.store.migrations`), each in its own
transaction with its audit entry, and the version each ledger has reached is kept in the
``ledger_versions`` table (created with the first of them: a database of the four first ledgers
has none).
"""

from __future__ import annotations

LEDGER_VERSIONS = "ledger_versions"
"""The table recording, per ledger, the last of its own migrations applied (created with the first)."""


def ledger_versions(conn) -> dict[str, int]:
    """``{ledger: version}`` of the ledgers' own migrations applied to the database (``{}``: none)."""
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [LEDGER_VERSIONS])
    if found.fetchone() is None:
        return {}
    return dict(conn.execute(f"SELECT ledger, version FROM {LEDGER_VERSIONS}").fetchall())


def ledger_migrations_pending(conn, ledgers) -> bool:
    """Whether a ledger has a migration the database has not had yet (no query without any)."""
    with_migrations = [ledger for ledger in ledgers if ledger.migrations]
    if not with_migrations:
        return False
    done = ledger_versions(conn)
    return any(version > done.get(ledger.name, 0)
               for ledger in with_migrations for version, _ in ledger.load_migrations())


def apply_ledger_migrations(db, ledgers, command: str | None = None,
                            targets: dict[str, int] | None = None) -> list[str]:
    """Apply the ledgers' own migrations not applied yet (up to ``targets[ledger]`` when given).

    ``ledgers``: the :class:`~village_gov.core.ledger.Ledger` objects, in dependency order.  Each
    migration runs in its own transaction with its ``ledger_versions`` row and, once the database
    has an audit trail, its audit entry.  A ledger without migrations costs nothing.
    """
    from village_gov.trail import audit, chain
    from village_gov.trail.audit import write_transaction

    applied: list[str] = []
    pending = [ledger for ledger in ledgers if ledger.migrations]
    if not pending:
        return applied
    for ledger in pending:
        top = None if targets is None else targets.get(ledger.name, 0)
        for version, migration in ledger.load_migrations():
            if top is not None and version > top:
                break
            with write_transaction(db):
                # Another process may have migrated while this one waited for the lock.
                if ledger_versions(db.conn).get(ledger.name, 0) >= version:
                    continue
                db.conn.execute("PRAGMA defer_foreign_keys = ON")
                db.conn.execute(f"CREATE TABLE IF NOT EXISTS {LEDGER_VERSIONS} "
                                "(ledger TEXT PRIMARY KEY, version INTEGER NOT NULL)")
                migration(db)
                db.conn.execute(f"INSERT INTO {LEDGER_VERSIONS} (ledger, version) VALUES (?, ?) "
                                "ON CONFLICT (ledger) DO UPDATE SET version = excluded.version",
                                [ledger.name, version])
                name = f"{ledger.name}:{migration.__name__}"
                if chain.has_audit(db):
                    audit.append(db, command, counts={"migration": name, "ledger_version": version})
            applied.append(name)
    return applied
