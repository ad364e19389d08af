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


def m005_reform(db) -> None:
    """The two reforms (两项改革): the units before the restructuring, and the county merge log.

    ``reform`` holds one row per recorded restructuring; ``townships_before`` and
    ``villages_before`` the townships and villages as they were, each village
    pointing at the current village it was merged into (NULL: it became urban).
    ``merge_log`` records which township file was merged into a county database when.
    """
    db["reform"].create(_archived({"code": str, "name": str, "effective": str}), pk="code",
                        not_null={"name"}, defaults={"archived": 0})
    db["townships_before"].create(
        _archived({"code": str, "reform": str, "name": str, "kind": str}),
        pk="code",
        foreign_keys=[("reform", "reform", "code")],
        not_null={"reform", "name"},
        defaults={"archived": 0},
    )
    db["villages_before"].create(
        _archived({"code": str, "reform": str, "name": str, "township_before": str, "population": int,
                   "area_km2": float, "party_orgs": int, "merged_into": str}),
        pk="code",
        foreign_keys=[("reform", "reform", "code"), ("township_before", "townships_before", "code"),
                      ("merged_into", "villages", "code")],
        not_null={"reform", "name", "township_before", "party_orgs"},
        defaults={"archived": 0, "party_orgs": 1},
    )
    db["merge_log"].create(
        {"id": int, "township": str, "file": str, "file_sha256": str, "schema_version": int,
         "merged_at": str, "rows": int},
        pk="id",
        not_null={"township", "file", "merged_at"},
    )
    db["merge_log"].create_index(["township"])
    db.index_foreign_keys()


MIGRATIONS: list[Callable] = [
    m001_roster,
    m005_reform,
]


def apply_migrations(db, current: int, target: int | None = None) -> list[str]:
    """Apply the migrations after version ``current`` (up to ``target``); return their names."""
    target = len(MIGRATIONS) if target is None else target
    applied = []
    for number in range(current + 1, target + 1):
        migration = MIGRATIONS[number - 1]
        with db.atomic():
            db.conn.execute("PRAGMA defer_foreign_keys = ON")
            migration(db)
            db.conn.execute(f"PRAGMA user_version = {number}")
        applied.append(migration.__name__)
    return applied
