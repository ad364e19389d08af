"""The root ``village-gov`` app: global options, error handling, and the command groups."""

from typing import Annotated

import typer

from village_gov import __version__
from village_gov.cli.common import discard_new_database, handle, refuse_undecodable, state
from village_gov.cli.lazy import COMMANDS, LazyCommands
from village_gov.cli.localized import LocalizedGroup, choose_language, localize_tree, localize_usage_error
from village_gov.cli.options import DbOption, LangOption


class VillageGovGroup(LocalizedGroup):
    """Turns expected failures anywhere below into a message and an exit code, never a traceback.

    Before Click parses anything it picks the language (``--lang`` is read from the arguments
    here, because ``--help`` prints before the root callback runs) and gives every command the
    localized help classes; usage errors print in that language.  Its commands are loaded when
    first asked for (:mod:`village_gov.cli.lazy`): a command imports its own module only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = LazyCommands(app, dict(self.commands))
        self.commands = self.lazy

    def main(self, args=None, *rest, **kwargs):
        import sys

        choose_language(list(sys.argv[1:] if args is None else args))
        self.lazy.localized = True
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
        return list(self.commands)  # in the order of COMMANDS, without loading any

    def parse_args(self, ctx, args):
        if ctx.parent is None:
            state.argv = list(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        succeeded = False
        try:
            result = super().invoke(ctx)
            state.announce_writes()
            succeeded = True
            return result
        except typer.Exit as exc:  # Typer 0.29's own (it no longer raises click's, nor imports click)
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


__all__ = ["COMMANDS", "app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
