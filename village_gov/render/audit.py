"""``audit log`` on screen: one block per entry, each change as ``field: before → after`` lines.

Every entry starts with a header (number, local time to the minute, operating-system user), then
the command that made it, its source files and counts, then each changed record (``修改
cadres/K01``) with one line per field.  Values from the ledger are data: they reach rich only as
:class:`rich.text.Text`, never as markup.  Lines wrap at spaces, so a date or a code (which hold
none) is never split; a long value wraps under itself, indented past the field name.
"""

from __future__ import annotations

from village_gov.core.clock import shown
from village_gov.core.i18n import label, t
from village_gov.trail.view import change_fields, change_kind, sources_text, summarize_counts

# Without --code an import's entry may change hundreds of records: show this many, count the rest.
CHANGES_SHOWN = 5


def print_audit_entries(entries: list[dict], *, code: str | None = None, limit: int | None = 100,
                        total: int | None = None) -> int:
    """Print a page of entries (``limit``); return how many were printed.

    ``total``: how many entries the whole list holds when ``entries`` are only its first page."""
    from village_gov.render.output import console

    out = console()
    page = entries[:limit] if limit else entries
    total = len(entries) if total is None else total
    for number, entry in enumerate(page):
        if number:
            out.print("")
        for renderable in entry_view(entry, all_changes=bool(code)):
            out.print(renderable)
    if limit and total > limit:
        out.print(t("report.more_rows", count=total - limit))
    if not entries:
        out.print(t("audit.empty"))
    return len(page)


def entry_view(entry: dict, *, all_changes: bool = False) -> list:
    """The renderables of one entry: its header line, a grid of its facts, a grid of its changes."""
    from rich.table import Table

    from village_gov.render.safe import text as Text  # ledger text: never markup, controls shown

    head = Text(t("audit.entry_head", id=entry["id"], time=shown(entry["time"]),
                  user=entry.get("user") or t("audit.user_unknown")), style="bold")
    damaged = [Text("  " + t("audit.damaged", fields=", ".join(entry["damaged"])), style="bold red")] \
        if entry.get("damaged") else []
    facts = Table.grid(padding=(0, 2))
    facts.add_column(no_wrap=True)
    facts.add_column(overflow="fold")
    facts.add_row(Text("  " + label("label.command", "command")), Text(entry.get("command") or ""))
    sources = sources_text(entry)
    if sources:
        facts.add_row(Text("  " + label("label.sources", "sources")), Text(sources))
    counts = summarize_counts(entry.get("counts") or {})
    if counts and counts != "{}":
        facts.add_row(Text("  " + label("label.counts", "counts")), Text(counts))
    views = [head, *damaged, facts]
    changes = entry.get("changes") or []
    shown_changes = changes if all_changes else changes[:CHANGES_SHOWN]
    for change in shown_changes:
        views.append(Text(f"  {t('label.' + change_kind(change))} {change.get('table')}/{change.get('code')}",
                          style="bold"))
        views.append(_fields_grid(change))
    if len(changes) > len(shown_changes):
        views.append(Text("  " + t("audit.more_changes", count=len(changes) - len(shown_changes))))
    return views


def _fields_grid(change: dict):
    from rich.table import Table

    from village_gov.render.safe import text as Text  # ledger text: never markup, controls shown

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)  # indentation and the field name: never broken
    grid.add_column(overflow="fold")
    kind = change_kind(change)
    fields = change_fields(change)
    if change.get("imported"):
        grid.add_row(Text("    "), Text(t("audit.large_import_values")))
    elif not fields:
        grid.add_row(Text("    "), Text(t("audit.no_field_change")))
    for field, before, after in fields:
        if kind == "added":
            value = after
        elif kind == "removed":
            value = before
        else:
            value = f"{before} → {after}"
        grid.add_row(Text(f"    {field}:"), Text(value))
    return grid
