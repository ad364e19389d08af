"""The pre-scan of a YAML text: what is refused before a parser builds anything.

A file nesting deeper than :data:`NESTING_REPORTED` levels, or holding more YAML events than
:func:`events_limit` allows for its size, is refused from the text alone (libyaml counts the
events without building a Python object per event); :func:`tab_at` tells a tab in indentation
from other syntax errors.  :mod:`village_gov.core.yamlio` runs these before its loader.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from village_gov.core.errors import Problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

BYTES_PER_EVENT = 3
"""Beyond :func:`village_gov.core.config.max_yaml_events`, a file may hold one event per this many bytes.  A
roster written out (``  size: 3``, ``- code: …``) takes 5 to 8 bytes per event; only padding such as
``[0,0,0,…]`` or ``- {}`` lines packs more events into fewer bytes."""
def events_limit(size: int) -> int:
    """How many YAML events a file of ``size`` bytes may hold."""
    from village_gov.core.config import max_yaml_events

    return max(max_yaml_events(), size // BYTES_PER_EVENT)


def too_many_events(text: str, file: str) -> Problem | None:
    """Count the file's YAML events with libyaml alone (no Python object per event, constant memory)
    and refuse a file holding more than :func:`events_limit` of them before any node is built."""
    size = len(text.encode("utf-8")) if not text.isascii() else len(text)
    limit = events_limit(size)
    if len(text) < limit or not hasattr(_BaseLoader, "raw_parse"):
        return None  # every event takes at least one character
    parser = _BaseLoader(text)
    try:
        count = parser.raw_parse()
    except yaml.YAMLError:
        return None  # the real parse reports the syntax error at its position
    finally:
        parser.dispose()
    if count <= limit:
        return None
    return Problem(file, 1, 1, "yaml.too_many_events", {"count": count, "limit": limit})


NESTING_REPORTED = 100

# One token of the pre-scan: a comment, a quoted scalar, a block scalar header (``|``/``>`` ending a
# line) or a flow bracket.  Every alternative starts with a fixed character, so the regular expression
# engine skips all other text itself; the look-behinds keep a ``#`` or quote inside a plain scalar
# ("No.#3", "O'Brien") from starting a comment or a quoted scalar.
_NESTING_TOKEN = re.compile(
    r"""\#(?<!\S\#)[^\n]*"""
    r"""|"(?<![^\s\[{,:]")(?:[^"\\]|\\.)*(?:"|\Z)"""
    r"""|'(?<![^\s\[{,:]')(?:[^']|'')*(?:'|\Z)"""
    r"""|[|>](?<![^ \t][|>])[-+1-9]{0,2}[ \t]*(?:\#[^\n]*)?(?=\n|\Z)"""
    r"""|[\[\]{}]""",
    re.DOTALL)
_DEEP_INDENT = re.compile(r"^[ ?-]{%d}" % NESTING_REPORTED, re.MULTILINE)
_LINE_START = re.compile(r"^([ ]*)((?:[-?](?:[ ]+|$))*)(?=[^\s#])", re.MULTILINE)


def tab_at(text: str, mark: Any) -> bool:
    """True when the parser stopped on a tab: YAML allows no tab in indentation (PyYAML says only
    "found character that cannot start any token")."""
    if mark is None:
        return False
    lines = text.split("\n")
    return mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t"


def deep_nesting_mark(text: str, limit: int = NESTING_REPORTED) -> tuple[int, int] | None:
    """1-based (line, column) where collections first nest deeper than ``limit`` levels, else None.

    Found from the text alone, never from where a parser gives up (libyaml's limit and
    where it stops differ between releases), at a cost linear in the file: flow
    collections (``[``/``{``) are counted outside comments, quoted scalars and block
    scalars; block collections by their indentation, which must grow with every
    level, so only a file with a line indented ``limit`` columns needs that walk.
    """
    position = _flow_nesting(text, limit)
    if _DEEP_INDENT.search(text):
        block = _block_nesting(text, limit)
        if block is not None and (position is None or block < position):
            position = block
    if position is None:
        return None
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


def _flow_nesting(text: str, limit: int) -> int | None:
    """Offset of the first ``[``/``{`` that opens level ``limit + 1``, or None."""
    if text.count("[") + text.count("{") <= limit:
        return None
    depth = 0
    pos = 0
    search = _NESTING_TOKEN.search
    while (match := search(text, pos)) is not None:
        start = match.start()
        char = text[start]
        pos = match.end()
        if char in "[{":
            # In block context a bracket opens a collection only where a value starts.
            if depth or start == 0 or text[start - 1] in " \t\n":
                depth += 1
                if depth > limit:
                    return start
        elif char in "]}":
            if depth:
                depth -= 1
        elif char in "|>" and not depth:
            # A block scalar: skip its lines, everything indented more than the line of its header.
            line_start = text.rfind("\n", 0, start) + 1
            head = text[line_start:start]
            indent = len(head) - len(head.lstrip(" "))
            end = re.compile(r"\n(?= {0,%d}\S)" % indent).search(text, pos)
            pos = end.start() if end else len(text)
    return None


def _block_nesting(text: str, limit: int) -> int | None:
    """Offset of the first block collection entry at level ``limit + 1`` (by indentation), or None."""
    indents: list[int] = []
    for match in _LINE_START.finditer(text):
        indent = len(match.group(1))
        while indents and indents[-1] >= indent:
            indents.pop()
        indents.append(indent)
        if len(indents) > limit:
            return match.start() + indent
        # "- - - x": each indicator after the first opens one more level on the same line.
        for extra, indicator in enumerate(re.finditer(r"[-?]", match.group(2))):
            if len(indents) + extra > limit:
                return match.start(2) + indicator.start()
    return None
