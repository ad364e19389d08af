"""``village-gov org``: the organization tree, and the list of party organizations."""

from typing import Annotated, Literal

import typer

from village_gov.cli.common import open_database
from village_gov.cli.options import (
    ArchivedOption,
    FormatOption,
    IncludeVoidOption,
    LimitOption,
    TownshipOption,
    VillageOption,
)

app = typer.Typer(help="Party organizations: tree, list, show.",
                  no_args_is_help=True)


@app.command("tree")
def tree(
    village: VillageOption = None,
    township: TownshipOption = None,
    households: Annotated[bool, typer.Option("--households", help="Show each member's liaison households.")] = False,
    positions: Annotated[
        bool,
        typer.Option(
            "--positions", help="Show the main position of each village and the micro-position of each group."
        ),
    ] = False,
    fmt: Annotated[
        Literal["table", "json"], typer.Option("--format", "-f", help="table (a tree) or json (nested).")
    ] = "table",
) -> None:
    """The tree: township → village party organization → group branch → members → households."""
    from village_gov.ledgers.roster.hierarchy import build_tree

    roots = build_tree(
        open_database(township=township, village=village, read_only=True),
        village=village,
        township=township,
        households=households,
        positions=positions,
    )
    if fmt == "json":
        from village_gov.render.output import print_json

        print_json(roots)
        return
    if not roots:
        from village_gov.core.i18n import t

        # An empty tree would print nothing at all: say why (on stderr), still exit 0.
        typer.echo(t("report.no_township"), err=True)
        return
    from village_gov.render.tree import print_tree

    print_tree(roots)


@app.command("list")
def org_list(
    village: VillageOption = None,
    township: TownshipOption = None,
    fmt: FormatOption = "table", limit: LimitOption = 100, archived: ArchivedOption = False,
    include_void: IncludeVoidOption = False,
) -> None:
    """List party organizations with their member counts."""
    from functools import partial

    from village_gov.cli.corrections import with_voided
    from village_gov.cli.lists import emit, page
    from village_gov.ledgers.roster.queries import list_orgs

    db = open_database(township=township, village=village)
    query = partial(list_orgs, db, village=village, township=township, archived=archived)
    columns, rows = query(page=page(fmt, limit))
    columns, rows = with_voided(db, columns, rows, "party_orgs", include_void, lambda: query()[1])
    emit(columns, rows, fmt, limit)


@app.command("show")
def org_show(code: str, fmt: FormatOption = "table") -> None:
    """Show one party organization with its members and sub-organizations."""
    from village_gov.cli.lists import show

    show("org", code, fmt)
