"""``village-gov edit|void|unvoid SECTION CODE`` and the same three under each noun (``consult edit CODE``).

Thin: the library (:mod:`village_gov.core.corrections`) reads, checks and writes; this module shows
``字段：before → after``, asks on a terminal (``--yes`` in scripts) and prints the outcome.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import typer

from village_gov.cli.common import command_line, open_database
from village_gov.cli.options import (
    CodeArgument,
    ConfirmYesOption,
    FormatOption,
    OptionalSectionArgument,
    ReasonOption,
    SectionArgument,
    SetOption,
)

NOUN_SECTIONS: dict[str, str] = {
    "village": "villages", "group": "groups", "org": "party_orgs", "household": "households",
    "member": "members", "consult": "consultations", "request": "requests", "position": "positions",
    "organization": "organizations", "service": "services", "activity": "activities", "decision": "decisions",
    "disclose": "disclosures", "party-meeting": "party_meetings", "points": "points", "moral": "moral_list",
}
"""The command group of each section that has one: ``village-gov <group> edit|void|unvoid CODE``.
Sections without a group of their own (townships, cadres) are corrected by the generic commands."""


def _can_ask() -> bool:
    import os
    import sys

    return sys.stdin.isatty() and sys.stderr.isatty() and not os.environ.get("CI")


def _confirm(yes: bool, question: str, needs_yes: str, **params: Any) -> None:
    """Go on when ``--yes`` was given or the person at the terminal says yes; refuse (exit 2) otherwise."""
    from village_gov.core.errors import InputError
    from village_gov.core.i18n import t

    if yes:
        return
    if not _can_ask():
        raise InputError(needs_yes, **params)
    if not typer.confirm(t(question, **params), default=False, err=True):
        raise InputError("edit.declined")


def _shown(path: str, value: object) -> str:
    """A value as the change line shows it: masked like any listing (a phone, an ID number), safe for a terminal."""
    import datetime as dt

    from village_gov.core.privacy import mask_row
    from village_gov.render.safe import terminal

    leaf = path.rsplit(".", 1)[-1]
    value = mask_row({leaf: value})[leaf]
    if value is None:
        return "—"
    if isinstance(value, list):
        value = "、".join(map(str, value))
    if isinstance(value, dt.date):
        value = value.isoformat()
    return terminal(value, one_line=True)


def run_edit(section: str, code: str, sets: list[str], yes: bool) -> None:
    from village_gov.core.corrections import apply_edit, plan_edit
    from village_gov.core.fieldpaths import field_label
    from village_gov.core.i18n import t

    db = open_database()
    edit = plan_edit(db, section, code, sets)
    for path, before, after in edit.changes:
        name = field_label(edit.section, path)
        typer.echo(t("edit.change_line", field=f"{name}（{path}）" if name != path else path,
                     before=_shown(path, before), after=_shown(path, after)))
    _confirm(yes, "edit.confirm", "edit.needs_yes", code=code)
    before_id = _last_entry(db)
    apply_edit(db, edit, command_line())
    if _last_entry(db) == before_id:
        typer.echo(t("edit.unchanged", code=code))
    else:
        typer.echo(t("edit.edited", section=edit.section.name, code=code))


def _last_entry(db) -> int:
    row = db.conn.execute("SELECT max(id) FROM audit").fetchone()
    return row[0] or 0


def run_void(section: str, code: str, reason: str, yes: bool) -> None:
    from village_gov.core.corrections import find_section, record_form, void_record
    from village_gov.core.i18n import t

    db = open_database()
    spec = find_section(section)
    record_form(db, spec, code)  # an unknown or already voided code is named before the question
    _confirm(yes, "edit.void_confirm", "edit.void_needs_yes", section=spec.name, code=code)
    void_record(db, spec.name, code, reason, command_line())
    typer.echo(t("edit.voided", section=spec.name, code=code, reason=reason.strip()))


def run_unvoid(section: str, code: str) -> None:
    from village_gov.core.corrections import find_section, unvoid_record
    from village_gov.core.i18n import t

    spec = find_section(section)
    unvoid_record(open_database(), spec.name, code, command_line())
    typer.echo(t("edit.unvoided", section=spec.name, code=code))


def edit(section: SectionArgument, code: CodeArgument, sets: SetOption, yes: ConfirmYesOption = False) -> None:
    """Correct a record: --set field=value, shown as before → after.

    Checked as an import of that one record (exit 2, nothing written, when it
    breaks a rule); asks on a terminal, --yes in scripts. The code itself is
    not edited: void the record and add it again.
    """
    run_edit(section, code, sets, yes)


def void(section: SectionArgument, code: CodeArgument, reason: ReasonOption, yes: ConfirmYesOption = False) -> None:
    """Void a record: kept with its reason, left out of every report, check and list.

    Refused while other records point at it (they are named). Asks on a
    terminal, --yes in scripts. Lists show it with --include-void.
    """
    run_void(section, code, reason, yes)


def unvoid(section: SectionArgument, code: CodeArgument) -> None:
    """Bring a voided record back (checked again as an import of it)."""
    run_unvoid(section, code)


def void_list(section: OptionalSectionArgument = None, fmt: FormatOption = "table") -> None:
    """List the voided records with their reasons."""
    from village_gov.core.corrections import find_section
    from village_gov.core.voids import voided_records

    name = find_section(section).name if section else None
    rows = [{k: v for k, v in r.items() if k != "record"} for r in voided_records(open_database().conn, name)]
    from village_gov.core.clock import shown

    rows = [{**row, "at": shown(row["at"])} for row in rows]
    from village_gov.render.output import print_rows

    print_rows([("section", "label.section"), ("code", "label.code"), ("reason", "edit.col_reason"),
                ("at", "edit.col_at")], rows, fmt, limit=None)


def add_noun_commands(group: typer.Typer, section: str) -> None:
    """``edit``, ``void`` and ``unvoid`` under a noun's group, for its section."""

    def noun_edit(code: CodeArgument, sets: SetOption, yes: ConfirmYesOption = False) -> None:
        """Correct a record: --set field=value, shown as before → after (see: village-gov edit)."""
        run_edit(section, code, sets, yes)

    def noun_void(code: CodeArgument, reason: ReasonOption, yes: ConfirmYesOption = False) -> None:
        """Void a record, kept with its reason (see: village-gov void)."""
        run_void(section, code, reason, yes)

    def noun_unvoid(code: CodeArgument) -> None:
        """Bring a voided record back (checked again as an import of it)."""
        run_unvoid(section, code)

    group.command("edit")(noun_edit)
    group.command("void")(noun_void)
    group.command("unvoid")(noun_unvoid)


def with_voided(db, columns: list, rows, section: str, include: bool, listing: Callable[[], Iterable[dict]]):
    """``(columns, rows)`` of a list, plus, with ``--include-void``, the section's voided records (marked
    作废 in a last column, after the live rows) that the list itself gives when they are put back in view:
    ``listing`` runs the list's query with all its filters (village, group, dates, status …), unpaged, so
    a voided record is listed exactly when a live one with its fields would be
    (:func:`village_gov.core.voids.voided_listed`)."""
    if not include:
        return columns, rows
    from itertools import chain

    from village_gov.core.filters import Page
    from village_gov.core.i18n import t
    from village_gov.core.voids import voided_listed

    marker = t("edit.void_marker")
    voided = [{**row, "void": marker} for row in voided_listed(db.conn, section, listing)]
    marked = [*columns, ("void", "edit.void_marker")]
    if isinstance(rows, Page):
        return marked, Page([*rows, *voided], rows.total + len(voided))
    return marked, chain(rows, voided)
