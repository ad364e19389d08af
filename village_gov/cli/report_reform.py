"""``village-gov report reform``: the two-reforms table (两项改革), before → after."""

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
    township_name,
)
from village_gov.cli.report import app


@app.command("reform")
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
    from village_gov.reports.reform import has_reform_data, reform_table, reform_titles

    db = open_database()
    data = reform_table(db, township)
    titles = reform_titles(db)
    title = "；".join(f"{name}（{effective}）" if effective else name for name, effective in titles) or None
    if fmt in FILE_FORMATS:
        from village_gov.render.document import reform_sheet

        file_output(db, fmt, output, [reform_sheet(data, title)], township=township_name(db, township),
                    period=title or "", stamp=stamp)
        return
    with text_output(output):
        print_reform(data, fmt, title=title, has_data=has_reform_data(db))
