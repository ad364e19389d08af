"""``village-gov report micros``: positions, "1+N" coverage, organizations, and 12 months of services
and activities, per village and for the township.
"""



from village_gov.cli.common import open_database
from village_gov.cli.options import (
    ReportDateOption,
    ReportFormatOption,
    ReportOutputOption,
    StampOption,
    TownshipOption,
)
from village_gov.cli.report_runner import document_sheet, run_report


def report_micros(
    as_of: ReportDateOption = None,
    township: TownshipOption = None,
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
    run_report(db, fmt, output, place=report["township"]["name"] if report.get("township") else "",
               period=report["as_of"], stamp=stamp, sheet=document_sheet("micros_sheet", report),
               show=lambda: print_micros_report(report, fmt))
