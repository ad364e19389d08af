"""The three-level organization (三级组织架构) as a tree of plain dicts.

township → village → village party organization (党委/党总支/党支部) → group-level
branch or party group → party members → the households each liaises with.
Every node carries counts of what is below it.  The tree is built from a few
set queries, one per kind of node, never a query per node.
"""

from __future__ import annotations

import json
from collections import defaultdict

from village_gov.core.errors import InputError


def _node(kind: str, code: str, name: str, **extra) -> dict:
    return {"kind": kind, "code": code, "name": name, **extra, "children": []}


def build_tree(db, *, village: str | None = None, township: str | None = None,
               households: bool = False, positions: bool = False) -> list[dict]:
    """The organization tree, one root per township (narrowed to one village if given)."""
    village_filter, params = "", []
    if village:
        if not db.execute("SELECT 1 FROM villages WHERE code = ?", [village]).fetchone():
            raise InputError("cmd.not_found", what=_label("villages"), code=village)
        village_filter, params = "AND v.code = ?", [village]
    if township:
        village_filter += " AND v.township = ?"
        params.append(township)
    villages = db.execute(
        f"SELECT v.code, v.name, v.township, v.kind FROM villages v WHERE v.archived = 0 {village_filter} "
        "ORDER BY v.township, v.code", params).fetchall()
    codes = [v[0] for v in villages]
    orgs = _orgs_by_village(db, codes)
    members = _members_by_org(db, codes)
    liaisons = _liaisons_by_member(db, codes)
    heads = _household_heads(db, codes) if households else {}
    group_names = dict(db.execute("SELECT code, name FROM groups").fetchall())
    places = _positions_by_place(db) if positions else None

    townships: dict[str, dict] = {}
    for code, name in db.execute("SELECT code, name FROM townships ORDER BY code"):
        townships[code] = _node("township", code, name)
    roots: list[dict] = []
    for v_code, v_name, t_code, v_kind in villages:
        t_node = townships[t_code]
        if t_node not in roots:
            roots.append(t_node)
        v_node = _node("village", v_code, v_name, village_kind=v_kind)
        if places is not None:
            v_node = _node("village", v_code, v_name, village_kind=v_kind, positions=places.get(v_code, []))
        by_parent = defaultdict(list)
        for org in orgs.get(v_code, []):
            by_parent[org["parent"]].append(org)
        for top in by_parent[None]:
            v_node["children"].append(_org_node(top, by_parent, members, liaisons, heads, group_names, households,
                                                places))
        _sum_counts(v_node, liaisons)
        t_node["children"].append(v_node)
    for t_node in roots:
        _sum_counts(t_node, liaisons)
    return roots


def _org_node(org, by_parent, members, liaisons, heads, group_names, with_households, places=None) -> dict:
    extra = {}
    if places is not None:
        # With --positions, a group-level organization shows its group's micro-position(s) beside it.
        extra["positions"] = places.get(org["group"], []) if org["group"] else []
    node = _node("org", org["code"], org["name"], level=org["level"], setup=org["setup"],
                 secretary=org["secretary"], secretary_name=org["secretary_name"], group=org["group"],
                 group_name=group_names.get(org["group"]) if org["group"] else None, **extra)
    for child in by_parent.get(org["code"], []):
        node["children"].append(_org_node(child, by_parent, members, liaisons, heads, group_names, with_households,
                                          places))
    for m_code, m_name, status in members.get(org["code"], []):
        linked = liaisons.get(m_code, [])
        m_node = _node("member", m_code, m_name, status=status, households=len(linked))
        if with_households:
            m_node["children"] = [_node("household", h, heads.get(h, ""), households=1) for h in linked]
        node["children"].append(m_node)
    _sum_counts(node, liaisons)
    return node


def _sum_counts(node: dict, liaisons: dict[str, list[str]]) -> None:
    """Counts of members and of distinct liaison households at and below ``node`` (a household two
    members look after counts once)."""
    if node["kind"] == "member":
        return
    node["members"] = sum(1 if c["kind"] == "member" else c.get("members", 0)
                          for c in node["children"] if c["kind"] != "household")
    node["households"] = len(_households_below(node, liaisons))
    if node["kind"] == "township":
        node["villages"] = len(node["children"])


def _households_below(node: dict, liaisons: dict[str, list[str]]) -> set[str]:
    if node["kind"] == "member":
        return set(liaisons.get(node["code"], ()))
    if node["kind"] == "household":
        return {node["code"]}
    found: set[str] = set()
    for child in node["children"]:
        found |= _households_below(child, liaisons)
    return found


def _positions_by_place(db) -> dict[str, list[dict]]:
    """Positions keyed by their group (微阵地) or, for a main position (主阵地), by their village."""
    result: defaultdict[str, list[dict]] = defaultdict(list)
    if not db["positions"].exists():
        return result
    for code, name, kind, source, village, group in db.execute(
            'SELECT code, name, kind, source, village, "group" FROM positions WHERE archived = 0 ORDER BY code'):
        result[group if kind == "微阵地" and group else village].append(
            {"code": code, "name": name, "kind": kind, "source": source})
    return result


# The party organizations of the villages shown (a JSON list of village codes as the one parameter):
# the tree of one village reads that village's organizations, members and liaisons, not the county's.
_ORGS_SHOWN = "SELECT code FROM party_orgs WHERE village IN (SELECT value FROM json_each(?))"


def _orgs_by_village(db, villages: list[str]) -> dict[str, list[dict]]:
    result = defaultdict(list)
    for row in db.query('SELECT p.code, p.name, p.level, p.village, p."group", p.parent, p.setup, p.secretary, '
                        "s.name AS secretary_name FROM party_orgs p LEFT JOIN members s ON s.code = p.secretary "
                        "WHERE p.archived = 0 AND p.village IN (SELECT value FROM json_each(?)) ORDER BY p.code",
                        [json.dumps(villages)]):
        result[row["village"]].append(row)
    return result


def _members_by_org(db, villages: list[str]) -> dict[str, list[tuple]]:
    result = defaultdict(list)
    for code, name, status, org in db.execute(
            f"SELECT m.code, m.name, m.status, m.org FROM members m WHERE m.archived = 0 AND m.org IN ({_ORGS_SHOWN}) "
            "ORDER BY m.code", [json.dumps(villages)]):
        result[org].append((code, name, status))
    return result


def _liaisons_by_member(db, villages: list[str]) -> dict[str, list[str]]:
    result = defaultdict(list)
    for member, household in db.execute(
            "SELECT l.member, l.household FROM liaisons l JOIN households h ON h.code = l.household "
            f"WHERE h.archived = 0 AND l.member IN (SELECT code FROM members WHERE org IN ({_ORGS_SHOWN})) "
            "ORDER BY l.member, l.household", [json.dumps(villages)]):
        result[member].append(household)
    return result


def _household_heads(db, villages: list[str]) -> dict[str, str]:
    """The heads of the households the shown members liaise with (in any village)."""
    rows = db.execute(
        "SELECT code, head FROM households WHERE archived = 0 AND code IN (SELECT l.household FROM liaisons l "
        f"WHERE l.member IN (SELECT code FROM members WHERE org IN ({_ORGS_SHOWN})))", [json.dumps(villages)])
    return dict(rows.fetchall())


def _label(section: str) -> str:
    from village_gov.core.i18n import label

    return label("section." + section, section)
