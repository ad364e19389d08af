"""The audit chain: its entries' hashes, reading and verifying it, its head and the anchors taken
from it, and the digest of the ledger tables each entry covers.

Writing entries is :mod:`village_gov.trail.audit`; this module only reads (and, before a write,
notes tables changed outside village-gov).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

TABLE = "audit"
COLUMNS = ("id", "time", "user", "command", "sources", "counts", "changes", "digest", "prev_hash", "hash")
# Columns added by later migrations: an entry written before its column existed holds NULL there and was
# hashed without the key.
LATE_COLUMNS = ("user", "digest")


def canonical(value) -> str:
    """JSON with sorted keys and no spaces: the same value always gives the same text."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def entry_hash(entry: dict) -> str:
    """sha256 of the entry's content (every column but ``hash``), ``prev_hash`` included.

    ``user`` is left out when it is NULL: entries written before the column existed were hashed
    without it.  A new entry always has a user, so clearing it breaks the entry's hash.
    """
    content = {k: entry.get(k) for k in COLUMNS if k != "hash"}
    for key in LATE_COLUMNS:
        if content[key] is None:
            del content[key]
    return hashlib.sha256(canonical(content).encode("utf-8")).hexdigest()


def has_audit(db) -> bool:
    return db.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", [TABLE]).fetchone() is not None


# --- reading and verifying ----------------------------------------------------------------------

# A large import's entry: its codes are in counts.imported (trail.imported), read in Python.
# (CASE, not AND: SQLite may evaluate both sides of an AND, and json_type fails on text that is not JSON.)
_LARGE_IMPORT_SQL = ("(CASE WHEN json_valid(counts) THEN coalesce(json_type(counts, '$.imported') = 'object', 0) "
                     "ELSE 0 END)")


def _filters(since: str | None, until: str | None, code: str | None):
    from village_gov.core.filters import Filters

    # A damaged entry (changes not readable) is listed whatever the code: it may be the one asked for.
    return (Filters().add("time >= ?", since).add("time < ?", until)
            .add("(CASE WHEN changes IS NULL OR changes = '' THEN 0 "
                 "WHEN NOT json_valid(changes) OR json_type(changes) != 'array' THEN 1 "
                 "ELSE EXISTS (SELECT 1 FROM json_each(changes) c "
                 "WHERE CASE WHEN c.type = 'object' THEN json_extract(c.value, '$.code') = ? ELSE 1 END) END "
                 # A large import lists its codes compactly in counts.imported: read in Python.
                 f"OR {_LARGE_IMPORT_SQL})", code))


def count(db, *, since: str | None = None, until: str | None = None, code: str | None = None) -> int:
    """How many entries :func:`entries` lists with the same filters.

    With ``code``, the entries SQL judges alone are counted there; a large import's entry is read
    (as :func:`entries` reads it) and counted only when it held the code."""
    f = _filters(since, until, code)
    if not code:
        return db.conn.execute(f"SELECT count(*) FROM {TABLE} {f.where}", f.params).fetchone()[0]
    plain = db.conn.execute(f"SELECT count(*) FROM {TABLE} {f.where} AND NOT {_LARGE_IMPORT_SQL}",
                            f.params).fetchone()[0]
    large = db.conn.execute(
        f"SELECT {_select_list(_present_columns(db.conn))} FROM {TABLE} {f.where} AND {_LARGE_IMPORT_SQL}", f.params)
    return plain + sum(1 for values in large if _read_entry(values, code) is not None)


