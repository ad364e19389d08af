"""Merging township databases into one county database (``village-gov merge``).

Codes are unique within a township, not across a county, so every code is *qualified* by its
township: ``T01/V01``.  The rule, applied from the schema (never from a list of tables):

- the code of a ``townships`` row, and every column that refers to it, stays as it is (``T01``);
- every other TEXT key (a table's single text primary-key column, or a foreign-key column pointing
  at one) becomes ``<township>/<code>``; NULL stays NULL.  A column of a composite primary key that
  is not a foreign key (``decision_steps.step``) is a plain value, not a code;
- INTEGER primary keys (and foreign keys pointing at them) are shifted past the county's largest id
  so that rows of different townships never collide;
- all other columns are copied as they are.  Codes kept in plain columns (without a declared
  foreign key) or inside JSON are not qualified.

Tables without any code or township column (the ``audit`` trail: integer ids and hashes) belong to
no township and are not copied: a township's trail stays in its own file, identified in
``merge_log`` by the file's sha256, and the county's own trail gets one entry per merge
transaction naming the files, their sha256 and the rows copied per township.

A county row belongs to township ``T`` when its first qualified column starts with ``T/`` (or its
township column is ``T``, or — for a table keyed only by integers — the row it points at belongs to
``T``).  Re-merging a township deletes exactly those rows and copies the file's rows again.

Every file is checked before the county database is opened (a refusal leaves it byte-for-byte as
it was): it must be a SQLite file written by village-gov, not by a newer release, pass
``PRAGMA integrity_check`` and hold exactly one township.  The file is read through a snapshot
(the SQLite backup API) into a temporary file; a file of an older schema has the snapshot
migrated, never the file itself.  All files are then copied with ``ATTACH`` + ``INSERT … SELECT``
in one transaction, and the merge is recorded in ``merge_log``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from village_gov.core.errors import DatabaseError, InputError
from village_gov.county.sources import (
    SEPARATOR,
    TOWNSHIP_TABLE,
    Source,
    check_heads,
    check_paths,
    prepare_source,
    table_names,
)

NOT_MERGED = {"merge_log", "audit", "ledger_versions"}
"""The county's own records of merges, changes and migrations; a township's are left in its file."""
MAX_ATTACHED = 9
"""SQLite attaches at most 10 databases by default: files are copied in groups of this many, one
transaction per group."""


@dataclass
class TablePlan:
    """How one table is copied and which of its rows belong to a township."""

    name: str
    columns: list[str]
    expressions: list[str]
    owner: str | None
    """SQL predicate (with ``:township``, ``:lo``, ``:hi``) selecting a township's rows; None: unowned."""
    depends: set[str] = field(default_factory=set)
    integer_pk: str | None = None


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- the schema walk ---------------------------------------------------------------------------

def _pk_columns(conn, table: str) -> list[tuple[str, str]]:
    """(name, declared type) of the primary-key columns, in key order."""
    rows = conn.execute("SELECT name, type, pk FROM pragma_table_info(?, 'main') WHERE pk > 0", [table]).fetchall()
    return [(n, (t or "").upper()) for n, t, _ in sorted(rows, key=lambda r: r[2])]


def _key_kind(conn, table: str, column: str | None) -> str:
    """What a key column of ``table`` holds: ``township``, ``integer`` (a rowid key) or ``code``."""
    pk = _pk_columns(conn, table)
    if column is None:
        column = pk[0][0] if pk else "rowid"
    if table == TOWNSHIP_TABLE and column == "code":
        return "township"
    if len(pk) == 1 and pk[0][0] == column and pk[0][1] == "INTEGER":
        return "integer"
    return "code"


def plan_tables(conn) -> list[TablePlan]:
    """For every table of the county schema: its columns, the copy expressions and the owner predicate."""
    plans = {}
    for table in table_names(conn):
        if table in NOT_MERGED:
            continue
        columns = [r[0] for r in conn.execute(
            "SELECT name FROM pragma_table_xinfo(?, 'main') WHERE hidden = 0 ORDER BY cid", [table])]
        fks = {}
        for parent, src, dst in conn.execute(
                'SELECT "table", "from", "to" FROM pragma_foreign_key_list(?, \'main\')', [table]):
            fks[src] = (parent, dst)
        pk_names = [n for n, _ in _pk_columns(conn, table)]
        kinds, expressions = {}, []
        for column in columns:
            if column in fks:
                parent, dst = fks[column]
                kind, target = _key_kind(conn, parent, dst), parent
            elif pk_names == [column]:
                kind, target = _key_kind(conn, table, column), table
            else:
                kind, target = "plain", None
            kinds[column] = (kind, target)
            if kind == "code":
                expressions.append(f":prefix || {_q(column)}")
            elif kind == "integer":
                expressions.append(f"{_q(column)} + :off_{_param(target)}")
            else:
                expressions.append(_q(column))
        integer_pk = pk_names[0] if len(pk_names) == 1 and kinds.get(pk_names[0], ("",))[0] == "integer" else None
        plans[table] = TablePlan(table, columns, expressions, None, integer_pk=integer_pk)
        plans[table].owner, plans[table].depends = _owner(table, pk_names, kinds, fks)
    _resolve_integer_owners(plans)
    return list(plans.values())


