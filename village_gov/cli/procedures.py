"""``village-gov disclose | party-meeting | points | moral``: 三公开, 三会一课, 积分制, 道德红黑榜."""

import sys
from functools import partial
from typing import Annotated

import typer

from village_gov.cli.common import command_line, open_database
from village_gov.cli.corrections import with_voided
from village_gov.cli.lists import page
from village_gov.cli.options import (
    CountyTownshipOption,
    FormatOption,
    IncludeVoidOption,
    LimitOption,
    MonthFilterOption,
    OrgOption,
    UnmaskOption,
    VillageCodeOption,
    VillageOption,
)

disclose_app = typer.Typer(help="Disclosures of party affairs, village affairs, finances.",
                           no_args_is_help=True)
meeting_app = typer.Typer(help="Party meetings (三会一课): log and list.", no_args_is_help=True)
points_app = typer.Typer(help="Household points: ranking and ledger.", no_args_is_help=True)
moral_app = typer.Typer(help="The moral red/black list.", no_args_is_help=True)

def _month(text: str | None):
    from village_gov.ledgers.procedures.periods import month_period

    return month_period(text) if text else None


@disclose_app.command("add")
def disclose_add(
    village: VillageCodeOption,
    date: Annotated[str, typer.Option("--date", metavar="YYYY-MM-DD", help="Date made public.")],
    kind: Annotated[str, typer.Option("--kind", help="党务 | 村务 | 财务 (party | village | finance).")],
    items: Annotated[str | None, typer.Option("--items", help="What was made public.")] = None,
    channel: Annotated[str | None, typer.Option(
        "--channel", help="公开栏 | 村民微信群 | 会议 | 其他 (board | wechat | meeting | other).")] = None,
    code: Annotated[str | None, typer.Option("--code", help="Code (default DS-<village>-<date>-N).")] = None,
) -> None:
    """Record a disclosure; prints its code."""
    from village_gov.ledgers.procedures.ledger import add_disclosure

    typer.echo(add_disclosure(open_database(), village=village, date=date, kind=kind, items=items,
                              channel=channel, code=code, command=command_line()))


@disclose_app.command("list")
def disclose_list(
    village: VillageOption = None,
    township: CountyTownshipOption = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Only this kind: 党务 | 村务 | 财务.")] = None,
    month: MonthFilterOption = None,
    fmt: FormatOption = "table",
    limit: LimitOption = 100,
    include_void: IncludeVoidOption = False,
) -> None:
    """List disclosures."""
    from village_gov.ledgers.procedures.ledger import DISCLOSURE_COLUMNS, list_disclosures
    from village_gov.ledgers.procedures.terms import DISCLOSURE_ALIASES, DISCLOSURE_KINDS
    from village_gov.render.output import print_rows

    kind = DISCLOSURE_ALIASES.get(kind.lower(), kind) if kind else None
    if kind is not None and kind not in DISCLOSURE_KINDS:
        from village_gov.core.errors import InputError

        raise InputError("cmd.bad_choice", option="--kind", value=kind, choices="、".join(DISCLOSURE_KINDS))
    db = open_database(township=township, village=village)
    query = partial(list_disclosures, db, village=village, township=township, kind=kind, period=_month(month))
    rows = query(page=page(fmt, limit))
    columns, rows = with_voided(db, DISCLOSURE_COLUMNS, rows, "disclosures", include_void, query)
    print_rows(columns, rows, fmt, limit=limit or None, total=getattr(rows, "total", None))


@meeting_app.command("log")
def meeting_log(
    org: Annotated[str, typer.Option("--org", help="Party organization code.")],
    date: Annotated[str, typer.Option("--date", metavar="YYYY-MM-DD", help="Date held.")],
    kind: Annotated[str, typer.Option("--kind", help=(
        "支部党员大会 | 支委会 | 党小组会 | 党课 | 主题党日 (members_assembly | branch_committee | "
        "group_meeting | party_lecture | party_day)."))],
    due: Annotated[int, typer.Option("--due", help="Number expected to attend.")],
    present: Annotated[int, typer.Option("--present", help="Number present.")],
    topic: Annotated[str | None, typer.Option("--topic", help="Topic.")] = None,
    code: Annotated[str | None, typer.Option("--code", help="Code (default PM-<org>-<date>-N).")] = None,
) -> None:
    """Log a party meeting; prints its code."""
    from village_gov.ledgers.procedures.ledger import log_party_meeting

    typer.echo(log_party_meeting(open_database(), org=org, date=date, kind=kind, due=due, present=present,
                                 topic=topic, code=code, command=command_line()))


@meeting_app.command("list")
def meeting_list(org: OrgOption = None,
                 village: VillageOption = None, township: CountyTownshipOption = None, month: MonthFilterOption = None,
                 fmt: FormatOption = "table", limit: LimitOption = 100,
                 include_void: IncludeVoidOption = False) -> None:
    """List party meetings."""
    from village_gov.ledgers.procedures.ledger import MEETING_COLUMNS, list_party_meetings
    from village_gov.render.output import print_rows

    db = open_database(township=township, village=village, org=org)
    query = partial(list_party_meetings, db, org=org, village=village, township=township, period=_month(month))
    rows = query(page=page(fmt, limit))
    columns, rows = with_voided(db, MEETING_COLUMNS, rows, "party_meetings", include_void, query)
    print_rows(columns, rows, fmt, limit=limit or None, total=getattr(rows, "total", None))


