"""``village-gov import`` of files unchanged since the last import, answered before the CLI is loaded.

The monthly job re-imports the same roster.  When the files are those of the last import and nothing
was written since (the audit trail's last entry and the import stamp say so, exactly as
:func:`village_gov.core.import_files.unchanged_since_last_import` decides when the stamp holds), the
answer is one line and exit 0: this module gives it from the console-script entry point with the
standard library alone, before Typer, rich and the command tree are imported, so the process costs
little more than hashing the files.

Only a command line this module fully understands is answered here: the root options ``--db`` and
``--lang``, then ``import``, its paths, ``--prune``, ``--yes``/``-y`` and ``--format`` table or markdown.
Anything else (another option, ``--help``, a path that is missing, a ``VILLAGE_GOV_*`` setting other
than the database and the language, a database that does not exist, is not at this release's schema
or is not in WAL mode, a stamp that does not hold) returns None and the normal command line runs,
which says and does what it always did.
"""

from __future__ import annotations

import os
import sqlite3
import sys

ROOT_OPTIONS = ("--db", "--lang")
FORMATS = ("table", "markdown")  # json prints the result as JSON, csv an empty table: not the sentence
LANG_ENV = "VILLAGE_GOV_LANG"
DB_ENV = "VILLAGE_GOV_DB"
DEFAULT_DB = os.path.join("data", "village_gov.db")


def parse(argv: list[str]) -> dict | None:
    """The options of an ``import`` command line this module can answer; None for any other."""
    given: dict = {"paths": [], "prune": False}
    args = list(argv)
    try:
        for arg in args:
            arg.encode("utf-8")
    except UnicodeEncodeError:
        return None
    while args and args[0] != "import":
        name, value = _option(args, ROOT_OPTIONS)
        if name is None or name in given:
            return None
        given[name] = value
    if not args:
        return None
    args.pop(0)
    while args:
        if not args[0].startswith("-"):
            given["paths"].append(args.pop(0))
            continue
        flag = args.pop(0)
        if flag == "--prune":
            given["prune"] = True
        elif flag not in ("--yes", "-y"):
            args.insert(0, flag)
            name, value = _option(args, ("--format", "-f"))
            if name is None or "--format" in given or value not in FORMATS:
                return None
            given["--format"] = value
    return given if given["paths"] else None


def _option(args: list[str], names: tuple[str, ...]) -> tuple[str | None, str | None]:
    """Take one ``--name value``, ``--name=value`` or ``-n value`` of ``names`` off the front of
    ``args``; (None, None) for anything else, or a value that starts with "-" (Click's call, not ours)."""
    arg = args.pop(0)
    name, equals, value = arg.partition("=")
    if name not in names or (equals and not name.startswith("--")):  # "-f=x" is "-f" with "=x"
        return None, None
    if not equals:
        if not args or args[0].startswith("-"):
            return None, None
        value = args.pop(0)
    return ("--format" if name == "-f" else name), value


def _settings(given: dict) -> tuple[str, str] | None:
    """The database path and the language, as the normal command line would take them; None when the
    environment holds anything the normal command line would check or refuse."""
    for name, value in os.environ.items():
        if name.startswith("VILLAGE_GOV_") and name not in (DB_ENV, LANG_ENV) and value.strip():
            return None
    try:
        env_db, env_lang = os.environ.get(DB_ENV) or "", os.environ.get(LANG_ENV) or ""
        env_db.encode("utf-8")
    except UnicodeEncodeError:
        return None
    lang = given.get("--lang", env_lang) or "zh"
    if lang not in ("zh", "en") or env_lang not in ("", "zh", "en"):
        return None
    return given.get("--db") or env_db or DEFAULT_DB, lang


def answer(argv: list[str]) -> int | None:
    """Exit code 0 when the import was answered here as unchanged (its sentence printed); None else."""
    given = parse(argv)
    settings = None if given is None else _settings(given)
    if given is None or settings is None:
        return None
    db_path, lang = settings
    if not os.path.isfile(db_path):
        return None
    from village_gov.core import unchanged

    files, problems = unchanged.find_files(given["paths"])
    if problems or not files or not _unchanged_in(db_path, files, given["prune"]):
        return None
    from village_gov.core.i18n import CATALOG

    zh, en = CATALOG["import.unchanged_files"]
    try:
        sys.stdout.write((zh if lang == "zh" else en) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        pass  # the reader went away: exit 0 all the same, as the normal command line does
    return 0


def _unchanged_in(db_path: str, files: list, prune: bool) -> bool:
    """The database is at this release's schema, its last entry an import of these files' contents
    with nothing written since (the stamp holds).  The files are hashed last, when all else holds."""
    from village_gov.core import unchanged
    from village_gov.store.versions import at_release

    try:
        conn = sqlite3.connect(db_path, timeout=5.0)
    except sqlite3.Error:
        return False
    try:
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal" or not at_release(conn):
            return False
        entry = unchanged.last_import(conn, prune=prune)
        if entry is None or len(entry[2]) != len(files) or not unchanged.stamp_holds(conn, entry[0], entry[1]):
            return False
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    try:
        return unchanged.same_contents(entry[2], [{"sha256": unchanged.sha256_file(f)} for f in files])
    except OSError:
        return False
