"""``village-gov report party-life``: 三会一课 held against required, per party organization."""

from typing import Annotated

import typer

from village_gov.cli.common import open_database
from village_gov.cli.options import (
    LimitOption,
    ReportFormatOption,
    ReportOutputOption,
    StampOption,
    TownshipOption,
    VillageOption,
)
from village_gov.cli.report_runner import document_sheet, run_report


def party_life(
    quarter: Annotated[str, typer.Option("--quarter", metavar="YYYYQn", help="Quarter, e.g. 2026Q4.")],
    village: VillageOption = None,
    township: TownshipOption = None,
    require: Annotated[list[str] | None, typer.Option(
        "--require", metavar="KIND=month|quarter|year|none",
        help="Override how often a kind is required (repeatable), e.g. party_lecture=quarter.")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="YYYY-MM-DD",
        help="Judge the quarter on this day: only periods over by then are due "
             "(default: today; periods still running are not due yet).")] = None,
    fmt: ReportFormatOption = "table", limit: LimitOption = 100, output: ReportOutputOption = None,
    stamp: StampOption = False,
) -> None:
    """Party meetings per organization in a quarter: held vs required, attendance, shortfalls.

    Defaults: 支部党员大会 quarterly; 支委会, 党小组会, 主题党日 monthly; 党课 yearly (judged in Q4).
    """
    from village_gov.ledgers.procedures.party_life import DEFAULT_REQUIREMENTS, KIND_ALIASES
    from village_gov.ledgers.procedures.party_life import party_life as build
    from village_gov.ledgers.procedures.periods import parse_cadences, parse_date, quarter_period
    from village_gov.render.party_life import print_party_life

    period = quarter_period(quarter)
    requirements = parse_cadences(require, DEFAULT_REQUIREMENTS, KIND_ALIASES)
    db = open_database(township=township)
    report = build(db, period, requirements=requirements, village=village, township=township,
                   as_of=parse_date(as_of, "--as-of") if as_of else None)
    run_report(db, fmt, output, township=township, period=report["quarter"], stamp=stamp,
               sheet=document_sheet("party_life_sheet", report),
               show=lambda: print_party_life(report, fmt, limit=limit or None))
