"""The root ``village-gov`` app: global options, error handling, and the command groups."""

from typing import Annotated, Any

import typer

from village_gov import __version__
from village_gov.cli import (
    cadres,
    check_cmd,
    consult,
    corrections,
    decision,
    develop,
    export_cmd,
    import_cmd,
    lists,
    merge_cmd,
    micros,
    org,
    procedures,
    reliability,
    report,
    request,
    template_cmd,
)
from village_gov.cli.common import discard_new_database, handle, refuse_undecodable, state
from village_gov.cli.localized import LocalizedGroup, choose_language, localize_tree, localize_usage_error
from village_gov.cli.options import DbOption, LangOption


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

    def list_commands(self, ctx):
        order = {name: i for i, (name, _target, _is_group) in enumerate(COMMANDS)}
        return sorted(super().list_commands(ctx), key=lambda name: order.get(name, len(order)))

    def parse_args(self, ctx, args):
        if ctx.parent is None:
            state.argv = list(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        import click

        succeeded = False
        try:
            result = super().invoke(ctx)
            state.announce_writes()
            succeeded = True
            return result
        except click.exceptions.Exit as exc:
            if exc.exit_code == 0:
                state.announce_writes()
                succeeded = True
            raise
        except Exception as exc:  # noqa: BLE001 - handle() re-raises all but expected failures
            localize_usage_error(exc)
            handle(exc)
        finally:
            created = [] if succeeded else state.created_paths()
            state.watched.clear()
            state.close_databases()
            for path in created:
                discard_new_database(path)


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
    db: DbOption = None,
    lang: LangOption = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Rural governance ledgers (village-gov)."""
    from village_gov.core.i18n import set_lang

    state.db_path = db
    set_lang(lang)


# In the order a clerk meets them: the month's job, then the ledgers, then the county and safekeeping.
# `village-gov --help` lists them in this order too (Typer alone would list plain commands first).
COMMANDS: tuple[tuple[str, Any, bool], ...] = (
    ("import", import_cmd.import_roster, False),
    ("template", template_cmd.template, False),
    ("check", check_cmd.check, False),
    ("report", report.app, True),
    ("export", export_cmd.export, False),
    ("notice", export_cmd.notice, False),
    ("org", org.app, True),
    ("village", lists.village_app, True),
    ("group", lists.group_app, True),
    ("member", lists.member_app, True),
    ("household", lists.household_app, True),
    ("consult", consult.app, True),
    ("request", request.app, True),
    ("position", micros.position_app, True),
    ("organization", micros.organization_app, True),
    ("service", micros.service_app, True),
    ("activity", micros.activity_app, True),
    ("decision", decision.app, True),
    ("disclose", procedures.disclose_app, True),
    ("party-meeting", procedures.meeting_app, True),
    ("points", procedures.points_app, True),
    ("moral", procedures.moral_app, True),
    ("develop", develop.app, True),
    ("cadre", cadres.cadre_app, True),
    ("mentor", cadres.mentor_app, True),
    ("review", cadres.review_app, True),
    ("merge", merge_cmd.merge, False),
    ("audit", reliability.audit_app, True),
    ("backup", reliability.backup, False),
    ("restore", reliability.restore, False),
    ("dump", reliability.dump, False),
    ("edit", corrections.edit, False),
    ("void", corrections.void, False),
    ("unvoid", corrections.unvoid, False),
    ("voided", corrections.void_list, False),
)
for _name, _target, _is_group in COMMANDS:
    if _name in corrections.NOUN_SECTIONS:
        corrections.add_noun_commands(_target, corrections.NOUN_SECTIONS[_name])
    if _is_group:
        app.add_typer(_target, name=_name)
    else:
        app.command(_name)(_target)


def main() -> None:
    """Console-script entry point."""
    app()
