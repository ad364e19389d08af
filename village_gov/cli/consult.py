"""``village-gov consult``: log a consultation (协商议事), list and show them."""

from typing import Annotated

import typer

from village_gov.cli.common import command_line, open_database
from village_gov.cli.options import (
    FormatOption,
    IncludeVoidOption,
    LimitOption,
    TownshipOption,
    VillageCodeOption,
    VillageOption,
)

app = typer.Typer(help="Consultations: log, list, show.", no_args_is_help=True)


@app.command("log")
def consult_log(
    village: VillageCodeOption,
    date: Annotated[str, typer.Option("--date", help="Date YYYY-MM-DD.", show_default=False)],
    format: Annotated[
        str,
        typer.Option(
            "--format",
            help="Format: 书记坝坝会 书记龙门阵 村民说事 民情恳谈 百姓议事 有事来协商 其他 (or English aliases).",
            show_default=False,
        ),
    ],
    attendees: Annotated[int, typer.Option("--attendees", help="Number of people present.", show_default=False)],
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Topic category (repeatable).")] = None,
    host: Annotated[str | None, typer.Option("--host", help="Member code of the host.")] = None,
    position: Annotated[str | None, typer.Option("--position", help="Micro-position code.")] = None,
    summary: Annotated[str | None, typer.Option("--summary", help="Summary.")] = None,
    again: Annotated[
        bool, typer.Option("--again", help="Log it although this village already has one of this format on this date.")
    ] = False,
) -> None:
    """Log a consultation and print its new code (e.g. C-V01-20261008-1).

    A second consultation of the same village, date and format is refused (exit 2,
    naming the one already logged) unless --again says it is another meeting.
    """
    from village_gov.ledgers.consult.ledger import log_consultation

    code = log_consultation(open_database(), village=village, date=date, format=format, attendees=attendees,
                            topics=topic, host=host, position=position, summary=summary,
                            command=command_line(), again=again)
    typer.echo(code)


@app.command("list")
def consult_list(
    village: VillageOption = None,
    township: TownshipOption = None,
    month: Annotated[str | None, typer.Option("--month", metavar="YYYY-MM", help="Only this month YYYY-MM.")] = None,
    fmt: FormatOption = "table", limit: LimitOption = 100, include_void: IncludeVoidOption = False,
) -> None:
    """List consultations, newest first, with their request counts."""
    from village_gov.cli.lists import emit, page
    from village_gov.ledgers.consult.ledger import list_consultations
    from village_gov.reports.monthly import parse_month

    if month:
        month = parse_month(month).label
    from village_gov.cli.corrections import with_voided

    db = open_database(township=township, village=village)
    columns, rows = list_consultations(db, village=village, month=month, township=township, page=page(fmt, limit))
    columns, rows = with_voided(db, columns, rows, "consultations", include_void,
                                lambda: list_consultations(db, village=village, month=month, township=township)[1])
    emit(columns, rows, fmt, limit)


@app.command("show")
def consult_show(code: str, fmt: FormatOption = "table") -> None:
    """Show one consultation and the requests raised at it."""
    from village_gov.ledgers.consult.ledger import show_consultation
    from village_gov.render.consult import print_with_rows

    print_with_rows(show_consultation(open_database(), code), "requests", fmt)
