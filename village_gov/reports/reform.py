"""The two-reforms table (两项改革): townships, villages and village party organizations before and
after the restructuring, and how the average village grew.

Definitions (``docs/county.md``):

- before: from the ``reform`` section (``townships_before``, ``villages_before``; archived rows left out);
  village-level party organizations before = the sum of ``party_orgs``;
- after: from the roster: current townships (by kind), current 建制村 (社区 are not villages here),
  the top party organization (no parent, no group) of each current 建制村, and the group-level party
  branches/groups (党支部/党小组 with a ``group``) of their villager groups;
- averages are over the villages that have the figure (SQL ``avg``); ``change_pct`` is
  ``(after − before) / before × 100`` to one decimal, computed from the unrounded figures.

With ``township``: after = that township; before = the old villages merged into its villages and the
old townships they belonged to (old villages that became urban cannot be placed and are left out).
Every figure is a handful of set queries; nothing loops over rows in Python but the merge map's
output.
"""

from __future__ import annotations

import json

from village_gov.core.errors import InputError
from village_gov.reports.registry import ExportMonth, ExportPart

ADMIN_VILLAGE = "建制村"
GROUP_LEVELS = ("党支部", "党小组")
TOWNSHIP_KIND_ORDER = ("镇", "乡", "街道")
FIGURES = ("townships", "villages", "village_party_orgs", "avg_population", "avg_area_km2")


def change_pct(before, after) -> float | None:
    """``(after − before) / before`` in percent, one decimal; None when there is no base."""
    if before in (None, 0) or after is None:
        return None
    return round((after - before) * 100.0 / before, 1)


def _figure(before, after, digits: int | None = None) -> dict:
    def rounded(value):
        return value if value is None or digits is None else round(value, digits)

    return {"before": rounded(before), "after": rounded(after), "change_pct": change_pct(before, after)}


def _scopes(township: str | None) -> tuple[str, str, list]:
    """SQL clauses narrowing (current villages, old villages) to a township, and their parameter."""
    if not township:
        return "", "", []
    return (" AND v.township = ?",
            " AND vb.merged_into IN (SELECT code FROM villages WHERE township = ?)", [township])


def reform_table(db, township: str | None = None) -> dict:
    """The two-reforms figures as a dict with the stable JSON keys of ``report reform``."""
    if township and not db.execute("SELECT 1 FROM townships WHERE code = ?", [township]).fetchone():
        raise InputError("cmd.not_found", what=_label("townships"), code=township)
    v_scope, vb_scope, params = _scopes(township)
    admin = f"v.archived = 0 AND v.kind = '{ADMIN_VILLAGE}'{v_scope}"
    villages_after, pop_after, area_after = db.execute(
        f"SELECT count(*), avg(v.population), avg(v.area_km2) FROM villages v WHERE {admin}", params).fetchone()
    orgs_after = db.execute(
        f"""SELECT count(*) FROM party_orgs o JOIN villages v ON v.code = o.village
            WHERE o.archived = 0 AND o.parent IS NULL AND o."group" IS NULL AND {admin}""", params).fetchone()[0]
    group_orgs, groups, covered = _groups_after(db, admin, params)
    kinds = _township_kinds(db, township)
    villages_before, orgs_before, pop_before, area_before = db.execute(
        f"""SELECT count(*), sum(vb.party_orgs), avg(vb.population), avg(vb.area_km2)
            FROM villages_before vb WHERE vb.archived = 0 {vb_scope}""", params).fetchone()
    townships_before = db.execute(
        f"""SELECT count(*) FROM townships_before tb WHERE tb.archived = 0 AND (? IS NULL OR tb.code IN (
                SELECT vb.township_before FROM villages_before vb WHERE vb.archived = 0 {vb_scope}))""",
        [township, *params]).fetchone()[0]
    if not has_reform_data(db):
        villages_before = orgs_before = townships_before = None
    return {
        "townships": _figure(townships_before, sum(kinds.values())),
        "villages": _figure(villages_before, villages_after),
        "village_party_orgs": _figure(orgs_before, orgs_after),
        "avg_population": _figure(pop_before, pop_after, 1),
        "avg_area_km2": _figure(area_before, area_after, 2),
        "township_kinds_after": kinds,
        "group_party_orgs": group_orgs,
        "group_coverage_pct": round(100.0 * covered / groups, 1) if groups else None,
        "merges": merge_map(db, township),
    }


