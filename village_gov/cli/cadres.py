"""``village-gov cadre|mentor|review``: the cadre ledger's page of a village, its lists and its three writes."""

from typing import Annotated

import typer

from village_gov.cli.common import command_line, open_database
from village_gov.cli.options import (
    ArchivedOption,
    CountyTownshipOption,
    FormatOption,
    FromDateOption,
    LimitOption,
    LogDateOption,
    ReportDateOption,
    ToDateOption,
    TopicOption,
    VillageOption,
)

cadre_app = typer.Typer(help="Cadre ledger (挂联, 后备, 述职评议…): show a village, log a visit, list.",
                        no_args_is_help=True)
mentor_app = typer.Typer(help="Mentoring (导师帮带): log a meeting.", no_args_is_help=True)
review_app = typer.Typer(help="Reviews (述职评议): record an item done.", no_args_is_help=True)

@cadre_app.command("show")
def cadre_show(
    village: Annotated[str, typer.Argument(help="Village code.", show_default=False)],
    as_of: ReportDateOption = None,
    fmt: FormatOption = "table",
) -> None:
    """One page: the secretary and posts, link leaders, mentor, reserves, last rating, open and
    overdue 整改 items, supervision."""
    import datetime as dt

    from village_gov.core.clock import today
    from village_gov.core.periods import parse_as_of
    from village_gov.ledgers.cadres.show import village_page
    from village_gov.render.cadres import print_village_page

    day = dt.date.fromisoformat(parse_as_of(as_of) or today().isoformat())
    print_village_page(village_page(open_database(), village, day), fmt)


@cadre_app.command("visit")
def cadre_visit(
    link: Annotated[str, typer.Argument(metavar="LINK", help="Link code (挂联).", show_default=False)],
    date: LogDateOption = None,
    topic: TopicOption = None,
) -> None:
    """Log a link leader's visit (挂联指导); prints its code (<link>/<date>)."""
    from village_gov.ledgers.cadres.commands import log_event

    typer.echo(log_event(open_database(), "link_visits", {"link": link, "date": date, "topic": topic},
                         command=command_line()))


@cadre_app.command("list")
def cadre_list(
    section: Annotated[str, typer.Argument(
        metavar="SECTION", show_default=False,
        help="cadre_links|link_visits|mentorships|mentor_meetings|reserves|reviews|review_items|"
             "supervision|work_reports|checkups|duty_lists.")],
    village: VillageOption = None, township: CountyTownshipOption = None, since: FromDateOption = None,
    until: ToDateOption = None, fmt: FormatOption = "table", limit: LimitOption = 100,
    archived: ArchivedOption = False,
) -> None:
    """List one section of the cadre ledger, filtered by village, township and dates."""
    from village_gov.core.periods import parse_as_of
    from village_gov.ledgers.cadres.lists import list_section
    from village_gov.render.output import print_rows

    since, until = parse_as_of(since, "--from"), parse_as_of(until, "--to")
    db = open_database(township=township, village=village)
    columns, rows = list_section(db, section, village=village, township=township, since=since, until=until,
                                 archived=archived)
    print_rows(list(columns), rows, fmt, limit=limit or None)


@mentor_app.command("meet")
def mentor_meet(
    mentorship: Annotated[str, typer.Argument(metavar="MENTORSHIP", help="Mentorship code (导师帮带).",
                                              show_default=False)],
    date: LogDateOption = None,
    topic: TopicOption = None,
) -> None:
    """Log a mentor's meeting with their secretary; prints its code (<mentorship>/<date>)."""
    from village_gov.ledgers.cadres.commands import log_event

    typer.echo(log_event(open_database(), "mentor_meetings", {"mentorship": mentorship, "date": date,
                                                               "topic": topic}, command=command_line()))


@review_app.command("item-done")
def review_item_done(
    review: Annotated[str, typer.Argument(metavar="REVIEW", help="Review code (述职评议).", show_default=False)],
    item: Annotated[int, typer.Argument(metavar="ITEM", min=1, help="Item number, from 1 in the review's order.",
                                        show_default=False)],
    date: LogDateOption = None,
) -> None:
    """Record a 整改 item of a review as done (default today)."""
    from village_gov.core.i18n import t
    from village_gov.ledgers.cadres.commands import item_done

    number, day = item_done(open_database(), review, item, date, command=command_line())
    typer.echo(t("cadre.item_marked_done", review=review, item=number, done=day))
