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
and shown in local time by :func:`village_gov.core.clock.shown`.
:func:`village_gov.trail.chain.verify` recomputes the chain; changing, removing or reordering any entry breaks it from
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
from typing import Any

from village_gov.trail.chain import (
    TABLE,
    canonical,
    entry_hash,
    note_outside_changes,
    track_writes,
    transaction_digest,
    untrack_writes,
)


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
        # The digest of every ledger table as this transaction leaves them (see chain.ledger_digest).
        "digest": canonical(transaction_digest(db)) if has_digest else None,
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
    from village_gov.ledgers import sections

    section = next((s for s in sections() if s.table == table), None)
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
        try:
            note_outside_changes(db)  # a change made outside village-gov is recorded, not covered
            track_writes(db)  # so that the entry's digest reads again only the tables written
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
    finally:
        untrack_writes(db)
