"""Accept a database file only if it is exactly what village-gov's migrations make.

``restore`` and ``merge`` read files that come from elsewhere (a USB stick, an e-mail).  SQLite
stores triggers and views in the file itself, so a hostile but valid file can carry a trigger that
runs inside the next ordinary command (deleting rows, rewriting phones) without ever touching the
audit trail.  :func:`check_schema` therefore compares the file's ``sqlite_schema`` row by row
(type, name, table, normalised SQL) with a database freshly migrated in memory to the file's own
``user_version``: any extra, missing or different table, column, index, trigger or view is named.
:func:`check_contents` then runs ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check``, and
:func:`check_audit` recomputes the audit chain (an empty trail counts as broken: every database
from schema version 7 on holds at least the entries of its migrations).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import cache

SHOWN = 5
"""How many differences a refusal names (the rest are counted)."""


class SchemaProblem(Exception):
    """The file differs from the schema of its version; ``problems`` lists ``(what, type, name)``."""

    def __init__(self, problems: list[tuple[str, str, str]]):
        super().__init__(problems)
        self.problems = problems

    @property
    def detail(self) -> str:
        """The first few differences in the current language: ``extra trigger x; missing index y``."""
        from village_gov.core.i18n import t

        shown = "; ".join(t(f"store.schema_{what}", type=kind, name=name) for what, kind, name in self.problems[:SHOWN])
        more = len(self.problems) - SHOWN
        return shown + (t("store.schema_more", count=more) if more > 0 else "")


@dataclass(frozen=True)
class AuditProblem(Exception):
    """The audit chain does not verify: ``entry`` is the first bad entry's id (None: trail empty)."""

    entry: int | None
    reason: str


_QUOTES = re.compile(r'["`\[\]]')
_SPACE = re.compile(r"\s+")
_AROUND = re.compile(r"\s*([(),=])\s*")


def normalise(sql: str | None) -> str | None:
    """SQL text without identifier quotes, case or layout differences (so two releases of
    sqlite-utils writing ``[code]`` or ``"code"`` compare equal)."""
    if sql is None:
        return None
    text = _QUOTES.sub("", sql)
    text = _SPACE.sub(" ", text).strip()
    return _AROUND.sub(r"\1", text).casefold()


def schema_rows(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, str | None]]:
    """``{(type, name): (table, normalised sql)}`` for every object in the file's schema."""
    return {(kind, name): (table, normalise(sql))
            for kind, name, table, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")}


def expected_rows(version: int, ledger_versions: tuple[tuple[str, int], ...] = ()
                  ) -> dict[tuple[str, str], tuple[str, str | None]]:
    """The schema rows of a database migrated from nothing to ``version``, then each ledger's own
    migrations up to its version in ``ledger_versions`` (computed once per versions and ledgers)."""
    from village_gov import ledgers

    return _expected_rows(version, ledger_versions, ledgers.LEDGERS)


@cache
def _expected_rows(version: int, ledger_versions: tuple[tuple[str, int], ...], ledgers: tuple
                   ) -> dict[tuple[str, str], tuple[str, str | None]]:
    import sqlite_utils

    from village_gov.store.ledger_migrations import apply_ledger_migrations
    from village_gov.store.migrations import apply_migrations

    conn = sqlite3.connect(":memory:")
    try:
        db = sqlite_utils.Database(conn)
        apply_migrations(db, 0, version, command="schema check")
        apply_ledger_migrations(db, ledgers, command="schema check", targets=dict(ledger_versions))
        return schema_rows(conn)
    finally:
        conn.close()


def differences(conn: sqlite3.Connection, version: int) -> list[tuple[str, str, str]]:
    """What differs from the schema of ``version`` (and of the ledgers' own migrations the file records):
    ``("extra", "trigger", "x")``, ``("missing", "index", "y")``, ``("different", "table", "z")``."""
    from village_gov.store.ledger_migrations import LEDGER_VERSIONS, ledger_versions

    try:
        raw = ledger_versions(conn)
    except sqlite3.DatabaseError:
        raw = {}
    # Only whole-number versions choose among this release's migrations (a file's text is data).
    recorded = tuple(sorted((str(k), v) for k, v in raw.items() if isinstance(v, int) and not isinstance(v, bool)))
    found, expected = schema_rows(conn), expected_rows(version, recorded)
    problems = []
    if len(recorded) != len(raw) or not _known_versions(recorded):
        problems.append(("different", "table", LEDGER_VERSIONS))
    # Tables first, then views, triggers and indexes: the first few named are the weightiest.
    order = {"table": 0, "view": 1, "trigger": 2, "index": 3}
    for key in sorted(set(found) | set(expected), key=lambda k: (order.get(k[0], 4), k[1])):
        kind, name = key
        if key not in expected:
            problems.append(("extra", kind, name))
        elif key not in found:
            problems.append(("missing", kind, name))
        elif found[key] != expected[key]:
            problems.append(("different", kind, name))
    return problems


def _known_versions(recorded: tuple[tuple[str, int], ...]) -> bool:
    """Whether every ledger version the file records is one of this release's ledgers' migrations
    (a ledger this release does not have, or a version it never made, is refused)."""
    from village_gov import ledgers

    made = {ledger.name: {version for version, _ in ledger.load_migrations()} for ledger in ledgers.LEDGERS}
    return all(version in made.get(name, ()) for name, version in recorded)


def check_schema(conn: sqlite3.Connection, version: int) -> None:
    """Raise :class:`SchemaProblem` naming what differs from the migrations' schema at ``version``."""
    problems = differences(conn, version)
    if problems:
        raise SchemaProblem(problems)


def check_contents(conn: sqlite3.Connection) -> list[str]:
    """``PRAGMA integrity_check`` then ``PRAGMA foreign_key_check``: ``[]`` when both pass."""
    try:
        result = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
        if result != ["ok"]:
            return result
        broken = conn.execute("PRAGMA foreign_key_check").fetchone()
        if broken is not None:
            return [f"foreign_key_check: {broken[0]} row {broken[1]} -> {broken[2]}"]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return []


def check_audit(conn: sqlite3.Connection, version: int) -> None:
    """Raise :class:`AuditProblem` when the audit chain of a file at ``version`` does not verify."""
    import sqlite_utils

    from village_gov.store.migrations import USER_COLUMN_VERSION
    from village_gov.trail import chain

    if version < USER_COLUMN_VERSION:  # no trail before version 6; version 6 is read after migrating
        return
    checked, bad, reason = chain.verify(sqlite_utils.Database(conn))
    if bad is not None:
        raise AuditProblem(bad["id"], reason)
    if checked == 0:
        raise AuditProblem(None, "empty")
