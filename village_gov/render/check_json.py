"""``check --format json``: the text of ``json.dumps(report.as_dict(), ensure_ascii=False, indent=2,
default=str)``, byte for byte, written finding by finding without making each finding a dict.

A city's ledger gives hundreds of thousands of findings (100 MB of JSON at a million households).
Each finding's text is put together from its rule's constant part (rule id and severity, encoded
once per rule), its subject, its message and its parameters; the message is the catalog text of
its key filled in (looked up once per key), as :func:`village_gov.core.i18n.t` gives it.  Anything
this does not write exactly as the standard library would (a subject that is not a string, a
parameter ``json.dumps`` writes with ``default=str``…) is written by the general path instead.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from json.encoder import encode_basestring  # the C function when present

from village_gov.core.checks import Finding
from village_gov.core.i18n import label, t
from village_gov.render import safe
from village_gov.render.jsontext import dumps_nested, encode_nested

_MISSING = "\0 not in the catalog"  # compared by identity: label() hands back the default it was given
_PARAMS_LINE = "\n      "  # the parameters' object is on the third level of the document
_PARAM_LINE = _PARAMS_LINE + "  "  # and each parameter on the fourth


def write_check_json(report, batch: int = 2000) -> None:
    """``print_json(report.as_dict())``, the same text, in parts of ``batch`` findings."""
    summary = report.as_dict(findings=False)["summary"]
    out = sys.stdout
    out.write(safe.json_safe('{\n  "summary": ' + dumps_nested(summary, 1) + ',\n  "findings": '))
    if not report.findings:
        out.write("[]\n}\n")
        return
    opening = "[\n    "
    part: list[str] = []
    for text in _finding_texts(report.runs()):
        part.append(text)
        if len(part) == batch:
            out.write(safe.json_safe(opening + ",\n    ".join(part)))
            opening, part = ",\n    ", []
    if part:
        out.write(safe.json_safe(opening + ",\n    ".join(part)))
    out.write("\n  ]\n}\n")


def _finding_texts(runs) -> Iterator[str]:
    """Each finding as ``dumps_nested(finding.as_dict(), 2)`` writes it."""
    message = _messages()
    keys: dict[str, str] = {}
    for rule_id, severity, rows in runs:
        if type(rule_id) is not str or type(severity) is not str:
            yield from (_general(rule_id, severity, row) for row in rows)
            continue
        head = ('{\n      "rule": ' + encode_basestring(rule_id) + ',\n      "severity": '
                + encode_basestring(severity) + ',\n      "subject": ')
        for row in rows:
            subject, key, params = row
            params_text = _params_text(params, keys) if type(subject) is str else None
            if params_text is None:
                yield _general(rule_id, severity, row)
                continue
            yield (head + encode_basestring(subject) + ',\n      "message": ' + encode_basestring(message(key, params))
                   + ',\n      "params": ' + params_text + "\n    }")


def _params_text(params, keys: dict[str, str]) -> str | None:
    """``encode_nested(params, _PARAMS_LINE)``, the same text; a flat object of strings and integers
    (most findings' parameters) written here, each key's line start and encoding kept in ``keys``."""
    if type(params) is not dict or not params:
        return encode_nested(params, _PARAMS_LINE)
    parts = []
    for key, value in params.items():
        start = keys.get(key)
        if start is None:
            if type(key) is not str:
                return encode_nested(params, _PARAMS_LINE)
            start = keys[key] = _PARAM_LINE + encode_basestring(key) + ": "
        kind = type(value)
        if kind is str:
            parts.append(start + encode_basestring(value))
        elif kind is int:
            parts.append(start + int.__repr__(value))
        else:
            text = encode_nested(value, _PARAM_LINE)
            if text is None:
                return None
            parts.append(start + text)
    return "{" + ",".join(parts) + _PARAMS_LINE + "}"


def _general(rule_id, severity, row: tuple) -> str:
    return dumps_nested(Finding(rule_id, severity, *row).as_dict(), 2)


def _messages() -> Callable[[str, dict], str]:
    """``message(key, params)``: ``t(key, **params)``, the same text, each key's catalog text looked
    up once (``t`` does more than fill the text in for a few keys and parameters: those go to ``t``)."""
    texts: dict[str, str] = {}

    def message(key: str, params: dict) -> str:
        text = texts.get(key)
        if text is None:
            text = texts[key] = _MISSING if key.startswith("valid.") else label(key, _MISSING)
        if text is _MISSING or "hint" in params or "section" in params:
            return t(key, **params)
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text

    return message
