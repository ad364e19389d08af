"""Which files are spreadsheets, and the checks made before a reader is given one.

A spreadsheet is refused, naming the file, before it is read when it is larger than
``VILLAGE_GOV_MAX_FILE_MB``; an .xlsx or .ods (a zip archive) also when the sizes its
directory declares, unpacked, add up to more than :data:`UNPACKED_FACTOR` times that limit or
it holds more than :data:`MAX_ENTRIES` parts.  The directory is read without unpacking
anything, so a zip bomb costs the time to read its directory.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from village_gov.core.errors import Problem, os_reason

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
CSV_SUFFIXES = (".csv",)
SHEET_SUFFIXES = WORKBOOK_SUFFIXES + CSV_SUFFIXES
ZIPPED_SUFFIXES = (".xlsx", ".xlsm", ".ods")
UNPACKED_FACTOR = 4
"""An .xlsx/.ods may unpack to this many times ``VILLAGE_GOV_MAX_FILE_MB`` (a real workbook's XML packs
to a tenth of its size or so; the limit is on the unpacked bytes, which the reader holds)."""
MAX_ENTRIES = 10_000
_MB = 1048576


def is_sheet(path: Path) -> bool:
    return path.suffix.lower() in SHEET_SUFFIXES


def size_problem(path: Path, file: str) -> Problem | None:
    """The file too large (or unreadable) to read, as a problem; None when it may be read."""
    from village_gov.core.config import max_file_bytes

    limit = max_file_bytes()
    try:
        size = path.stat().st_size
    except OSError as exc:
        return Problem(file, None, None, "file.unreadable", {"file": file, "reason": os_reason(exc)})
    if size > limit:
        return Problem(file, None, None, "file.too_large", {
            "file": file, "size_mb": round(size / _MB, 1), "limit_mb": round(limit / _MB, 1)})
    if path.suffix.lower() in ZIPPED_SUFFIXES:
        return _zip_problem(path, file, limit * UNPACKED_FACTOR)
    return None


def _zip_problem(path: Path, file: str, limit: int) -> Problem | None:
    """The zip directory's declared sizes over ``limit``, or too many parts, as a problem."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        from village_gov.core.sheets.broken import unreadable

        return unreadable(path, file, exc)
    if len(entries) > MAX_ENTRIES:
        return Problem(file, None, None, "sheet.zip_entries", {"count": len(entries), "limit": MAX_ENTRIES})
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limit:
        return Problem(file, None, None, "sheet.zip_too_large", {
            "size_mb": round(unpacked / _MB, 1), "limit_mb": round(limit / _MB, 1)})
    return None
