"""Line breaking for Chinese (and English) text by display width: table cells, record values, tree labels.

The rules are the common core of Chinese typesetting (W3C "Requirements for Chinese Text Layout"):

- a line never starts with closing punctuation (、，。；：？！）」』】》… and their ASCII forms): such a
  mark stays at the end of the previous line with the character before it;
- a line never ends with an opening bracket （「『【《 (or ``( [ {``): it moves to the next line with
  what it opens;
- a run of Latin letters, digits and ASCII punctuation (a code such as ``M0004`` or ``D-V01-2026-01``,
  a date, a number, an English word) is never broken; spaces are where such runs may break;
- free text may also break between any two Chinese characters; a **names** cell (a name, a code, or
  a list of them joined by "、") breaks only after a list separator (、，；;), at a space or before an
  ASCII "(", so "柳塘村一组党支部" is never cut in two.

Widths are display cells (a Chinese character is two).  A single unit wider than the line is cut by
cells only as a last resort; callers size columns with :func:`min_width` so that does not happen.
The text is plain data, never rich markup: :class:`Wrapped` renders it as ``rich.text.Text``, with
control characters shown as placeholders (village_gov.render.safe).
"""

from __future__ import annotations

from rich.cells import cell_len

# A line may not start with these (they close or follow what comes before).
NO_START = set("、，。；：？！）」』】》〉〕〗’”…‥·%％,.;:!?)]}")
# A line may not end with these (they open what comes after).
NO_END = set("（「『【《〈〔〖‘“([{")
# After these, a names cell may break (a list of names: "甲、乙、丙").
SEPARATORS = set("、，；;")


def _wide(char: str) -> bool:
    return cell_len(char) == 2


def units(text: str, names: bool = False) -> list[str]:
    """``text`` cut where a line may break: the pieces join back to ``text``; each may end with spaces."""
    pieces: list[str] = []
    current = ""
    for char in text:
        if not current:
            current = char
            continue
        previous = current[-1]
        if char.isspace():
            current += char
            continue
        if char in NO_START or current.rstrip()[-1:] in NO_END:
            breakable = False
        elif previous.isspace():
            breakable = True
        elif names:
            breakable = previous in SEPARATORS or char == "("  # "1/3(1)" may break before its "(1)"
        else:
            # Free text: between two Chinese characters, or between Chinese and Latin text.
            breakable = _wide(char) or _wide(previous) or previous in SEPARATORS
        if breakable:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def min_width(text: str, names: bool = False) -> int:
    """The narrowest width at which ``text`` wraps without cutting a unit (0 for empty text)."""
    return max((cell_len(u.rstrip()) for line in text.split("\n") for u in units(line, names)), default=0)


def natural_width(text: str) -> int:
    """The width of ``text``'s longest line, unwrapped."""
    return max((cell_len(line) for line in text.split("\n")), default=0)


def _chop(text: str, width: int) -> list[str]:
    """``text`` cut every ``width`` cells (the last resort for a unit wider than the line)."""
    lines, current = [], ""
    for char in text:
        if current and cell_len(current + char) > width:
            lines.append(current.rstrip())
            current = ""
        if current or not char.isspace():
            current += char
    return lines + [current] if current else lines


def fill(pieces: list[str], width: int) -> list[str]:
    """Greedy line filling of unbreakable ``pieces`` (trailing spaces dropped at each line's end)."""
    width = max(width, 1)
    lines: list[str] = []
    current = ""
    for piece in pieces:
        if current and cell_len((current + piece).rstrip()) <= width:
            current += piece
            continue
        if current:
            lines.append(current.rstrip())
        if cell_len(piece.rstrip()) > width:
            # Too wide for a line of its own: break it where a names cell may break, else cut it.
            inner = units(piece.rstrip(), names=True)
            *whole, current = fill(inner, width) if len(inner) > 1 else _chop(piece.rstrip(), width)
            lines += whole
            current += piece[len(piece.rstrip()):]
        else:
            current = piece
    if current or not lines:
        lines.append(current.rstrip())
    return lines


def piece_lines(pieces: list[str], width: int) -> list[str]:
    """The lines of unbreakable ``pieces`` filled into ``width`` (a piece ``"\\n"`` ends a paragraph)."""
    lines: list[str] = []
    paragraph: list[str] = []
    for piece in pieces + ["\n"]:
        if piece == "\n":
            lines += fill(paragraph, width)
            paragraph = []
        else:
            paragraph.append(piece)
    return lines


def chunk_pieces(chunks: list[tuple[str, str]]) -> list[str]:
    """The pieces :class:`Wrapped` makes of ``chunks`` given as plain ``(text, joiner before it)``."""
    pieces: list[str] = []
    for text, joiner in chunks:
        if pieces:
            pieces[-1] += joiner
        pieces.append(text)
    return pieces


def wrap(text: str, width: int, names: bool = False) -> list[str]:
    """``text`` as lines no wider than ``width`` cells, broken by the rules above."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        out += fill(units(paragraph, names), width)
    return out


def spans(plain: str, lines: list[str]) -> list[tuple[int, int]]:
    """Where each of ``lines`` (``plain`` wrapped) starts and ends in ``plain``: each from where the
    previous ended, past the spaces (and newline) where it broke."""
    position = 0
    out = []
    for line in lines:
        while position < len(plain) and plain[position].isspace() and not plain.startswith(line, position):
            position += 1
        out.append((position, position + len(line)))
        position += len(line)
    return out


class Wrapped:
    """A rich renderable: plain ``text`` (never markup), or a list of styled chunks, wrapped by these rules.

    ``chunks`` (``rich.text.Text`` pieces) are joined by single spaces and broken only between them, so a
    label and its value in one chunk ("书记 张三 (M0004)") always share a line; a chunk given as
    ``(text, "")`` follows the previous one without a space (a line may still break there).
    """

    def __init__(self, text: str = "", *, names: bool = False, style: str | None = None, chunks=None):
        from rich.text import Text

        from village_gov.render.safe import clean_text, terminal

        if chunks is None:
            text = terminal(text)
            self.text = Text(text, style=style or "")
            self.pieces = [piece for line in text.split("\n") for piece in units(line, names) + ["\n"]][:-1]
        else:
            self.text = Text(style=style or "")
            self.pieces = []
            for chunk in chunks:
                chunk, joiner = chunk if isinstance(chunk, tuple) else (chunk, " ")
                if self.pieces:
                    self.text.append(joiner)
                    self.pieces[-1] += joiner
                chunk = clean_text(chunk.copy())
                self.text.append_text(chunk)
                self.pieces.append(chunk.plain)

    def _lines(self, width: int) -> list[str]:
        return piece_lines(self.pieces, width)

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        widest_piece = max((cell_len(p.rstrip()) for p in self.pieces if p != "\n"), default=0)
        return Measurement(min(widest_piece, options.max_width), min(natural_width(self.text.plain), options.max_width))

    def styled_lines(self, width: int) -> list:
        """The lines of :meth:`_lines` with their styles: each line is the text from its start, without
        the spaces where it broke."""
        return [self.text[start:end] for start, end in spans(self.text.plain, self._lines(width))]

    def __rich_console__(self, console, options):
        from rich.text import Text

        result = Text("\n").join(self.styled_lines(options.max_width))
        result.no_wrap = True
        result.overflow = "crop"
        yield result
