"""``audit log|verify``, ``backup``, ``restore`` and ``dump``: the commands that keep the ledger trustworthy."""

from pathlib import Path
from typing import Annotated

import typer

from village_gov.cli.common import announce_database, command_line, db_path, open_database
from village_gov.cli.options import FormatOption, LimitOption, UnmaskOption

audit_app = typer.Typer(help="Audit trail: log and verify.", no_args_is_help=True)

AUDIT_COLUMNS = [("id", "label.id"), ("time", "label.time"), ("user", "label.user"), ("command", "label.command"),
                 ("sources", "label.sources"), ("counts", "label.counts"), ("changes", "label.changes")]


@audit_app.command("log")
def audit_log(
    since: Annotated[str | None, typer.Option(
        "--since", metavar="YYYY-MM-DD",
        help="From this local date (its whole day), or from a local ISO time.")] = None,
    until: Annotated[str | None, typer.Option(
        "--until", metavar="YYYY-MM-DD",
        help="Up to this local date (its whole day), or before a local ISO time.")] = None,
    code: Annotated[str | None, typer.Option("--code", help="Only entries changing this record code.")] = None,
    fmt: FormatOption = "table", limit: LimitOption = 100, unmask: UnmaskOption = False,
) -> None:
    """List audit entries: local time, user, command, and each change as field: before → after.

    Each entry also names its source files and counts. Times are shown in the
    local time zone ($VILLAGE_GOV_TZ, else TZ) to the minute; --since/--until
    are local calendar days. JSON and CSV give the stored UTC times; JSON gives
    every entry in full. Phone and ID numbers are masked unless --unmask.
    """
    from village_gov.render.output import print_json, print_rows
    from village_gov.trail import audit, chain
    from village_gov.trail.view import audit_rows, check_range, check_since, check_until, mask_entry

    since_utc, until_utc = check_since(since), check_until(until)
    check_range(since_utc, until_utc, since, until)
    db = open_database()
    # A table shows a page: only its entries are read, and the count of all.
    shown = limit if fmt == "table" and limit else None
    entries = [mask_entry(e, unmask) for e in chain.entries(db, since=since_utc, until=until_utc, code=code,
                                                            limit=shown, brief=fmt != "json")]
    total = chain.count(db, since=since_utc, until=until_utc, code=code) if shown else len(entries)
    if unmask:
        audit.record_unmask(db, command_line(), "audit", total)
    if fmt == "json":
        print_json(entries)
        return
    if fmt == "table":
        from village_gov.render.audit import print_audit_entries

        print_audit_entries(entries, code=code, limit=limit or None, total=total)
        return
    print_rows(AUDIT_COLUMNS, audit_rows(entries, code, local=fmt != "csv"), fmt, limit=limit or None)


@audit_app.command("verify")
def audit_verify(
    anchor: Annotated[list[str] | None, typer.Option(
        "--anchor", metavar="N:HASH",
        help="An audit head printed on an earlier report, export or backup (entry number:hash, "
             "the full hash or its first 16 hex digits); repeatable.")] = None,
    anchors: Annotated[Path | None, typer.Option(
        "--anchors", metavar="FILE",
        help="A file of such anchors, one per line; blank lines and text after # are ignored.")] = None,
) -> None:
    """Recompute the audit hash chain and the digest of every ledger table.

    Exits 1 naming what it found: the first entry that does not match the
    chain, a trail with no entries, a table changed outside village-gov
    since the last write, or an anchor the trail no longer holds (entry
    missing: truncated; hash differs: rewritten).
    """
    import sys

    from village_gov.core.clock import shown
    from village_gov.core.errors import EXIT_FINDINGS
    from village_gov.core.i18n import t
    from village_gov.trail import chain

    wanted = _read_anchors(anchor or [], anchors)
    db = open_database()
    checked, bad, reason = chain.verify(db)
    problems = []
    if bad is not None and reason == "damaged":
        problems.append(t("audit.damaged_entry", id=bad["id"], time=shown(bad["time"]),
                          fields=", ".join(chain.damaged_fields(bad))))
        bad = None
    if bad is not None:
        problems.append(t("audit.broken", id=bad["id"], time=shown(bad["time"]), reason=reason))
    if chain.head(db) is None:
        problems.append(t("audit.deleted"))
    else:
        for finding, details in chain.check_anchors(db, wanted):
            problems.append(t("audit.anchor_" + finding, **details))
    state_of_digest, tables = chain.check_digest(db)
    if state_of_digest == "changed":
        problems.append(t("audit.digest_changed", tables=", ".join(tables)))
    # Changes outside village-gov found (and recorded) by a later write: said, but history, not a finding.
    earlier = [t("audit.outside_recorded", id=entry, tables=", ".join(tables))
               for entry, tables in chain.recorded_outside_changes(db)]
    if problems:
        sys.stderr.write("".join(p + "\n" for p in problems + earlier))
        raise typer.Exit(EXIT_FINDINGS)
    if earlier:
        sys.stderr.write("".join(p + "\n" for p in earlier))
    typer.echo(t("audit.ok", count=checked))
    typer.echo(t("audit.digest_none") if state_of_digest == "none"
               else t("audit.digest_ok", count=len(chain.ledger_tables(db.conn))))
    for number in sorted({n for n, _ in wanted}):
        typer.echo(t("audit.anchor_ok", entry=number))
    typer.echo(t("audit.head", anchor=chain.anchor_text(chain.head(db))))


def _read_anchors(values: list[str], path: Path | None) -> list[tuple[int, str]]:
    """The anchors of --anchor and --anchors FILE, parsed; a malformed one is refused (exit 2)."""
    from village_gov.core.errors import InputError, os_reason
    from village_gov.trail import chain

    wanted = []
    for value in values:
        parsed = chain.parse_anchor(value)
        if parsed is None:
            raise InputError("audit.bad_anchor", value=value)
        wanted.append(parsed)
    if path is not None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError("audit.anchor_file", path=str(path),
                             reason=os_reason(exc)) from None
        for line, value in chain.anchor_lines(text):
            parsed = chain.parse_anchor(value)
            if parsed is None:
                raise InputError("audit.bad_anchor_line", path=str(path), line=line, value=value[:80])
            wanted.append(parsed)
    return wanted


def backup(
    output: Annotated[Path, typer.Option("--output", "-o", help="The backup file to write.")],
) -> None:
    """Back up the database with SQLite's online backup API and verify the copy.

    Safe while another program writes. The copy passes PRAGMA integrity_check and
    has the same row count in every table, or it is removed and the exit code is 3.
    """
    from village_gov.core.i18n import t
    from village_gov.store.backup import backup_to
    from village_gov.trail import chain

    db = open_database()
    swept: list = []
    counts = backup_to(db, output, command=command_line(), swept=swept)
    for path in swept:
        typer.echo(t("file.temp_swept", path=str(path)), err=True)
    typer.echo(t("store.backup_done", path=str(output), tables=len(counts), rows=sum(counts.values())))
    # The backup's own entry is the head: the copy holds the chain up to it, and the line is the anchor.
    typer.echo(t("audit.head", anchor=chain.anchor_text(chain.head(db))))


def restore(
    file: Annotated[Path, typer.Argument(help="A backup made by village-gov backup.", show_default=False)],
    force: Annotated[bool, typer.Option(
        "--force", help="Restore even if the file's audit chain is broken or empty; the restore "
                        "is recorded as forced. Never overrides any other check.")] = False,
) -> None:
    """Restore the database from a backup file (checked first; a safety copy is kept).

    The file must pass the integrity and foreign-key checks, have exactly the
    tables, columns, indexes, triggers and views village-gov creates at its
    schema version (an extra trigger or view is refused), come from this release
    or an older one, and have an intact audit chain. Otherwise it is refused
    (exit 3), naming what is wrong, and the current database is not touched.
    """
    from village_gov.core.config import check_environment
    from village_gov.core.i18n import t
    from village_gov.store.restore import restore_from

    check_environment()  # restore opens no database through open_database(): check the variables here
    created = not Path(db_path()).exists()
    result = restore_from(db_path(), file, command=command_line(), force=force)
    for path in result.swept:
        typer.echo(t("file.temp_swept", path=str(path)), err=True)
    announce_database(db_path(), created=created)
    if result.forced is not None:
        typer.echo(t("store.restore_forced", path=str(file)), err=True)
    if result.safety:
        typer.echo(t("store.restore_done", path=str(file), rows=result.rows, safety=str(result.safety)))
    else:
        typer.echo(t("store.restore_done_fresh", path=str(file), rows=result.rows))


def dump(
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="PATH",
        help="Folder to write the YAML files into, or the .xlsx workbook to write.")],
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="yaml (a folder of files) or xlsx (one workbook); default: xlsx for an .xlsx path, else yaml.")] = None,
    ledger: Annotated[str | None, typer.Option(
        "--ledger", metavar="LEDGER",
        help="With xlsx: only this ledger's sheets: roster|procedures|consult|micros|development|cadre|all "
             "(default: all).")] = None,
) -> None:
    """Dump the whole database for handover or editing: YAML files, or one Excel workbook.

    Importing the dump into an empty database gives the same records; archived
    records carry `archived: true` (in a workbook, 是 in the 已归档 column). The
    workbook has the sheets, headers, drop-downs and formats of `template`, the
    records from row 3. A dump holds phone and ID numbers in full (it is a backup
    to import again), so it is readable by its owner only and recorded in the
    audit trail.
    """
    from village_gov.core.i18n import t
    from village_gov.trail import audit

    kind = (fmt or ("xlsx" if output.suffix.lower() == ".xlsx" else "yaml")).lower()
    if kind not in ("yaml", "xlsx"):
        raise typer.BadParameter(t("store.dump_bad_format", fmt=fmt), param_hint="'--format'")
    if ledger is not None and kind != "xlsx":
        raise typer.BadParameter(t("store.dump_ledger_yaml"), param_hint="'--ledger'")
    db = open_database()
    if kind == "xlsx":
        from village_gov.render.dump_xlsx import dump_workbook

        records = dump_workbook(db, output, ledger or "all")
        audit.record_unmask(db, command_line(), "dump", records)
        typer.echo(t("store.dump_done", records=records, path=str(output), files=1))
        from village_gov.core.voids import dumped_voids

        voided = len(dumped_voids(db.conn))
        if voided:
            typer.echo(t("store.dump_voids_left_out", count=voided), err=True)
        return
    from village_gov.trail.dump import dump_database

    result = dump_database(db, output)
    audit.record_unmask(db, command_line(), "dump", result.records)
    typer.echo(t("store.dump_done", records=result.records, path=str(output), files=len(result.files)))
