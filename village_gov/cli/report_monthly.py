"""``village-gov report monthly`` and ``report trend``: the consultation and request reports."""

from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from village_gov.cli.common import open_database
from village_gov.cli.export_cmd import FILE_FORMATS, ReportFormatOption, StampOption, file_output
from village_gov.cli.report import app

OutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write to this file instead of the screen.")]
TownshipOption = Annotated[str | None, typer.Option("--township", help="Only this township.")]
VillageOption = Annotated[str | None, typer.Option("--village", help="Only this village.")]
OverdueOption = Annotated[int, typer.Option("--overdue-days", min=0,
                                            help="An open request is overdue after this many days.")]


@contextmanager
def _destination(output: Path | None):
    """stdout, or the file (written whole at the end, so a failed report leaves no half file)."""
    if output is None:
        import sys

        yield sys.stdout
        return
    import io

    from village_gov.core.atomic import write_text_atomically
    from village_gov.core.i18n import t

    buffer = io.StringIO()
    yield buffer
    write_text_atomically(output, buffer.getvalue())

    typer.echo(t("report.written", path=str(output)), err=True)


@app.command("monthly")
def monthly(
    month: Annotated[str, typer.Option("--month", metavar="YYYY-MM", help="The month YYYY-MM.", show_default=False)],
    township: TownshipOption = None, village: VillageOption = None, overdue_days: OverdueOption = 30,
    fmt: ReportFormatOption = "table", output: OutputOption = None, stamp: StampOption = False,
) -> None:
    """The monthly report: one row per village and the township total.

    With several townships in the database and no --township, each township is
    reported with its subtotal, then the overall total.
    """
    from village_gov.render.reports import print_monthly
    from village_gov.reports.monthly import MonthlyOptions, build_monthly, load_providers

    db = open_database()
    report = build_monthly(db, month, township=township, village=village,
                           options=MonthlyOptions(overdue_days=overdue_days))
    from village_gov.trail.chain import data_head

    report["audit_head"] = data_head(db)  # the chain's head: the county keeps it as an anchor
    providers = [(p.name, p.fields) for p in load_providers()]
    if fmt in FILE_FORMATS:
        from village_gov.cli.export_cmd import township_name
        from village_gov.render.document import monthly_sheet

        sheet = monthly_sheet(report, [f for _, fields in providers for f in fields])
        file_output(db, fmt, output, [sheet], township=township_name(db, township), period=report["month"],
                    stamp=stamp)
        return
    with _destination(output) as out:
        print_monthly(report, providers, fmt, out)


@app.command("trend")
def trend(
    start: Annotated[str, typer.Option("--from", metavar="YYYY-MM", help="First month YYYY-MM.", show_default=False)],
    end: Annotated[str, typer.Option("--to", metavar="YYYY-MM", help="Last month YYYY-MM.", show_default=False)],
    township: TownshipOption = None, village: VillageOption = None, overdue_days: OverdueOption = 30,
    fmt: ReportFormatOption = "table", output: OutputOption = None, stamp: StampOption = False,
) -> None:
    """The key figures month by month, with a small sparkline per figure."""
    from village_gov.render.reports import print_trend
    from village_gov.reports.trend import TREND_FIELDS, build_trend

    db = open_database()
    result = build_trend(db, start, end, township=township, village=village, overdue_days=overdue_days)
    if fmt in FILE_FORMATS:
        from village_gov.render.document import trend_sheet

        file_output(db, fmt, output, [trend_sheet(result, TREND_FIELDS)], township=result["scope"]["name"],
                    period=f"{result['from']}–{result['to']}", stamp=stamp)
        return
    with _destination(output) as out:
        print_trend(result, TREND_FIELDS, fmt, out)
