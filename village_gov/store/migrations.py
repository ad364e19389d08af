"""The schema, as an ordered list of migrations.

Each migration is a function of a ``sqlite_utils.Database``.  Migration *n*
(1-based position in :data:`MIGRATIONS`) moves the schema from version n-1 to
n; it runs inside one transaction together with the ``PRAGMA user_version``
update, so a database is always at exactly one version.  Never edit a migration
that has shipped: add a new one.
"""

from __future__ import annotations

from collections.abc import Callable

from village_gov.store.list_indexes import m010_list_order, m011_village_lists


def _archived(columns: dict) -> dict:
    columns["archived"] = int
    return columns


def m001_roster(db) -> None:
    """The roster foundation: townships, villages, groups, party organizations, members, households, cadres."""
    _m001_places(db)
    _m001_party(db)
    _m001_households_and_cadres(db)
    db.index_foreign_keys()


def _m001_places(db) -> None:
    db["townships"].create(
        _archived({"code": str, "name": str, "kind": str}),
        pk="code",
        not_null={"name", "kind"},
        defaults={"archived": 0},
    )
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


def _m001_party(db) -> None:
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


def _m001_households_and_cadres(db) -> None:
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


def m002_micros(db) -> None:
    """The four micros: positions (微阵地), organizations (微组织) and their listed members,
    services (微服务) and activities (微活动).

    "Member code or organization code" and "member code or name" fields are kept
    as pairs of nullable columns (``provider_member``/``provider_org`` …) so every
    code stays a real foreign key.
    """
    db["positions"].create(
        _archived({"code": str, "name": str, "village": str, "group": str, "kind": str, "source": str,
                   "functions": str, "opened": str}),
        pk="code",
        foreign_keys=[("village", "villages", "code"), ("group", "groups", "code")],
        not_null={"name", "village", "kind"},
        defaults={"archived": 0},
    )
    db["organizations"].create(
        _archived({"code": str, "name": str, "village": str, "type": str, "category": str,
                   "leader_member": str, "leader_name": str, "head_count": int, "founded": str, "charter": int}),
        pk="code",
        foreign_keys=[("village", "villages", "code"), ("leader_member", "members", "code")],
        not_null={"name", "village", "type", "category"},
        defaults={"archived": 0, "charter": 0},
    )
    db["organization_members"].create(
        {"organization": str, "member": str},
        pk=("organization", "member"),
        foreign_keys=[("organization", "organizations", "code"), ("member", "members", "code")],
    )
    db["organization_households"].create(
        {"organization": str, "household": str},
        pk=("organization", "household"),
        foreign_keys=[("organization", "organizations", "code"), ("household", "households", "code")],
    )
    db["services"].create(
        _archived({"code": str, "date": str, "village": str, "kind": str, "provider_member": str,
                   "provider_org": str, "household": str, "hours": float, "content": str, "position": str}),
        pk="code",
        foreign_keys=[("village", "villages", "code"), ("provider_member", "members", "code"),
                      ("provider_org", "organizations", "code"), ("household", "households", "code"),
                      ("position", "positions", "code")],
        not_null={"date", "village", "kind"},
        defaults={"archived": 0},
    )
    db["activities"].create(
        _archived({"code": str, "date": str, "village": str, "kind": str, "title": str,
                   "organizer_member": str, "organizer_org": str, "position": str, "participants": int}),
        pk="code",
        foreign_keys=[("village", "villages", "code"), ("organizer_member", "members", "code"),
                      ("organizer_org", "organizations", "code"), ("position", "positions", "code")],
        not_null={"date", "village", "kind", "title", "participants"},
        defaults={"archived": 0},
    )
    # Covering indexes for the period reports (monthly, last 12 months) and for position-unused.
    db["services"].create_index(["date", "village", "household", "hours", "archived"], index_name="idx_services_period")
    db["activities"].create_index(["date", "village", "participants", "archived"], index_name="idx_activities_period")
    db["services"].create_index(["position", "date"], index_name="idx_services_position_date")
    db["activities"].create_index(["position", "date"], index_name="idx_activities_position_date")
    db["organizations"].create_index(["village", "category"], index_name="idx_organizations_village_category")
    db.index_foreign_keys()


