"""``village-gov report monthly`` and ``report trend``: the consultation and request reports."""

from typing import Annotated

import typer

from village_gov.cli.common import open_database
from village_gov.cli.options import (
    OverdueOption,
    ReportFormatOption,
    ReportMonthOption,
    ScreenOutputOption,
    StampOption,
    TownshipOption,
    VillageOption,
)
from village_gov.cli.report_runner import document_sheet, run_report


def monthly(
    month: ReportMonthOption,
    township: TownshipOption = None, village: VillageOption = None, overdue_days: OverdueOption = 30,
    fmt: ReportFormatOption = "table", output: ScreenOutputOption = None, stamp: StampOption = False,
) -> None:
    """The monthly report: one row per village and the township total.

    With several townships in the database and no --township, each township is
    reported with its subtotal, then the overall total.
    """
    from village_gov.render.reports import print_monthly
    from village_gov.reports.monthly import MonthlyOptions, build_monthly, load_providers
    from village_gov.trail.chain import data_head

    db = open_database(read_only=True)
    report = build_monthly(db, month, township=township, village=village,
                           options=MonthlyOptions(overdue_days=overdue_days))
    report["audit_head"] = data_head(db)  # the chain's head: the county keeps it as an anchor
    providers = [(p.name, p.fields) for p in load_providers()]
    run_report(db, fmt, output, township=township, period=report["month"], stamp=stamp,
               sheet=document_sheet("monthly_sheet", report, [f for _, fields in providers for f in fields]),
               show_on=lambda out: print_monthly(report, providers, fmt, out))


def trend(
    start: Annotated[str, typer.Option("--from", metavar="YYYY-MM", help="First month YYYY-MM.", show_default=False)],
    end: Annotated[str, typer.Option("--to", metavar="YYYY-MM", help="Last month YYYY-MM.", show_default=False)],
    township: TownshipOption = None, village: VillageOption = None, overdue_days: OverdueOption = 30,
    fmt: ReportFormatOption = "table", output: ScreenOutputOption = None, stamp: StampOption = False,
) -> None:
    """The key figures month by month, with a small sparkline per figure."""
    from village_gov.render.reports import print_trend
    from village_gov.reports.trend import TREND_FIELDS, build_trend

    db = open_database()
    result = build_trend(db, start, end, township=township, village=village, overdue_days=overdue_days)
    run_report(db, fmt, output, place=result["scope"]["name"], period=f"{result['from']}–{result['to']}",
               stamp=stamp, sheet=document_sheet("trend_sheet", result, TREND_FIELDS),
               show_on=lambda out: print_trend(result, TREND_FIELDS, fmt, out))
