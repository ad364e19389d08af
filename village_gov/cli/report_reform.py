"""``village-gov report reform``: the two-reforms table (两项改革), before → after."""

from typing import Annotated

import typer

from village_gov.cli.common import open_database
from village_gov.cli.options import ReportFormatOption, ReportOutputOption, StampOption
from village_gov.cli.report_runner import document_sheet, run_report


def reform(
    township: Annotated[str | None, typer.Option(
        "--township", help="Only this township (after) and the old villages merged into it.")] = None,
    fmt: ReportFormatOption = "table", output: ReportOutputOption = None, stamp: StampOption = False,
) -> None:
    """The two-reforms table: townships, villages and party organizations before → after.

    Change in percent to one decimal; averages per current 建制村; the merge map of old villages into
    current ones. JSON keys: townships, villages, village_party_orgs, avg_population, avg_area_km2
    (each {before, after, change_pct}), township_kinds_after, group_party_orgs, group_coverage_pct, merges.
    """
    from village_gov.render.reform import print_reform
    from village_gov.reports.reform import has_reform_data, reform_table, reform_title

    db = open_database()
    data = reform_table(db, township)
    title = reform_title(db)
    run_report(db, fmt, output, township=township, period=title or "", stamp=stamp,
               sheet=document_sheet("reform_sheet", data, title),
               show=lambda: print_reform(data, fmt, title=title, has_data=has_reform_data(db)))
