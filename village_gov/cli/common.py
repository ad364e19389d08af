"""What every command shares: global state (database path, language), error mapping (options: :mod:`.options`)."""

import os
import sys
from dataclasses import dataclass, field

import typer

from village_gov.core.errors import EXIT_DATABASE, EXIT_INPUT, VillageGovError


@dataclass
class State:
    db_path: str | None = None
    argv: list[str] | None = None
    """The arguments as typed after the program name (kept for the audit trail)."""
    open_databases: list = field(default_factory=list)
    watched: list = field(default_factory=list)
    """``(db, path, created, changes, last audit id)`` of each database opened, to name it if written."""

    def announce_writes(self) -> None:
        """After a command that succeeded: name each database it wrote ledger records to (on stderr).

        A database the command created is named as new (once); one that only received an access
        record (``--unmask``, ``dump``, ``backup``) is not named as written."""
        for db, path, created, changes, last_id in self.watched:
            if created or _wrote(db, changes, last_id):
                announce_database(path, created=created)
        self.watched.clear()

    def created_paths(self) -> list:
        """The database files this command created (only ``import`` creates one)."""
        return [path for _db, path, created, _changes, _last_id in self.watched if created]

    def close_databases(self) -> None:
        """Close what the command opened, so the WAL is checkpointed when the command ends
        (not whenever the garbage collector gets to it) and the file is complete between commands."""
        while self.open_databases:
            self.open_databases.pop().conn.close()


state = State()


def open_database(create: bool = False, township: str | None = None, *, village: str | None = None,
                  org: str | None = None, group: str | None = None, read_only: bool = False):
    """Open the database chosen by ``--db`` / ``$VILLAGE_GOV_DB`` / the default.

    Only ``import`` creates a database (``create=True``); every other command refuses a file that
    does not exist (exit 3), so a mistyped ``--db`` never reports on a new, empty ledger.

    ``township``, ``village``, ``org``, ``group``: a list's filter options; a code the database does
    not hold is refused (exit 2), so a mistyped code never lists an empty, clean page.

    ``read_only``: a command that only reads gets a plain sqlite3 connection (see ``open_db``).
    """
    from village_gov.core.config import check_environment, resolve_db_path
    from village_gov.store.backup import safety_copy_if_data
    from village_gov.store.db import open_db

    check_environment()
    path = resolve_db_path(state.db_path)
    created = create and not path.exists()
    db = open_db(path, create=create, command=command_line(), on_migrate=_announce_migration(path),
                 before_migrate=safety_copy_if_data, read_only=read_only)
    state.open_databases.append(db)
    state.watched.append((db, path, created, db.conn.total_changes, _last_audit_id(db)))
    if township is not None and db.execute("SELECT 1 FROM townships WHERE code = ?", [township]).fetchone() is None:
        from village_gov.core.errors import InputError

        raise InputError("report.unknown_township", code=township)
    for kind, table, code in (("village", "villages", village), ("org", "party_orgs", org), ("group", "groups", group)):
        if code is not None and db.execute(f"SELECT 1 FROM {table} WHERE code = ?", [code]).fetchone() is None:
            from village_gov.core.errors import InputError
            from village_gov.ledgers.roster.queries import kind_label

            raise InputError("cmd.not_found", what=kind_label(kind), code=code)
    return db


def discard_new_database(path) -> None:
    """Remove a database file this command created and then failed to fill (a refused import into a
    new path), with its journal files, so a failed command leaves no trace: the next attempt is still
    "新建数据库", and no empty ledger is left for another command to report on."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.remove(f"{path}{suffix}")
        except FileNotFoundError:
            pass


def announce_database(path, *, created: bool) -> None:
    """``新建数据库：PATH`` or ``已写入数据库：PATH`` on stderr (stdout stays the command's output)."""
    from village_gov.core.i18n import t

    sys.stderr.write(t("store.db_created" if created else "store.db_written", path=os.path.abspath(path)) + "\n")


def _announce_migration(path):
    def announce(old: int, new: int, copy) -> None:
        from village_gov.core.i18n import t

        sys.stderr.write(t("store.db_migrated", path=os.path.abspath(path), old=old, new=new, copy=str(copy)) + "\n")

    return announce


def _last_audit_id(db) -> int:
    from village_gov.trail.chain import has_audit

    if not has_audit(db):
        return 0
    return db.conn.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0]


