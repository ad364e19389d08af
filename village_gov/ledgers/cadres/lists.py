"""``cadre list SECTION``: the records of one section of the cadre ledger, with the usual filters.

Each list names its columns ``(key, label key)``, its query, the village each row belongs to (for
``--village`` and ``--township``) and the date ``--from``/``--to`` filter on.
"""

from __future__ import annotations

from dataclasses import dataclass

from village_gov.core.errors import InputError
from village_gov.ledgers.cadres.queries import member_village


@dataclass(frozen=True)
class Listing:
    columns: tuple[tuple[str, str], ...]
    select: str
    village: str
    date: str
    archived: str
    order: str


def _columns(*keys: str) -> tuple[tuple[str, str], ...]:
    return tuple((key, f"label.{key}") for key in keys)


_LINK_VILLAGE = "(SELECT o.village FROM party_orgs o WHERE o.code = {org})"

LISTS: dict[str, Listing] = {
    "cadre_links": Listing(_columns("code", "leader", "level", "post", "org", "village", "date_from", "date_to"),
                           f"SELECT t.code, t.leader, t.level, t.post, t.org, {_LINK_VILLAGE.format(org='t.org')} "
                           "AS village, t.date_from, t.date_to FROM cadre_links t",
                           _LINK_VILLAGE.format(org="t.org"), "t.date_from", "t.archived", "t.code"),
    "link_visits": Listing(_columns("code", "link", "leader", "village", "date", "topic"),
                           f"SELECT t.code, t.link, k.leader, {_LINK_VILLAGE.format(org='k.org')} AS village, "
                           "t.date, t.topic FROM link_visits t JOIN cadre_links k ON k.code = t.link",
                           _LINK_VILLAGE.format(org="k.org"), "t.date", "t.archived", "t.date, t.code"),
    "mentorships": Listing(_columns("code", "mentor", "secretary", "village", "date_from", "date_to"),
                           f"SELECT t.code, t.mentor, t.secretary, {member_village('t.secretary')} AS village, "
                           "t.date_from, t.date_to FROM mentorships t",
                           member_village("t.secretary"), "t.date_from", "t.archived", "t.code"),
    "mentor_meetings": Listing(_columns("code", "mentorship", "mentor", "village", "date", "topic"),
                               f"SELECT t.code, t.mentorship, k.mentor, {member_village('k.secretary')} AS village, "
                               "t.date, t.topic FROM mentor_meetings t JOIN mentorships k ON k.code = t.mentorship",
                               member_village("k.secretary"), "t.date", "t.archived", "t.date, t.code"),
    "reserves": Listing(_columns("code", "village", "name", "born", "gender", "education", "source", "member",
                                 "since", "until"),
                        "SELECT t.code, t.village, t.name, t.born, t.gender, t.education, t.source, t.member, "
                        "t.since, t.until FROM reserves t", "t.village", "t.since", "t.archived", "t.village, t.code"),
    "reviews": Listing(_columns("code", "year", "secretary", "village", "date", "rating", "items"),
                       f"SELECT t.code, t.year, t.secretary, {member_village('t.secretary')} AS village, t.date, "
                       "t.rating, (SELECT count(*) FROM review_items i WHERE i.review = t.code) AS items "
                       "FROM reviews t", member_village("t.secretary"), "t.date", "t.archived", "t.code"),
    "review_items": Listing(_columns("review", "item", "village", "text", "due", "done"),
                            f"SELECT t.review, t.item, {member_village('r.secretary')} AS village, t.text, t.due, "
                            "t.done FROM review_items t JOIN reviews r ON r.code = t.review",
                            member_village("r.secretary"), "t.due", "r.archived", "t.review, t.item"),
    "supervision": Listing(_columns("code", "village", "reason", "date_from", "date_to", "closed"),
                           "SELECT t.code, t.village, t.reason, t.date_from, t.date_to, t.closed FROM supervision t",
                           "t.village", "t.date_from", "t.archived", "t.village, t.date_from"),
    "work_reports": Listing(_columns("code", "org", "village", "reporter", "date", "topic"),
                            f"SELECT t.code, t.org, {_LINK_VILLAGE.format(org='t.org')} AS village, t.reporter, "
                            "t.date, t.topic FROM work_reports t",
                            _LINK_VILLAGE.format(org="t.org"), "t.date", "t.archived", "t.date, t.code"),
    "checkups": Listing(_columns("code", "cadre", "village", "date", "result"),
                        f"SELECT t.code, t.cadre, coalesce({member_village('t.member')}, (SELECT c.village FROM "
                        "cadres c WHERE c.code = t.cadre_code)) AS village, t.date, t.result FROM checkups t",
                        f"coalesce({member_village('t.member')}, (SELECT c.village FROM cadres c "
                        "WHERE c.code = t.cadre_code))", "t.date", "t.archived", "t.date, t.code"),
    "duty_lists": Listing(_columns("code", "secretary", "village", "kind", "items", "published"),
                          f"SELECT t.code, t.secretary, {member_village('t.secretary')} AS village, t.kind, t.items, "
                          "t.published FROM duty_lists t", member_village("t.secretary"), "t.published",
                          "t.archived", "t.secretary, t.kind"),
}


def list_section(db, section: str, *, village: str | None = None, township: str | None = None,
                 since: str | None = None, until: str | None = None, archived: bool = False
                 ) -> tuple[tuple[tuple[str, str], ...], list[dict]]:
    """``(columns, rows)`` of ``section``, filtered; an unknown section is refused naming the choices."""
    listing = LISTS.get(section)
    if listing is None:
        raise InputError("cadre.unknown_list", section=section, choices="|".join(LISTS))
    where, params = [], []
    if not archived:
        where.append(f"{listing.archived} = 0")
    if village:
        where.append(f"{listing.village} = ?")
        params.append(village)
    if township:
        where.append(f"{listing.village} IN (SELECT code FROM villages WHERE township = ?)")
        params.append(township)
    if since:
        where.append(f"{listing.date} >= ?")
        params.append(since)
    if until:
        where.append(f"{listing.date} <= ?")
        params.append(until)
    sql = listing.select + (" WHERE " + " AND ".join(where) if where else "") + f" ORDER BY {listing.order}"
    keys = [key for key, _ in listing.columns]
    return listing.columns, [dict(zip(keys, row)) for row in db.execute(sql, params)]
