"""The audit trail: one hash-chained entry per change to the database.

The contract for every command that writes
------------------------------------------
Call :func:`append` **inside the same transaction as the change** (after the
writes, before the commit), so that the change and its entry are committed or
lost together::

    from village_gov import audit
    from village_gov.db import write_transaction

    with write_transaction(db):           # BEGIN IMMEDIATE … COMMIT
        before = audit.snapshot(db, "requests", codes)
        ...write...
        after = audit.snapshot(db, "requests", codes)
        audit.append(db, command,          # the command line, from the CLI layer
                     sources=audit.file_sources(paths),   # [{file, sha256}] or []
                     counts={"requests": {"changed": 3}},
                     changes=audit.diff_changes("requests", before, after))

* ``command`` is the command line as typed (the CLI passes
  :func:`village_gov.cli.common.command_line`); ``None`` falls back to
  ``sys.argv``.
* ``sources`` lists the input files with their sha256 (:func:`file_sources`).
* ``counts`` is any JSON object of figures (added/changed/archived per section).
* ``changes`` is a list of ``{"table", "code", "before", "after"}``; ``before``
  is ``None`` for an added record, values are the stored row (a dict of
  columns, child lists under their field name).

Entries are chained: ``hash = sha256(canonical JSON of the entry's content and
prev_hash)`` where ``prev_hash`` is the previous entry's hash (``""`` for the
first).  :func:`verify` recomputes the chain; changing, removing or reordering
any entry breaks it from that entry on.  Reading commands that show personal
data in full (``--unmask``) call :func:`record_unmask`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shlex
import sys
from pathlib import Path
from typing import Iterable

TABLE = "audit"
COLUMNS = ("id", "time", "command", "sources", "counts", "changes", "prev_hash", "hash")


def default_command() -> str:
    """The command line of this process, as a fallback when the caller gave none."""
    return shlex.join(["village-gov", *sys.argv[1:]])


def canonical(value) -> str:
    """JSON with sorted keys and no spaces: the same value always gives the same text."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def entry_hash(entry: dict) -> str:
    """sha256 of the entry's content (every column but ``hash``), ``prev_hash`` included."""
    content = {k: entry[k] for k in COLUMNS if k != "hash"}
    return hashlib.sha256(canonical(content).encode("utf-8")).hexdigest()


def has_audit(db) -> bool:
    return db.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", [TABLE]).fetchone() is not None


def append(db, command: str | None, sources=(), counts=None, changes=()) -> int:
    """Add an entry to the trail, inside the caller's transaction; return its id.

    A small placeholder row is inserted first (taking the write lock), then its
    ``prev_hash`` is read from the entry before it, so two writers can never
    chain onto the same predecessor; the content is written once, by the update.
    """
    conn = db.conn
    if not db["audit"].exists():
        # Only a database built below the audit migration by hand (tests of old schemas)
        # lacks the table; every database opened through open_db() has it.
        return 0
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")
    entry = {
        "time": now,
        "command": command if command is not None else default_command(),
        "sources": canonical(list(sources)),
        "counts": canonical(counts or {}),
        "changes": canonical(list(changes)),
    }
    cursor = conn.execute(f"INSERT INTO {TABLE} (time, command, prev_hash, hash) VALUES (?, '', '', '')",
                          [entry["time"]])
    entry["id"] = cursor.lastrowid
    prev = conn.execute(f"SELECT hash FROM {TABLE} WHERE id < ? ORDER BY id DESC LIMIT 1", [entry["id"]]).fetchone()
    entry["prev_hash"] = prev[0] if prev else ""
    entry["hash"] = entry_hash(entry)
    conn.execute(f"UPDATE {TABLE} SET command = ?, sources = ?, counts = ?, changes = ?, prev_hash = ?, hash = ? "
                 f"WHERE id = ?", [entry["command"], entry["sources"], entry["counts"], entry["changes"],
                                   entry["prev_hash"], entry["hash"], entry["id"]])
    return entry["id"]


