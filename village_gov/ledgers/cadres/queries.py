"""SQL shared by the cadre ledger's rules, report and commands: who is a village's secretary, which
village a member or record belongs to, and which townships keep a section of the ledger."""

from __future__ import annotations

MEMBER_VILLAGE = "(SELECT po.village FROM members mv JOIN party_orgs po ON po.code = mv.org WHERE mv.code = {member})"


def member_village(member_column: str) -> str:
    """An SQL expression: the village of the member in ``member_column`` (through the member's party organization)."""
    return MEMBER_VILLAGE.format(member=member_column)


SECRETARIES = """
    SELECT o.village AS village, o.code AS org, o.secretary AS member,
           (SELECT max(c.since) FROM cadres c WHERE c.village = o.village AND c.member = o.secretary
            AND c.archived = 0) AS since
    FROM party_orgs o
    WHERE o.parent IS NULL AND o."group" IS NULL AND o.archived = 0 AND o.secretary IS NOT NULL"""
"""The current village party secretaries: the secretary of each village's top party organization, and
the date they took the post (the roster's ``cadres.since`` of that member in that village, if given)."""

# Whether township ``t.code`` keeps a section: any live record of it in one of the township's villages.
# One EXISTS per township, walked from the township down the indexes (CROSS JOIN keeps that order), so
# it stops at the first record found instead of reading every record of the section.
_IN_TOWNSHIP = "FROM villages kv CROSS JOIN party_orgs ko ON ko.village = kv.code"
_BY_MEMBER = _IN_TOWNSHIP + " CROSS JOIN members km ON km.org = ko.code"
KEPT_BY: dict[str, tuple[str, ...]] = {
    "cadre_links": (f"SELECT 1 {_IN_TOWNSHIP} CROSS JOIN cadre_links k ON k.org = ko.code WHERE k.archived = 0",),
    "mentorships": (f"SELECT 1 {_BY_MEMBER} CROSS JOIN mentorships k ON k.secretary = km.code WHERE k.archived = 0",),
    "reserves": ("SELECT 1 FROM villages kv CROSS JOIN reserves k ON k.village = kv.code WHERE k.archived = 0",),
    "reviews": (f"SELECT 1 {_BY_MEMBER} CROSS JOIN reviews k ON k.secretary = km.code WHERE k.archived = 0",),
    "work_reports": (f"SELECT 1 {_IN_TOWNSHIP} CROSS JOIN work_reports k ON k.org = ko.code WHERE k.archived = 0",),
    # A member's checkup, else a non-member cadre's (read only when the township has no member's).
    "checkups": (f"SELECT 1 {_BY_MEMBER} CROSS JOIN checkups k ON k.member = km.code WHERE k.archived = 0",
                 "SELECT 1 FROM villages kv CROSS JOIN cadres kc ON kc.village = kv.code CROSS JOIN checkups k "
                 "INDEXED BY idx_checkups_live_cadre_code_date ON k.cadre_code = kc.code WHERE k.archived = 0"),
    "duty_lists": (f"SELECT 1 {_BY_MEMBER} CROSS JOIN duty_lists k ON k.secretary = km.code WHERE k.archived = 0",),
}
"""Per section, the queries (tried in turn) finding a live record of it in township ``t.code``'s villages."""


def _kept_in_township(queries: tuple[str, ...]) -> str:
    """An SQL expression, 1 when one of ``queries`` finds a record (CASE: the next only when needed)."""
    tests = [f"EXISTS ({query} AND kv.township = t.code)" for query in queries]
    expression = tests[-1]
    for test in reversed(tests[:-1]):
        expression = f"CASE WHEN {test} THEN 1 ELSE {expression} END"
    return expression


def keeping(db) -> dict[str, list[str] | None]:
    """Which townships keep each section of :data:`KEPT_BY`, found by one query (one row per township,
    one EXISTS per section): ``None`` when every township keeps it (nothing to narrow), else the list of
    the townships that do (empty: no township keeps it)."""
    sections = list(KEPT_BY)
    columns = ", ".join(_kept_in_township(KEPT_BY[section]) for section in sections)
    rows = db.execute(f"SELECT t.code, {columns} FROM townships t").fetchall()
    found: dict[str, list[str] | None] = {}
    for n, section in enumerate(sections, start=1):
        keepers = [row[0] for row in rows if row[n]]
        found[section] = None if rows and len(keepers) == len(rows) else keepers
    return found


def kept(keepers: list[str] | None, village_column: str) -> str:
    """An ``AND …`` clause keeping the villages of the townships ``keepers`` (bound to ``:kept`` as a
    JSON list); with ``None`` (every township keeps the section) only that there is a village."""
    if keepers is None:
        return f" AND {village_column} IS NOT NULL"
    return (f" AND {village_column} IN (SELECT code FROM villages WHERE township IN ("
            "SELECT value FROM json_each(:kept)))")


def current(alias: str, start: str = "date_from", end: str = "date_to", *, start_given: bool = False) -> str:
    """An SQL condition: the period of ``alias`` covers the day bound to ``:day`` (``start_given``: the
    start is never empty — a link's or a mentorship's — which lets an index range on it)."""
    started = f"{alias}.{start} <= :day" if start_given else f"({alias}.{start} IS NULL OR {alias}.{start} <= :day)"
    return f"{started} AND ({alias}.{end} IS NULL OR {alias}.{end} >= :day)"
