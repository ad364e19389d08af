"""The one place where ledger text becomes output: terminal, CSV, Markdown, JSON.

Text stored in the ledger (a village's name, a household head, a request's content) is data.  It
may hold anything a YAML file or a command line can carry: rich markup (``[/x]``, ``[link=…]``),
terminal escape sequences, formula prefixes, HTML.  Every renderer passes it through here:

- **Terminal** (tables, record views, the tree, reports, check findings, the audit log, progress
  bars, messages on stderr): the text is never parsed as markup (it reaches rich as
  ``rich.text.Text``; the console made by :func:`console` has markup and emoji off), and every
  C0 control character except the newline, DEL, every C1 control character and the bidirectional
  embedding/override/isolate marks are replaced by a visible placeholder of the same length
  (:func:`terminal`): C0 and DEL by their Unicode "control picture" (ESC → ``␛``, CR → ``␍``,
  TAB → ``␉``, DEL → ``␡``), C1 and bidi marks by ``�``.  So ``ESC ]0;x BEL`` is shown as
  ``␛]0;x␇`` and changes nothing on the screen.  The console also cleans every segment it writes,
  as a net for any renderable built elsewhere.
- **CSV** (:func:`csv_line`): a text cell starting with ``= + - @``, TAB, CR or ``'`` gets a ``'``
  in front (the OWASP rule, so Excel/WPS never read it as a formula; to undo: drop the first
  character of a text cell that starts with ``'``).  Numbers from the database stay numbers
  (``-3`` is written ``-3``).  Control characters other than TAB, CR and LF become placeholders
  as on the terminal; a field holding ``, " CR LF`` is quoted, so a bare CR never splits a row.
- **Markdown** (:func:`markdown`): ``\\ ` [ ] |`` are backslash-escaped, ``& < >`` written as
  entities, newlines as spaces, control characters as on the terminal: no HTML, no link, no image.
- **JSON** (:func:`json_safe`): C0 characters are escaped by ``json.dumps`` already; DEL, C1 and
  the bidi marks are escaped too (``\\u009b``), so the data round-trips and no raw control reaches
  a screen.

This module never imports rich at import time (the library layer stays free of it); only
:func:`text` and :func:`console` do.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
_BIDI = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]

# Terminal: every C0 control but LF, DEL, C1, bidi marks → one visible character each.
_TERMINAL = {c: chr(0x2400 + c) for c in range(0x20) if c != 0x0A}
_TERMINAL[0x7F] = "\u2421"
_TERMINAL.update({c: REPLACEMENT for c in range(0x80, 0xA0)})
_TERMINAL.update({c: REPLACEMENT for c in _BIDI})
# The same with the newline replaced too (a line of its own: a title, an error message's value).
_ONE_LINE = {**_TERMINAL, 0x0A: "\u2424"}
# Our own messages may indent with a TAB (Click's usage errors).
_TERMINAL_TAB = {c: r for c, r in _TERMINAL.items() if c != 0x09}
# CSV keeps TAB, CR and LF (quoted); the rest as on the terminal.
_CSV = {c: r for c, r in _TERMINAL.items() if c not in (0x09, 0x0D)}
# JSON: what json.dumps(ensure_ascii=False) leaves raw.
_JSON = {c: f"\\u{c:04x}" for c in [0x7F, *range(0x80, 0xA0), *_BIDI]}
_JSON_SPECIAL = re.compile("[" + "".join(chr(c) for c in _JSON) + "]")

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "'")
"""A CSV text cell starting with one of these gets a ``'`` in front (``'`` itself, so undoing is exact)."""


def terminal(value, *, one_line: bool = False, tabs: bool = False) -> str:
    """``value`` as text safe for a terminal: controls (but the newline, unless ``one_line``, and the
    TAB with ``tabs``) shown as placeholders, one character for one, so widths and spans computed on
    it stay right."""
    text = "" if value is None else str(value)
    return text.translate(_ONE_LINE if one_line else _TERMINAL_TAB if tabs else _TERMINAL)


def text(value, style: str | None = ""):
    """``value`` as a ``rich.text.Text``: plain data, never markup, controls shown as placeholders."""
    from rich.text import Text

    return Text(terminal(value), style=style or "")


def clean_text(rich_text):
    """A ``rich.text.Text`` with its controls replaced in place (same length, so its styles stay put)."""
    plain = rich_text.plain
    cleaned = plain.translate(_TERMINAL)
    if cleaned != plain:
        rich_text.plain = cleaned
    return rich_text


def csv_cell(value) -> str:
    """One CSV cell: formula prefixes neutralised on text; numbers and booleans as they are."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = value.translate(_CSV)
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    return str(value)