def m004_procedures(db) -> None:
    """Procedures: 四议两公开一监督 decisions and their steps, 三公开 disclosures, 三会一课, red/black list, points."""
    db["decisions"].create(
        _archived({"code": str, "village": str, "title": str, "category": str, "supervisor": str}),
        pk="code", foreign_keys=[("village", "villages", "code")],
        not_null={"village", "title"}, defaults={"archived": 0},
    )
    db["decision_steps"].create(
        {"decision": str, "step": str, "date": str, "due": int, "present": int, "approve": int,
         "oppose": int, "abstain": int, "body": str},
        pk=("decision", "step"), foreign_keys=[("decision", "decisions", "code")],
        not_null={"date"},
    )
    db["disclosures"].create(
        _archived({"code": str, "village": str, "date": str, "kind": str, "items": str, "channel": str}),
        pk="code", foreign_keys=[("village", "villages", "code")],
        not_null={"village", "date", "kind"}, defaults={"archived": 0},
    )
    db["party_meetings"].create(
        _archived({"code": str, "org": str, "date": str, "kind": str, "due": int, "present": int, "topic": str}),
        pk="code", foreign_keys=[("org", "party_orgs", "code")],
        not_null={"org", "date", "kind"}, defaults={"archived": 0},
    )
    db["moral_list"].create(
        _archived({"code": str, "date": str, "village": str, "household": str, "list": str, "reason": str,
                   "published": int}),
        pk="code", foreign_keys=[("village", "villages", "code"), ("household", "households", "code")],
        not_null={"date", "village", "household", "list"}, defaults={"archived": 0, "published": 0},
    )
    db["points"].create(
        _archived({"code": str, "date": str, "household": str, "points": int, "reason": str, "rule": str}),
        pk="code", foreign_keys=[("household", "households", "code")],
        not_null={"date", "household", "points"}, defaults={"archived": 0},
    )
    db.index_foreign_keys()
    # Covering indexes for the monthly figures and the period rules (date ranges per village/org).
    db["decision_steps"].create_index(["step", "date", "decision"], index_name="idx_decision_steps_step_date")
    db["disclosures"].create_index(["date", "village", "kind"], index_name="idx_disclosures_date_village_kind")
    db["party_meetings"].create_index(["date", "org", "kind", "due", "present"],
                                      index_name="idx_party_meetings_date_org_kind")
    db["moral_list"].create_index(["date", "village", "list"], index_name="idx_moral_list_date_village_list")
    db["points"].create_index(["household", "date", "points"], index_name="idx_points_household_date")


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


def m006_audit(db) -> None:
    """The audit trail: one hash-chained entry per change (see :mod:`village_gov.trail.audit`)."""
    db["audit"].create(
        {"id": int, "time": str, "command": str, "sources": str, "counts": str, "changes": str,
         "prev_hash": str, "hash": str},
        pk="id", not_null={"time", "command", "prev_hash", "hash"},
    )
    db["audit"].create_index(["time"])


def m007_audit_user(db) -> None:
    """The operating-system user of each audit entry (NULL for entries written before this version)."""
    db.execute('ALTER TABLE audit ADD COLUMN "user" TEXT')


def m008_audit_anchor(db) -> None:
    """The digest of the ledger tables recorded with each audit entry (NULL for entries written before
    this version), and the head of each township's audit chain recorded with each merge."""
    db.execute('ALTER TABLE audit ADD COLUMN "digest" TEXT')
    db.execute("ALTER TABLE merge_log ADD COLUMN audit_entry INTEGER")
    db.execute("ALTER TABLE merge_log ADD COLUMN audit_hash TEXT")


def m009_voided(db) -> None:
    """Voided records (作废): each moved out of its table, kept here whole with its reason (see
    :mod:`village_gov.core.voids`): every report, check and list reads the live tables only."""
    db["voided"].create(
        {"section": str, "code": str, "tbl": str, "reason": str, "at": str, "record": str, "rows": str},
        pk=("section", "code"), not_null={"tbl", "reason", "at", "record", "rows"},
    )
    db["voided"].create_index(["tbl", "code"])
# The date a request left the open set: the earlier of its resolution and its referral.
# Reports query this exact expression so SQLite can use the index built on it.
REQUEST_CLOSED_SQL = "min(coalesce(resolved, '9999-12-31'), coalesce(referred, '9999-12-31'))"


def m003_consultations(db) -> None:
    """Consultations (协商议事), villagers' requests (诉求) and the history of each request."""
    db["consultations"].create(
        _archived({
            "code": str, "village": str, "date": str, "format": str, "topics": str, "host": str,
            "attendees": int, "position": str, "summary": str,
        }),
        pk="code",
        foreign_keys=[("village", "villages", "code"), ("host", "members", "code"),
                      ("position", "positions", "code")],
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
    db["consultations"].create_index(["position", "date"])
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
    m002_micros,
    m003_consultations,
    m004_procedures,
    m005_reform,
    m006_audit,
    m007_audit_user,
    m008_audit_anchor,
    m009_voided,
    m010_list_order,
    m011_village_lists,
]


USER_COLUMN_VERSION = 7  # m007_audit_user


def apply_migrations(db, current: int, target: int | None = None, command: str | None = None) -> list[str]:
    """Apply the migrations after version ``current`` (up to ``target``); return their names.

    Each applied migration gets an audit entry in its own transaction; those
    applied before the audit table has its user column (version 7) are recorded
    by the migration that adds it (or by the last one of a shorter run).
    """
    from village_gov.trail import audit, chain
    from village_gov.trail.audit import write_transaction

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
            # Entries wait for the audit table, and for its user column (version 7) unless this
            # run stops before it, so a new database names its user from the first entry on.
            if chain.has_audit(db) and (number >= USER_COLUMN_VERSION or number == target):
                for version, name in unrecorded:
                    audit.append(db, command, counts={"migration": name, "schema_version": version})
                unrecorded.clear()
        applied.append(migration.__name__)
    return applied