def entries(db, *, since: str | None = None, until: str | None = None, code: str | None = None,
            limit: int | None = None, brief: bool = False) -> list[dict]:
    """Entries in order; ``since`` (inclusive) and ``until`` (exclusive) are times in the stored form
    (UTC ISO-8601, see :func:`village_gov.core.clock.day_bounds_utc`); ``code`` is a record code in ``changes``;
    ``limit``: only the first ones (a table's page).

    ``brief`` (the table, CSV and Markdown views, which show an import's counts per section, not its
    codes): without ``code``, a large import's entry is read without its codes (``counts.imported``,
    left out by SQL), the largest part of it."""
    f = _filters(since, until, code)
    # With a code, a large import's entry is told apart only once read: the page is cut below.
    page = " LIMIT ?" if limit and not code else ""
    columns = _select_list(_present_columns(db.conn))
    if brief and not code:
        columns = columns.replace('"counts"', f"(CASE WHEN {_LARGE_IMPORT_SQL} THEN json_remove(counts, '$.imported') "
                                              "ELSE counts END)")
    cursor = db.conn.execute(f"SELECT {columns} FROM {TABLE} {f.where} ORDER BY id{page}",
                             [*f.params, limit] if page else f.params)
    result = []
    for values in cursor:
        row = _read_entry(values, code)
        if row is not None:
            result.append(row)
    return result[:limit] if limit else result


def _read_entry(values, code: str | None) -> dict | None:
    """One stored entry as a dict, its JSON read; with ``code``, its changes of that code (None: a large
    import that did not hold the code)."""
    from village_gov.trail.imported import find_code

    row = dict(zip(COLUMNS, values))
    damaged = damaged_fields(row)
    for key in JSON_FIELDS:
        row[key] = None if key in damaged or not row[key] else json.loads(row[key])
    if damaged:
        row["damaged"] = damaged
    try:
        row["digest"] = json.loads(row["digest"]) if row["digest"] else None
    except ValueError:
        pass  # shown as stored; the entry's hash no longer matches
    if code:
        row["changes"] = [c for c in row["changes"] or [] if c.get("code") == code] + find_code(row["counts"], code)
        if not row["changes"] and not damaged:
            return None  # a large import that did not hold the code
    return row


def _present_columns(conn) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({TABLE})")}


def _select_list(present: set[str]) -> str:
    """Every column of :data:`COLUMNS`, NULL for one a database built below its migration lacks."""
    return ", ".join(f'"{c}"' if c in present else "NULL" for c in COLUMNS)


# The JSON columns of an entry and the shape each must have: a list of records, a mapping, a list of records.
JSON_FIELDS = {"sources": list, "counts": dict, "changes": list}


def damaged_fields(entry: dict) -> list[str]:
    """The JSON columns of a stored entry that do not hold JSON of their shape (a damaged entry)."""
    damaged = []
    for key, shape in JSON_FIELDS.items():
        text = entry.get(key)
        if text is None or text == "":
            continue
        try:
            value = json.loads(text) if isinstance(text, str) else None
        except ValueError:
            value = None
        if not isinstance(value, shape) or (shape is list and not all(isinstance(v, dict) for v in value)):
            damaged.append(key)
    return damaged


def verify(db) -> tuple[int, dict | None, str]:
    """Recompute the chain.  Returns ``(entries checked, first bad entry or None, reason)``."""
    checked = 0
    previous = ""
    cursor = db.conn.execute(f"SELECT {_select_list(_present_columns(db.conn))} FROM {TABLE} ORDER BY id")
    for values in cursor:
        entry = dict(zip(COLUMNS, values))
        if entry["prev_hash"] != previous:
            return checked, entry, "prev_hash"
        if entry_hash(entry) != entry["hash"]:
            return checked, entry, "hash"
        if damaged_fields(entry):
            return checked, entry, "damaged"
        previous = entry["hash"]
        checked += 1
    return checked, None, ""


# --- the head of the chain and anchors taken from it ---------------------------------------------

SHORT_HASH = 16  # hex digits of the short form ``N:first-16-hex`` printed in tables


def head(db) -> dict | None:
    """``{"entry": N, "hash": …}`` of the last entry (the chain's head), or None for an empty trail."""
    if not has_audit(db):
        return None
    row = db.conn.execute(f"SELECT id, hash FROM {TABLE} ORDER BY id DESC LIMIT 1").fetchone()
    return {"entry": row[0], "hash": row[1]} if row else None


# Entries that record a reading of the data, not a change of it (an unmasked list, a backup, a dump).
READING_ENTRIES = ("unmask", "backup", "dump")


