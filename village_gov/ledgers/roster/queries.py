"""Read-only queries behind the ``list`` and ``show`` commands.

Each list function returns ``(columns, rows)`` where ``rows`` is an iterator of
dicts streamed from one SQL query (no per-row queries), so a CSV of sixty
thousand households streams without being held in memory.  Given ``page`` (a
table's ``--limit``), ``rows`` is a :class:`~village_gov.core.filters.Page`:
the first ``page`` rows and the count of all, by two queries.
"""

from __future__ import annotations

import json

from village_gov.core.errors import InputError
from village_gov.core.filters import Filters, page_dicts, stream_dicts

# (key, label key) pairs: the output columns of each list.
VILLAGE_COLUMNS = [
    ("code", "label.code"),
    ("name", "label.name"),
    ("township", "label.township"),
    ("kind", "label.kind"),
    ("population", "label.population"),
    ("area_km2", "label.area_km2"),
    ("groups", "label.groups"),
    ("households", "label.households"),
]
GROUP_COLUMNS = [("code", "label.code"), ("name", "label.name"), ("village", "label.village"), ("party_org",
                                                                                                "label.org"),
                 ("households", "label.households")]
ORG_COLUMNS = [("code", "label.code"), ("name", "label.name"), ("level", "label.level"), ("village", "label.village"),
               ("group", "label.group"), ("parent", "label.parent"), ("setup", "label.setup"), ("secretary",
                                                                                                "label.secretary"),
               ("members", "label.members")]
MEMBER_COLUMNS = [
    ("code", "label.code"),
    ("name", "label.name"),
    ("gender", "label.gender"),
    ("status", "label.status"),
    ("org", "label.org"),
    ("village", "label.village"),
    ("phone", "label.phone"),
    ("id_number", "label.id_number"),
    ("liaisons", "label.liaisons"),
]
HOUSEHOLD_COLUMNS = [
    ("code", "label.code"),
    ("head", "label.head"),
    ("group", "label.group"),
    ("village", "label.village"),
    ("size", "label.size"),
    ("phone", "label.phone"),
    ("members", "label.member"),
]


def _rows(db, sql: str, params: list, count_sql: str, page: int | None):
    """The whole list streamed, or (``page`` given) its first ``page`` rows and the count of all."""
    if page:
        return page_dicts(db, sql, params, count_sql, page)
    return stream_dicts(db, sql, params)


def list_villages(db, *, township: str | None = None, archived: bool = False, page: int | None = None):
    f = Filters().live("v.archived", archived).add("v.township = ?", township)
    sql = f"""
        SELECT v.code, v.name, v.township, v.kind, v.population, v.area_km2,
               (SELECT count(*) FROM groups g WHERE g.village = v.code AND g.archived = 0) AS groups,
               (SELECT count(*) FROM households h JOIN groups g ON h."group" = g.code
                 WHERE g.village = v.code AND h.archived = 0) AS households
        FROM villages v {f.where} ORDER BY v.code"""
    return VILLAGE_COLUMNS, _rows(db, sql, f.params, f"SELECT count(*) FROM villages v {f.where}", page)


def list_groups(db, *, village: str | None = None, township: str | None = None, archived: bool = False,
                page: int | None = None):
    f = Filters().township("g.village", township).live("g.archived", archived).add("g.village = ?", village)
    sql = f"""
        SELECT g.code, g.name, g.village,
               (SELECT group_concat(o.code, ',') FROM party_orgs o
                WHERE o."group" = g.code AND o.archived = 0) AS party_org,
               (SELECT count(*) FROM households h WHERE h."group" = g.code AND h.archived = 0) AS households
        FROM groups g {f.where} ORDER BY g.code"""
    return GROUP_COLUMNS, _rows(db, sql, f.params, f"SELECT count(*) FROM groups g {f.where}", page)


def list_orgs(db, *, village: str | None = None, township: str | None = None, archived: bool = False,
              page: int | None = None):
    f = Filters().township("o.village", township).live("o.archived", archived).add("o.village = ?", village)
    sql = f"""
        SELECT o.code, o.name, o.level, o.village, o."group", o.parent, o.setup, o.secretary,
               (SELECT count(*) FROM members m WHERE m.org = o.code AND m.archived = 0) AS members
        FROM party_orgs o {f.where} ORDER BY o.code"""
    return ORG_COLUMNS, _rows(db, sql, f.params, f"SELECT count(*) FROM party_orgs o {f.where}", page)


def list_members(db, *, village: str | None = None, org: str | None = None, township: str | None = None,
                 archived: bool = False, page: int | None = None):
    f = (Filters().township("o.village", township).live("m.archived", archived)
         .add("o.village = ?", village).add("m.org = ?", org))
    sql = f"""
        SELECT m.code, m.name, m.gender, m.status, m.org, o.village, m.phone, m.id_number,
               (SELECT count(*) FROM liaisons l JOIN households h ON h.code = l.household
                 WHERE l.member = m.code AND h.archived = 0) AS liaisons
        FROM members m JOIN party_orgs o ON m.org = o.code {f.where} ORDER BY m.code"""
    count_sql = f"SELECT count(*) FROM members m JOIN party_orgs o ON m.org = o.code {f.where}"
    return MEMBER_COLUMNS, _rows(db, sql, f.params, count_sql, page)