def _param(table: str) -> str:
    """A bind-parameter name for the id offset of ``table`` (hex keeps any table name valid)."""
    return table.encode("utf-8").hex()


def _owner(table, pk_names, kinds, fks) -> tuple[str | None, set[str]]:
    """The predicate picking a township's rows: a qualified code column first, then a township column."""
    ordered = pk_names + [c for c in kinds if c not in pk_names]
    for column in ordered:
        if kinds[column][0] == "code":
            return f"{_q(column)} >= :lo AND {_q(column)} < :hi", set()
    for column in ordered:
        if kinds[column][0] == "township":
            return f"{_q(column)} = :township", set()
    for column in ordered:
        kind, target = kinds[column]
        if kind == "integer" and target != table:
            return f"@{column}@{target}@{fks[column][1] or ''}", {target}
    return None, set()


def _resolve_integer_owners(plans: dict[str, TablePlan], depth: int = 0) -> None:
    """Rows keyed only by integers belong to the township of the row they point at."""
    for plan in plans.values():
        if plan.owner and plan.owner.startswith("@"):
            _, column, target, dst = plan.owner.split("@")
            parent = plans.get(target)
            if parent is None or parent.owner is None or parent.owner.startswith("@"):
                if depth > 5 or parent is None or parent.owner is None:
                    plan.owner = None
                continue
            key = dst or parent.integer_pk or "rowid"
            plan.owner = f"{_q(column)} IN (SELECT {_q(key)} FROM {_q(target)} WHERE {parent.owner})"
            plan.depends |= parent.depends
    if depth <= 5 and any(p.owner and p.owner.startswith("@") for p in plans.values()):
        _resolve_integer_owners(plans, depth + 1)


def _deletion_order(plans: list[TablePlan]) -> list[TablePlan]:
    """Tables whose ownership is read through another table are emptied before that table."""
    by_name = {p.name: p for p in plans}

    def depth(plan, seen=()):
        return 1 + max((depth(by_name[d], seen + (plan.name,))
                        for d in plan.depends if d in by_name and d not in seen), default=-1)
    return sorted(plans, key=lambda p: -depth(p))


# --- the merge --------------------------------------------------------------------------------------

def merge_files(paths, into, *, now: dt.datetime | None = None, command: str | None = None) -> list[dict]:
    """Merge township files into the county database ``into``; return what was done per file.

    Each group of files is copied in one transaction holding its audit entry in the county
    database (``command``: the command line): the files with their sha256, the rows per
    township, and the before/after values of every coded record the merge added, changed or removed.

    Raises :class:`InputError` (exit 2: bad arguments, a file not holding exactly one township) or
    :class:`DatabaseError` (exit 3: a file that is not a usable village-gov database, broken
    references after the merge); the county database is then unchanged.  ``command`` is the
    command line recorded in the county's audit trail.
    """
    into = Path(into)
    files = check_paths(paths, into)
    with tempfile.TemporaryDirectory(prefix="village-gov-merge-") as tmp:
        sources = [prepare_source(path, Path(tmp)) for path in files]
        by_township: dict[str, Source] = {}
        for source in sources:
            other = by_township.setdefault(source.township, source)
            if other is not source:
                raise InputError("county.merge_duplicate_township", path=str(source.path), other=str(other.path),
                                 code=source.township)
        from village_gov.store.backup import safety_copy_if_data
        from village_gov.store.db import open_db

        db = open_db(into, before_migrate=safety_copy_if_data)
        try:
            plans = plan_tables(db.conn)
            # Stored in UTC like every other time (rows merged before this release hold local time).
            stamp = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).isoformat(timespec="seconds")
            check_heads(db, sources)
            for start in range(0, len(sources), MAX_ATTACHED):
                _merge_group(db, sources[start:start + MAX_ATTACHED], plans, stamp, into, command)
        finally:
            db.conn.close()
    return [s.result for s in sources]


def _merge_group(db, sources: list[Source], plans: list[TablePlan], stamp: str, into: Path,
                 command: str | None) -> None:
    """Attach the group's snapshots and copy them, with the audit entry, in one transaction."""
    from village_gov.trail import audit, chain

    conn = db.conn
    aliases = [f"township_{i}" for i in range(len(sources))]
    for alias, source in zip(aliases, sources):
        conn.execute("ATTACH DATABASE ? AS " + alias, [str(source.snapshot)])
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            chain.note_outside_changes(db)
            conn.execute("PRAGMA defer_foreign_keys = ON")
            changes = []
            for alias, source in zip(aliases, sources):
                changes.extend(_copy_township(conn, alias, source, plans, stamp))
            audit.append(db, command, sources=[{"file": str(s.path), "sha256": s.sha256} for s in sources],
                         counts={"merge": [{k: s.result[k] for k in ("township", "rows", "deleted", "replaced")}
                                           for s in sources]},
                         changes=changes)
            _commit(conn, into)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        for alias in aliases:
            conn.execute("DETACH DATABASE " + alias)


