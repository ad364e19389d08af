"""``village-gov export`` and ``village-gov notice``: the month's reports in one file, a village's notice."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Literal

import typer

from village_gov.cli.common import db_path, open_database
from village_gov.cli.options import ReportMonthOption, StampOption, TownshipOption
from village_gov.cli.report_runner import make_document, township_name, write_atomically, write_file


def export(
    month: ReportMonthOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write (.xlsx or .html).",
                                         show_default=False)],
    fmt: Annotated[Literal["xlsx", "html"] | None, typer.Option(
        "--format", "-f", help="xlsx or html (default: from the file name).")] = None,
    township: TownshipOption = None,
    overdue_days: Annotated[int, typer.Option("--overdue-days", min=0, help="Open requests overdue after.")] = 30,
    findings_per_rule: Annotated[int, typer.Option(
        "--findings-per-rule", min=0, metavar="N",
        help="Check sheet: list the first N findings of each rule (0: all).")] = 1000,  # gather.FINDINGS_PER_RULE
    stamp: StampOption = False,
) -> None:
    """The month's reports in one workbook or one printable HTML file.

    Sheets: monthly; trend (the 12 months ending at --month, with charts); micros as of the month's end;
    party-life for the month's quarter; reform (when the database has reform data); check findings
    judged at the month's end, every rule counted, its first N findings listed (all: check --format csv).
    The same data gives the same bytes unless --stamp.
    """
    from village_gov.core.errors import InputError
    from village_gov.core.i18n import t
    from village_gov.render import document as doc
    from village_gov.render.check_sheet import check_sheet
    from village_gov.reports.exports.gather import export_reports, monthly_fields
    from village_gov.reports.trend import TREND_FIELDS

    by_suffix: dict[str, Literal["xlsx", "html"]] = {".xlsx": "xlsx", ".html": "html", ".htm": "html"}
    fmt = fmt or by_suffix.get(Path(output).suffix.lower())
    if fmt is None:
        raise InputError("export.bad_format", path=str(output))
    db = open_database()
    # What the reports read and the writers build is freed by reference counting as it goes; the cyclic
    # collector would only walk the live objects again and again (a tenth of the time at 300,000 households).
    with paused_gc():
        data = export_reports(db, month, township=township, overdue_days=overdue_days,
                              findings_per_rule=findings_per_rule)
        reports = data.reports
        sheets = [doc.monthly_sheet(reports["monthly"], monthly_fields()),
                  doc.trend_sheet(reports["trend"], TREND_FIELDS)]
        # Each ledger's sheets (micros, party-life, reform …), in the order the ledgers give them.
        sheets += [report.load_sheet()(part.report, *part.sheet_args) for report, part in data.ledger_parts]
        sheets.append(check_sheet(reports["check"], data.as_of))
        name = township_name(db, township)
        document = make_document(db, sheets, title=t("export.title", township=name, month=data.month),
                                 township=name, period=data.month, stamp=stamp)
        write_file(document, fmt, output)


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector off for the block (on again after it, if it was on)."""
    import gc

    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def notice(
    village: Annotated[str, typer.Option("--village", help="The village's code.", show_default=False)],
    month: ReportMonthOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.",
                                         show_default=False)],
    stamp: StampOption = False,
) -> None:
    """The village's public notice for a month, as one printable HTML file.

    Consultations held, requests raised/answered/resolved, the texts of requests marked public,
    decisions and their stage, disclosures. Never a phone or ID number (however written), a
    person's name, or the text of a request not marked public.
    """
    from village_gov.render.html import write_notice
    from village_gov.reports.exports.gather import last_change, now_stamp
    from village_gov.reports.exports.notice import build_notice

    db = open_database()
    data = build_notice(db, village, month)
    data["last_change"] = last_change(db, db_path())
    data["generated"] = now_stamp() if stamp else None
    write_atomically(Path(output), lambda path: write_notice(data, path))


__all__ = ["export", "notice"]
