"""``audit log|verify``, ``backup``, ``restore`` and ``dump``: the commands that keep the ledger trustworthy."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from village_gov.cli.common import (FormatOption, LimitOption, UnmaskOption, announce_database, command_line, db_path,
                                   open_database)

audit_app = typer.Typer(help="Audit trail: log and verify.", no_args_is_help=True)

AUDIT_COLUMNS = [("id", "l.id"), ("time", "l.time"), ("user", "l.user"), ("command", "l.command"),
                 ("sources", "l.sources"), ("counts", "l.counts"), ("changes", "l.changes")]


@audit_app.command("log")
def audit_log(
    since: Annotated[Optional[str], typer.Option(
        "--since", metavar="YYYY-MM-DD",
        help="From this local date (its whole day), or from a local ISO time.")] = None,
    until: Annotated[Optional[str], typer.Option(
        "--until", metavar="YYYY-MM-DD",
        help="Up to this local date (its whole day), or before a local ISO time.")] = None,
    code: Annotated[Optional[str], typer.Option("--code", help="Only entries changing this record code.")] = None,
    fmt: FormatOption = "table", limit: LimitOption = 100, unmask: UnmaskOption = False,
) -> None:
    """List audit entries: local time, user, command, and each change as field: before → after.

    Each entry also names its source files and counts. Times are shown in the
    local time zone ($VILLAGE_GOV_TZ, else TZ) to the minute; --since/--until
    are local calendar days. JSON and CSV give the stored UTC times; JSON gives
    every entry in full. Phone and ID numbers are masked unless --unmask.
    """
    from village_gov import audit
    from village_gov.audit_view import audit_rows, check_range, check_since, check_until, mask_entry
    from village_gov.render.output import print_json, print_rows

    since_utc, until_utc = check_since(since), check_until(until)
    check_range(since_utc, until_utc, since, until)
    db = open_database()
    entries = [mask_entry(e, unmask) for e in audit.entries(db, since=since_utc, until=until_utc, code=code)]
    if unmask:
        audit.record_unmask(db, command_line(), "audit", len(entries))
    if fmt == "json":
        print_json(entries)
        return
    if fmt == "table":
        from village_gov.render.audit import print_audit_entries

        print_audit_entries(entries, code=code, limit=limit or None)
        return
    print_rows(AUDIT_COLUMNS, audit_rows(entries, code, local=fmt != "csv"), fmt, limit=limit or None)


@audit_app.command("verify")
def audit_verify() -> None:
    """Recompute the audit hash chain; exit 1 naming the first entry that does not match."""
    import sys

    from village_gov import audit
    from village_gov.clock import shown
    from village_gov.errors import EXIT_FINDINGS
    from village_gov.i18n import t

    checked, bad, reason = audit.verify(open_database())
    if bad is not None and reason == "damaged":
        sys.stderr.write(t("audit_damaged_entry", id=bad["id"], time=shown(bad["time"]),
                           fields=", ".join(audit.damaged_fields(bad))) + "\n")
        raise typer.Exit(EXIT_FINDINGS)
    if bad is not None:
        sys.stderr.write(t("audit_broken", id=bad["id"], time=shown(bad["time"]), reason=reason) + "\n")
        raise typer.Exit(EXIT_FINDINGS)
    typer.echo(t("audit_ok", count=checked))


def backup(
    output: Annotated[Path, typer.Option("--output", "-o", help="The backup file to write.")],
) -> None:
    """Back up the database with SQLite's online backup API and verify the copy.

    Safe while another program writes. The copy passes PRAGMA integrity_check and
    has the same row count in every table, or it is removed and the exit code is 3.
    """
    from village_gov.backup import backup_to
    from village_gov.i18n import t

    counts = backup_to(open_database(), output, command=command_line())
    typer.echo(t("backup_done", path=str(output), tables=len(counts), rows=sum(counts.values())))


def restore(
    file: Annotated[Path, typer.Argument(help="A backup made by village-gov backup.", show_default=False)],
) -> None:
    """Restore the database from a backup file (checked first; a safety copy is kept).

    A file that fails the integrity check, is not a village-gov database or comes
    from a newer release is refused (exit 3) and the current database is not touched.
    """
    from village_gov.backup import restore_from
    from village_gov.config import check_environment
    from village_gov.i18n import t

    check_environment()  # restore opens no database through open_database(): check the variables here
    created = not Path(db_path()).exists()
    result = restore_from(db_path(), file, command=command_line())
    announce_database(db_path(), created=created)
    if result.safety:
        typer.echo(t("restore_done", path=str(file), rows=result.rows, safety=str(result.safety)))
    else:
        typer.echo(t("restore_done_fresh", path=str(file), rows=result.rows))


def dump(
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FOLDER",
                                                help="Folder to write the YAML files into.")],
) -> None:
    """Dump the whole database as importable YAML, one file per section.

    Importing the folder into an empty database gives the same records; archived
    records carry `archived: true`. The files hold personal data in full, so the
    dump is recorded in the audit trail.
    """
    from village_gov import audit
    from village_gov.dump import dump_database
    from village_gov.i18n import t

    db = open_database()
    result = dump_database(db, output)
    audit.record_unmask(db, command_line(), "dump", result.records)
    typer.echo(t("dump_done", records=result.records, path=str(output), files=len(result.files)))
