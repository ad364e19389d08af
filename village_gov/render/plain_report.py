"""A report's lines and tables written as text, byte for byte as rich would draw them, without rich
laying them out.

The monthly report of a county is hundreds of small tables (one per ledger and township) between
title lines; rich lays each out, cell by cell, for seconds at a million households.  A table whose
cells all fit on one line at their natural widths is just padded text: ``Table(box=SIMPLE_HEAD,
show_edge=False, pad_edge=False, padding=(0, 1))`` puts columns three cells apart (a padding cell, the
divider, a padding cell), a rule of ``─`` under the header, left columns padded on the right and right
columns on the left (a right-justified cell, and a wrapped one, lose their trailing spaces as rich
strips them).  A line of text (a title, a note) is what :class:`village_gov.render.wrap.Wrapped` would
show: the same lines, cut by the same rules.  On a terminal the header and the total rows are bold:
rich writes the style around each cell and each padding cell of such a row, never around the divider,
and the console's own rendering of the style (its colour system, ``NO_COLOR``, none for ``TERM=dumb``)
gives the bytes (:func:`style_marks`).

:class:`Screen` writes that, and hands everything else to rich as before: a table wider than the
console (rich narrows and wraps columns), a cell holding a newline, an output that is not UTF-8,
Jupyter, a legacy Windows console, and any output when ``TTY_COMPATIBLE`` is set (rich alone then
decides what the stream is).  ``tests/test_render_plain_report.py`` compares both paths.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.cells import cell_len  # the width table only: rich.cells loads no console

from village_gov.render.safe import terminal
from village_gov.render.wrap import spans, wrap

RULE = "─"
GAP = "   "  # padding 1, the divider, padding 1


Marks = tuple[str, str]
"""What a style writes before and after a piece of text ("\x1b[1m", "\x1b[0m"); ("", "") for none."""
NONE: Marks = ("", "")


def padded_lines(headers: list[str], rows: list[list[str]], right: list[bool], wrapped: list[bool],
                 width: int, bold: list[bool] | None = None, marks: tuple[Marks, Marks] = (NONE, NONE)
                 ) -> list[str] | None:
    """The lines rich draws for the table at console ``width`` (headers and cells as ``rich.text.Text``,
    or as ``Wrapped`` where ``wrapped``); None when a column would be narrowed or has no width, or a cell
    holds a newline.  ``marks``: the header's style and the style of the rows that are ``bold``, as the
    console writes them (rich styles each cell and each padding cell of a styled row on its own)."""
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
    header_marks, bold_marks = marks
    lines = [_row(heads, widths, right, [False] * len(heads), header_marks), RULE * total]
    bold = bold or [False] * len(body)
    lines += [_row(cells, widths, right, wrapped, bold_marks if strong else NONE)
              for cells, strong in zip(body, bold)]
    return lines


def _row(cells: list[str], widths: list[int], right: list[bool], wrapped: list[bool], marks: Marks) -> str:
    out = []
    for cell, w, to_right, is_wrapped in zip(cells, widths, right, wrapped):
        if to_right or is_wrapped:  # rich strips a right-justified line; Wrapped breaks without trailing spaces
            cell = cell.rstrip()
        pad = " " * (w - cell_len(cell))
        out.append(pad + cell if to_right else cell + pad)
    if marks == NONE:
        return GAP.join(out)
    start, end = marks  # each cell, its padding on either side (none at the table's edges), the divider plain
    pad = start + " " + end
    return f"{pad} {pad}".join(start + cell + end for cell in out)


def text_lines(text: str, width: int) -> list[str] | None:
    """The lines rich prints for ``Wrapped(text)`` at console ``width``; None when rich must draw them."""
    plain = terminal(text)
    lines = [plain[start:end] for start, end in spans(plain, wrap(plain, width))]
    if any("\n" in line or cell_len(line) > width for line in lines):
        return None
    return lines


class Screen:
    """Where a report's text goes: plain lines on ``out`` when rich would draw them at ``width`` with no
    style but ``marks`` (the header's and the bold rows'), ``width`` None: never; else the rich console
    ``make_console()`` (made when first needed)."""

    def __init__(self, out, width: int | None, make_console: Callable[[], Any],
                 marks: tuple[Marks, Marks] = (NONE, NONE)):
        self.out = out
        self.width = width
        self.marks = marks
        self._make_console = make_console
        self._console: Any = None

    @classmethod
    def on_terminal(cls, out, console, environ) -> Screen:
        """For a terminal's rich ``console`` on ``out``: its width and its bold; rich draws everything when
        ``TTY_COMPATIBLE`` is set, in Jupyter, on a legacy Windows console or without UTF-8."""
        plain = console.is_terminal and "TTY_COMPATIBLE" not in environ and not console.is_jupyter
        if not plain or console.legacy_windows or not console.encoding.startswith("utf"):
            return cls(out, None, lambda: console)
        return cls(out, console.width, lambda: console, (style_marks(console, "table.header"),
                                                         style_marks(console, "bold")))

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
              draw: Callable[[], object], bold: list[bool] | None = None) -> None:
        """The table as ``console.print(draw())`` shows it (``draw`` builds the rich table, its header in
        the ``table.header`` style and the ``bold`` rows bold; called only when rich must draw it)."""
        lines = None
        if self.width is not None:
            lines = padded_lines(headers, rows, right, wrapped, self.width, bold, self.marks)
        if lines is None:
            self.console.print(draw())
        else:
            self.out.write("".join(line + "\n" for line in lines))

    def blank(self) -> None:
        if self.width is None:
            self.console.print()
        else:
            self.out.write("\n")


def style_marks(console, name: str) -> Marks:
    """What ``console`` writes around a piece of text in the style ``name`` (its theme's), as its
    ``_render_buffer`` does: the style rendered for the console's colour system, colour removed with
    ``NO_COLOR``."""
    from rich.console import COLOR_SYSTEMS

    style = console.get_style(name)
    if console.no_color:
        style = style.without_color
    system = console.color_system
    rendered = style.render("\0", color_system=None if system is None else COLOR_SYSTEMS[system])
    start, _, end = rendered.partition("\0")
    return start, end
