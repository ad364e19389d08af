"""Help and Click's usage errors in the program's language, fitted to the terminal.

Typer builds the command tree from the code; :func:`localize_tree` gives each command, group,
option and argument a subclass that looks its help text and placeholder up in the gettext catalog
(:mod:`village_gov.locale`) when the help is shown, and a context whose help formatter measures
display columns (:mod:`village_gov.cli.helpformat`).  :func:`localize_usage_error` makes a usage
error print in the program's language, from the error's parts (the option, the value, pydantic's
error type) rather than from Click's English sentence.
"""

from __future__ import annotations

import re
import sys

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from village_gov.cli.helpformat import HelpFormatter, help_record_in_language
from village_gov.locale import click_ntext, click_text, help_text

ROOT_VALUE_OPTIONS = ("--db", "--lang")


class Context(typer.Context):
    formatter_class = HelpFormatter


def early_language(args: list[str]) -> str | None:
    """``--lang`` as typed before the command name, read before Click parses anything (``--help`` is
    eager and prints before the root callback runs)."""
    expect_value = None
    for arg in args:
        if expect_value is not None:
            if expect_value == "--lang":
                return arg
            expect_value = None
            continue
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg in ROOT_VALUE_OPTIONS:
            expect_value = arg
        elif not arg.startswith("-"):
            return None
    return None


def choose_language(args: list[str]) -> None:
    """Set the language from ``--lang`` (or leave ``$VILLAGE_GOV_LANG``/Chinese) before help or errors print."""
    from village_gov.core.i18n import LANGS, set_lang
    from village_gov.locale import activate_click_domain

    lang = early_language(args)
    set_lang(lang if lang in LANGS else None)
    activate_click_domain()


_SENTENCE_END = re.compile(r"。|(?<!e\.g)(?<!i\.e)(?<!etc)\.(?=\s|$)")


def first_sentence(text: str) -> str:
    """The first sentence of a help text's first paragraph: the line shown in a group's list."""
    paragraph = " ".join(text.strip().split("\n\n")[0].split())
    end = _SENTENCE_END.search(paragraph)
    return paragraph[: end.end()] if end else paragraph


def _translated(name: str) -> property:
    """An attribute that keeps the English msgid and reads in the program's language."""

    def get(self):
        return help_text(self.__dict__.get(name))

    def set(self, value):
        self.__dict__[name] = value

    return property(get, set)


def _typer_base(command):
    return TyperGroup if isinstance(command, TyperGroup) else TyperCommand


def _get_short_help_str(self, limit: int = 45) -> str:
    return self.short_help or first_sentence(self.help or "")


def _get_help_option(self, ctx):
    option = _typer_base(self).get_help_option(self, ctx)
    if option is not None and type(option) in _CLASSES:
        option.__class__ = _CLASSES[type(option)]
    return option


def _collect_usage_pieces(self, ctx) -> list[str]:
    return [help_text(piece) for piece in _typer_base(self).collect_usage_pieces(self, ctx)]


# What every command and group shares: translated help, usage words and short help.  (Set on each
# class rather than through a mixin, so that an object Typer built can take the class.)
_SHARED = {"context_class": Context, "help": _translated("help"), "short_help": _translated("short_help"),
           "get_short_help_str": _get_short_help_str, "get_help_option": _get_help_option,
           "collect_usage_pieces": _collect_usage_pieces}


class LocalizedCommand(TyperCommand):
    def parse_args(self, ctx, args):
        if ctx.allow_extra_args or ctx.resilient_parsing:
            return super().parse_args(ctx, args)
        # Let Click collect the extra arguments, then refuse them with the arguments at hand.
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = False
        if rest:
            error = _usage_error_class()("", ctx)
            error.vg_extra_args = list(rest)
            raise error
        return rest


class LocalizedGroup(TyperGroup):
    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except _usage_error_class() as error:
            name = args[0] if args else None
            if name and not name.startswith("-") and self.get_command(ctx, name) is None:
                from difflib import get_close_matches

                error.vg_unknown_command = (name, get_close_matches(name, list(self.commands)))
            raise


for _cls in (LocalizedCommand, LocalizedGroup):
    for _name, _value in _SHARED.items():
        setattr(_cls, _name, _value)


class LocalizedOption(TyperOption):
    help = _translated("help")
    metavar = _translated("metavar")
    get_help_record = help_record_in_language(TyperOption)

    def display_type_rich(self, ctx):
        if self.metavar is not None:
            return self.metavar
        return placeholder(self)

    def _get_number_range_help_str(self):
        return number_range(self.min, self.max)


