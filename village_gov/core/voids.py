"""Voided records (作废): where they are kept and what an import or a new code must know of them.

A voided record is moved out of its table (with its child rows and the rows that hang on it, e.g. a
request's history) into the one ``voided`` table (migration 9): ``(section, code)``, the table it
came from (``tbl``), the ``reason``, the time (``at``, UTC), the record in the import format
(``record``, JSON) and the rows as they were stored (``rows``, JSON ``{table: [row, …]}``).  So
every report, check and list, which read the live tables, leaves it out with no change of their
own, and a ledger added later gets it with no table or code of its own.

This module only reads (a list's ``--include-void`` puts the voided rows back in view in TEMP objects
only): :mod:`village_gov.core.corrections` voids, edits and brings records back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from village_gov.core.errors import Problem

if TYPE_CHECKING:
    from village_gov.core.batch import Batch

VOID_TABLE = "voided"


def has_voids(conn: Any) -> bool:
    """Whether the database has the table (every database opened by village-gov does, from version 9)."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        [VOID_TABLE]).fetchone() is not None


def voided_codes(conn: Any, section: str) -> dict[str, str]:
    """``{code: reason}`` of the section's voided records."""
    if not has_voids(conn):
        return {}
    return dict(conn.execute(f"SELECT code, reason FROM {VOID_TABLE} WHERE section = ?", [section]))


def voided_table_codes(conn: Any, table: str) -> list[str]:
    """The codes voided out of ``table`` (a generated code never takes one of them again)."""
    if not has_voids(conn):
        return []
    return [code for (code,) in conn.execute(f"SELECT code FROM {VOID_TABLE} WHERE tbl = ?", [table])]


def voided_records(conn: Any, section: str | None = None) -> list[dict]:
    """The voided records (of one section, or all): ``{section, code, reason, at, record}``, by section and code."""
    import json

    if not has_voids(conn):
        return []
    where, params = ("WHERE section = ?", [section]) if section else ("", [])
    rows = conn.execute(f"SELECT section, code, reason, at, record FROM {VOID_TABLE} {where} "
                        "ORDER BY section, code", params)
    return [{"section": s, "code": c, "reason": r, "at": a, "record": json.loads(rec)} for s, c, r, a, rec in rows]


def voided_problems(batch: Batch, db: Any) -> list[Problem]:
    """A record of an import (or a command) carrying the code of a voided record of its section is refused,
    naming the void: a voided code is not used again (``unvoid`` brings the record back)."""
    if db is None or not batch.count() or not has_voids(db.conn):
        return []
    voided: dict[tuple[str, str], str] = {
        (s, c): r for s, c, r in db.conn.execute(f"SELECT section, code, reason FROM {VOID_TABLE}")}
    if not voided:
        return []
    problems = []
    for name, entries in batch.entries.items():
        for code, entry in entries.items():
            reason = voided.get((name, code))
            if reason is not None:
                file, line, column = entry.at("code")
                problems.append(Problem(file, line, column, "edit.code_voided",
                                        {"section": name, "code": code, "reason": reason}, record=code))
    return problems


# --- dump and import: voided records travel in ``voided.yaml`` -------------------------------------------

VOID_KEY = "voided"
"""The top-level key of ``voided.yaml`` in a dump: ``[{section, code, reason, at, record, rows}]``."""
VOID_FIELDS = ("section", "code", "reason", "at", "record", "rows")


def dumped_voids(conn: Any) -> list[dict]:
    """Every voided record as ``dump`` writes it (by section and code)."""
    import json

    if not has_voids(conn):
        return []
    return [{"section": s, "code": c, "reason": r, "at": a, "record": json.loads(rec), "rows": json.loads(rows)}
            for s, c, r, a, rec, rows in conn.execute(
                f"SELECT section, code, reason, at, record, rows FROM {VOID_TABLE} ORDER BY section, code")]


def take_voided(documents: list[tuple[str, Any]]) -> tuple[list[tuple[str, Any]], list[dict], list[Problem]]:
    """The documents without their ``voided`` key, the voided records it held, and the problems of their shape."""
    from village_gov.core.yamlio import Mapping
    from village_gov.ledgers import by_name

    kept, items, problems = [], [], []
    sections = by_name()
    for file, data in documents:
        if not isinstance(data, Mapping) or VOID_KEY not in data:
            kept.append((file, data))
            continue
        line, column = data.key_mark(VOID_KEY)
        value = data[VOID_KEY]
        rest = Mapping((k, v) for k, v in data.items() if k != VOID_KEY)
        rest.file, rest.line, rest.column, rest.marks = data.file, data.line, data.column, data.marks
        rest.key_marks = getattr(data, "key_marks", {})
        kept.append((file, rest))
        for item in value if isinstance(value, list) else [value]:
            good = (isinstance(item, dict) and all(k in item for k in VOID_FIELDS)
                    and item["section"] in sections and isinstance(item["code"], str)
                    and isinstance(item["reason"], str) and isinstance(item["record"], dict))
            if not good:
                problems.append(Problem(file, line, column, "edit.bad_voided", {}))
                break
            items.append({k: item[k] for k in VOID_FIELDS})
    return kept, items, problems


