"""``village-gov report cadres``: the cadre ledger per village and for the township on a day."""



from village_gov.cli.common import open_database
from village_gov.cli.options import (
    ReportDateOption,
    ReportFormatOption,
    ReportOutputOption,
    StampOption,
    TownshipOption,
)
from village_gov.cli.report_runner import run_report


def report_cadres(
    as_of: ReportDateOption = None,
    township: TownshipOption = None,
    fmt: ReportFormatOption = "table", output: ReportOutputOption = None, stamp: StampOption = False,
) -> None:
    """Village cadres per village and township: link leaders and visits, mentors, reserves, last
    rating, 整改 items, supervision, work reports.
    """
    import datetime as dt

    from village_gov.core.clock import today
    from village_gov.core.periods import parse_as_of
    from village_gov.ledgers.cadres.report import cadres_report
    from village_gov.render.cadres import cadres_sheet, print_cadres_report

    day = dt.date.fromisoformat(parse_as_of(as_of) or today().isoformat())
    db = open_database(township=township)
    report = cadres_report(db, day, township=township)
    run_report(db, fmt, output, township=township, period=report["as_of"], stamp=stamp,
               sheet=lambda: cadres_sheet(report), show=lambda: print_cadres_report(report, fmt))