class LocalizedArgument(TyperArgument):
    help = _translated("help")
    get_help_record = help_record_in_language(TyperArgument)

    @property
    def display_name_raw(self) -> str:
        return help_text(self.__dict__.get("metavar") or self.name.upper())

    def display_type_rich(self, ctx):
        return None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + ("..." if self.nargs != 1 else "")

    def _get_number_range_help_str(self):
        return number_range(self.min, self.max)


_CLASSES: dict[type, type] = {TyperCommand: LocalizedCommand, TyperGroup: LocalizedGroup, TyperOption: LocalizedOption,
            TyperArgument: LocalizedArgument}


def localize_tree(command) -> None:
    """Give every command, option and argument under ``command`` its localized class (cheap: no catalog is read)."""
    stack = [command]
    while stack:
        cmd = stack.pop()
        if type(cmd) in _CLASSES:
            cmd.__class__ = _CLASSES[type(cmd)]
        for param in cmd.params:
            if type(param) in _CLASSES:
                param.__class__ = _CLASSES[type(param)]
        commands = getattr(cmd, "commands", {})
        # The root's commands not built yet are localized when built (village_gov.cli.lazy).
        stack.extend(getattr(commands, "built", commands).values())


# The placeholder of an option the code gives none, by the option's name: the same option reads the
# same in every command (each is a msgid of the catalog: "VILLAGE" reads 村编码 in Chinese).
OPTION_PLACEHOLDERS = {
    "--village": "VILLAGE", "--township": "TOWNSHIP", "--org": "ORG", "--group": "GROUP",
    "--household": "HOUSEHOLD", "--member": "MEMBER", "--host": "MEMBER", "--position": "POSITION",
    "--consultation": "CONSULTATION", "--code": "CODE", "--rule": "RULE", "--month": "YYYY-MM",
    "--date": "YYYY-MM-DD", "--since": "YYYY-MM-DD",
    "--until": "YYYY-MM-DD", "--as-of": "YYYY-MM-DD", "--output": "FILE", "--county": "FILE",
}


def placeholder(param) -> str:
    """The placeholder of an option's value when the code gives none: choices, or a word a clerk knows."""
    desc = param.type_descriptor
    for opt in param.opts:
        if opt in OPTION_PLACEHOLDERS and not desc.is_choice:
            return help_text(OPTION_PLACEHOLDERS[opt])
    if desc.is_choice:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in desc.choices or ()) + "]"
    if desc.is_path:
        return help_text("FOLDER" if desc.path_type == "dir" else "FILE")
    annotation = desc.annotation
    if desc.is_list:
        annotation = typer_args(annotation)
    if annotation in (int, float):
        return help_text("NUMBER")
    return help_text("TEXT")


def typer_args(annotation):
    from typing import get_args

    args = get_args(annotation)
    return args[0] if args else str


def number_range(low, high) -> str | None:
    if low is None and high is None:
        return None
    if high is None:
        return help_text("at least {min}").format(min=low)
    if low is None:
        return help_text("at most {max}").format(max=high)
    return help_text("{min} to {max}").format(min=low, max=high)


# --- usage errors ------------------------------------------------------------------------------

def _click_module():
    import typer.core

    # Typer imports Click as ``_click``; releases before it as ``click``.
    return getattr(typer.core, "_click", None) or typer.core.click  # type: ignore[attr-defined]


def _usage_error_class():
    return _click_module().exceptions.UsageError


def is_usage_error(exc: BaseException) -> bool:
    return isinstance(exc, _usage_error_class()) and type(exc).__name__ != "NoArgsIsHelpError"


def localize_usage_error(exc) -> None:
    """Make ``exc`` (a Click usage error) print in the program's language when Click shows it."""
    if is_usage_error(exc) and not getattr(exc, "vg_localized", False):
        exc.vg_localized = True
        exc.show = lambda file=None: show_usage_error(exc, file)


def show_usage_error(exc, file=None) -> None:
    from village_gov.render.safe import terminal

    typer.echo(terminal(usage_error_text(exc), tabs=True), file=file if file is not None else sys.stderr)


