"""``village-gov position|organization|service|activity``: the four micros' lists and the two log commands."""

from functools import partial
from typing import Annotated

import typer

from village_gov.cli.common import command_line, open_database
from village_gov.cli.corrections import with_voided
from village_gov.cli.lists import page
from village_gov.cli.options import (
    ArchivedOption,
    CountyTownshipOption,
    FormatOption,
    FromDateOption,
    IncludeVoidOption,
    LimitOption,
    LogDateOption,
    PositionOption,
    ToDateOption,
    VillageCodeOption,
    VillageOption,
)

position_app = typer.Typer(help="Positions (主阵地 and 微阵地): list.", no_args_is_help=True)
organization_app = typer.Typer(help="Micro-organizations: list.", no_args_is_help=True)
service_app = typer.Typer(help="Micro-services: log and list.", no_args_is_help=True)
activity_app = typer.Typer(help="Micro-activities: log and list.", no_args_is_help=True)


def _emit(columns, rows, fmt: str, limit: int) -> None:
    from village_gov.render.output import print_rows

    print_rows(columns, rows, fmt, limit=limit or None, total=getattr(rows, "total", None))


def _dates(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    from village_gov.core.periods import parse_as_of

    return parse_as_of(since, "--from"), parse_as_of(until, "--to")


@position_app.command("list")
def position_list(village: VillageOption = None, township: CountyTownshipOption = None, fmt: FormatOption = "table",
                  limit: LimitOption = 100, archived: ArchivedOption = False,
                  include_void: IncludeVoidOption = False) -> None:
    """List the village main positions and group micro-positions."""
    from village_gov.ledgers.micros.queries import list_positions

    db = open_database(township=township, village=village)
    query = partial(list_positions, db, village=village, township=township, archived=archived)
    columns, rows = query(page=page(fmt, limit))
    columns, rows = with_voided(db, columns, rows, "positions", include_void, lambda: query()[1])
    _emit(columns, rows, fmt, limit)


@organization_app.command("list")
def organization_list(village: VillageOption = None, township: CountyTownshipOption = None, fmt: FormatOption = "table",
                      limit: LimitOption = 100, archived: ArchivedOption = False,
                      include_void: IncludeVoidOption = False) -> None:
    """List micro-organizations with their type, category, leader and head count."""
    from village_gov.ledgers.micros.queries import list_organizations

    db = open_database(township=township, village=village)
    query = partial(list_organizations, db, village=village, township=township, archived=archived)
    columns, rows = query(page=page(fmt, limit))
    columns, rows = with_voided(db, columns, rows, "organizations", include_void, lambda: query()[1])
    _emit(columns, rows, fmt, limit)


@service_app.command("list")
def service_list(village: VillageOption = None, township: CountyTownshipOption = None, since: FromDateOption = None,
                 until: ToDateOption = None, fmt: FormatOption = "table", limit: LimitOption = 100,
                 archived: ArchivedOption = False, include_void: IncludeVoidOption = False) -> None:
    """List micro-services, oldest first."""
    from village_gov.ledgers.micros.queries import list_services

    since, until = _dates(since, until)
    db = open_database(township=township, village=village)
    query = partial(list_services, db, village=village, township=township, since=since, until=until,
                    archived=archived)
    columns, rows = query(page=page(fmt, limit))
    columns, rows = with_voided(db, columns, rows, "services", include_void, lambda: query()[1])
    _emit(columns, rows, fmt, limit)


@activity_app.command("list")
def activity_list(village: VillageOption = None, township: CountyTownshipOption = None, since: FromDateOption = None,
                  until: ToDateOption = None, fmt: FormatOption = "table", limit: LimitOption = 100,
                  archived: ArchivedOption = False, include_void: IncludeVoidOption = False) -> None:
    """List micro-activities, oldest first."""
    from village_gov.ledgers.micros.queries import list_activities

    since, until = _dates(since, until)
    db = open_database(township=township, village=village)
    query = partial(list_activities, db, village=village, township=township, since=since, until=until,
                    archived=archived)
    columns, rows = query(page=page(fmt, limit))
    columns, rows = with_voided(db, columns, rows, "activities", include_void, lambda: query()[1])
    _emit(columns, rows, fmt, limit)


@service_app.command("log")
def service_log(
    village: VillageCodeOption,
    kind: Annotated[
        str,
        typer.Option("--kind", help="代办服务|志愿服务|帮扶|调解|其他 (errand|volunteer|assistance|mediation|other)."),
    ],
    provider: Annotated[str, typer.Option("--provider", help="Member code or organization code.")],
    date: LogDateOption = None,
    household: Annotated[str | None, typer.Option("--household", help="Household served.")] = None,
    hours: Annotated[float | None, typer.Option("--hours", help="Hours spent (≥ 0).")] = None,
    content: Annotated[str | None, typer.Option("--content", help="What was done.")] = None,
    position: PositionOption = None,
) -> None:
    """Log one micro-service; prints its new code (S-<village>-<yyyymmdd>-<n>).

    Unknown codes, a date in the future or negative hours are refused (exit 2) and nothing is written.
    """
    from village_gov.ledgers.micros.ledger import log_record

    code = log_record(open_database(), "services", {
        "village": village, "date": date, "kind": kind, "provider": provider, "household": household,
        "hours": hours, "content": content, "position": position}, command=command_line())
    typer.echo(code)


@activity_app.command("log")
def activity_log(
    village: VillageCodeOption,
    kind: Annotated[str, typer.Option("--kind", help="Kind: 文体活动|百家讲堂|评选表彰|环境整治|节庆|志愿活动|其他.")],
    title: Annotated[str, typer.Option("--title", help="Title.")],
    participants: Annotated[int, typer.Option("--participants", help="Number of participants (≥ 0).")],
    date: LogDateOption = None,
    organizer: Annotated[str | None, typer.Option("--organizer", help="Organization or member code.")] = None,
    position: PositionOption = None,
) -> None:
    """Log one micro-activity; prints its new code (A-<village>-<yyyymmdd>-<n>).

    Unknown codes, a date in the future or a negative count are refused (exit 2) and nothing is written.
    """
    from village_gov.ledgers.micros.ledger import log_record

    code = log_record(open_database(), "activities", {
        "village": village, "date": date, "kind": kind, "title": title, "organizer": organizer,
        "position": position, "participants": participants}, command=command_line())
    typer.echo(code)
