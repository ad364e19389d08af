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


# The date a request left the open set: the earlier of its resolution and its referral.
# Reports query this exact expression so SQLite can use the index built on it.
REQUEST_CLOSED_SQL = "min(coalesce(resolved, '9999-12-31'), coalesce(referred, '9999-12-31'))"


def m002_consultations(db) -> None:
    """Consultations (协商议事), villagers' requests (诉求) and the history of each request."""
    db["consultations"].create(
        _archived({
            "code": str, "village": str, "date": str, "format": str, "topics": str, "host": str,
            "attendees": int, "position": str, "summary": str,
        }),
        pk="code",
        # ``position`` will point at the micro-positions table once it exists.
        foreign_keys=[("village", "villages", "code"), ("host", "members", "code")],
        not_null={"village", "date", "format", "topics", "attendees"},
        defaults={"archived": 0, "topics": "[]", "attendees": 0},
    )
    db["requests"].create(
        _archived({
            "code": str, "consultation": str, "village": str, "household": str, "raised": str,
            "content": str, "category": str, "answered_on_spot": int, "response": str, "status": str,
            "resolved": str, "referred": str, "referred_to": str, "public": int, "imported": str,
        }),
        pk="code",
        foreign_keys=[("consultation", "consultations", "code"), ("village", "villages", "code"),
                      ("household", "households", "code")],
        not_null={"village", "raised", "content", "category", "answered_on_spot", "status", "public"},
        defaults={"archived": 0, "answered_on_spot": 0, "public": 0, "status": "待办", "category": "其他"},
    )
    db["request_events"].create(
        {"id": int, "request": str, "date": str, "status": str, "response": str, "note": str, "source": str},
        pk="id",
        foreign_keys=[("request", "requests", "code")],
        not_null={"request", "date", "status", "source"},
    )
    # The village columns are indexed by the covering indexes below (village first), so they get
    # no plain index of their own: the planner would pick it and then look up every row.
    db["consultations"].create_index(["host"])
    db["requests"].create_index(["consultation"])
    db["requests"].create_index(["household"])
    db["request_events"].create_index(["request", "date"])
    # Covering indexes for the monthly report: each per-month GROUP BY reads one index range.
    db.execute("CREATE INDEX consultations_month ON consultations (village, date, archived, format, attendees)")
    db.execute("CREATE INDEX requests_raised_month ON requests "
               "(village, raised, archived, answered_on_spot, resolved, category)")
    db.execute("CREATE INDEX requests_resolved_month ON requests (village, resolved, archived, raised)")
    db.execute("CREATE INDEX requests_referred_month ON requests (village, referred, archived)")
    db.execute(f"CREATE INDEX requests_open ON requests (village, {REQUEST_CLOSED_SQL}, raised, archived)")


MIGRATIONS: list[Callable] = [
    m001_roster,
    m002_consultations,
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