_ACCESS_RECORDS = ("unmask", "backup")


def _wrote(db, changes: int, last_id: int) -> bool:
    """True when the connection changed rows since it was opened, beyond records of access alone."""
    import json
    import sqlite3

    try:
        if db.conn.total_changes == changes:
            return False
        entries = [json.loads(c or "{}") for (c,) in db.conn.execute(
            "SELECT counts FROM audit WHERE id > ?", [last_id])]
    except sqlite3.Error:
        return False
    return not entries or not all(isinstance(e, dict) and any(k in e for k in _ACCESS_RECORDS) for e in entries)


def command_line() -> str:
    """The command line as typed, for the audit trail."""
    import shlex

    if state.argv is None:
        return shlex.join(["village-gov", *sys.argv[1:]])
    return shlex.join(["village-gov", *state.argv])


def db_path() -> str:
    from village_gov.core.config import resolve_db_path

    return str(resolve_db_path(state.db_path))


def interactive() -> bool:
    """True on a terminal outside CI: only then do progress bars and colours show."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def fail(error: VillageGovError) -> None:
    """Print an expected failure (and its problems) on stderr and exit with its code."""
    from village_gov.core.errors import InputError
    from village_gov.core.i18n import get_lang, label, t
    from village_gov.render.output import print_problems
    from village_gov.render.safe import terminal

    for key, params in getattr(error, "notes", ()):
        sys.stderr.write(terminal(t(key, **params), one_line=True) + "\n")  # how a file was read (GB18030)
    problems = getattr(error, "problems", None)
    if isinstance(error, InputError) and problems:
        print_problems(problems)

    # Full-width colon in Chinese, like Click's own usage errors ("错误：…"); the message may quote data.
    sys.stderr.write(
        f"{label('label.error')}{'：' if get_lang() == 'zh' else ': '}{terminal(error.message(), one_line=True)}\n"
    )
    raise typer.Exit(error.exit_code)


def refuse_undecodable(args: list[str]) -> None:
    """Refuse an argument holding bytes that are not UTF-8 (exit 2, naming its option): such bytes
    reach Python as lone surrogates, which neither the database nor the screen can take."""
    from village_gov.core.errors import InputError
    from village_gov.core.i18n import t

    for number, arg in enumerate(args):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            pass
        else:
            continue
        if arg.startswith("--") and "=" in arg:
            option = arg.split("=", 1)[0]
        elif number and args[number - 1].startswith("-") and not arg.startswith("-"):
            option = args[number - 1]
        else:
            option = t("cmd.arg_position", number=number + 1)
        fail(InputError("cmd.arg_not_utf8", option=option.encode("utf-8", "backslashreplace").decode("utf-8")))


def handle(exc: BaseException) -> None:
    """Map an exception escaping a command to a message and an exit code, or re-raise a bug."""
    import sqlite3

    if isinstance(exc, VillageGovError):
        fail(exc)
    if isinstance(exc, sqlite3.Error):
        from village_gov.store.db import database_error_from

        fail(database_error_from(exc, db_path()))
    if isinstance(exc, (BrokenPipeError,)):
        raise typer.Exit(0)
    from village_gov.core.errors import InputError, os_reason

    if isinstance(exc, OSError):
        # A path the user gave that cannot be written or read (a folder, a name under a file …).
        fail(InputError("file.os_error", path=str(exc.filename or ""), reason=os_reason(exc)))
    if isinstance(exc, OverflowError) or (isinstance(exc, ValueError) and "out of range" in str(exc)):
        # A number or a date beyond what SQLite or the calendar can hold, given on the command line.
        fail(InputError("cmd.value_out_of_range", detail=str(exc)))
    raise exc


__all__ = ["EXIT_DATABASE", "EXIT_INPUT", "state", "open_database", "handle"]
