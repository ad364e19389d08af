"""Help pages wrapped by display width: a Chinese character takes two columns of the terminal.

Click measures text in characters, so a line of Chinese help came out up to twice as wide as the
terminal and the terminal broke it mid-word.  :class:`HelpFormatter` measures display columns,
breaks Chinese between characters (never before closing punctuation such as ，。、）, never after
an opening bracket) and English between words, and never writes past the terminal's width
(``$COLUMNS``, at most 80 columns of text).
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence

import typer

from village_gov.locale import click_text

# No line starts with these (they close what the line before said) …
NO_LINE_START = frozenset("、，。；：！？）」』》〉】］｝,.;:!?)]}%％…")
# … and none ends with these (they open what follows).
NO_LINE_END = frozenset("（「『《〈【［｛([{")


def char_width(ch: str) -> int:
    """Columns one character takes: 2 for East Asian wide and full-width characters (汉字, ，。（）),
    0 for combining marks and format characters, else 1.

    This is the rule of ``wcwidth`` for every character the help uses (a test checks the two agree
    on all of them); the standard library's table is used because importing ``wcwidth`` alone
    costs about 12 ms, a tenth of ``village-gov --help``."""
    import unicodedata

    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Columns ``text`` takes on a terminal."""
    if text.isascii():
        return len(text)
    return sum(char_width(ch) for ch in text)


def _is_wide(ch: str) -> bool:
    return not ch.isascii() and char_width(ch) == 2


def _units(text: str) -> list[tuple[str, bool]]:
    """``text`` as (unit, space_before) pairs: a line may break before any unit.

    A unit is an English word (with what is attached to it) or one Chinese character; closing
    punctuation sticks to the unit before it and opening brackets to the unit after them."""
    units: list[tuple[str, bool]] = []
    word = ""
    space = False
    glue_next = False

    def push(piece: str) -> None:
        nonlocal space, glue_next
        if units and not space and (glue_next or piece[0] in NO_LINE_START):
            units[-1] = (units[-1][0] + piece, units[-1][1])
        else:
            units.append((piece, space))
        space = False
        glue_next = piece[-1] in NO_LINE_END

    for ch in text:
        if ch.isspace():
            if word:
                push(word)
                word = ""
            space = bool(units)
            continue
        if word.startswith("[") and "]" not in word:
            word += ch  # a bracketed note without spaces, such as [环境变量：VILLAGE_GOV_DB], stays whole
        elif _is_wide(ch) or ch in NO_LINE_START and word == "" and units and not space:
            if word:
                push(word)
                word = ""
            push(ch)
        else:
            word += ch
    if word:
        push(word)
    return units


