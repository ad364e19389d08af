"""How every report command shows what it built: one runner for the screen, a text file, xlsx and html.

A report command parses its options, builds its report with the library, then hands it to
:func:`run_report`: printed (table, json, csv, markdown) on the screen or, with ``--output``, into
a file written whole at the end; or laid out as a document (xlsx, html: ``--output`` required).
``export`` and ``notice`` write their documents with the same helpers.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

import typer

from village_gov.cli.options import FILE_FORMATS


def run_report(db, fmt: str, output: Path | None, *, sheet: Callable[[], object], period: str, stamp: bool,
               show: Callable[[], None] | None = None, show_on: Callable[[TextIO], None] | None = None,
               township: str | None = None, place: str | None = None) -> None:
    """Show a built report in the format asked for.

    ``sheet()``: the report as one sheet of a document (``village_gov.render.document``), for xlsx and
    html, titled by its own title, for ``place`` (default: the name of ``township``, or of every
    township in the database) and ``period``. ``show()`` prints the report on ``sys.stdout``; or
    ``show_on(out)`` prints it on the stream it is given. With ``output`` either lands in that file.
    """
    if fmt in FILE_FORMATS:
        if place is None:
            place = township_name(db, township)
        file_output(db, fmt, output, [sheet()], township=place, period=period, stamp=stamp)
        return
    if show_on is not None:
        with _destination(output) as out:
            show_on(out)
        return
    assert show is not None, "run_report needs show or show_on"
    with text_output(output):
        show()


def document_sheet(builder: str, *args) -> Callable[[], object]:
    """``sheet`` for :func:`run_report`: ``village_gov.render.document.<builder>(*args)``, imported and
    built only when a document is written."""
    def build():
        from village_gov.render import document

        return getattr(document, builder)(*args)

    return build


def file_output(db, fmt: str, output: Path | None, sheets, *, township: str, period: str,
                stamp: bool, title: str | None = None) -> None:
    """xlsx/html output of one report command: ``sheets`` built by ``village_gov.render.document``."""
    from village_gov.core.errors import InputError

    if output is None:
        raise InputError("export.needs_output", fmt=fmt)
    document = make_document(db, sheets, title=title or sheets[0].title, township=township, period=period,
                             stamp=stamp)
    write_file(document, fmt, output)


@contextlib.contextmanager
def _destination(output: Path | None) -> Iterator[TextIO]:
    """stdout, or a buffer written whole to ``output`` at the end (a failed report leaves no half file)."""
    if output is None:
        yield sys.stdout
        return
    buffer = io.StringIO()
    yield buffer
    _write_text(output, buffer.getvalue())


@contextlib.contextmanager
def text_output(output: Path | None) -> Iterator[None]:
    """For the reports that print straight to stdout: capture what they print into ``output``."""
    if output is None:
        yield
        return
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        yield
    _write_text(output, buffer.getvalue())


def _write_text(output: Path, text: str) -> None:
    from village_gov.core.atomic import write_text_atomically
    from village_gov.core.i18n import t

    write_text_atomically(output, text)
    typer.echo(t("report.written", path=str(output)), err=True)


def township_name(db, township: str | None) -> str:
    """The township's name (``--township``), or the names of every township in the database."""
    if township:
        row = db.execute("SELECT name FROM townships WHERE code = ?", [township]).fetchone()
        return row[0] if row else township
    names = [r[0] for r in db.execute("SELECT name FROM townships WHERE archived = 0 ORDER BY code")]
    return "、".join(names)


def make_document(db, sheets, *, title: str, township: str, period: str, stamp: bool):
    """A :class:`Document` with the data's last change and, only with ``--stamp``, the time of writing."""
    from village_gov.cli.common import db_path
    from village_gov.render.document import Document
    from village_gov.reports.exports.gather import audit_last, created_time, last_change, now_stamp
    from village_gov.trail.chain import data_head

    return Document(title=title, township=township, period=period, sheets=sheets,
                    last_change=last_change(db, db_path()), created=created_time(audit_last(db)),
                    generated=now_stamp() if stamp else None, audit_head=data_head(db))


def write_file(document, fmt: str, output: Path) -> None:
    """Write the document whole to a temporary file beside ``output``, then move it into place."""
    output = Path(output)
    if fmt == "xlsx":
        from village_gov.render.xlsx import write_workbook as writer
    else:
        from village_gov.render.html import write_html as writer
    write_atomically(output, lambda path: writer(document, path))


def write_atomically(output: Path, write) -> None:
    """``write(path)`` into a temporary file beside ``output``, then move it into place: a failure
    leaves no half-written file (and an older file of the same name as it was); see
    :mod:`village_gov.core.atomic`."""
    from village_gov.core.atomic import write_atomically as write_whole
    from village_gov.core.i18n import t

    write_whole(output, write)
    typer.echo(t("export.written", path=str(output)), err=True)