def record_unmask(db, command: str | None, what: str = "", count: int | None = None) -> None:
    """Record that personal data were shown in full (``--unmask``), in a transaction of its own."""
    from village_gov.db import write_transaction

    counts = {"unmask": what}
    if count is not None:
        counts["rows"] = count
    with write_transaction(db):
        append(db, command, counts=counts)


def file_sources(paths: Iterable) -> list[dict]:
    """``[{file, sha256}]`` for input files (read again: they are small next to the import)."""
    sources = []
    for path in paths:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        sources.append({"file": str(path), "sha256": digest.hexdigest()})
    return sources


def file_sha256(path) -> str:
    return file_sources([path])[0]["sha256"]


# --- before/after values of records -------------------------------------------------------------

def snapshot(db, section, codes: Iterable[str]) -> dict[str, dict]:
    """The stored values of ``codes`` in ``section`` (a :class:`~village_gov.roster.sections.Section`):
    ``{code: {column: value, …, child field: [items]}}``; one query per table, not per record."""
    codes = list(codes)
    if not codes:
        return {}
    wanted = json.dumps(codes, ensure_ascii=False)
    cursor = db.conn.execute(
        f'SELECT * FROM "{section.table}" WHERE code IN (SELECT value FROM json_each(?))', [wanted])
    names = [d[0] for d in cursor.description]
    rows = {}
    for values in cursor:
        row = dict(zip(names, values))
        rows[row.pop("code")] = row
    for child in section.children:
        for row in rows.values():
            row[child.field] = []
        for parent, item in db.conn.execute(
                f'SELECT "{child.parent_column}", "{child.child_column}" FROM "{child.table}" '
                f'WHERE "{child.parent_column}" IN (SELECT value FROM json_each(?)) '
                f'ORDER BY 1, 2', [wanted]):
            if parent in rows:
                rows[parent][child.field].append(item)
    return rows


def diff_changes(table: str, before: dict[str, dict], after: dict[str, dict]) -> list[dict]:
    """``[{table, code, before, after}]`` for every code whose values differ."""
    changes = []
    for code in sorted(set(before) | set(after)):
        old, new = before.get(code), after.get(code)
        if old != new:
            changes.append({"table": table, "code": code, "before": old, "after": new})
    return changes


# --- reading and verifying ----------------------------------------------------------------------

def entries(db, *, since: str | None = None, code: str | None = None) -> list[dict]:
    """Entries in order; ``since`` (a date or time, UTC) and ``code`` (a record code in ``changes``) filter."""
    clauses, params = [], []
    if since:
        clauses.append("time >= ?")
        params.append(since)
    if code:
        clauses.append("EXISTS (SELECT 1 FROM json_each(changes) c WHERE json_extract(c.value, '$.code') = ?)")
        params.append(code)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    cursor = db.conn.execute(f"SELECT {', '.join(COLUMNS)} FROM {TABLE} {where} ORDER BY id", params)
    result = []
    for values in cursor:
        row = dict(zip(COLUMNS, values))
        for key in ("sources", "counts", "changes"):
            row[key] = json.loads(row[key]) if row[key] else None
        if code:
            row["changes"] = [c for c in row["changes"] or [] if c.get("code") == code]
        result.append(row)
    return result


def verify(db) -> tuple[int, dict | None, str]:
    """Recompute the chain.  Returns ``(entries checked, first bad entry or None, reason)``."""
    checked = 0
    previous = ""
    cursor = db.conn.execute(f"SELECT {', '.join(COLUMNS)} FROM {TABLE} ORDER BY id")
    for values in cursor:
        entry = dict(zip(COLUMNS, values))
        if entry["prev_hash"] != previous:
            return checked, entry, "prev_hash"
        if entry_hash(entry) != entry["hash"]:
            return checked, entry, "hash"
        previous = entry["hash"]
        checked += 1
    return checked, None, ""


def path_of(db) -> Path | None:
    """The file behind ``db`` (None for an in-memory database)."""
    for _, name, file in db.conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None
