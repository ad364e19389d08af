"""The root's commands, each loaded when it is first asked for.

A command runs with only its own module imported: ``village-gov household list`` does not import
the modules of ``import``, ``export`` or ``decision`` (nor build their Click commands).  Each entry
names its module and attribute; the Click command is built the way ``app.add_typer`` /
``app.command`` would build it inside the root (same Typer functions, same settings), then given the
localized classes.  Listing the names loads nothing; ``village-gov --help``, which shows each
command's short help, loads them all, as before.  A command built once the command line runs
gets the localized classes then (the tree built for a test, without running, stays as Typer made it).
"""

from collections.abc import Iterator, MutableMapping
from importlib import import_module

import typer
import typer.main

from village_gov.cli.localized import localize_tree

# In the order a clerk meets them: the month's job, then the ledgers, then the county and safekeeping.
# `village-gov --help` lists them in this order too.  (name, "module:attribute", is a group)
COMMANDS: tuple[tuple[str, str, bool], ...] = (
    ("import", "import_cmd:import_roster", False),
    ("template", "template_cmd:template", False),
    ("check", "check_cmd:check", False),
    ("report", "report:app", True),
    ("export", "export_cmd:export", False),
    ("notice", "export_cmd:notice", False),
    ("org", "org:app", True),
    ("village", "lists:village_app", True),
    ("group", "lists:group_app", True),
    ("member", "lists:member_app", True),
    ("household", "lists:household_app", True),
    ("consult", "consult:app", True),
    ("request", "request:app", True),
    ("position", "micros:position_app", True),
    ("organization", "micros:organization_app", True),
    ("service", "micros:service_app", True),
    ("activity", "micros:activity_app", True),
    ("decision", "decision:app", True),
    ("disclose", "procedures:disclose_app", True),
    ("party-meeting", "procedures:meeting_app", True),
    ("points", "procedures:points_app", True),
    ("moral", "procedures:moral_app", True),
    ("develop", "develop:app", True),
    ("cadre", "cadres:cadre_app", True),
    ("mentor", "cadres:mentor_app", True),
    ("review", "cadres:review_app", True),
    ("merge", "merge_cmd:merge", False),
    ("audit", "reliability:audit_app", True),
    ("backup", "reliability:backup", False),
    ("restore", "reliability:restore", False),
    ("dump", "reliability:dump", False),
    ("edit", "corrections:edit", False),
    ("void", "corrections:void", False),
    ("unvoid", "corrections:unvoid", False),
    ("voided", "corrections:void_list", False),
)
_TARGETS = {name: (target, is_group) for name, target, is_group in COMMANDS}
_WITH_NOUN_COMMANDS: set[str] = set()
"""The noun groups already given their edit/void/unvoid (a Typer app is changed once per process)."""


def target(name: str):
    """The Typer app or the function behind the root command ``name``."""
    where, is_group = _TARGETS[name]
    module, attribute = where.split(":")
    found = getattr(import_module(f"village_gov.cli.{module}"), attribute)
    if is_group and name not in _WITH_NOUN_COMMANDS:
        from village_gov.cli.corrections import NOUN_SECTIONS, add_noun_commands

        _WITH_NOUN_COMMANDS.add(name)
        if name in NOUN_SECTIONS:
            add_noun_commands(found, NOUN_SECTIONS[name])
    return found


def build(name: str, root: typer.Typer):
    """The Click command of the root command ``name``, as the root app would build it."""
    scratch = typer.Typer()
    found = target(name)
    if _TARGETS[name][1]:
        scratch.add_typer(found, name=name)
        group = typer.main.get_group_from_info(
            scratch.registered_groups[0], pretty_exceptions_short=root.pretty_exceptions_short,
            rich_markup_mode=root.rich_markup_mode, suggest_commands=root.suggest_commands)
        return group
    scratch.command(name)(found)
    command = typer.main.get_command_from_info(
        scratch.registered_commands[0], pretty_exceptions_short=root.pretty_exceptions_short,
        rich_markup_mode=root.rich_markup_mode)
    return command


class LazyCommands(MutableMapping):
    """The root group's ``commands``: every name of :data:`COMMANDS`, each built on first use."""

    def __init__(self, root: typer.Typer, given: dict):
        self.root = root
        self.built = dict(given)
        self.localized = False
        """Set when the command line runs (``VillageGovGroup.main``): each command built from then on
        gets the localized classes, as :func:`localize_tree` gave the tree before it was lazy."""

    def __getitem__(self, name: str):
        if name not in self.built:
            if name not in _TARGETS:
                raise KeyError(name)
            command = build(name, self.root)
            if self.localized:
                localize_tree(command)
            self.built[name] = command
        return self.built[name]

    def __setitem__(self, name: str, command) -> None:
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        del self.built[name]

    def __iter__(self) -> Iterator[str]:
        yield from _TARGETS
        yield from (name for name in self.built if name not in _TARGETS)

    def __len__(self) -> int:
        return len(_TARGETS) + sum(1 for name in self.built if name not in _TARGETS)

    def __contains__(self, name: object) -> bool:
        return name in _TARGETS or name in self.built