def _coded_rows(conn, plans: list[TablePlan], owner_params: dict) -> dict[tuple[str, str], dict]:
    """The township's records in every table keyed by a ``code`` column: ``{(table, code): row}``."""
    rows = {}
    for plan in plans:
        if not plan.owner or "code" not in plan.columns:
            continue
        cursor = conn.execute(f"SELECT * FROM main.{_q(plan.name)} WHERE {plan.owner}", owner_params)
        names = [d[0] for d in cursor.description]
        for values in cursor:
            row = dict(zip(names, values))
            rows[(plan.name, row.pop("code"))] = row
    return rows


def _record_changes(before: dict, after: dict) -> list[dict]:
    """``[{table, code, before, after}]`` for the coded records a merge added, changed or removed."""
    changes = []
    for table, code in sorted(set(before) | set(after)):
        old, new = before.get((table, code)), after.get((table, code))
        if old != new:
            changes.append({"table": table, "code": code, "before": old, "after": new})
    return changes


def _copy_township(conn, alias: str, source: Source, plans: list[TablePlan], stamp: str) -> list[dict]:
    """Replace the township's rows by the file's; return the changed records for the audit entry."""
    township = source.township
    owner_params = {"township": township, "lo": township + SEPARATOR,
                    "hi": township + chr(ord(SEPARATOR) + 1)}
    replaced = conn.execute(f"SELECT count(*) FROM {TOWNSHIP_TABLE} WHERE code = ?", [township]).fetchone()[0] > 0
    # A first merge adds every record of the file, whose values the entry's sha256 pins down: listing
    # them again would copy the township into the trail.  A re-merge lists what it changed.
    before = _coded_rows(conn, plans, owner_params) if replaced else None
    deleted = 0
    for plan in _deletion_order(plans):
        if plan.owner:
            deleted += conn.execute(f"DELETE FROM main.{_q(plan.name)} WHERE {plan.owner}", owner_params).rowcount
    source_tables = set(table_names(conn, alias))
    missing = source_tables - {p.name for p in plans} - NOT_MERGED
    if missing:
        raise DatabaseError("county.merge_missing_table", table=", ".join(sorted(missing)), path=str(source.path))
    params = {"prefix": township + SEPARATOR}
    for plan in plans:
        if plan.integer_pk:
            params["off_" + _param(plan.name)] = conn.execute(
                f"SELECT coalesce(max({_q(plan.integer_pk)}), 0) FROM main.{_q(plan.name)}").fetchone()[0]
    rows = 0
    for plan in plans:
        if plan.name not in source_tables or plan.owner is None:
            continue
        columns = [r[0] for r in conn.execute(
            "SELECT name FROM pragma_table_xinfo(?, ?) WHERE hidden = 0", [plan.name, alias])]
        picked = [(c, e) for c, e in zip(plan.columns, plan.expressions) if c in columns]
        used = {k: v for k, v in params.items() if ":" + k in " ".join(e for _, e in picked)}
        rows += conn.execute(
            f"INSERT INTO main.{_q(plan.name)} ({', '.join(_q(c) for c, _ in picked)}) "
            f"SELECT {', '.join(e for _, e in picked)} FROM {alias}.{_q(plan.name)}", used).rowcount
    head = source.head or {}
    conn.execute("INSERT INTO merge_log (township, file, file_sha256, schema_version, merged_at, rows, "
                 "audit_entry, audit_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 [township, str(source.path.resolve()), source.sha256, source.version, stamp, rows,
                  head.get("entry"), head.get("hash")])
    source.result = {
        "file": str(source.path),
        "township": township,
        "rows": rows,
        "replaced": replaced,
        "deleted": deleted,
        "migrated_from": source.version if source.version < _schema_version() else None,
        "skipped": sorted(p.name for p in plans if p.owner is None and p.name in source_tables),
    }
    if before is None:
        return []
    return _record_changes(before, _coded_rows(conn, plans, owner_params))


def _commit(conn, into: Path) -> None:
    """COMMIT, or — when deferred foreign keys are broken — name the first broken reference and roll back."""
    try:
        conn.execute("COMMIT")
    except sqlite3.IntegrityError:
        broken = conn.execute("SELECT * FROM pragma_foreign_key_check").fetchall()
        table, rowid, parent, fkid = broken[0] if broken else ("?", None, "?", 0)
        column = next((r[1] for r in conn.execute('SELECT id, "from" FROM pragma_foreign_key_list(?)', [table])
                       if r[0] == fkid), "?") if broken else "?"
        example = conn.execute(f"SELECT {_q(column)} FROM main.{_q(table)} WHERE rowid = ?",
                               [rowid]).fetchone() if broken and rowid is not None else None
        conn.execute("ROLLBACK")
        raise DatabaseError("county.merge_fk_conflict", table=table, column=column, count=len(broken),
                            example=example[0] if example else parent, path=str(into)) from None


def _schema_version() -> int:
    from village_gov.store.db import SCHEMA_VERSION

    return SCHEMA_VERSION
