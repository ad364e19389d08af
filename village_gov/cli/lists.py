"""``village|group|member|household list`` and ``… show CODE``."""

from functools import partial
from typing import Annotated

import typer

from village_gov.cli.common import command_line, open_database
from village_gov.cli.corrections import with_voided
from village_gov.cli.options import (
    ArchivedOption,
    CountyTownshipOption,
    FormatOption,
    IncludeVoidOption,
    LimitOption,
    OrgOption,
    TownshipOption,
    UnmaskOption,
    VillageOption,
)


def page(fmt: str, limit: int) -> int | None:
    """How many rows to fetch: a table shows ``--limit`` rows (0: all); the other formats print all."""
    return limit or None if fmt == "table" else None


def emit(columns, rows, fmt: str, limit: int, unmask: bool = False) -> None:
    """Mask personal fields (unless asked not to) and print the rows; an unmasked listing is audited.

    ``rows`` fetched as a page (:func:`page`) carry the count of the whole list in ``total``."""
    from village_gov.core.privacy import mask_row
    from village_gov.render.output import print_rows

    if unmask:
        record_unmask("list")
    print_rows(
        columns, (mask_row(r, unmask) for r in rows), fmt, limit=limit or None, total=getattr(rows, "total", None)
    )


def show(kind: str, code: str, fmt: str, unmask: bool = False) -> None:
    from village_gov.core.privacy import mask_row
    from village_gov.ledgers.roster.queries import show_record
    from village_gov.render.output import print_record

    record = show_record(open_database(), kind, code)
    if unmask:
        record_unmask(f"{kind}:{code}")
    print_record(mask_row(record, unmask), fmt)


def record_unmask(what: str) -> None:
    """Personal data are about to be shown in full: say so in the audit trail first."""
    from village_gov.trail import audit

    audit.record_unmask(open_database(), command_line(), what)


village_app = typer.Typer(help="Villages: list and show.", no_args_is_help=True)
group_app = typer.Typer(help="Villager groups: list and show.", no_args_is_help=True)
member_app = typer.Typer(help="Party members: list and show.", no_args_is_help=True)
household_app = typer.Typer(help="Households: list and show.", no_args_is_help=True)


@village_app.command("list")
def village_list(
    township: TownshipOption = None,
    fmt: FormatOption = "table", limit: LimitOption = 100, archived: ArchivedOption = False,
    include_void: IncludeVoidOption = False,
) -> None:
    """List villages with their groups and households."""
    from village_gov.ledgers.roster.queries import list_villages

    db = open_database(township=township)
    columns, rows = list_villages(db, township=township, archived=archived, page=page(fmt, limit))
    columns, rows = with_voided(db, columns, rows, "villages", include_void,
                                lambda: list_villages(db, township=township, archived=archived)[1])
    emit(columns, rows, fmt, limit)


@village_app.command("show")
def village_show(code: str, fmt: FormatOption = "table") -> None:
    """Show one village with its groups and cadres."""
    if fmt not in ("table", "markdown"):
        show("village", code, fmt)
        return
    from village_gov.core.i18n import label
    from village_gov.ledgers.roster.queries import CADRE_COLUMNS, cadre_rows, show_record
    from village_gov.render.output import print_record, print_rows

    # On screen the cadres are a table of their own (name, posts, 一肩挑) below the village's fields.
    record = show_record(open_database(), "village", code)
    cadres = record.pop("cadres", [])
    print_record(record, fmt)
    if cadres:
        if fmt == "table":
            typer.echo("")
        print_rows(CADRE_COLUMNS, cadre_rows(cadres), fmt, title=label("label.list_cadres", "cadres"), limit=None)


@group_app.command("list")
def group_list(
    village: VillageOption = None,
    township: CountyTownshipOption = None,
    fmt: FormatOption = "table",
    limit: LimitOption = 100,
    archived: ArchivedOption = False,
    include_void: IncludeVoidOption = False,
) -> None:
    """List villager groups with their party organization and households."""
    from village_gov.ledgers.roster.queries import list_groups

    db = open_database(township=township, village=village)
    query = partial(list_groups, db, village=village, township=township, archived=archived)
    columns, rows = query(page=page(fmt, limit))
    columns, rows = with_voided(db, columns, rows, "groups", include_void, lambda: query()[1])
    emit(columns, rows, fmt, limit)


@group_app.command("show")
def group_show(code: str, fmt: FormatOption = "table") -> None:
    """Show one villager group."""
    show("group", code, fmt)


@member_app.command("list")
def member_list(village: VillageOption = None, org: OrgOption = None, township: CountyTownshipOption = None,
                fmt: FormatOption = "table",
                limit: LimitOption = 100, unmask: UnmaskOption = False, archived: ArchivedOption = False,
                include_void: IncludeVoidOption = False) -> None:
    """List party members; phone and ID numbers are masked."""
    from village_gov.ledgers.roster.queries import list_members

    db = open_database(township=township, village=village, org=org)
    query = partial(list_members, db, village=village, org=org, township=township, archived=archived)
    columns, rows = query(page=page(fmt, limit))
    columns, rows = with_voided(db, columns, rows, "members", include_void, lambda: query()[1])
    emit(columns, rows, fmt, limit, unmask)


@member_app.command("show")
def member_show(code: str, fmt: FormatOption = "table", unmask: UnmaskOption = False) -> None:
    """Show one party member and the households they liaise with."""
    show("member", code, fmt, unmask)


@household_app.command("list")
def household_list(village: VillageOption = None, org: OrgOption = None, township: CountyTownshipOption = None,
                   group: Annotated[str | None, typer.Option("--group", help="Only this villager group.")] = None,
                   fmt: FormatOption = "table", limit: LimitOption = 100, unmask: UnmaskOption = False,
                   archived: ArchivedOption = False, include_void: IncludeVoidOption = False) -> None:
    """List households and their liaising members; phones are masked."""
    from village_gov.ledgers.roster.queries import list_households

    db = open_database(township=township, village=village, group=group, org=org, read_only=True)
    query = partial(list_households, db, village=village, group=group, org=org, township=township,
                    archived=archived)
    columns, rows = query(page=page(fmt, limit))
    columns, rows = with_voided(db, columns, rows, "households", include_void, lambda: query()[1])
    emit(columns, rows, fmt, limit, unmask)


@household_app.command("show")
def household_show(code: str, fmt: FormatOption = "table", unmask: UnmaskOption = False) -> None:
    """Show one household and its liaising members."""
    show("household", code, fmt, unmask)