def data_head(db) -> dict | None:
    """The head as of the last entry that changed the data (entries recording a reading are skipped),
    so reading the ledger does not change the next report's bytes; it is an anchor like any entry."""
    if not has_audit(db):
        return None
    keys = ", ".join("?" for _ in READING_ENTRIES)
    row = db.conn.execute(
        f"SELECT id, hash FROM {TABLE} WHERE NOT EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(counts) "
        f"THEN counts ELSE '{{}}' END) k WHERE k.key IN ({keys})) ORDER BY id DESC LIMIT 1",
        READING_ENTRIES).fetchone()
    return {"entry": row[0], "hash": row[1]} if row else None


def anchor_text(value: dict | None, short: bool = False) -> str:
    """``N:HASH`` (``N:first-16-hex`` when ``short``) for a head from :func:`head`; "" for none."""
    if not value:
        return ""
    return f"{value['entry']}:{value['hash'][:SHORT_HASH] if short else value['hash']}"


def parse_anchor(text: str) -> tuple[int, str] | None:
    """``(N, hex)`` from ``N:HASH`` (the full hash or at least its first 16 hex digits); None if malformed."""
    entry, sep, digest = text.strip().partition(":")
    digest = digest.strip().lower()
    if not sep or not entry.strip().isdigit() or int(entry) < 1:
        return None
    if not (SHORT_HASH <= len(digest) <= 64) or any(c not in "0123456789abcdef" for c in digest):
        return None
    return int(entry), digest


def anchor_lines(text: str) -> list[tuple[int, str]]:
    """``(line number, anchor text)`` for each anchor in a file: blank lines and ``#`` comments are skipped,
    and so is anything after ``#`` on a line."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if line:
            found.append((number, line))
    return found


def check_anchors(db, anchors: list[tuple[int, str]]) -> list[tuple[str, dict]]:
    """Compare the trail with anchors taken from earlier reports; ``[(finding, details)]``, empty when
    every anchored entry is there with its hash (the chain up to it is recomputed by :func:`verify`).

    Findings: ``deleted`` (no entries at all), ``truncated`` (entry N missing; ``end`` is the last
    entry), ``rewritten`` (entry N's hash differs).
    """
    last = head(db)
    if last is None:
        return [("deleted", {})] if anchors else []
    findings = []
    for number, digest in anchors:
        row = db.conn.execute(f"SELECT hash FROM {TABLE} WHERE id = ?", [number]).fetchone()
        if row is None:
            findings.append(("truncated", {"entry": number, "end": last["entry"]}))
        elif not row[0].startswith(digest):
            findings.append(("rewritten", {"entry": number}))
    return findings


# --- the digest of the ledger tables ------------------------------------------------------------

def ledger_tables(conn) -> list[str]:
    """Every table but the audit trail itself and SQLite's own, by name."""
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != ? "
        "ORDER BY name", [TABLE])]


def table_digest(conn, table: str) -> str:
    """sha256 over the rows of ``table`` in primary-key order (rowid for a table without one): each row
    is its values' ``repr``, one row per line, so the same rows always give the same digest."""
    keys = [r[1] for r in sorted((r for r in conn.execute(f'PRAGMA table_info("{table}")') if r[5]),
                                 key=lambda r: r[5])]
    order = ", ".join(f'"{k}"' for k in keys) if keys else "rowid"
    digest = hashlib.sha256()
    cursor = conn.execute(f'SELECT * FROM "{table}" ORDER BY {order}')
    while True:
        rows = cursor.fetchmany(4096)
        if not rows:
            break
        digest.update("\n".join(map(repr, rows)).encode("utf-8", "surrogatepass"))
        digest.update(b"\n")
    return digest.hexdigest()


def ledger_digest(conn) -> dict[str, str]:
    """``{table: digest}`` for every ledger table (see :func:`table_digest`)."""
    return {name: table_digest(conn, name) for name in ledger_tables(conn)}


def note_outside_changes(db) -> None:
    """At the start of a write transaction: remember the tables changed outside village-gov since the
    last write (:func:`check_digest`), so the entry that ends the transaction records them
    (``counts.outside_change``) instead of silently covering them with its new digest.

    The digest computed for that comparison is kept (``db.digest_at_begin``): under the write lock no
    one else can change a table, so the entry's own digest (:func:`transaction_digest`) recomputes
    only the tables the transaction writes."""
    db.digest_at_begin = None
    if not has_audit(db):
        return
    state, tables, current = _compare_digest(db)
    db.outside_changes = tables if state == "changed" else []
    db.digest_at_begin = current


