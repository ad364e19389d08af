"""``village-gov decision``: 四议两公开一监督 decisions, step by step."""

from typing import Annotated

import typer

from village_gov.cli.common import command_line, open_database
from village_gov.cli.lists import page
from village_gov.cli.options import (
    FormatOption,
    IncludeVoidOption,
    LimitOption,
    StepDateOption,
    VillageCodeOption,
    VillageOption,
)

app = typer.Typer(help="Decisions through 四议两公开一监督.",
                  no_args_is_help=True)

@app.command("new")
def new(
    code: Annotated[str, typer.Argument(help="Decision code, e.g. D-V01-2026-01.")],
    village: VillageCodeOption,
    title: Annotated[str, typer.Option("--title", help="What is decided.")],
    date: StepDateOption,
    category: Annotated[str | None, typer.Option("--category", help="Category.")] = None,
    supervisor: Annotated[str | None, typer.Option(
        "--supervisor", help="Who supervises (村务监督委员会 or a name).")] = None,
) -> None:
    """Open a decision: its first step, proposed by the party organization."""
    from village_gov.ledgers.procedures.decisions import new_decision

    new_decision(open_database(), code=code, village=village, title=title, date=date, category=category,
                 supervisor=supervisor, command=command_line())
    typer.echo(code)


@app.command("step")
def step(
    code: Annotated[str, typer.Argument(help="Decision code.")],
    name: Annotated[
        str,
        typer.Argument(
            metavar="STEP",
            help="deliberated | reviewed | resolved | resolution_published | result_published (or the Chinese name).",
        ),
    ],
    date: StepDateOption,
    due: Annotated[int | None, typer.Option("--due", help="Number expected to attend (reviewed, resolved).")] = None,
    present: Annotated[int | None, typer.Option("--present", help="Number present.")] = None,
    approve: Annotated[int | None, typer.Option("--approve", help="Votes for.")] = None,
    oppose: Annotated[int | None, typer.Option("--oppose", help="Votes against.")] = None,
    abstain: Annotated[int | None, typer.Option("--abstain", help="Abstentions.")] = None,
    body: Annotated[
        str | None, typer.Option("--body", help="resolved: the body that voted, 村民会议 | 村民代表会议.")
    ] = None,
) -> None:
    """Record a step of a decision; refused if out of order, dated backwards or miscounted."""
    from village_gov.ledgers.procedures.decisions import add_step

    add_step(open_database(), code, name, {"date": date, "due": due, "present": present, "approve": approve,
                                           "oppose": oppose, "abstain": abstain, "body": body},
             command=command_line())
    from village_gov.render.safe import terminal

    typer.echo(terminal(f"{code} {name} {date}", one_line=True))


@app.command("show")
def show(code: str, fmt: FormatOption = "table") -> None:
    """Show one decision with its six steps as a timeline."""
    from village_gov.ledgers.procedures.decisions import show_decision
    from village_gov.render.procedures import print_decision

    print_decision(show_decision(open_database(), code), fmt)


@app.command("list")
def list_(
    village: VillageOption = None,
    stalled: Annotated[bool, typer.Option("--stalled", help="Only decisions with no step for --stalled-days.")] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", metavar="YYYY-MM-DD", help="Judge as of this date (default today).")
    ] = None,
    stalled_days: Annotated[int, typer.Option(help="Days without a step that make a decision stalled.")] = 30,
    fmt: FormatOption = "table",
    limit: LimitOption = 100,
    include_void: IncludeVoidOption = False,
) -> None:
    """List decisions: last step, days waiting, status (open / stalled / finished)."""
    from functools import partial

    from village_gov.cli.corrections import with_voided
    from village_gov.ledgers.procedures.decisions import list_decisions
    from village_gov.ledgers.procedures.periods import parse_date
    from village_gov.render.output import print_rows

    db = open_database(village=village)
    query = partial(list_decisions, db, village=village, stalled=stalled, as_of=parse_date(as_of, "--as-of"),
                    stalled_days=stalled_days)
    columns, rows = query(page=page(fmt, limit))
    columns, rows = with_voided(db, columns, rows, "decisions", include_void, lambda: query()[1])
    total = getattr(rows, "total", None)
    if fmt in ("table", "markdown"):
        from village_gov.core.i18n import label

        rows = [dict(r, last_step=r["last_step_label"], status=label(f"procedures.status_{r['status']}")) for r in rows]
    print_rows(columns, rows, fmt, limit=limit or None, total=total)