def list_households(db, *, village: str | None = None, group: str | None = None, org: str | None = None,
                    township: str | None = None, archived: bool = False, page: int | None = None):
    f = (Filters().township("g.village", township).live("h.archived", archived)
         .add("g.village = ?", village).add('h."group" = ?', group)
         .add("h.code IN (SELECT l.household FROM liaisons l JOIN members m ON l.member = m.code "
              "WHERE m.org = ?)", org))
    if page:
        # A page: each shown household's members by a correlated subquery (the same index, so the same
        # order within group_concat) instead of grouping every liaison first.
        sql = f"""
            SELECT h.code, h.head, h."group", g.village, h.size, h.phone,
                   (SELECT group_concat(l.member, ',') FROM liaisons l JOIN members m ON m.code = l.member
                     WHERE l.household = h.code AND m.archived = 0) AS members
            FROM households h JOIN groups g ON h."group" = g.code
            {f.where} ORDER BY h.code"""
        count_sql = f'SELECT count(*) FROM households h JOIN groups g ON h."group" = g.code {f.where}'
        return HOUSEHOLD_COLUMNS, page_dicts(db, sql, f.params, count_sql, page)
    sql = f"""
        SELECT h.code, h.head, h."group", g.village, h.size, h.phone, lm.members
        FROM households h JOIN groups g ON h."group" = g.code
        LEFT JOIN (SELECT l.household, group_concat(l.member, ',') AS members FROM liaisons l
                   JOIN members m ON m.code = l.member WHERE m.archived = 0 GROUP BY l.household) lm
               ON lm.household = h.code
        {f.where} ORDER BY h.code"""
    return HOUSEHOLD_COLUMNS, stream_dicts(db, sql, f.params)


SHOW_TABLES = {
    "village": "villages", "group": "groups", "org": "party_orgs", "member": "members", "household": "households",
}


def show_record(db, kind: str, code: str) -> dict:
    """One record with its related records (a member's liaison households, a household's members…)."""
    table = SHOW_TABLES[kind]
    rows = list(db.query(f'SELECT * FROM "{table}" WHERE code = ?', [code]))
    if not rows:
        raise InputError("cmd.not_found", what=kind_label(kind), code=code)
    record = rows[0]
    if not record.get("archived"):
        record.pop("archived", None)
    if kind == "member":
        record["households"] = [r["household"] for r in db.query(
            "SELECT household FROM liaisons WHERE member = ? ORDER BY household", [code])]
    elif kind == "household":
        record["members"] = [r["member"] for r in db.query(
            "SELECT member FROM liaisons WHERE household = ? ORDER BY member", [code])]
    elif kind == "org":
        record["members"] = [r["code"] for r in db.query(
            "SELECT code FROM members WHERE org = ? AND archived = 0 ORDER BY code", [code])]
        record["children"] = [r["code"] for r in db.query(
            "SELECT code FROM party_orgs WHERE parent = ? AND archived = 0 ORDER BY code", [code])]
    elif kind == "village":
        record["groups"] = [r["code"] for r in db.query(
            "SELECT code FROM groups WHERE village = ? AND archived = 0 ORDER BY code", [code])]
        # A cadre who is a party member may be given by member code only: the name comes from the roll.
        record["cadres"] = [dict(r) for r in db.query(
            "SELECT c.code, c.member, coalesce(c.name, m.name) AS name, c.posts FROM cadres c "
            "LEFT JOIN members m ON m.code = c.member "
            "WHERE c.village = ? AND c.archived = 0 ORDER BY c.code", [code])]
    elif kind == "group":
        record["households"] = [r["code"] for r in db.query(
            'SELECT code FROM households WHERE "group" = ? AND archived = 0 ORDER BY code', [code])]
    return record


CADRE_COLUMNS = [("name", "label.name"), ("member", "label.member"), ("posts", "label.posts"), ("one_shoulder",
                                                                                                "label.one_shoulder")]
# 一肩挑: the village party secretary is also the villager committee director.
ONE_SHOULDER_POSTS = ("党组织书记", "村委会主任")


def cadre_rows(cadres: list[dict]) -> list[dict]:
    """A village's cadres for the screen: name, member code, posts as a list, and the 一肩挑 mark."""
    rows = []
    for cadre in cadres:
        posts = cadre.get("posts")
        if isinstance(posts, str):
            try:
                posts = json.loads(posts)
            except ValueError:
                posts = [posts]
        posts = list(posts or [])
        rows.append({"name": cadre.get("name") or "", "member": cadre.get("member") or "", "posts": posts,
                     "one_shoulder": all(p in posts for p in ONE_SHOULDER_POSTS)})
    return rows


def kind_label(kind: str) -> str:
    from village_gov.core.i18n import label

    return label("section." + SHOW_TABLES[kind], kind)