@points_app.command("ranking")
def points_ranking(
    village: VillageCodeOption,
    month: Annotated[str, typer.Option("--month", metavar="YYYY-MM", help="Month.")],
    fmt: FormatOption = "table", limit: LimitOption = 100,
) -> None:
    """Households ranked by their points balance at the month's end."""
    from village_gov.ledgers.procedures.points import RANKING_COLUMNS, ranking
    from village_gov.render.output import print_rows

    rows = ranking(open_database(), village, _month(month), page=page(fmt, limit))
    print_rows(RANKING_COLUMNS, rows, fmt, limit=limit or None, total=getattr(rows, "total", None))


@points_app.command("show")
def points_show(household: str, fmt: FormatOption = "table", unmask: UnmaskOption = False,
                include_void: IncludeVoidOption = False) -> None:
    """A household's points ledger and red-list entries."""
    from village_gov.core.i18n import get_lang, label, t
    from village_gov.ledgers.procedures.points import LEDGER_COLUMNS, MORAL_COLUMNS, household_ledger
    from village_gov.render.output import print_json, print_rows

    db = open_database()
    ledger = household_ledger(db, household, unmask=unmask)
    ledger_columns = _voided_points(db, ledger, include_void, lambda: household_ledger(db, household, unmask=unmask))
    if unmask:
        from village_gov.trail import audit

        audit.record_unmask(db, command_line(), f"points:{household}", len(ledger["moral_list"]))
    if fmt == "json":
        print_json(ledger)
        return
    if fmt != "csv":
        from village_gov.render import safe

        line = (f"{ledger['household']} {ledger['head']}（{ledger['village']} · {ledger['group']}）"
                f" {label('procedures.col_balance')}{'：' if get_lang() == 'zh' else ': '}{ledger['balance']}")
        sys.stdout.write((safe.markdown(line) if fmt == "markdown" else safe.terminal(line, one_line=True)) + "\n")
    print_rows(ledger_columns or LEDGER_COLUMNS, ledger["points"], fmt, limit=None)
    if fmt == "csv":
        return
    if ledger["moral_list"]:
        moral_columns = [c for c in MORAL_COLUMNS if c[0] not in ("village", "household", "head")]
        print_rows(moral_columns + ([("void", "edit.void_marker")] if include_void else []),
                   ledger["moral_list"], fmt, limit=None)
    if not unmask:
        sys.stdout.write(t("procedures.black_hidden") + "\n")


@moral_app.command("list")
def moral_list(village: VillageOption = None, township: CountyTownshipOption = None, month: MonthFilterOption = None,
               fmt: FormatOption = "table", limit: LimitOption = 100, unmask: UnmaskOption = False,
               include_void: IncludeVoidOption = False) -> None:
    """Red list entries; the black list only as counts unless --unmask."""
    from village_gov.core.i18n import t
    from village_gov.ledgers.procedures.points import BLACK_COUNT_COLUMNS, MORAL_COLUMNS, moral_entries
    from village_gov.render.output import print_json, print_rows

    db = open_database(township=township, village=village)
    query = partial(moral_entries, db, village=village, township=township, period=_month(month), unmask=unmask)
    result = query(page=page(fmt, limit))
    columns, entries = with_voided(db, MORAL_COLUMNS, result["entries"], "moral_list", include_void,
                                   lambda: query()["entries"])
    if include_void:
        result["entries"] = entries = _marked(entries)
    if unmask:
        from village_gov.trail import audit

        audit.record_unmask(db, command_line(), "moral_list", getattr(entries, "total", len(entries)))
    if fmt == "json":
        print_json(result)
        return
    print_rows(columns, entries, fmt, limit=limit or None, total=getattr(entries, "total", None))
    if not unmask and fmt != "csv":
        if result["black_list_counts"]:
            print_rows(BLACK_COUNT_COLUMNS, result["black_list_counts"], fmt, limit=None)
        sys.stdout.write(t("procedures.black_hidden") + "\n")


def _marked(rows):
    """Rows with the 作废 column on every one (None on live rows), kept as a page when they were one."""
    from village_gov.core.filters import Page

    marked = [{**row, "void": row.get("void")} for row in rows]
    return Page(marked, rows.total) if isinstance(rows, Page) else marked


def _voided_points(db, ledger: dict, include: bool, again) -> list | None:
    """With ``--include-void``: the household's voided points and moral-list entries added to ``ledger``
    (marked 作废; a voided entry has no running balance: it counts in none); the points columns to show."""
    if not include:
        return None
    from village_gov.ledgers.procedures.points import LEDGER_COLUMNS

    columns, points = with_voided(db, LEDGER_COLUMNS, ledger["points"], "points", include, lambda: again()["points"])
    ledger["points"] = [row if row.get("void") is None else {**row, "balance": None} for row in _marked(points)]
    _, moral = with_voided(db, [], ledger["moral_list"], "moral_list", include, lambda: again()["moral_list"])
    ledger["moral_list"] = _marked(moral)
    return columns
