"""Audit entries shaped for output: the ``--since``/``--until`` bounds (local days), masking of
personal data, one flat row per entry, and each change as ``field: before → after``."""

from __future__ import annotations

import datetime as dt
import json

from village_gov.core.errors import InputError
from village_gov.core.privacy import mask_row


def check_since(value: str | None, option: str = "--since") -> str | None:
    """``--since`` as the stored-form UTC time it starts at: a date is the start of that local day."""
    return _bound(value, option, end=False)


def check_until(value: str | None, option: str = "--until") -> str | None:
    """``--until`` as the stored-form UTC time it ends before: a date includes that whole local day."""
    return _bound(value, option, end=True)


def _bound(value: str | None, option: str, *, end: bool) -> str | None:
    """A local date (``YYYY-MM-DD``) or time (ISO, local unless it names its offset) typed by the
    clerk, as a UTC bound comparable with the stored times."""
    from village_gov.core.clock import day_bounds_utc, local_to_stored

    if not value:
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            start, stop = day_bounds_utc(dt.date.fromisoformat(text))
            return stop if end else start
        return local_to_stored(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        raise InputError("audit.bad_since", option=option, value=value) from None


def check_range(since: str | None, until: str | None, since_text: str | None, until_text: str | None) -> None:
    if since and until and since >= until:
        raise InputError("audit.bad_range", since=since_text, until=until_text)


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


def audit_rows(entries: list[dict], code: str | None = None, *, local: bool = True):
    """One row per entry: source files by name, counts in short, changes counted (or listed for ``code``).

    ``local`` shows the time as people read it (local, to the minute); CSV keeps the stored UTC time.
    """
    from village_gov.core.clock import shown
    from village_gov.core.i18n import t

    for e in entries:
        changes = e.get("changes") or []
        if e.get("damaged"):
            shown_changes = t("audit.damaged_short", fields=", ".join(e["damaged"]))
        elif code:
            shown_changes = "; ".join(f"{c.get('table')}/{c.get('code')}: " + (
                t("audit.large_import_values") if c.get("imported") else ", ".join(
                    f"{field}: {before} → {after}" for field, before, after in c_fields))
                for c, c_fields in ((c, change_fields(c)) for c in changes))
        else:
            shown_changes = str(len(changes))
        yield {"id": e["id"], "time": shown(e["time"]) if local else e["time"], "user": e.get("user") or "",
               "command": e["command"], "sources": sources_text(e), "counts": summarize_counts(e.get("counts") or {}),
               "changes": shown_changes}


def sources_text(entry: dict) -> str:
    return ", ".join(f"{s.get('file')} ({str(s.get('sha256') or '')[:12]})" for s in entry.get("sources") or [])


def change_kind(change: dict) -> str:
    """``added``, ``removed`` or ``changed`` (``archived`` too for a large import's record)."""
    if change.get("imported") in ("added", "changed", "archived"):
        return change["imported"]  # a large import's record, listed by code only (trail.imported)
    if change.get("before") is None:
        return "added"
    if change.get("after") is None:
        return "removed"
    return "changed"


def change_fields(change: dict) -> list[tuple[str, str, str]]:
    """``(field, before, after)`` as text for each field that differs (every field of an added or
    removed record that has a value, but not ``archived: 0`` of a new one); lists read as ``a、b``,
    an empty value as ``—``."""
    before, after = change.get("before") or {}, change.get("after") or {}
    fields = []
    for key in list(before) + [k for k in after if k not in before]:
        old, new = before.get(key), after.get(key)
        if old == new or (_empty(old) and _empty(new)):
            continue
        if key == "archived" and not change.get("before") and not new:
            continue  # a record added live: "archived: 0" says nothing
        fields.append((key, value_text(old), value_text(new)))
    return fields


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == "[]"


def value_text(value) -> str:
    """A stored value as a person reads it: JSON lists (posts, topics) as ``a、b``, records of a
    list (a decision's steps) as ``k=v`` pairs, nothing as ``—``."""
    if isinstance(value, str) and value[:1] in ("[", "{"):
        try:
            value = json.loads(value)
        except ValueError:
            pass
    if _empty(value):
        return "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}={value_text(v)}" for k, v in value.items() if not _empty(v))
    if isinstance(value, (list, tuple)):
        return ("；" if any(isinstance(v, dict) for v in value) else "、").join(value_text(v) for v in value)
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def summarize_counts(counts: dict) -> str:
    """An import's per-section figures as ``villages +2 ~1 -0`` (added, changed, archived); other
    counts as ``key: value`` parts (``migration: m007_audit_user; schema_version: 7``), not JSON."""
    sections = counts.get("import") if isinstance(counts, dict) else None
    if not isinstance(sections, list):
        return _counts_text(counts)
    parts = [f"{s.get('section')} +{s.get('added')} ~{s.get('changed')} -{s.get('archived')}"
             for s in sections if isinstance(s, dict) and (s.get("added") or s.get("changed") or s.get("archived"))]
    return ", ".join(parts)


def _counts_text(value, depth: int = 0) -> str:
    if isinstance(value, dict):
        inner = (f"{k}: {_counts_text(v, depth + 1)}" if depth == 0 else f"{k} {_counts_text(v, depth + 1)}"
                 for k, v in value.items())
        return ("; " if depth == 0 else ", ").join(inner)
    if isinstance(value, list):
        return "、".join(_counts_text(v, depth + 1) for v in value)
    return value_text(value)
