"""``village-gov import``: validate roster/ledger YAML and write it in one transaction."""

from pathlib import Path
from typing import Annotated

import typer

from village_gov.cli.common import FormatOption, command_line, interactive, open_database


def import_roster(
    paths: Annotated[list[Path], typer.Argument(help="YAML files or folders of them.",
                                                show_default=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    prune: Annotated[bool, typer.Option(
        "--prune", help="Archive roster records absent from these files (kept, hidden).")] = False,
    fmt: FormatOption = "table",
) -> None:
    """Import roster YAML files or folders.

    Everything is validated first; nothing is written unless all of it is valid
    (errors are listed as file:line:column, exit 2). Importing the same files
    again changes nothing.
    """
    from village_gov.importer import import_paths
    from village_gov.render.imports import print_import_result

    db = open_database(create=True)
    with _progress() as progress:
        result = import_paths(db, paths, dry_run=dry_run, prune=prune, progress=progress,
                              command=command_line())
    print_import_result(result, fmt)


class _NoProgress:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _progress():
    """A rich progress bar on a terminal; nothing in scripts, pipes or CI."""
    if not interactive():
        return _NoProgress()
    from village_gov.render.progress import ImportProgress

    return ImportProgress()
