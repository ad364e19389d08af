"""Rosters built as Python data for the tests, and helpers to write and read them back.

``clean_roster()`` is a one-village township on which every check rule is
silent; each check test changes one thing in it and works out by hand what the
rule must report.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path

import yaml

# V1 青竹村 has two villager groups.  P1 党总支 (secretary M1) sits on top; P2 is the
# G1 group branch (党支部) and P3 the G2 party group (党小组) under P2, so P2's
# members are M2, M3 (its own) + M4 (P3's) = 3 full members: exactly the minimum.
# Each of H1..H4 has one liaising member; M1 holds both 书记 and 村委会主任 (一肩挑).
_CLEAN = {
    "townships": [{"code": "T1", "name": "青竹镇", "kind": "镇"}],
    "villages": [{"code": "V1", "name": "青竹村", "township": "T1", "population": 1200, "area_km2": 3.5}],
    "groups": [
        {"code": "G1", "name": "一组", "village": "V1"},
        {"code": "G2", "name": "二组", "village": "V1"},
    ],
    "party_orgs": [
        {"code": "P1", "name": "青竹村党总支", "level": "党总支", "village": "V1", "secretary": "M1"},
        {"code": "P2", "name": "一组党支部", "level": "党支部", "village": "V1", "group": "G1", "parent": "P1"},
        {"code": "P3", "name": "二组党小组", "level": "党小组", "village": "V1", "group": "G2", "parent": "P2"},
    ],
    "members": [
        {"code": "M1", "name": "张书记", "org": "P1", "households": ["H1"]},
        {"code": "M2", "name": "李二", "org": "P2", "households": ["H2"]},
        {"code": "M3", "name": "王三", "org": "P2", "households": ["H3"]},
        {"code": "M4", "name": "赵四", "org": "P3", "households": ["H4"]},
    ],
    "households": [
        {"code": "H1", "head": "陈一", "group": "G1", "size": 3},
        {"code": "H2", "head": "陈二", "group": "G1", "size": 4},
        {"code": "H3", "head": "陈三", "group": "G2", "size": 2},
        {"code": "H4", "head": "陈四", "group": "G2", "size": 5},
    ],
    "cadres": [{"village": "V1", "member": "M1", "posts": ["党组织书记", "村委会主任"]}],
}


def clean_roster() -> dict:
    """A fresh copy of the clean one-village roster."""
    return copy.deepcopy(_CLEAN)


def record(roster: dict, section: str, code: str) -> dict:
    """The record ``code`` of ``section`` (to change it in place)."""
    return next(r for r in roster[section] if r.get("code") == code)


def dump(roster: dict, path: Path) -> Path:
    """Write ``roster`` as UTF-8 YAML (Chinese kept readable) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(roster, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def rows(db_path: Path, sql: str, params=()) -> list[dict]:
    """Rows of a query against the database file, as dicts (read-only connection)."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def check_json(cli, *args) -> tuple[int, dict]:
    """Run ``check --format json`` and return (exit code, parsed report)."""
    result = cli("check", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def findings(report: dict, rule: str) -> list[tuple]:
    """``(subject, params)`` of the findings of one rule."""
    return [(f["subject"], f["params"]) for f in report["findings"] if f["rule"] == rule]
