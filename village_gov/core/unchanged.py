"""The unchanged import's own facts, with nothing but the standard library: an import's files, their
sha256, the last audit entry's sources and the import stamp.

:mod:`village_gov.core.import_files` builds on these (and adds the ledger digest when the stamp does
not hold); :mod:`village_gov.core.quick_import` uses them alone, before Typer or any of the CLI is
loaded, to answer ``village-gov import`` of files unchanged since the last import in the time it
takes to hash them.  Both decide with these same functions, so they cannot disagree.

No dataclasses, typing or pathlib-heavy work here: this module is on the path of a process that
should cost little more than ``sha256sum`` of its files.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

TYPE_CHECKING = False  # not typing's: importing typing would cost this module's caller more than its work
if TYPE_CHECKING:
    from sqlite3 import Connection

YAML_SUFFIXES = (".yaml", ".yml")
STAMP_SUFFIX = "-imported"
"""``<database>-imported``: the stamp beside the database file (see ``import_files.write_stamp``)."""


def find_files(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Expand folders into their YAML files (sorted, recursively), files as given, each file once.

    Returns the files and the problems finding them as ``(message key, path)``: ``file.missing``
    for a path that is neither, ``file.folder_no_yaml`` for a folder without a YAML file."""
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in YAML_SUFFIXES and p.is_file())
            if not found:
                problems.append(("file.folder_no_yaml", str(path)))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(("file.missing", str(path)))
    seen = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems


def sha256_file(path: str | os.PathLike) -> str:
    """The file's sha256 (hex), read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def last_import(conn: Connection, *, prune: bool = False) -> tuple[int, str, list[str]] | None:
    """``(id, hash, the sha256 of its files sorted)`` of the audit trail's last entry when it is an
    import (and, for ``prune``, one that left no absent record unarchived); None otherwise."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='audit'").fetchone() is None:
        return None
    row = conn.execute("SELECT sources, counts, id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    try:
        recorded, counts = json.loads(row[0] or "[]"), json.loads(row[1] or "{}")
    except ValueError:
        return None
    if not isinstance(counts, dict) or not isinstance(counts.get("import"), list) or not isinstance(recorded, list):
        return None
    if prune and any(not isinstance(s, dict) or s.get("absent") != s.get("archived") for s in counts["import"]):
        return None
    if not all(isinstance(s, dict) for s in recorded):
        return None
    return row[2], row[3], sorted(str(s.get("sha256")) for s in recorded)


def same_contents(recorded: list[str], sources: list[dict]) -> bool:
    """True when ``sources`` (``[{file, sha256}]``) hold exactly the contents ``recorded`` (sorted
    sha256 from :func:`last_import`): the same sha256, as many of each.

    The contents, not the names: the trail keeps each name as it was typed (relative to the folder
    of that day), and what an import writes depends on the files' contents alone."""
    return len(recorded) == len(sources) and recorded == sorted(s["sha256"] for s in sources)


def database_file(conn: Connection) -> Path | None:
    """The file behind the connection (None for an in-memory database)."""
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file) if file else None
    return None


def stamp_path(db_file: str | os.PathLike) -> Path:
    return Path(f"{db_file}{STAMP_SUFFIX}")


def file_state(db_file: str | os.PathLike) -> list[int] | None:
    """Inode, size and modification time (ns) of the database file, when its WAL holds no frame
    (every committed change is then in the file itself); None otherwise."""
    try:
        wal = f"{db_file}-wal"
        if os.path.exists(wal) and os.stat(wal).st_size:
            return None
        state = os.stat(db_file)
    except OSError:
        return None
    return [state.st_ino, state.st_size, state.st_mtime_ns]


def stamp_holds(conn: Connection, entry_id: int, entry_hash: str) -> bool:
    """True when the stamp names the last audit entry and the database file is as that entry left it."""
    db_file = database_file(conn)
    if db_file is None:
        return False
    try:
        stamp = json.loads(stamp_path(db_file).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(stamp, dict) and stamp.get("audit_id") == entry_id and stamp.get("audit_hash") == entry_hash
            and stamp.get("file") == file_state(db_file))
