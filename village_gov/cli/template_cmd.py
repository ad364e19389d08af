"""``village-gov template``: the blank workbook a clerk fills in, one sheet per input section."""

from pathlib import Path
from typing import Annotated

import typer

from village_gov.cli.report_runner import write_atomically


def template(
    output: Annotated[Path, typer.Option("--output", "-o", help="The workbook to write (.xlsx).",
                                         show_default=False)],
    ledger: Annotated[str | None, typer.Option(
        "--ledger", metavar="LEDGER",
        help="Only this ledger's sheets: roster|procedures|consult|micros|development|cadre|all "
             "(default: all).")] = None,
) -> None:
    """Write a blank Excel workbook to fill in: one sheet per section of the import.

    Row 1 holds the column names, row 2 how to fill each column; choice and reference columns
    have drop-down lists, date columns are formatted as dates. A first sheet explains the file.
    An existing file of the same name is replaced.
    """
    from village_gov.render.template_xlsx import write_template
    from village_gov.reports.template import build_template

    built = build_template(ledger or "all")
    write_atomically(Path(output), lambda path: write_template(built, path))


__all__ = ["template"]