def wrap_line(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    """One paragraph wrapped to ``width`` display columns, indents included."""
    lines: list[str] = []
    line, used = initial_indent, text_width(initial_indent)
    empty = True
    for unit, space_before in _units(text):
        w = text_width(unit)
        gap = 1 if space_before and not empty else 0
        if not empty and used + gap + w > width:
            lines.append(line.rstrip())
            line, used, empty, gap = subsequent_indent, text_width(subsequent_indent), True, 0
        if empty and used + w > width:
            # A word longer than the line: cut it by columns.
            for ch in unit:
                cw = char_width(ch)
                if used + cw > width and not empty:
                    lines.append(line)
                    line, used = subsequent_indent, text_width(subsequent_indent)
                line += ch
                used += cw
                empty = False
            continue
        line += " " * gap + unit
        used += gap + w
        empty = False
    lines.append(line.rstrip())
    return lines


def wrap_text(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "",
              preserve_paragraphs: bool = False) -> str:
    """Like Click's ``wrap_text`` (paragraphs kept, a ``\\b`` line keeps a block as written), by display width."""
    text = text.expandtabs()
    if not preserve_paragraphs:
        return "\n".join(wrap_line(" ".join(text.split()), width, initial_indent, subsequent_indent))
    paragraphs: list[tuple[int, bool, list[str]]] = []
    buf: list[str] = []
    indent: int | None = None

    def flush() -> None:
        if buf:
            raw = buf[0].strip() == "\b"
            paragraphs.append((indent or 0, raw, buf[1:] if raw else buf[:]))
            buf.clear()

    for line in text.splitlines():
        if not line.strip():
            flush()
            indent = None
        else:
            if indent is None:
                indent = len(line) - len(line.lstrip())
            buf.append(line.strip() if not (buf and buf[0].strip() == "\b") else line)
    flush()
    out = []
    for extra, raw, lines in paragraphs:
        pad = " " * extra
        if raw:
            out.append("\n".join(initial_indent + pad + line for line in lines))
        else:
            out.append("\n".join(wrap_line(" ".join(lines), width, initial_indent + pad, subsequent_indent + pad)))
    return "\n\n".join(out)


def chinese_notes(help: str, text: str) -> str:
    """An option's help with its notes (``[默认：30; 最小 0]``) punctuated as Chinese.

    Click writes ``f"{help}  [{notes}]"``, the notes joined with an ASCII ``"; "`` whatever the
    language; in Chinese they are joined with ``；`` and, after full-width punctuation such as ``。``
    or ``）``, follow without a space: ``月份（YYYY-MM）。[必填]``."""
    if help and not text.startswith(help + "  "):
        return text
    notes = text[len(help) + 2:] if help else text
    if not (notes.startswith("[") and notes.endswith("]")):
        return text
    notes = "[" + "；".join(notes[1:-1].split("; ")) + "]"
    if not help:
        return notes
    return help + ("" if _is_wide(help[-1]) and not help[-1].isalnum() else "  ") + notes


def help_record_in_language(base):
    """``base.get_help_record`` (an option's or argument's help line) with its notes punctuated
    in the program's language."""

    def get_help_record(self, ctx):
        from village_gov.core.i18n import get_lang

        record = base.get_help_record(self, ctx)
        if record is None or get_lang() != "zh":
            return record
        return record[0], chinese_notes(self.help or "", record[1])

    return get_help_record


def terminal_columns() -> int:
    return shutil.get_terminal_size().columns


class HelpFormatter(typer.Context.formatter_class):  # type: ignore[misc,valid-type]  # Click's, as Typer sets it
    """Click's help formatter, measuring display columns and speaking the program's language."""

    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None) -> None:
        super().__init__(indent_increment=indent_increment, width=width or 80, max_width=max_width)
        if width is None:
            columns = terminal_columns()
            width = max(min(columns, max_width or 80) - 2, min(columns - 1, 30))
        self.width = width

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            label = click_text("Usage:")
            prefix = label if label.endswith("：") else label + " "
        start = f"{'':>{self.current_indent}}{prefix}{prog} "
        room = self.width - self.current_indent
        if room >= text_width(start) + 20:
            self.write(wrap_text(args, self.width, initial_indent=start,
                                 subsequent_indent=" " * text_width(start)))
        else:
            self.write(start.rstrip() + "\n")
            pad = " " * (self.current_indent + 4)
            self.write(wrap_text(args, self.width, initial_indent=pad, subsequent_indent=pad))
        self.write("\n")

    def write_heading(self, heading: str) -> None:
        heading = click_text(heading)
        colon = "：" if not heading.isascii() else ":"
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write(wrap_text(text, self.width, initial_indent=indent, subsequent_indent=indent,
                             preserve_paragraphs=True))
        self.write("\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(first, second) for first, second in rows]
        if not rows:
            return
        first_col = min(max(text_width(first) for first, _ in rows), col_max) + col_spacing
        indent = " " * self.current_indent
        help_indent = " " * (self.current_indent + first_col)
        for first, second in rows:
            if not second:
                for line in wrap_line(first, self.width, indent, indent + "    "):
                    self.write(line + "\n")
                continue
            head = wrap_line(first, self.width, indent, indent + "    ")
            if len(head) == 1 and text_width(first) <= first_col - col_spacing:
                start = head[0] + " " * (first_col - text_width(first))
            else:
                for line in head:
                    self.write(line + "\n")
                start = help_indent
            self.write(wrap_text(second, self.width, initial_indent=start, subsequent_indent=help_indent,
                                 preserve_paragraphs=False) + "\n")
