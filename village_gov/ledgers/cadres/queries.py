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

# The villages of the live records of each section (a township "keeps" a section when it has any).
VILLAGES_OF = {
    "cadre_links": "SELECT o.village FROM cadre_links k JOIN party_orgs o ON o.code = k.org WHERE k.archived = 0",
    "mentorships": f"SELECT {member_village('k.secretary')} FROM mentorships k WHERE k.archived = 0",
    "reserves": "SELECT k.village FROM reserves k WHERE k.archived = 0",
    "reviews": f"SELECT {member_village('k.secretary')} FROM reviews k WHERE k.archived = 0",
    "supervision": "SELECT k.village FROM supervision k WHERE k.archived = 0",
    "work_reports": "SELECT o.village FROM work_reports k JOIN party_orgs o ON o.code = k.org WHERE k.archived = 0",
    "checkups": f"""SELECT coalesce({member_village('k.member')},
                                     (SELECT c.village FROM cadres c WHERE c.code = k.cadre_code))
                    FROM checkups k WHERE k.archived = 0""",
    "duty_lists": f"SELECT {member_village('k.secretary')} FROM duty_lists k WHERE k.archived = 0",
}


def kept(section: str, village_column: str) -> str:
    """An ``AND …`` clause keeping the villages of townships that keep ``section`` (any live record).

    A township that does not keep the cadre ledger (or this part of it) gets no finding from it, and a
    county file judges each township as its own file would."""
    return (f" AND {village_column} IN (SELECT code FROM villages WHERE township IN ("
            f"SELECT DISTINCT kv.township FROM villages kv WHERE kv.code IN ({VILLAGES_OF[section]})))")


def current(alias: str, start: str = "date_from", end: str = "date_to") -> str:
    """An SQL condition: the period of ``alias`` covers the day bound to ``:day``."""
    return (f"({alias}.{start} IS NULL OR {alias}.{start} <= :day) "
            f"AND ({alias}.{end} IS NULL OR {alias}.{end} >= :day)")