def _groups_after(db, admin: str, params: list) -> tuple[int, int, int]:
    """(group-level party organizations, villager groups, groups with at least one) in the 建制村."""
    levels = ", ".join(f"'{lv}'" for lv in GROUP_LEVELS)
    group_orgs = db.execute(
        f"""SELECT count(*) FROM party_orgs o JOIN groups g ON g.code = o."group" JOIN villages v ON v.code = g.village
            WHERE o.archived = 0 AND g.archived = 0 AND o.level IN ({levels}) AND {admin}""", params).fetchone()[0]
    groups, covered = db.execute(
        f"""SELECT count(*), coalesce(sum(EXISTS (SELECT 1 FROM party_orgs o WHERE o."group" = g.code
                   AND o.archived = 0 AND o.level IN ({levels}))), 0)
            FROM groups g JOIN villages v ON v.code = g.village WHERE g.archived = 0 AND {admin}""",
        params).fetchone()
    return group_orgs, groups, covered


def _township_kinds(db, township: str | None) -> dict[str, int]:
    rows = dict(db.execute(
        "SELECT kind, count(*) FROM townships WHERE archived = 0 AND (? IS NULL OR code = ?) GROUP BY kind",
        [township, township]).fetchall())
    ordered = {k: rows.pop(k) for k in TOWNSHIP_KIND_ORDER if k in rows}
    ordered.update(sorted(rows.items()))
    return ordered


def merge_map(db, township: str | None = None) -> list[dict]:
    """Each current village with the old villages merged into it; then (unscoped) those that became urban."""
    v_scope, _, params = _scopes(township)
    merged = """(SELECT json_group_array(json_object('code', b.code, 'name', b.name,
                        'township_before', b.township_before))
                 FROM (SELECT * FROM villages_before b WHERE b.archived = 0 AND b.merged_into {match}
                       ORDER BY b.code) b)"""
    rows = [{"village": code, "name": name, "township": tship, "kind": kind, "merged": json.loads(items)}
            for code, name, tship, kind, items in db.execute(
                f"""SELECT v.code, v.name, v.township, v.kind, {merged.format(match="= v.code")}
                    FROM villages v WHERE v.archived = 0 {v_scope} ORDER BY v.township, v.code""", params)]
    if not township:
        urban = json.loads(db.execute(f"SELECT {merged.format(match='IS NULL')}").fetchone()[0])
        if urban:
            rows.append({"village": None, "name": None, "township": None, "kind": None, "merged": urban})
    return rows


def has_reform_data(db) -> bool:
    """True when the database holds a reform record or any village before the reform."""
    return bool(db.execute("SELECT EXISTS (SELECT 1 FROM reform WHERE archived = 0) "
                           "OR EXISTS (SELECT 1 FROM villages_before WHERE archived = 0)").fetchone()[0])


def reform_titles(db) -> list[tuple[str, str | None]]:
    """(name, effective date) of each recorded reform, for the report's title."""
    return [tuple(r) for r in db.execute(
        "SELECT name, effective FROM reform WHERE archived = 0 ORDER BY effective, code").fetchall()]


def reform_title(db) -> str | None:
    """The report's title: each recorded reform's name (with its effective date), or None."""
    return "；".join(f"{name}（{effective}）" if effective else name for name, effective in reform_titles(db)) or None


def export_part(db, month: ExportMonth) -> ExportPart | None:
    """The reform sheet of the month's export, titled like ``report reform``; none without reform data."""
    if not has_reform_data(db):
        return None
    return ExportPart(reform_table(db, month.township), (reform_title(db),))


def _label(section: str) -> str:
    from village_gov.core.i18n import label

    return label("section." + section, section)