def usage_error_text(exc) -> str:
    lines = []
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(click_text("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=ctx.help_option_names[0]))
        lines.append("")
    lines.append(click_text("Error: {message}").format(message=usage_error_message(exc)))
    return "\n".join(lines)


def _zh() -> bool:
    from village_gov.core.i18n import get_lang

    return get_lang() == "zh"


def _printable(text) -> str:
    """What the user typed, with control characters shown escaped (they never reach the terminal raw)."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in str(text))


def _listing(values) -> str:
    values = [_printable(v) for v in values]
    return "、".join(values) if _zh() else ", ".join(repr(v) for v in values)


def _stop() -> str:
    return "。" if _zh() else "."


def _suggestions(possibilities) -> str:
    possibilities = list(possibilities or ())
    if not possibilities:
        return ""
    text = click_ntext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", len(possibilities))
    return ("" if _zh() else " ") + text.format(possibility=_listing(possibilities[:1]),
                                                possibilities=_listing(possibilities))


def _param_hint(exc, quote: bool = True) -> str:
    """What the error is about: the option as typed, the environment variable its value came from, or the argument."""
    q = "'" if quote else ""
    hint = getattr(exc, "param_hint", None)
    if hint is not None:
        return hint if isinstance(hint, str) else " / ".join(f"{q}{h}{q}" for h in hint)
    param = getattr(exc, "param", None)
    if param is None:
        return ""
    ctx = getattr(exc, "ctx", None)
    if param.param_type_name == "option":
        source = ctx.get_parameter_source(param.name) if ctx is not None and param.name else None
        if source is not None and source.name == "ENVIRONMENT" and param.envvar:
            return click_text("environment variable {name}").format(name=param.envvar)
        return " / ".join(f"{q}{opt}{q}" for opt in param.opts)
    return f"{q}{param.display_name_raw}{q}"


def _choices(param) -> list[str] | None:
    desc = getattr(param, "type_descriptor", None)
    if desc is None or not desc.is_choice:
        return None
    return [str(getattr(c, "value", c)) for c in desc.choices or ()]


def usage_error_message(exc) -> str:
    kind = type(exc).__name__
    unknown = getattr(exc, "vg_unknown_command", None)
    if unknown:
        name, matches = unknown
        return click_text("No such command {name!r}.").format(name=_printable(name)) + _suggestions(matches)
    extra = getattr(exc, "vg_extra_args", None)
    if extra:
        return click_ntext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})",
                           len(extra)).format(args=" ".join(_printable(arg) for arg in extra))
    if kind == "NoSuchOption":
        return (click_text("No such option {name!r}.").format(name=_printable(exc.option_name))
                + _suggestions(sorted(exc.possibilities or ())))
    if kind == "BadOptionUsage":
        if "does not take a value" in str(exc.message):
            return click_text("Option {name!r} does not take a value.").format(name=exc.option_name)
        return click_ntext("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.",
                           1).format(name=exc.option_name, nargs=1)
    if kind == "MissingParameter":
        param = exc.param
        param_type = exc.param_type or (param.param_type_name if param is not None else "parameter")
        missing = {"argument": "Missing argument", "option": "Missing option"}.get(param_type, "Missing parameter")
        text = click_text(missing) + " " + _param_hint(exc) + _stop()
        choices = _choices(param)
        if choices:
            text += " " + click_text("Choose from:\n\t{choices}").format(choices=_listing(choices))
        return text
    if kind == "BadParameter" or hasattr(exc, "param"):
        return bad_value_message(exc)
    return exc.format_message()


def bad_value_message(exc) -> str:
    """A bad option value in words: pydantic's error type mapped to the project's catalog, never its English."""
    from village_gov.core.i18n import t

    hint = _param_hint(exc)
    cause = exc.__cause__
    error = None
    if cause is not None and hasattr(cause, "errors"):
        try:
            error = cause.errors()[0]
        except (IndexError, TypeError):
            error = None
    choices = _choices(getattr(exc, "param", None))
    if error is not None and choices is not None:
        message = click_ntext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.",
                              len(choices)).format(value=_printable(error.get("input")), choice=_listing(choices),
                                                   choices=_listing(choices))
        return click_text("Invalid value for {param_hint}: {message}").format(param_hint=hint, message=message)
    if error is not None:
        params = {k: v for k, v in (error.get("ctx") or {}).items() if isinstance(v, (str, int, float))}
        return t("valid." + str(error.get("type")), field=_param_hint(exc, quote=False),
                 input=_printable(error.get("input")), **params)
    if hint:
        return click_text("Invalid value for {param_hint}: {message}").format(param_hint=hint, message=exc.message)
    return click_text("Invalid value: {message}").format(message=exc.message)