_QUOTE = re.compile('[,"\r\n]')


def _quoted(field: str) -> str:
    if _QUOTE.search(field):
        return '"' + field.replace('"', '""') + '"'
    return field


_PREFIX_SET = frozenset(FORMULA_PREFIXES)
# A row holding none of these (and no comma inside a cell) is written as it is: the common case, fast.
_ROW_SPECIAL = re.compile("[\"\r\n\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def csv_line(values) -> str:
    """A CSV row (``\\n``-terminated): every cell through :func:`csv_cell`, quoted when it holds
    a comma, a quote, CR or LF (the csv module leaves a bare CR unquoted when lines end in LF)."""
    cells = []
    for value in values:
        if value.__class__ is str:
            cells.append("'" + value if value[:1] in _PREFIX_SET else value)
        else:
            cells.append("" if value is None else str(value))
    line = ",".join(cells)
    if line.count(",") == len(cells) - 1 and not _ROW_SPECIAL.search(line):
        return '""\n' if cells == [""] else line + "\n"
    # Controls as placeholders (the prefix test above is the same before and after: no prefix is a
    # control that changes), then quotes where needed.
    return ",".join(_quoted(c.translate(_CSV)) for c in cells) + "\n"


def uncsv_cell(cell: str) -> str:
    """What :func:`csv_cell` did to a text cell, undone (the documented rule, for readers and tests)."""
    return cell[1:] if cell.startswith("'") else cell


def markdown(value) -> str:
    """Text for a Markdown table cell, title or line: no HTML, no link or image, no control."""
    text = "" if value is None else str(value)
    text = text.translate(_TERMINAL).replace("\n", " ")
    text = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for mark in "`[]|":
        text = text.replace(mark, "\\" + mark)
    return text


def json_safe(dumped: str) -> str:
    """JSON text (from ``json.dumps(…, ensure_ascii=False)``) with DEL, C1 and bidi marks escaped.

    Found by one regular expression (a report of megabytes usually has none), then replaced."""
    if not _JSON_SPECIAL.search(dumped):
        return dumped
    return _JSON_SPECIAL.sub(lambda match: _JSON[ord(match.group())], dumped)


_CONSOLE_CLASS = None


def _console_class():
    global _CONSOLE_CLASS
    if _CONSOLE_CLASS is None:
        from rich.console import Console
        from rich.segment import Segment

        class SafeConsole(Console):
            """Cleans every segment it renders (its own escape codes are styles and controls, not text)."""

            def render_str(self, text, **options):
                # A str printed directly: placeholders before rich drops BEL, BS, CR … on its own.
                return super().render_str(text.translate(_TERMINAL), **options)

            def render(self, renderable, options=None):
                for segment in super().render(renderable, options):
                    if segment.control or not segment.text:
                        yield segment
                        continue
                    cleaned = segment.text.translate(_TERMINAL)
                    yield segment if cleaned == segment.text else Segment(cleaned, segment.style, segment.control)

        _CONSOLE_CLASS = SafeConsole
    return _CONSOLE_CLASS


def console(stderr: bool = False, **options):
    """A rich console that never reads markup or emoji codes in strings and cleans all it writes."""
    options = {"highlight": False, "soft_wrap": False, **options}
    return _console_class()(stderr=stderr, markup=False, emoji=False, **options)
