"""The root ``village-gov`` app: global options, error handling, and the command groups."""

from typing import Annotated, Literal, Optional

import typer

from village_gov import __version__
from village_gov.cli import (check_cmd, consult, decision, export_cmd, import_cmd, lists, merge_cmd, micros, org,
                             procedures, reliability, report, request)
# Each report module adds its command to report.app when imported.
from village_gov.cli import report_micros, report_monthly, report_party_life, report_reform  # noqa: F401
from village_gov.cli.common import handle, refuse_undecodable, state
from village_gov.cli.localized import LocalizedGroup, choose_language, localize_tree, localize_usage_error


class VillageGovGroup(LocalizedGroup):
    """Turns expected failures anywhere below into a message and an exit code, never a traceback.

    Before Click parses anything it picks the language (``--lang`` is read from the arguments
    here, because ``--help`` prints before the root callback runs) and gives every command the
    localized help classes; usage errors print in that language."""

    def main(self, args=None, *rest, **kwargs):
        import sys

        choose_language(list(sys.argv[1:] if args is None else args))
        localize_tree(self)
        return super().main(args, *rest, **kwargs)

    def make_context(self, info_name, args, parent=None, **extra):
        if parent is None:
            refuse_undecodable(list(args))
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except Exception as exc:
            localize_usage_error(exc)
            raise

    def parse_args(self, ctx, args):
        if ctx.parent is None:
            state.argv = list(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        import click

        try:
            result = super().invoke(ctx)
            state.announce_writes()
            return result
        except click.exceptions.Exit as exc:
            if exc.exit_code == 0:
                state.announce_writes()
            raise
        except Exception as exc:  # noqa: BLE001 - handle() re-raises all but expected failures
            localize_usage_error(exc)
            handle(exc)
        finally:
            state.watched.clear()
            state.close_databases()


app = typer.Typer(
    name="village-gov",
    cls=VillageGovGroup,
    help=("Rural governance ledgers for the 一领四微 model: import roster YAML into one SQLite file, "
          "print the organization tree, check it, report.\n\n"
          "Exit codes: 0 ok · 1 check findings · 2 bad input or usage · 3 database problem."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"village-gov {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[Optional[str], typer.Option(
        "--db", metavar="FILE", envvar="VILLAGE_GOV_DB",
        help="Database file (default data/village_gov.db; or $VILLAGE_GOV_DB).")] = None,
    lang: Annotated[Optional[Literal["zh", "en"]], typer.Option(
        "--lang", envvar="VILLAGE_GOV_LANG",
        help="Language of labels and messages: zh (default) or en.")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Rural governance ledgers (village-gov)."""
    from village_gov.i18n import set_lang

    state.db_path = db
    set_lang(lang)


# In the order a clerk meets them: the month's job, then the ledgers, then the county and safekeeping.
app.command("import")(import_cmd.import_roster)
app.command("check")(check_cmd.check)
app.add_typer(report.app, name="report")
app.command("export")(export_cmd.export)
app.command("notice")(export_cmd.notice)
app.add_typer(org.app, name="org")
app.add_typer(lists.village_app, name="village")
app.add_typer(lists.group_app, name="group")
app.add_typer(lists.member_app, name="member")
app.add_typer(lists.household_app, name="household")
app.add_typer(consult.app, name="consult")
app.add_typer(request.app, name="request")
app.add_typer(micros.position_app, name="position")
app.add_typer(micros.organization_app, name="organization")
app.add_typer(micros.service_app, name="service")
app.add_typer(micros.activity_app, name="activity")
app.add_typer(decision.app, name="decision")
app.add_typer(procedures.disclose_app, name="disclose")
app.add_typer(procedures.meeting_app, name="party-meeting")
app.add_typer(procedures.points_app, name="points")
app.add_typer(procedures.moral_app, name="moral")
app.command("merge")(merge_cmd.merge)
app.add_typer(reliability.audit_app, name="audit")
app.command("backup")(reliability.backup)
app.command("restore")(reliability.restore)
app.command("dump")(reliability.dump)


def main() -> None:
    """Console-script entry point."""
    app()
