"""The township files of a merge: each checked, snapshotted and its audit chain head compared with
the one recorded at its last merge, before the county database is opened (see
:mod:`village_gov.county.merge`).
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from village_gov.core.errors import DatabaseError, InputError

TOWNSHIP_TABLE = "townships"
SEPARATOR = "/"


def table_names(conn, schema: str = "main") -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT name FROM pragma_table_list WHERE schema = ? AND type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name", [schema])]


@dataclass
class Source:
    """One township file, checked and snapshotted."""

    path: Path
    snapshot: Path
    township: str
    version: int
    sha256: str
    result: dict = field(default_factory=dict)
    head: dict | None = None  # the township's own audit chain head, read before any migration


# --- checking and snapshotting a township file ---------------------------------------------------

def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _open_readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)


def prepare_source(path: Path, workdir: Path) -> Source:
    """Check one township file and snapshot it (migrated if older) into ``workdir``; the file is only read."""
    from village_gov.store.db import SCHEMA_VERSION

    where = str(path)
    try:
        conn = _open_readonly(path)
    except sqlite3.Error as exc:
        raise DatabaseError("county.merge_not_sqlite", path=where, reason=str(exc)) from exc
    try:
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = set(table_names(conn))
        except sqlite3.DatabaseError as exc:
            raise DatabaseError("county.merge_not_sqlite", path=where, reason=str(exc)) from exc
        if version > SCHEMA_VERSION:
            raise DatabaseError("county.merge_newer", path=where, found=version, supported=SCHEMA_VERSION)
        if version == 0 or TOWNSHIP_TABLE not in tables:
            raise DatabaseError("county.merge_not_ours", path=where)
        try:
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
        except sqlite3.DatabaseError as exc:
            problems = [str(exc)]
        if problems != ["ok"]:
            raise DatabaseError("county.merge_corrupt", path=where, detail="; ".join(problems)[:300])
        head = township_head(conn)
        accept_source(conn, where, version)
        snapshot = workdir / f"township-{len(list(workdir.iterdir()))}.db"
        target = sqlite3.connect(snapshot)
        try:
            conn.backup(target)
        finally:
            target.close()
    finally:
        conn.close()
    if version < SCHEMA_VERSION:
        _migrate_snapshot(snapshot, version)
    townships = [r[0] for r in sqlite3.connect(snapshot).execute(
        f"SELECT code FROM {TOWNSHIP_TABLE} ORDER BY code").fetchall()]
    if len(townships) != 1:
        raise InputError("county.merge_townships", path=where, count=len(townships), codes=", ".join(townships) or "—")
    if SEPARATOR in townships[0]:
        raise InputError("county.merge_bad_code", path=where, code=townships[0])
    return Source(path, snapshot, townships[0], version, _sha256(path), head=head)


# --- the township's audit chain head --------------------------------------------------------------

def township_head(conn) -> dict | None:
    """The head of a township file's own audit chain, with the outcome of recomputing the chain:
    ``{"entry", "hash", "chain": (entries checked, first bad entry id or None)}``; None without a trail."""
    import sqlite_utils

    from village_gov.trail import chain

    db = sqlite_utils.Database(conn)
    if not chain.has_audit(db):
        return None
    last = chain.head(db)
    checked, bad, _ = chain.verify(db)
    return {**(last or {"entry": None, "hash": None}), "chain": (checked, bad["id"] if bad else None)}


def check_heads(db, sources: list[Source]) -> None:
    """Refuse (exit 3, nothing merged) a township whose audit chain no longer extends the head recorded
    by its last merge into this county file: the anchored entry is gone, its hash differs, or the chain
    up to it does not recompute.  A township merged before heads were recorded is not checked."""
    from village_gov.trail import chain

    for source in sources:
        row = db.conn.execute(
            "SELECT audit_entry, audit_hash FROM merge_log WHERE township = ? AND audit_entry IS NOT NULL "
            "ORDER BY id DESC LIMIT 1", [source.township]).fetchone()
        if row is None:
            continue
        entry, digest = row
        head = source.head or {}
        anchor = chain.anchor_text({"entry": entry, "hash": digest}, short=True)
        checked, bad = head.get("chain", (0, None))
        finding: str | None
        if not head.get("entry"):
            finding = "deleted"
        elif head["entry"] < entry:
            finding = "truncated"
        elif bad is not None and bad <= entry:
            finding = "rewritten"
        else:
            found = _entry_hash_in(source.snapshot, entry)
            finding = None if found == digest else "truncated" if found is None else "rewritten"
        if finding:
            raise DatabaseError("county.merge_head_" + finding, path=str(source.path), township=source.township,
                                anchor=anchor, end=head.get("entry") or 0)


def _entry_hash_in(snapshot: Path, entry: int) -> str | None:
    conn = sqlite3.connect(snapshot)
    try:
        row = conn.execute("SELECT hash FROM audit WHERE id = ?", [entry]).fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def accept_source(conn: sqlite3.Connection, where: str, version: int) -> None:
    """Refuse a township file that is not exactly what village-gov makes: any table, column, index,
    trigger or view other than the migrations create at its version (a trigger would run inside the
    county database's commands), a failing foreign-key check, or an audit chain that does not verify."""
    from village_gov.store import schema_check

    try:
        schema_check.check_schema(conn, version)
    except schema_check.SchemaProblem as problem:
        raise DatabaseError("county.merge_schema", path=where, version=version, detail=problem.detail) from None
    broken = conn.execute("PRAGMA foreign_key_check").fetchone()
    if broken is not None:
        raise DatabaseError("county.merge_corrupt", path=where, detail=f"foreign_key_check: {broken[0]} -> {broken[2]}")
    try:
        schema_check.check_audit(conn, version)
    except schema_check.AuditProblem as problem:
        township = ", ".join(r[0] for r in conn.execute(f"SELECT code FROM {TOWNSHIP_TABLE} ORDER BY code")) or "—"
        if problem.entry is None:
            raise DatabaseError("county.merge_audit_empty", path=where, township=township) from None
        raise DatabaseError("county.merge_audit_broken", path=where, township=township, id=problem.entry,
                            reason=problem.reason) from None


def _migrate_snapshot(snapshot: Path, version: int) -> None:
    import sqlite_utils

    from village_gov.store.migrations import apply_migrations

    conn = sqlite3.connect(snapshot)
    try:
        apply_migrations(sqlite_utils.Database(conn), version)
    finally:
        conn.close()


def check_paths(paths, into: Path) -> list[Path]:
    """The township files, refusing missing ones, repeats and the county file itself (exit 2)."""
    if not paths:
        raise InputError("county.merge_no_files")
    files: list[Path] = []
    seen: dict[Path, Path] = {}
    county = into.resolve() if into.exists() else None
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise InputError("county.merge_file_missing", path=str(path))
        key = path.resolve()
        if county is not None and key == county:
            raise InputError("county.merge_into_is_source", path=str(into))
        if key in seen:
            raise InputError("county.merge_same_file", path=str(path))
        seen[key] = path
        files.append(path)
    return files
