"""``village-gov develop``: party-member development (发展党员), one record per person."""

from typing import Annotated

import typer

from village_gov.cli.common import command_line, open_database
from village_gov.cli.options import (
    AsOfCheckOption,
    FormatOption,
    LimitOption,
    StepDateOption,
    VillageCodeOption,
    VillageOption,
)

app = typer.Typer(help="Party-member development (发展党员): add, record steps, show, list.",
                  no_args_is_help=True)

@app.command("add")
def add(
    code: Annotated[str, typer.Argument(help="Record code, e.g. P001.")],
    name: Annotated[str, typer.Option("--name", help="Full name.")],
    gender: Annotated[str, typer.Option("--gender", help="男 | 女.")],
    born: Annotated[str, typer.Option("--born", metavar="YYYY-MM-DD", help="Date of birth.")],
    village: VillageCodeOption,
    org: Annotated[str, typer.Option("--org", help="Party organization developing the person.")],
    source: Annotated[str, typer.Option("--source", help="优秀农民工 | 致富能手 | 后备力量 | 新乡贤 | … | 其他.")],
    education: Annotated[str, typer.Option("--education", help="初中及以下 | 高中 | 中专 | 大专 | 本科 | 研究生.")],
    applied: Annotated[str, typer.Option("--applied", metavar="YYYY-MM-DD", help="Application received.")],
    talked: Annotated[str | None, typer.Option(
        "--talked", metavar="YYYY-MM-DD", help="The branch's talk with the applicant.")] = None,
) -> None:
    """Open a development record when an application (入党申请书) is received."""
    from village_gov.ledgers.development.commands import add_record

    add_record(open_database(), {"code": code, "name": name, "gender": gender, "born": born, "village": village,
                                 "org": org, "source": source, "education": education, "applied": applied,
                                 "talked": talked}, command=command_line())
    typer.echo(code)


@app.command("step")
def step(
    code: Annotated[str, typer.Argument(help="Record code.")],
    stage: Annotated[str, typer.Option("--stage", help="talked | activist | assessment | target | review | "
                                       "committee | prereview | meeting | approved | sworn | conversion_meeting "
                                       "| conversion_approved | stopped.")],
    date: StepDateOption,
    voting: Annotated[int | None, typer.Option("--voting", help="Assembly: full members with a vote.")] = None,
    present: Annotated[int | None, typer.Option("--present", help="Assembly: voting members present.")] = None,
    approve: Annotated[int | None, typer.Option("--approve", help="Assembly: votes for.")] = None,
    hours: Annotated[int | None, typer.Option("--hours", help="Training hours (集中培训).")] = None,
    contact: Annotated[list[str] | None, typer.Option(
        "--contact", help="培养联系人, member code (repeatable).")] = None,
    introducer: Annotated[list[str] | None, typer.Option(
        "--introducer", help="入党介绍人, member code (repeatable).")] = None,
    extension: Annotated[int | None, typer.Option("--extension", help="Probation extended by months.")] = None,
    member: Annotated[str | None, typer.Option("--member", help="Roster member code once admitted.")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why the process stopped.")] = None,
) -> None:
    """Record a stage of a development record; refused if already recorded or invalid."""
    from village_gov.ledgers.development.commands import add_step

    done = add_step(open_database(), code, stage, date,
                    {"voting": voting, "present": present, "approve": approve, "training_hours": hours,
                     "contacts": contact, "introducers": introducer, "extension_months": extension,
                     "member": member, "reason": reason}, command=command_line())
    from village_gov.render.safe import terminal

    typer.echo(terminal(f"{code} {done} {date}", one_line=True))


@app.command("show")
def show(code: str, fmt: FormatOption = "table") -> None:
    """Show one record as a timeline of its stages, with the rules it breaks."""
    from village_gov.ledgers.development.views import show_record
    from village_gov.render.development import print_timeline

    print_timeline(show_record(open_database(read_only=True), code), fmt)


@app.command("list")
def list_(
    village: VillageOption = None,
    stage: Annotated[str | None, typer.Option(
        "--stage", help="applicant | activist | target | probationary | full | stopped.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only records breaking a time rule.")] = False,
    as_of: AsOfCheckOption = None,
    fmt: FormatOption = "table",
    limit: LimitOption = 100,
) -> None:
    """List development records: where each stands, since when, the rules it breaks."""
    from village_gov.core.periods import parse_date
    from village_gov.ledgers.development.views import list_records
    from village_gov.render.development import print_list

    columns, rows = list_records(open_database(village=village, read_only=True), village=village, stage=stage,
                                 overdue=overdue, as_of=parse_date(as_of, "--as-of"))
    print_list(columns, rows, fmt, limit)