class TableWrites:
    """The tables written on a connection while this is its authorizer (``conn.set_authorizer``).

    SQLite asks the authorizer about every statement as it is prepared (installing one expires the
    statements already prepared, so they are asked about again), including the statements of
    triggers and of foreign-key actions: every INSERT, UPDATE and DELETE names its table here, and
    every table created, dropped or altered is counted as written.  Naming a table that was not
    changed only costs its digest; a table changed without being named is not possible.
    """

    __slots__ = ("tables",)
    _ROWS = frozenset((sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE,
                       sqlite3.SQLITE_CREATE_TABLE, sqlite3.SQLITE_DROP_TABLE))

    def __init__(self) -> None:
        self.tables: set[str] = set()

    def __call__(self, action: int, first: str | None, second: str | None, _db: str | None,
                 _trigger: str | None) -> int:
        if action in self._ROWS:
            self.tables.add(first or "")
        elif action == sqlite3.SQLITE_ALTER_TABLE:  # (database, table)
            self.tables.add(second or "")
        return sqlite3.SQLITE_OK


def track_writes(db) -> None:
    """From now on, note the tables the connection writes (``db.table_writes``) until :func:`untrack_writes`."""
    db.table_writes = TableWrites()
    db.conn.set_authorizer(db.table_writes)


def untrack_writes(db) -> None:
    db.conn.set_authorizer(None)
    db.table_writes = None
    db.digest_at_begin = None


def transaction_digest(db) -> dict[str, str]:
    """The ledger digest (:func:`ledger_digest`) as the current write transaction leaves the tables:
    the tables it wrote are read again, the others have the digest taken when it began."""
    begin, writes = getattr(db, "digest_at_begin", None), getattr(db, "table_writes", None)
    if begin is None or writes is None:
        return ledger_digest(db.conn)
    written = writes.tables
    return {name: begin[name] if name in begin and name not in written else table_digest(db.conn, name)
            for name in ledger_tables(db.conn)}


def recorded_outside_changes(db) -> list[tuple[int, list[str]]]:
    """``[(entry id, [tables])]`` for every entry that found tables changed outside village-gov."""
    rows = db.conn.execute(
        f"SELECT id, json_extract(counts, '$.outside_change') FROM {TABLE} WHERE json_valid(counts) "
        f"AND json_type(counts, '$.outside_change') = 'array' ORDER BY id").fetchall()
    return [(entry, json.loads(tables)) for entry, tables in rows]


def check_digest(db) -> tuple[str, list[str]]:
    """Compare the ledger tables with the digest recorded by the last write.

    Returns ``("ok", [])``, ``("none", [])`` when no entry carries a digest yet (a database from before
    the digest was recorded: the next write records one), or ``("changed", [tables])`` naming each table
    whose rows differ from what the last write left (a table added or dropped counts too).
    """
    state, tables, _current = _compare_digest(db)
    return state, tables


def _compare_digest(db) -> tuple[str, list[str], dict[str, str] | None]:
    """:func:`check_digest` and the digest it computed (None when it computed none)."""
    if "digest" not in _present_columns(db.conn):
        return "none", [], None
    row = db.conn.execute(f"SELECT digest FROM {TABLE} ORDER BY id DESC LIMIT 1").fetchone()
    if row is None or row[0] is None:
        return "none", [], None
    try:
        recorded_digest = json.loads(row[0])
    except ValueError:
        recorded_digest = None
    if not isinstance(recorded_digest, dict):
        return "changed", [TABLE], None
    current = ledger_digest(db.conn)
    changed = sorted(name for name in set(current) | set(recorded_digest)
                     if current.get(name) != recorded_digest.get(name))
    return ("changed", changed, current) if changed else ("ok", [], current)


def path_of(db) -> Path | None:
    """The file behind ``db`` (None for an in-memory database)."""
    for _, name, file in db.conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None
