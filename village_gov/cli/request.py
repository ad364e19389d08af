"""``village-gov request``: add, update, list and show villagers' requests (诉求)."""

from typing import Annotated

import typer

from village_gov.cli.common import command_line, open_database
from village_gov.cli.options import FormatOption, IncludeVoidOption, LimitOption, TownshipOption, VillageOption

app = typer.Typer(help="Requests: add, update, list, show.", no_args_is_help=True)


@app.command("add")
def request_add(
    content: Annotated[str, typer.Option("--content", help="What was asked.", show_default=False)],
    consultation: Annotated[str | None, typer.Option("--consultation", help="Raised at this consultation.")] = None,
    village: Annotated[str | None, typer.Option("--village", help="Village (outside a meeting).")] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Raised on YYYY-MM-DD (default: the consultation's date).")
    ] = None,
    household: Annotated[str | None, typer.Option("--household", help="Household code.")] = None,
    category: Annotated[
        str | None, typer.Option("--category", help="Category: 干部作风 民生实事 环境治理 产业发展 矛盾纠纷 其他.")
    ] = None,
    on_spot: Annotated[
        bool, typer.Option("--on-spot", help="Answered and resolved on the spot (needs --response).")
    ] = False,
    response: Annotated[str | None, typer.Option("--response", help="The answer given.")] = None,
    public: Annotated[bool, typer.Option("--public", help="The text may appear on a public notice.")] = False,
) -> None:
    """Add a request (at a consultation, or with --village and --date) and print its code."""
    from village_gov.ledgers.consult.ledger import add_request

    code = add_request(open_database(), content=content, consultation=consultation, village=village, date=date,
                       household=household, category=category, on_spot=on_spot, response=response, public=public,
                       command=command_line())
    typer.echo(code)


@app.command("update")
def request_update(
    code: Annotated[str, typer.Argument(help="Request code.", show_default=False)],
    status: Annotated[
        str,
        typer.Option(
            "--status", help="待办|办理中|已办结|已转办 (open|in_progress|resolved|referred).", show_default=False
        ),
    ],
    response: Annotated[str | None, typer.Option("--response", help="Answer or progress note.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Date of the change (default today).")] = None,
    to: Annotated[str | None, typer.Option("--to", help="Where a referred request goes.")] = None,
) -> None:
    """Move a request along its lifecycle; every change is kept in its history."""
    from village_gov.core.i18n import t
    from village_gov.ledgers.consult.ledger import update_request

    change = update_request(open_database(), code, status=status, response=response, date=date, referred_to=to,
                            command=command_line())
    typer.echo(t("consult.req_updated", **change))


@app.command("list")
def request_list(
    village: VillageOption = None,
    township: TownshipOption = None,
    status: Annotated[str | None, typer.Option("--status", help="Only this status.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only open requests older than --overdue-days.")] = False,
    overdue_days: Annotated[
        int, typer.Option("--overdue-days", min=0, help="Days after which an open request is overdue.")
    ] = 30,
    fmt: FormatOption = "table",
    limit: LimitOption = 100,
    include_void: IncludeVoidOption = False,
) -> None:
    """List requests, oldest first, with the days open requests have waited."""
    from functools import partial

    from village_gov.cli.corrections import with_voided
    from village_gov.cli.lists import emit, page
    from village_gov.ledgers.consult.ledger import list_requests

    db = open_database(township=township, village=village)
    query = partial(list_requests, db, village=village, township=township, status=status, overdue=overdue,
                    overdue_days=overdue_days)
    columns, rows = query(page=page(fmt, limit))
    columns, rows = with_voided(db, columns, rows, "requests", include_void, lambda: query()[1])
    emit(columns, rows, fmt, limit)


@app.command("show")
def request_show(code: str, fmt: FormatOption = "table") -> None:
    """Show one request and its history."""
    from village_gov.ledgers.consult.ledger import show_request
    from village_gov.render.consult import print_with_rows

    print_with_rows(show_request(open_database(), code), "history", fmt)
