"""JSON text indented by two spaces, as ``json.dumps(data, ensure_ascii=False, indent=2, default=str)``
writes it, byte for byte, in a fraction of its time.

With ``indent`` the standard library encodes in pure Python, one generator per nesting level: on
``check --format json`` at 300,000 households (27 MB of findings) that was 0.86 s of CPU.  Here
each string goes through the C string encoder and each container is one ``join``.  Anything the
fast path does not handle exactly as the standard library would (a key that is not a string, a
float that is not finite, a value of another type, a container nested too deep) makes it hand the
whole value to ``json.dumps``: the text is the same either way.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C function when present

_DEPTH = 50  # deeper than any output of this program; beyond it, json.dumps (and its recursion checks)
_INF = float("inf")


class _Fallback(Exception):
    """A value the fast path does not write exactly as json.dumps would."""


def dumps_indented(data) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2, default=str)``, the same text."""
    try:
        return _encode(data, "\n")
    except _Fallback:
        return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def dumps_nested(value, level: int) -> str:
    """:func:`dumps_indented` of ``value`` as it reads nested ``level`` levels deep in a larger
    document: each line after the first indented by ``2 * level`` more spaces (a JSON string holds
    no line break, so the standard library's text is indented the same way when it is used)."""
    try:
        return _encode(value, "\n" + "  " * level)
    except _Fallback:
        return json.dumps(value, ensure_ascii=False, indent=2, default=str).replace("\n", "\n" + "  " * level)


def encode_nested(value, newline: str) -> str | None:
    """``value`` as JSON on a line broken by ``newline`` (``"\\n"`` and two spaces per level), as
    :func:`dumps_nested` writes it; ``None`` when only ``json.dumps`` writes it exactly (then the
    caller writes the whole document it is part of with :func:`dumps_nested`)."""
    try:
        return _encode(value, newline)
    except _Fallback:
        return None


def _encode(value, newline: str) -> str:
    """``value`` as JSON; ``newline`` is the line break and indentation of the level it is on."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is float:
        if value != value or value in (_INF, -_INF):
            raise _Fallback
        return float.__repr__(value)
    if len(newline) > 2 * _DEPTH:
        raise _Fallback
    inner = newline + "  "
    if kind is dict:
        if not value:
            return "{}"
        parts = []
        for key, item in value.items():
            if type(key) is not str:
                raise _Fallback
            # Strings and integers, most values, written here rather than by a call.
            kind = type(item)
            text = (encode_basestring(item) if kind is str else int.__repr__(item) if kind is int
                    else _encode(item, inner))
            parts.append(encode_basestring(key) + ": " + text)
        return "{" + inner + ("," + inner).join(parts) + newline + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        return "[" + inner + ("," + inner).join([_encode(item, inner) for item in value]) + newline + "]"
    raise _Fallback  # another type (a date, a subclass…): json.dumps with default=str
