"""The audit trail: one hash-chained entry per change to the database.

The contract for every command that writes
------------------------------------------
Call :func:`append` **inside the same transaction as the change** (after the
writes, before the commit), so that the change and its entry are committed or
lost together::

    from village_gov.trail import audit
    with audit.write_transaction(db):     # BEGIN IMMEDIATE … COMMIT
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

Commands that change a few records use :func:`recorded`, which wraps all of the
above: ``with audit.recorded(db, command) as recorder: recorder.track("requests", code); …write…``.

Entries are chained: ``hash = sha256(canonical JSON of the entry's content and
prev_hash)`` where ``prev_hash`` is the previous entry's hash (``""`` for the
first).  Each entry names the operating-system user who ran the command
(``user``, since schema version 7); entries written before that have no user
(NULL), and their content is hashed without the key, exactly as when they were
written, so an old trail still verifies after the migration while a new entry's
user is covered by its hash.  Times are stored in UTC (ISO-8601, microseconds)
and shown in local time by :func:`village_gov.core.clock.shown`.  :func:`verify`
recomputes the chain; changing, removing or reordering any entry breaks it from
that entry on.  Reading commands that show personal
data in full (``--unmask``) call :func:`record_unmask`.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import shlex
import sys
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

TABLE = "audit"
COLUMNS = ("id", "time", "user", "command", "sources", "counts", "changes", "digest", "prev_hash", "hash")
# Columns added by later migrations: an entry written before its column existed holds NULL there and was
# hashed without the key.
LATE_COLUMNS = ("user", "digest")


def default_command() -> str:
    """The command line of this process, as a fallback when the caller gave none."""
    return shlex.join(["village-gov", *sys.argv[1:]])


def os_user() -> str:
    """The operating-system user running this process; never empty.

    ``getpass.getuser()`` reads LOGNAME/USER/LNAME/USERNAME, then the password database; in a
    container without either it raises, and the numeric user id is recorded instead.
    """
    try:
        name = getpass.getuser()
    except Exception:  # noqa: BLE001 - any failure (KeyError, OSError, ImportError) has the same fallback
        name = ""
    if name and name.strip():
        return name.strip()
    getuid = getattr(os, "getuid", None)
    return f"uid {getuid()}" if getuid else "unknown"


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
    from village_gov.core.clock import now_stored

    present = {row[1] for row in conn.execute(f"PRAGMA table_info({TABLE})")}
    has_user, has_digest = "user" in present, "digest" in present
    outside = getattr(db, "outside_changes", None)
    if outside:
        # Tables found changed outside village-gov when this transaction began: kept in the chain,
        # since this entry's digest covers them from now on.
        counts = {**(counts or {}), "outside_change": outside}
        db.outside_changes = []
    entry: dict[str, Any] = {
        "time": now_stored(),
        # None only in a database built by hand below the migration that added the column.
        "user": os_user() if has_user else None,
        "command": command if command is not None else default_command(),
        "sources": canonical(list(sources)),
        "counts": canonical(counts or {}),
        "changes": canonical(list(changes)),
        # The digest of every ledger table as this transaction leaves them (see ledger_digest).
        "digest": canonical(ledger_digest(conn)) if has_digest else None,
    }
    cursor = conn.execute(f"INSERT INTO {TABLE} (time, command, prev_hash, hash) VALUES (?, '', '', '')",
                          [entry["time"]])
    entry["id"] = cursor.lastrowid
    prev = conn.execute(f"SELECT hash FROM {TABLE} WHERE id < ? ORDER BY id DESC LIMIT 1", [entry["id"]]).fetchone()
    entry["prev_hash"] = prev[0] if prev else ""
    entry["hash"] = entry_hash(entry)
    names = (["command", "sources", "counts", "changes", "prev_hash", "hash"] + (["user"] if has_user else [])
             + (["digest"] if has_digest else []))
    conn.execute(f"UPDATE {TABLE} SET {', '.join(n + ' = ?' for n in names)} WHERE id = ?",
                 [entry[n] for n in names] + [entry["id"]])
    return entry["id"]


def record_unmask(db, command: str | None, what: str = "", count: int | None = None) -> None:
    """Record that personal data were shown in full (``--unmask``), in a transaction of its own."""
    counts: dict[str, Any] = {"unmask": what}
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


# --- before/after values of records -------------------------------------------------------------

def snapshot(db, section, codes: Iterable[str]) -> dict[str, dict]:
    """The stored values of ``codes`` in ``section`` (a :class:`~village_gov.core.sections.Section`):
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
        selected = ", ".join(f'"{c}"' for c in child.all_columns)
        for parent, *items in db.conn.execute(
                f'SELECT "{child.parent_column}", {selected} FROM "{child.table}" '
                f'WHERE "{child.parent_column}" IN (SELECT value FROM json_each(?)) '
                f'ORDER BY 1, 2', [wanted]):
            if parent in rows:
                # A plain list holds its values; a child with several columns (a decision's steps) dicts.
                item = dict(zip(child.all_columns, items)) if child.columns else items[0]
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


# --- the one way a command records its change ----------------------------------------------------

