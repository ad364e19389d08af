"""``village-gov import``: validate roster/ledger YAML and write it in one transaction."""

from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from village_gov.cli.common import command_line, interactive, open_database
from village_gov.cli.options import FormatOption, PlanOutputOption, PlanUnmaskOption


def import_roster(
    paths: Annotated[list[Path], typer.Argument(
        help="YAML files or folders of them; spreadsheets (.xlsx .xls .ods .csv).", show_default=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    prune: Annotated[bool, typer.Option(
        "--prune", help="Archive roster records absent from these files (kept, hidden).")] = False,
    yes: Annotated[bool, typer.Option(
        "--yes", "-y", help="With --prune: archive without asking, even when a section loses more than 10%.")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Read and compare the files even when they are unchanged since the last import.")] = False,
    section: Annotated[str | None, typer.Option(
        "--section", help="The section of the CSV files (else taken from their names).",
        show_default=False)] = None,
    fmt: FormatOption = "table",
    output: PlanOutputOption = None,
    unmask: PlanUnmaskOption = False,
) -> None:
    """Import ledger YAML files or folders, and spreadsheets.

    Everything is validated first; nothing is written unless all of it is valid
    (errors are listed as file:line:column, exit 2). Importing the same files
    again changes nothing; files unchanged since the last import, with nothing
    written since, are not even read (--force reads them).

    A workbook (.xlsx, .xls, .ods) is read one sheet per section, named as in the
    template; a CSV file holds one section, named by the file or --section.
    Errors name the cell: file.xlsx!sheet!C12.

    --prune that would archive more than a tenth of any section's records asks first
    on a terminal; in scripts it is refused (exit 2, nothing written) unless --yes.

    --dry-run writes nothing and shows the plan: each record to add, each field to
    change (field: before → after), each record missing (kept, or archived with
    --prune); --output plan.xlsx also writes it as a workbook to approve.
    """
    from village_gov.render.imports import print_import_result

    _check_plan_output(output, dry_run)
    # An existing database at this release's schema opens without sqlite_utils: files unchanged since
    # the last import are recognised before yaml, pydantic or the ledgers' models are loaded.
    db = open_database(create=True, read_only=not (dry_run or force))
    if not (dry_run or force):
        if _unchanged(db, paths, prune, fmt):
            return
        force = True  # checked just now: the import need not check again
    from village_gov.core.importer import import_paths
    from village_gov.store.db import writable

    db = writable(db)
    bar = _progress()
    with bar as progress:
        def ask(counts) -> bool:
            with bar.paused():
                return _ask_prune(counts)

        result = import_paths(db, paths, dry_run=dry_run, prune=prune, progress=progress,
                              command=command_line(), assume_yes=yes, confirm=ask if _can_ask() else None,
                              force=force, section=section)
    plans = _plan(db, result, output, unmask) if result.dry_run else None
    print_import_result(result, fmt, plans)


def _unchanged(db, paths, prune: bool, fmt: str) -> bool:
    """True (and said) when the files are those of the last import, with nothing written since."""
    from village_gov.core.import_files import read_sources, unchanged_result, unchanged_since_last_import
    from village_gov.render.imports import print_import_result

    found, _problems, sources = read_sources(paths)
    if sources and unchanged_since_last_import(db, sources, prune=prune):
        print_import_result(unchanged_result(found), fmt)
        return True
    return False


def _check_plan_output(output: Path | None, dry_run: bool) -> None:
    """``--output`` writes the plan of a dry run: without ``--dry-run`` it is a usage error (exit 2)."""
    if output is not None and not dry_run:
        from village_gov.core.i18n import t

        raise typer.BadParameter(t("import.plan_output_needs_dry_run"), param_hint="'--output'")


def _plan(db, result, output: Path | None, unmask: bool):
    """The dry run's plan; written to ``output`` as a workbook if asked; an unmasked plan is audited."""
    from village_gov.core.plan import build_plan

    plans = build_plan(result.sections, unmask=unmask)
    if output is not None:
        from village_gov.cli.report_runner import write_atomically
        from village_gov.render.plan_xlsx import write_plan

        write_atomically(output, lambda path: write_plan(plans, path))
    if unmask:
        from village_gov.trail import audit

        shown = sum(len(p.added) + len(p.changed) + len(p.missing) for p in plans)
        audit.record_unmask(db, command_line(), "import plan", shown)
    return plans


def _can_ask() -> bool:
    """A person at a terminal can answer a question (not a script, a pipe or CI)."""
    import os
    import sys

    return sys.stdin.isatty() and sys.stderr.isatty() and not os.environ.get("CI")


def _ask_prune(counts) -> bool:
    """Show what --prune would archive and ask (on stderr; no answer or anything but y means no)."""
    from village_gov.core.i18n import t
    from village_gov.core.importer import prune_counts_text

    typer.echo(t("import.prune_confirm_list", counts=prune_counts_text(counts)), err=True)
    return typer.confirm(t("import.prune_confirm"), default=False, err=True)


class _NoProgress:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False

    @contextmanager
    def paused(self):
        yield


def _progress():
    """A rich progress bar on a terminal; nothing in scripts, pipes or CI."""
    if not interactive():
        return _NoProgress()
    from village_gov.render.progress import ImportProgress

    return ImportProgress()
