"""``village-gov report development``: the party-member development pipeline of a year, per village."""

from typing import Annotated

import typer

from village_gov.cli.common import open_database
from village_gov.cli.options import ReportFormatOption, ReportOutputOption, StampOption, TownshipOption
from village_gov.cli.report_runner import run_report


def report_development(
    year: Annotated[int, typer.Option("--year", min=1949, max=9999, metavar="YYYY", help="The year reported.")],
    township: TownshipOption = None,
    fmt: ReportFormatOption = "table", output: ReportOutputOption = None, stamp: StampOption = False,
) -> None:
    """Party-member development per village and township at the year's end: applicants, activists,
    targets, probationary members; the year's admissions, conversions and stops; sources and shares."""
    from village_gov.ledgers.development.report import development_report
    from village_gov.render.development import print_development_report

    db = open_database(township=township, read_only=True)
    report = development_report(db, year, township=township)

    def sheet():
        from village_gov.render.development import development_sheet

        return development_sheet(report)

    run_report(db, fmt, output, township=township, period=str(year), stamp=stamp, sheet=sheet,
               show=lambda: print_development_report(report, fmt))
