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
KEPT_BY = {
    "cadre_links": f"SELECT 1 {_IN_TOWNSHIP} CROSS JOIN cadre_links k ON k.org = ko.code WHERE k.archived = 0",
    "mentorships": f"SELECT 1 {_BY_MEMBER} CROSS JOIN mentorships k ON k.secretary = km.code WHERE k.archived = 0",
    "reserves": "SELECT 1 FROM villages kv CROSS JOIN reserves k ON k.village = kv.code WHERE k.archived = 0",
    "reviews": f"SELECT 1 {_BY_MEMBER} CROSS JOIN reviews k ON k.secretary = km.code WHERE k.archived = 0",
    "work_reports": f"SELECT 1 {_IN_TOWNSHIP} CROSS JOIN work_reports k ON k.org = ko.code WHERE k.archived = 0",
    # Two EXISTS (a member's checkup, then a non-member cadre's): the second is read only when needed.
    "checkups": f"""SELECT 1 {_BY_MEMBER} CROSS JOIN checkups k ON k.member = km.code WHERE k.archived = 0
                    AND kv.township = t.code) OR EXISTS (
                    SELECT 1 FROM villages kv CROSS JOIN cadres kc ON kc.village = kv.code
                    CROSS JOIN checkups k INDEXED BY idx_checkups_cadre_code_date ON k.cadre_code = kc.code
                    WHERE k.archived = 0""",
    "duty_lists": f"SELECT 1 {_BY_MEMBER} CROSS JOIN duty_lists k ON k.secretary = km.code WHERE k.archived = 0",
}


def kept(section: str, village_column: str) -> str:
    """An ``AND …`` clause keeping the villages of townships that keep ``section`` (any live record).

    A township that does not keep the cadre ledger (or this part of it) gets no finding from it, and a
    county file judges each township as its own file would."""
    return (f" AND {village_column} IN (SELECT code FROM villages WHERE township IN ("
            f"SELECT t.code FROM townships t WHERE EXISTS ({KEPT_BY[section]} AND kv.township = t.code)))")


def current(alias: str, start: str = "date_from", end: str = "date_to") -> str:
    """An SQL condition: the period of ``alias`` covers the day bound to ``:day``."""
    return (f"({alias}.{start} IS NULL OR {alias}.{start} <= :day) "
            f"AND ({alias}.{end} IS NULL OR {alias}.{end} >= :day)")
