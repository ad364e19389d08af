"""``village-gov export`` and ``village-gov notice``, and the xlsx/html output every report command shares."""

import contextlib
from pathlib import Path
from typing import Annotated, Literal

import typer

from village_gov.cli.common import open_database, state

ReportFormat = Literal["table", "json", "csv", "markdown", "xlsx", "html"]
ReportFormatOption = Annotated[ReportFormat, typer.Option(
    "--format", "-f",
    help="Output format: table (for screens), json, csv, markdown, or xlsx/html (need --output).")]
ReportOutputOption = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write to this file (required for xlsx and html).")]
StampOption = Annotated[bool, typer.Option(
    "--stamp", help="Record the time of writing in the file (then two runs differ).")]
FILE_FORMATS = ("xlsx", "html")


def _db_file() -> str:
    from village_gov.cli.common import db_path

    return db_path()


def make_document(db, sheets, *, title: str, township: str, period: str, stamp: bool):
    """A :class:`Document` with the data's last change and, only with ``--stamp``, the time of writing."""
    from village_gov.render.document import Document
    from village_gov.reports.exports.gather import audit_last, created_time, last_change, now_stamp
    from village_gov.trail.chain import data_head

    return Document(title=title, township=township, period=period, sheets=sheets,
                    last_change=last_change(db, _db_file()), created=created_time(audit_last(db)),
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
def text_output(output: Path | None):
    """For the reports that print straight to stdout: capture what they print into ``output``."""
    if output is None:
        yield
        return
    import io

    from village_gov.core.atomic import write_text_atomically
    from village_gov.core.i18n import t

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        yield
    write_text_atomically(output, buffer.getvalue())
    typer.echo(t("report.written", path=str(output)), err=True)


def township_name(db, township: str | None) -> str:
    if township:
        row = db.execute("SELECT name FROM townships WHERE code = ?", [township]).fetchone()
        return row[0] if row else township
    names = [r[0] for r in db.execute("SELECT name FROM townships WHERE archived = 0 ORDER BY code")]
    return "、".join(names)


def export(
    month: Annotated[str, typer.Option("--month", metavar="YYYY-MM", help="The month YYYY-MM.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write (.xlsx or .html).",
                                         show_default=False)],
    fmt: Annotated[Literal["xlsx", "html"] | None, typer.Option(
        "--format", "-f", help="xlsx or html (default: from the file name).")] = None,
    township: Annotated[str | None, typer.Option("--township", help="Only this township.")] = None,
    overdue_days: Annotated[int, typer.Option("--overdue-days", min=0, help="Open requests overdue after.")] = 30,
    stamp: StampOption = False,
) -> None:
    """The month's reports in one workbook or one printable HTML file.

    Sheets: monthly; trend (the 12 months ending at --month, with charts); micros as of the month's end;
    party-life for the month's quarter; reform (when the database has reform data); check findings
    judged at the month's end. The same data gives the same bytes unless --stamp.
    """
    from village_gov.core.errors import InputError
    from village_gov.core.i18n import t
    from village_gov.render import document as doc
    from village_gov.reports.exports.gather import export_reports, monthly_fields
    from village_gov.reports.trend import TREND_FIELDS

    by_suffix: dict[str, Literal["xlsx", "html"]] = {".xlsx": "xlsx", ".html": "html", ".htm": "html"}
    fmt = fmt or by_suffix.get(Path(output).suffix.lower())
    if fmt is None:
        raise InputError("export.bad_format", path=str(output))
    db = open_database()
    data = export_reports(db, month, township=township, overdue_days=overdue_days)
    reports = data.reports
    sheets = [doc.monthly_sheet(reports["monthly"], monthly_fields()),
              doc.trend_sheet(reports["trend"], TREND_FIELDS),
              doc.micros_sheet(reports["micros"]),
              doc.party_life_sheet(reports["party-life"])]
    if "reform" in reports:
        sheets.append(doc.reform_sheet(reports["reform"], data.reform_title))
    sheets.append(doc.check_sheet(reports["check"], reports["micros"]["as_of"]))
    name = township_name(db, township)
    document = make_document(db, sheets, title=t("export.title", township=name, month=data.month), township=name,
                             period=data.month, stamp=stamp)
    write_file(document, fmt, output)


def notice(
    village: Annotated[str, typer.Option("--village", help="The village's code.", show_default=False)],
    month: Annotated[str, typer.Option("--month", metavar="YYYY-MM", help="The month YYYY-MM.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.",
                                         show_default=False)],
    stamp: StampOption = False,
) -> None:
    """The village's public notice for a month, as one printable HTML file.

    Consultations held, requests raised/answered/resolved, the texts of requests marked public,
    decisions and their stage, disclosures. Never a phone or ID number (however written), a
    person's name, or the text of a request not marked public.
    """
    from village_gov.render.html import write_notice
    from village_gov.reports.exports.gather import last_change, now_stamp
    from village_gov.reports.exports.notice import build_notice

    db = open_database()
    data = build_notice(db, village, month)
    data["last_change"] = last_change(db, _db_file())
    data["generated"] = now_stamp() if stamp else None
    write_atomically(Path(output), lambda path: write_notice(data, path))


__all__ = ["export", "notice", "file_output", "text_output", "ReportFormatOption", "ReportOutputOption",
           "StampOption", "FILE_FORMATS", "state"]
