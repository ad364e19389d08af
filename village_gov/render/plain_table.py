"""A table written as plain lines, byte for byte as rich would draw it, when rich would add nothing.

Output that goes to a file or a pipe carries no style: a table whose every cell fits its column on one
line is then just padded text (``box.SIMPLE_HEAD`` without edges, padding collapsed: columns two cells
apart, a rule of ``─`` under the header).  Writing those lines here spares a command importing rich
and laying its table out (a third of ``household list``).  Anything else (a terminal, where rich adds
styles; ``FORCE_COLOR`` or ``TTY_COMPATIBLE``; a title; a cell or header that wraps) is drawn by rich
as before.  ``tests/test_render_plain_table.py`` compares both on every list of the example township at
several widths.
"""

from __future__ import annotations

import builtins
import os
import sys

from rich.cells import cell_len  # the width table only: rich.cells loads no console

from village_gov.render.wrap import wrap

RULE = "─"
GAP = "  "


def unstyled() -> bool:
    """True unless something makes rich treat a stream as a terminal or a notebook (``FORCE_COLOR``,
    ``TTY_COMPATIBLE``, Jupyter, IDLE)."""
    env = os.environ
    if "FORCE_COLOR" in env or "TTY_COMPATIBLE" in env or hasattr(builtins, "get_ipython"):
        return False
    return not getattr(sys.stdin, "__module__", "").startswith("idlelib")


def plain_width() -> int | None:
    """The width rich would give a console on stdout, when that console would draw no style (stdout is
    not a terminal, nothing forces colours, not in Jupyter or IDLE); None when rich must draw."""
    env = os.environ
    if not unstyled():
        return None
    try:
        if sys.stdout.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    columns = env.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns) or None
    for descriptor in (0, 1, 2):  # as rich sizes a console: the first standard stream that is a terminal
        try:
            width = os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):
            continue
        return width or 80
    return 80


def plain_lines(keys: list[str], headers: list[str], page: list[list[str]], widths: list[int],
                names: list[bool], right: set[str]) -> list[str] | None:
    """The table's lines when every header and cell fits its column on one line; None otherwise."""
    rows = []
    for cells, with_names in ((headers, [True] * len(headers)), *((row, names) for row in page)):
        line = []
        for key, cell, width, as_names in zip(keys, cells, widths, with_names):
            if "\n" in cell:
                return None
            wrapped = wrap(cell, width, as_names)
            if len(wrapped) != 1:
                return None
            text = wrapped[0]
            pad = " " * (width - cell_len(text))
            line.append(pad + text if key in right else text + pad)
        rows.append(GAP.join(line))
    total = sum(widths) + len(GAP) * (len(widths) - 1)
    return [rows[0], RULE * total, *rows[1:]]


def fits_line(text: str, width: int) -> bool:
    """True when rich would print ``text`` as one line (no newline, no wider than the console)."""
    return "\n" not in text and cell_len(text) <= width
