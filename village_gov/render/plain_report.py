"""A report's lines and tables written as plain text, byte for byte as rich would draw them, when rich
would add nothing.

The monthly report of a county is hundreds of small tables (one per ledger and township) between
title lines; rich lays each out, cell by cell, for seconds at a million households.  Into a pipe or
a file nothing is styled, and a table whose cells all fit on one line at their natural widths is just
padded text: ``Table(box=SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1))`` puts columns
three cells apart (a padding cell, the divider, a padding cell), a rule of ``─`` under the header,
left columns padded on the right and right columns on the left (a right-justified cell, and a wrapped
one, lose their trailing spaces as rich strips them).  A line of text (a title, a note) is what
:class:`village_gov.render.wrap.Wrapped` would show: the same lines, cut by the same rules.

:class:`Screen` writes that, and hands everything else to rich as before: a terminal (rich adds
styles; ``FORCE_COLOR``, ``TTY_COMPATIBLE``), a table wider than the console (rich narrows and wraps
columns), a cell holding a newline.  ``tests/test_render_plain_report.py`` compares both paths.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len  # the width table only: rich.cells loads no console

from village_gov.render.safe import terminal
from village_gov.render.wrap import spans, wrap

RULE = "─"
GAP = "   "  # padding 1, the divider, padding 1


def padded_lines(headers: list[str], rows: list[list[str]], right: list[bool], wrapped: list[bool],
                 width: int) -> list[str] | None:
    """The lines rich draws for the table at console ``width`` (headers and cells as ``rich.text.Text``,
    or as ``Wrapped`` where ``wrapped``); None when a column would be narrowed or has no width, or a cell
    holds a newline."""
    if len(headers) < 2:
        return None
    heads = [terminal(h) for h in headers]
    body = [[terminal(c) for c in row] for row in rows]
    widths = [cell_len(h) for h in heads]
    for cells in (heads, *body):
        for i, cell in enumerate(cells):
            if "\n" in cell:
                return None
            n = cell_len(cell)
            if n > widths[i]:
                widths[i] = n
    total = sum(widths) + len(GAP) * (len(widths) - 1)
    if total > width or 0 in widths:  # a column of no width: rich crops even zero-width characters away
        return None
    lines = [_row(heads, widths, right, [False] * len(heads)), RULE * total]
    lines += [_row(cells, widths, right, wrapped) for cells in body]
    return lines


def _row(cells: list[str], widths: list[int], right: list[bool], wrapped: list[bool]) -> str:
    out = []
    for cell, w, to_right, is_wrapped in zip(cells, widths, right, wrapped):
        if to_right or is_wrapped:  # rich strips a right-justified line; Wrapped breaks without trailing spaces
            cell = cell.rstrip()
        pad = " " * (w - cell_len(cell))
        out.append(pad + cell if to_right else cell + pad)
    return GAP.join(out)


def text_lines(text: str, width: int) -> list[str] | None:
    """The lines rich prints for ``Wrapped(text)`` at console ``width``; None when rich must draw them."""
    plain = terminal(text)
    lines = [plain[start:end] for start, end in spans(plain, wrap(plain, width))]
    if any("\n" in line or cell_len(line) > width for line in lines):
        return None
    return lines


class Screen:
    """Where a report's text goes: plain lines on ``out`` when rich would draw them unstyled at ``width``
    (None: never), else the rich console ``make_console()`` (made when first needed)."""

    def __init__(self, out, width: int | None, make_console: Callable[[], Any]):
        self.out = out
        self.width = width
        self._make_console = make_console
        self._console: Any = None

    @property
    def console(self):
        if self._console is None:
            self._console = self._make_console()
        return self._console

    def line(self, text: str) -> None:
        """``text`` as ``console.print(Wrapped(text))`` shows it."""
        lines = None if self.width is None else text_lines(text, self.width)
        if lines is None:
            from village_gov.render.wrap import Wrapped

            self.console.print(Wrapped(text))
        else:
            self.out.write("".join(line + "\n" for line in lines))

    def table(self, headers: list[str], rows: list[list[str]], right: list[bool], wrapped: list[bool],
              draw: Callable[[], object]) -> None:
        """The table as ``console.print(draw())`` shows it (``draw`` builds the rich table, called only
        when rich must draw it)."""
        lines = None if self.width is None else padded_lines(headers, rows, right, wrapped, self.width)
        if lines is None:
            self.console.print(draw())
        else:
            self.out.write("".join(line + "\n" for line in lines))

    def blank(self) -> None:
        if self.width is None:
            self.console.print()
        else:
            self.out.write("\n")