def restore_voided(db: Any, items: list[dict]) -> int:
    """Keep the voided records of a dump again (inside the import's transaction); return how many were new.

    A record voided here already is left as it is; a code that is a live record of its section is refused."""
    import datetime as dt
    import json

    from village_gov.core.errors import InputError
    from village_gov.ledgers import by_name

    added = 0
    for item in items:
        section = by_name()[item["section"]]
        if db.conn.execute(f'SELECT 1 FROM "{section.table}" WHERE code = ?', [item["code"]]).fetchone():
            raise InputError("edit.voided_is_live", section=section.name, code=item["code"])
        at = item["at"].isoformat() if isinstance(item["at"], (dt.date, dt.datetime)) else str(item["at"])
        cursor = db.conn.execute(
            f"INSERT INTO {VOID_TABLE} (section, code, tbl, reason, at, record, rows) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (section, code) DO NOTHING",
            [section.name, item["code"], section.table, item["reason"], at,
             json.dumps(item["record"], ensure_ascii=False, sort_keys=True, default=str),
             json.dumps(item["rows"], ensure_ascii=False, sort_keys=True, default=str)])
        added += cursor.rowcount
    return added


# --- lists: ``--include-void`` -------------------------------------------------------------------------

_SHADOW = "vg_voided_"
"""Prefix of the TEMP tables holding the voided rows while a list runs (:func:`voided_listed`)."""


def voided_listed(conn: Any, section: str, listing: Callable[[], Iterable[dict]]) -> list[dict]:
    """The rows a list gives for the section's voided records, for ``--include-void``.

    ``listing`` is the list's own query with all its filters, unpaged.  It is run with every voided row
    back in view, and only the rows of the section's voided records are kept: a voided record is listed
    by exactly the filters, joins and columns of a live one (its village through its group, its month,
    its status).  Nothing is written: for the length of the call each table holding voided rows is
    shadowed by a TEMP view of its live rows and its kept ones, dropped after.  The voided rows put back
    are the section's and those of the sections it refers to, directly or not (a voided household's
    group may be voided too, and its village is read through it), not those of the records that refer
    to it: a voided consultation's requests, voided before it, are not counted in its row.
    """
    import json

    if not has_voids(conn):
        return []
    kept = conn.execute(f"SELECT section, code, rows FROM {VOID_TABLE}").fetchall()
    codes = {code for name, code, _ in kept if name == section}
    if not codes:
        return []
    reached = _referred(section)
    tables: dict[str, list[dict]] = {}
    for name, _, rows in kept:
        if name in reached:
            for table, items in json.loads(rows).items():
                tables.setdefault(table, []).extend(items)
    shadowed: list[str] = []
    try:
        for table, items in tables.items():
            if _shadow(conn, table, items):
                shadowed.append(table)
        return [dict(row) for row in listing() if row.get("code") in codes]
    finally:
        for table in shadowed:
            conn.execute(f'DROP VIEW IF EXISTS temp."{table}"')
            conn.execute(f'DROP TABLE IF EXISTS temp."{_SHADOW}{table}"')


def _referred(section: str) -> set[str]:
    """The section and every section it refers to, directly or through another."""
    from village_gov.ledgers import by_name

    sections = by_name()
    reached, todo = set(), [section]
    while todo:
        name = todo.pop()
        if name in reached or name not in sections:
            continue
        reached.add(name)
        todo += [ref.target for ref in sections[name].refs]
    return reached


def _shadow(conn: Any, table: str, items: list[dict]) -> bool:
    """Shadow ``table`` by a TEMP view of its rows and ``items`` (False when the table is gone)."""
    import json

    columns = [row[1] for row in conn.execute(f'PRAGMA main.table_info("{table}")')]
    if not columns:
        return False
    picks = ", ".join(f'json_extract(value, ?) AS "{column}"' for column in columns)
    conn.execute(f'CREATE TEMP TABLE "{_SHADOW}{table}" AS SELECT {picks} FROM json_each(?)',
                 [*(f'$."{column}"' for column in columns), json.dumps(items, ensure_ascii=False, default=str)])
    conn.execute(f'CREATE TEMP VIEW "{table}" AS SELECT * FROM main."{table}" '
                 f'UNION ALL SELECT * FROM temp."{_SHADOW}{table}"')
    return True
