"""Audit entries shaped for output: masking of personal data, one flat row per entry."""

from __future__ import annotations

import datetime as dt

from village_gov.audit import canonical
from village_gov.errors import InputError
from village_gov.privacy import mask_row


def check_since(value: str | None) -> str | None:
    """``--since`` as an ISO date/time string comparable with the stored UTC times."""
    if not value:
        return None
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value).isoformat()
        return dt.datetime.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError("audit_bad_since", value=value) from None


def mask_entry(entry: dict, unmask: bool) -> dict:
    """The entry with personal data hidden unless ``unmask``: phone/ID numbers in before/after values
    masked, and the values of moral black/red-list records (who is on the 黑榜) left out entirely."""
    if unmask or not entry.get("changes"):
        return entry
    masked = dict(entry)
    masked["changes"] = [_mask_change(c) for c in entry["changes"]]
    return masked


def _mask_change(change: dict) -> dict:
    if change.get("table") == "moral_list":
        return {**change, "before": _hidden(change.get("before")), "after": _hidden(change.get("after"))}
    return {**change, "before": mask_row(change["before"]) if change.get("before") else change.get("before"),
            "after": mask_row(change["after"]) if change.get("after") else change.get("after")}


def _hidden(values: dict | None) -> dict | None:
    return None if values is None else {key: "***" for key in values}


def audit_rows(entries: list[dict], code: str | None = None):
    """One row per entry: source files by name, counts as compact JSON, changes counted (or shown for ``code``)."""
    for e in entries:
        sources = ", ".join(f"{s['file']} ({s['sha256'][:12]})" for s in e.get("sources") or [])
        changes = e.get("changes") or []
        if code:
            shown = "; ".join(f"{c['table']}/{c['code']}: {canonical(c['before'])} → {canonical(c['after'])}"
                              for c in changes)
        else:
            shown = str(len(changes))
        yield {"id": e["id"], "time": e["time"], "command": e["command"], "sources": sources,
               "counts": summarize_counts(e.get("counts") or {}), "changes": shown}


def summarize_counts(counts: dict) -> str:
    """An import's per-section figures as ``villages +2 ~1 -0`` (added, changed, archived); others as JSON."""
    sections = counts.get("import") if isinstance(counts, dict) else None
    if not isinstance(sections, list):
        return canonical(counts)
    parts = [f"{s['section']} +{s['added']} ~{s['changed']} -{s['archived']}"
             for s in sections if s.get("added") or s.get("changed") or s.get("archived")]
    return ", ".join(parts)
