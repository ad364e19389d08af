"""The schema, as an ordered list of migrations.

Each migration is a function of a ``sqlite_utils.Database``.  Migration *n*
(1-based position in :data:`MIGRATIONS`) moves the schema from version n-1 to
n; it runs inside one transaction together with the ``PRAGMA user_version``
update, so a database is always at exactly one version.  Never edit a migration
that has shipped: add a new one.
"""

from __future__ import annotations

from typing import Callable


def _archived(columns: dict) -> dict:
    columns["archived"] = int
    return columns


def m001_roster(db) -> None:
    """The roster foundation: townships, villages, groups, party organizations, members, households, cadres."""
    db["townships"].create(_archived({"code": str, "name": str, "kind": str}), pk="code", not_null={"name", "kind"}, defaults={"archived": 0})
    db["villages"].create(
        _archived({"code": str, "name": str, "township": str, "kind": str, "population": int, "area_km2": float}),
        pk="code",
        foreign_keys=[("township", "townships", "code")],
        not_null={"name", "township", "kind"},
        defaults={"archived": 0},
    )
    db["groups"].create(
        _archived({"code": str, "name": str, "village": str}),
        pk="code",
        foreign_keys=[("village", "villages", "code")],
        not_null={"name", "village"},
        defaults={"archived": 0},
    )
    db["members"].create(
        _archived({
            "code": str, "name": str, "gender": str, "born": str, "joined": str, "status": str,
            "org": str, "phone": str, "id_number": str,
        }),
        pk="code",
        not_null={"name", "org", "status"},
        defaults={"archived": 0},
    )
    db["party_orgs"].create(
        _archived({
            "code": str, "name": str, "level": str, "village": str, "group": str, "parent": str,
            "setup": str, "secretary": str,
        }),
        pk="code",
        foreign_keys=[
            ("village", "villages", "code"),
            ("group", "groups", "code"),
            ("parent", "party_orgs", "code"),
            ("secretary", "members", "code"),
        ],
        not_null={"name", "level", "setup"},
        defaults={"archived": 0},
    )
    db["members"].add_foreign_key("org", "party_orgs", "code")
    db["households"].create(
        _archived({"code": str, "head": str, "group": str, "size": int, "phone": str}),
        pk="code",
        foreign_keys=[("group", "groups", "code")],
        not_null={"head", "group", "size"},
        defaults={"archived": 0},
    )
    db["liaisons"].create(
        {"member": str, "household": str},
        pk=("member", "household"),
        foreign_keys=[("member", "members", "code"), ("household", "households", "code")],
    )
    db["cadres"].create(
        _archived({"code": str, "village": str, "member": str, "name": str, "posts": str}),
        pk="code",
        foreign_keys=[("village", "villages", "code"), ("member", "members", "code")],
        not_null={"village", "posts"},
        defaults={"archived": 0},
    )
    db.index_foreign_keys()


def m006_audit(db) -> None:
    """The audit trail: one hash-chained entry per change (see :mod:`village_gov.audit`)."""
    db["audit"].create(
        {"id": int, "time": str, "command": str, "sources": str, "counts": str, "changes": str,
         "prev_hash": str, "hash": str},
        pk="id", not_null={"time", "command", "prev_hash", "hash"},
    )
    db["audit"].create_index(["time"])


MIGRATIONS: list[Callable] = [
    m001_roster,
    m006_audit,
]


def apply_migrations(db, current: int, target: int | None = None, command: str | None = None) -> list[str]:
    """Apply the migrations after version ``current`` (up to ``target``); return their names.

    Each applied migration gets an audit entry in its own transaction; those
    applied before the audit table exists are recorded by the migration that
    creates it.
    """
    from village_gov import audit
    from village_gov.db import write_transaction

    target = len(MIGRATIONS) if target is None else target
    applied = []
    unrecorded: list[tuple[int, str]] = []
    for number in range(current + 1, target + 1):
        migration = MIGRATIONS[number - 1]
        with write_transaction(db):
            # Another process may have migrated while this one waited for the lock.
            if db.conn.execute("PRAGMA user_version").fetchone()[0] >= number:
                continue
            db.conn.execute("PRAGMA defer_foreign_keys = ON")
            migration(db)
            db.conn.execute(f"PRAGMA user_version = {number}")
            unrecorded.append((number, migration.__name__))
            if audit.has_audit(db):
                for version, name in unrecorded:
                    audit.append(db, command, counts={"migration": name, "schema_version": version})
                unrecorded.clear()
        applied.append(migration.__name__)
    return applied