class Recorder:
    """Collects the records a command is about to change (``track``) and, at the end, their
    before/after values and counts for the command's audit entry."""

    def __init__(self, db):
        self.db = db
        self.before: dict[tuple[str, str], dict | None] = {}
        self.counts: dict = {}

    def track(self, table: str, *codes: str) -> None:
        """Remember the stored values of ``codes`` in ``table`` now (None for a record not there yet)."""
        wanted = [c for c in codes if (table, c) not in self.before]
        if not wanted:
            return
        found = _records(self.db, table, wanted)
        for code in wanted:
            self.before[(table, code)] = found.get(code)

    def count(self, table: str, what: str, number: int = 1) -> None:
        """Add to a count that is not visible in before/after values (e.g. history rows written)."""
        per_table = self.counts.setdefault(table, {})
        per_table[what] = per_table.get(what, 0) + number

    def changes(self) -> list[dict]:
        """``[{table, code, before, after}]`` for every tracked record whose values changed."""
        by_table: dict[str, list[str]] = {}
        for table, code in self.before:
            by_table.setdefault(table, []).append(code)
        changes = []
        for table, codes in by_table.items():
            after = _records(self.db, table, codes)
            before = {c: found for c in codes if (found := self.before[(table, c)]) is not None}
            changes.extend(diff_changes(table, before, after))
        return changes

    def summary(self, changes: list[dict]) -> dict:
        counts: dict = {}
        for change in changes:
            what = "added" if change["before"] is None else "removed" if change["after"] is None else "changed"
            per_table = counts.setdefault(change["table"], {})
            per_table[what] = per_table.get(what, 0) + 1
        for table, extra in self.counts.items():
            for what, number in extra.items():
                counts.setdefault(table, {})[what] = counts.get(table, {}).get(what, 0) + number
        return counts


def _records(db, table: str, codes: list[str]) -> dict[str, dict]:
    """Stored values of ``codes`` in ``table``, child lists included when the table is a section's."""
    from pydantic import BaseModel

    from village_gov.core.sections import Section
    from village_gov.ledgers import SECTIONS

    section = next((s for s in SECTIONS if s.table == table), None)
    if section is None:
        section = Section(table, table, BaseModel, ())  # a table of no section: its columns as stored
    return snapshot(db, section, codes)


@contextmanager
def recorded(db, command: str | None, *, sources=(), counts: dict | None = None):
    """The write transaction of a command, ending with its audit entry.

    ``BEGIN IMMEDIATE`` (checks run under the write lock, so a generated code or a
    status read cannot go stale), then the command's checks and writes with
    ``recorder.track(table, code)`` called before each record is written, then the
    entry (command line, counts, before/after of every changed record) and ``COMMIT``.
    A refusal raised inside rolls everything back: no change, no entry.  A command
    that ends up changing nothing writes no entry.
    """
    with write_transaction(db):
        recorder = Recorder(db)
        yield recorder
        changes = recorder.changes()
        if changes or recorder.counts:
            append(db, command, sources=sources,
                   counts={**(counts or {}), **recorder.summary(changes)}, changes=changes)


# --- reading and verifying ----------------------------------------------------------------------

def entries(db, *, since: str | None = None, until: str | None = None, code: str | None = None) -> list[dict]:
    """Entries in order; ``since`` (inclusive) and ``until`` (exclusive) are times in the stored form
    (UTC ISO-8601, see :func:`village_gov.core.clock.day_bounds_utc`); ``code`` is a record code in ``changes``."""
    from village_gov.core.filters import Filters

    # A damaged entry (changes not readable) is listed whatever the code: it may be the one asked for.
    f = (Filters().add("time >= ?", since).add("time < ?", until)
         .add("(CASE WHEN changes IS NULL OR changes = '' THEN 0 "
              "WHEN NOT json_valid(changes) OR json_type(changes) != 'array' THEN 1 "
              "ELSE EXISTS (SELECT 1 FROM json_each(changes) c "
              "WHERE CASE WHEN c.type = 'object' THEN json_extract(c.value, '$.code') = ? ELSE 1 END) END)", code))
    cursor = db.conn.execute(f"SELECT {_select_list(_present_columns(db.conn))} FROM {TABLE} {f.where} ORDER BY id",
                             f.params)
    result = []
    for values in cursor:
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
            row["changes"] = [c for c in row["changes"] or [] if c.get("code") == code]
        result.append(row)
    return result


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
    (``counts.outside_change``) instead of silently covering them with its new digest."""
    if not has_audit(db):
        return
    state, tables = check_digest(db)
    db.outside_changes = tables if state == "changed" else []


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
    if "digest" not in _present_columns(db.conn):
        return "none", []
    row = db.conn.execute(f"SELECT digest FROM {TABLE} ORDER BY id DESC LIMIT 1").fetchone()
    if row is None or row[0] is None:
        return "none", []
    try:
        recorded_digest = json.loads(row[0])
    except ValueError:
        recorded_digest = None
    if not isinstance(recorded_digest, dict):
        return "changed", [TABLE]
    current = ledger_digest(db.conn)
    changed = sorted(name for name in set(current) | set(recorded_digest)
                     if current.get(name) != recorded_digest.get(name))
    return ("changed", changed) if changed else ("ok", [])


def path_of(db) -> Path | None:
    """The file behind ``db`` (None for an in-memory database)."""
    for _, name, file in db.conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None


@contextmanager
def write_transaction(db):
    """``BEGIN IMMEDIATE`` … ``COMMIT``: take the write lock before reading what will be changed.

    A deferred transaction that reads first and writes later fails at once
    (no busy wait) when another process committed in between; taking the lock
    first makes a second writer wait its turn (up to the busy timeout) instead.
    Nested use falls back to a savepoint.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        note_outside_changes(db)  # a change made outside village-gov is recorded, not covered
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise
