"""``village-gov merge TOWNSHIP.db... --into COUNTY.db``: the county's database from the townships' files."""

from pathlib import Path
from typing import Annotated

import typer

from village_gov.cli.common import announce_database, command_line
from village_gov.cli.options import FormatOption

COLUMNS = [
    ("township", "label.township"),
    ("file", "label.file"),
    ("rows", "label.rows"),
    ("replaced", "label.replaced"),
    ("migrated_from", "label.migrated_from"),
]


def merge(
    files: Annotated[list[Path], typer.Argument(help="Township database files.", show_default=False)],
    into: Annotated[Path, typer.Option("--into", help="The county database (created if missing).",
                                       show_default=False)],
    fmt: FormatOption = "table",
) -> None:
    """Merge township databases into one county database.

    Codes are qualified by township (V01 of township T01 becomes T01/V01). Re-merging a township
    replaces its records and nothing else. A file that is not a village-gov database, is newer, or
    fails PRAGMA integrity_check is refused (exit 3); bad arguments or a file not holding exactly one
    township exit 2. A refusal leaves the county database unchanged.
    """
    from village_gov.core.config import check_environment
    from village_gov.core.i18n import t
    from village_gov.county.merge import merge_files
    from village_gov.render.output import print_json, print_rows

    check_environment()  # merge opens no database through open_database(): check the variables here
    created = not into.exists()
    results = merge_files(files, into, command=command_line())
    announce_database(into, created=created)
    if fmt == "json":
        print_json(results)
        return
    print_rows(COLUMNS, results, fmt, limit=None)
    if fmt != "csv":
        typer.echo(t("county.merge_done", files=len(results), rows=sum(r["rows"] for r in results)))
