"""The files of an import, before any is read as YAML: finding them, and recognising the files of the
last import when nothing was written since (then the import has nothing to do).

Nothing here loads yaml, pydantic or sqlite_utils: ``village-gov import`` of unchanged files (the
monthly job re-importing the same roster) is answered from the files' sha256 and the audit trail,
at the cost of hashing the files and the check of :func:`unchanged_since_last_import`.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from village_gov.core import unchanged
from village_gov.core.errors import Problem
from village_gov.trail import audit, chain

if TYPE_CHECKING:
    from sqlite_utils import Database

YAML_SUFFIXES = unchanged.YAML_SUFFIXES


@dataclass
class ImportResult:
    files: list[str]
    sections: list  # of village_gov.core.changes.SectionChanges (not imported here: it loads yaml)
    written: bool
    dry_run: bool
    safety_copy: str | None = None
    """The safety copy taken before ``--prune`` (None when none was needed)."""
    uncovered: list[str] = field(default_factory=list)
    """Registry sections holding records that this import left out while records of the same roster
    are absent from it: the import is not a full roster, so its absent records are no ground to prune."""
    unchanged_files: bool = False
    """True when the files were those of the last import, unchanged, with nothing written since: they
    were hashed but not read as YAML, and nothing was written (see :func:`unchanged_since_last_import`)."""
    notes: list[tuple[str, dict]] = field(default_factory=list)
    """What the readers said about the files (``sheet.read_as``: a CSV read as GB18030), shown on stderr."""
    warnings: list[Problem] = field(default_factory=list)
    """What the import rules found worth a look without refusing the files (possible duplicates)."""

    @property
    def changed_anything(self) -> bool:
        return any(s.writes for s in self.sections)

    @property
    def prunable(self) -> bool:
        """True when ``--prune`` may be suggested: the import covers every section it would prune from."""
        return not self.uncovered

    def as_dict(self) -> dict:
        result = {"files": self.files, "dry_run": self.dry_run, "written": self.written,
                  "sections": [s.as_dict() for s in self.sections], "safety_copy": self.safety_copy,
                  "uncovered": self.uncovered,
                  "warnings": [warning_dict(w) for w in sorted(self.warnings, key=Problem.sort_key)]}
        if self.unchanged_files:
            result["unchanged_files"] = True
        return result


def warning_dict(problem: Problem) -> dict:
    """A warning of an import as JSON: where, the record, its stable message key, the message and its parameters."""
    from village_gov.core.i18n import t

    return {"file": problem.file, "line": problem.line, "column": problem.column, "record": problem.record,
            "key": problem.key, "message": t(problem.key, **problem.params), "params": problem.params}


def collect_files(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[Problem]]:
    """Expand folders into their YAML files (sorted, recursively); report missing paths."""
    files, found = unchanged.find_files(paths)
    return files, [Problem(path, None, None, key, {"file": path}) for key, path in found]


def read_sources(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[Problem], list[dict]]:
    """The files under ``paths``, the problems finding them, and their ``[{file, sha256}]`` (empty when
    a path was missing or a file could not be read: reading it names the file and the reason)."""
    found, problems = collect_files(paths)
    try:
        sources = [] if problems else audit.file_sources(found)
    except OSError:
        sources = []
    return found, problems, sources


def unchanged_result(files: list[Path]) -> ImportResult:
    """The result of an import of files unchanged since the last one: nothing read, nothing written."""
    return ImportResult(files=[str(f) for f in files], sections=[], written=False, dry_run=False,
                        unchanged_files=True)


def unchanged_since_last_import(db: Database, sources: list[dict], *, prune: bool = False) -> bool:
    """True when an import of ``sources`` (``[{file, sha256}]``) has nothing to do.

    That is when the audit trail's last entry is an import of files with exactly these contents (the
    same sha256, as many of each), the ledger tables still match the digest that entry recorded (nothing was
    changed outside village-gov either), and, for ``prune``, that import left no absent record
    unarchived.  Any write since (a ``consult log``, another import, a migration) adds an entry, so
    the files are read again.
    """
    entry = unchanged.last_import(db.conn, prune=prune)
    if entry is None or not unchanged.same_contents(entry[2], sources):
        return False
    if stamp_holds(db, entry[0], entry[1]):
        return True
    state, _tables = chain.check_digest(db)
    if state == "ok":
        write_stamp(db, checkpoint=False)  # verified whole: the next run can rely on the file's state
    return state == "ok"


# --- the import stamp: "nothing written since", read from the file's state -------------------------

STAMP_SUFFIX = unchanged.STAMP_SUFFIX
stamp_path = unchanged.stamp_path
_file_state = unchanged.file_state


def write_stamp(db: Database, *, checkpoint: bool = True) -> None:
    """Remember, beside the database, that its last audit entry left the file in its present state.

    Called after an import committed (``checkpoint``: first move the WAL's frames into the file,
    without waiting for readers) and when an unchanged import verified the ledger digest.  The stamp
    holds the last entry's id and hash and the file's inode, size and modification time; any later
    write, by village-gov or any other program, changes the file or leaves frames in its WAL, and
    the stamp no longer holds (:func:`stamp_holds`).  It is only a shortcut: nothing is lost when it
    is missing, stale or cannot be written (the ledger digest then decides, as before).
    """
    db_file = chain.path_of(db)
    if db_file is None:
        return
    stamp = stamp_path(db_file)
    try:
        if checkpoint:
            timeout = db.conn.execute("PRAGMA busy_timeout").fetchone()[0]
            db.conn.execute("PRAGMA busy_timeout = 0")
            try:
                db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            finally:
                db.conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")
        head = db.conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        state = _file_state(db_file)
        if head is None or state is None:
            stamp.unlink(missing_ok=True)
            return
        temporary = stamp.with_name(f".{stamp.name}.{os.getpid()}")
        temporary.write_text(json.dumps({"audit_id": head[0], "audit_hash": head[1], "file": state}),
                             encoding="utf-8")
        os.replace(temporary, stamp)
    except (OSError, sqlite3.Error):
        return


def stamp_holds(db: Database, entry_id: int, entry_hash: str) -> bool:
    """True when the stamp names the last audit entry and the database file is as that entry left it."""
    return unchanged.stamp_holds(db.conn, entry_id, entry_hash)
