"""Rendering of a decision as a timeline of its six steps."""

from __future__ import annotations

from village_gov.core.i18n import label
from village_gov.render.output import console, print_json, print_rows


def print_decision(decision: dict, fmt: str = "table") -> None:
    """A decision: header and a timeline (table), or JSON, or its steps as CSV/Markdown rows."""
    from village_gov.ledgers.procedures.decisions import STEP_COLUMNS

    if fmt == "json":
        print_json(decision)
        return
    if fmt in ("csv", "markdown"):
        print_rows(STEP_COLUMNS, decision["steps"], fmt,
                   title=f"{decision['code']} {decision['title']}" if fmt == "markdown" else None)
        return
    out = console()
    from rich.padding import Padding

    from village_gov.render.safe import text as Text  # ledger text: never markup, controls shown
    from village_gov.render.wrap import Wrapped

    # Ledger text goes to rich as Text, never markup; each "label: value" is kept on one line.
    out.print(Wrapped(f"{decision['code']}  {decision['title']}", style="bold"))
    facts = [f"{label('label.village')}: {decision['village']}"]
    if decision.get("category"):
        facts.append(f"{label('label.category')}: {decision['category']}")
    facts.append(f"{label('procedures.col_supervisor')}: {decision.get('supervisor') or '—'}")
    out.print(Wrapped(chunks=[Text(facts[0])] + [(Text(f), "  ") for f in facts[1:]]))
    out.print()
    for index, step in enumerate(decision["steps"]):
        done = step["date"] is not None
        mark = "●" if done else "○"
        line = Text(f"{mark} {step['date'] or ' ' * 10}  {step['label']}", style=None if done else "dim")
        if done and step["days"] is not None and index:
            line.append(f"  (+{step['days']} {label('procedures.col_days')})", style="dim")
        out.print(line)
        if step.get("due") is not None:
            votes = [f"{label('procedures.col_due')} "
                     f"{step['due']}", f"{label('procedures.col_present')} "
                                                                     f"{step['present']}",
                     f"{label('procedures.col_approve')} "
                     f"{step['approve']}", f"{label('procedures.col_oppose')} "
                                                                             f"{step['oppose']}",
                     f"{label('procedures.col_abstain')} {step['abstain']}"]
            if step.get("body"):
                votes.append(step["body"])
            chunks = [Text(votes[0])] + [(Text(v), " · ") for v in votes[1:]]
            out.print(Padding(Wrapped(chunks=chunks), (0, 0, 0, 4)))
        if index < len(decision["steps"]) - 1:
            out.print("│")
