"""``village-gov report micros``: positions, "1+N" coverage, organizations, and 12 months of services
and activities, per village and for the township.

Importing this module also registers the micros' figures with the monthly report.
"""

from typing import Annotated

import typer

from village_gov.cli.common import open_database
from village_gov.cli.export_cmd import (
    FILE_FORMATS,
    ReportFormatOption,
    ReportOutputOption,
    StampOption,
    file_output,
    text_output,
)
from village_gov.cli.report import app


@app.command("micros")
def report_micros(
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="DATE",
                                                 help="Report date (default today).")] = None,
    township: Annotated[str | None, typer.Option("--township", help="Only this township.")] = None,
    fmt: ReportFormatOption = "table", output: ReportOutputOption = None, stamp: StampOption = False,
) -> None:
    """The four micros per village and township: positions, 1+N coverage, organizations,
    self-governance organizations present/missing, services and activities in the last 12 months.
    """
    import datetime as dt

    from village_gov.core.periods import parse_as_of
    from village_gov.ledgers.micros.reports import micros_report
    from village_gov.ledgers.micros.rules import today
    from village_gov.render.micros import print_micros_report

    day = dt.date.fromisoformat(parse_as_of(as_of) or today().isoformat())
    db = open_database(township=township)
    report = micros_report(db, day, township=township)
    if fmt in FILE_FORMATS:
        from village_gov.render.document import micros_sheet

        file_output(db, fmt, output, [micros_sheet(report)], township=report["township"]["name"]
                    if report.get("township") else "", period=report["as_of"], stamp=stamp)
        return
    with text_output(output):
        print_micros_report(report, fmt)
