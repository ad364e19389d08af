"""Why a workbook cannot be read, in the clerk's words.

python-calamine (and :mod:`zipfile`, which looks at an .xlsx's directory first) say why a file cannot
be read in English and in their own terms ("invalid Zip archive: Could not find EOCD", "File not found
'_rels/.rels'").  :func:`unreadable` tells the usual cases apart by the error's kind and by the file's
first bytes, and gives each its own message of the ``sheet`` owner:

=====================  ==========================================================================
``sheet.encrypted``    a workbook with a password to open it (calamine's ``PasswordError``; an
                       encrypted .xlsx is an OLE file holding an ``EncryptedPackage`` stream)
``sheet.empty_file``   0 bytes
``sheet.html``         a web page saved with a spreadsheet's name (what many web systems export)
``sheet.old_format``   an Excel 97-2003 file named .xlsx/.xlsm/.ods
``sheet.new_format``   an .xlsx (or .ods) named .xls
``sheet.not_workbook`` anything else that is neither a zip archive nor an OLE file (a text file
                       renamed, a picture …)
``sheet.zip_not_book`` a zip archive without a workbook's parts
``sheet.damaged``      a zip archive cut short or whose directory is broken (a download or copy
                       that stopped half way)
``sheet.damaged_part`` a part that cannot be unpacked or parsed; the reader's reason, in English,
                       follows in parentheses: it is all there is to tell one damage from another
=====================  ==========================================================================

Anything else keeps ``sheet.unreadable`` with the reader's reason.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from village_gov.core.errors import Problem

ZIP_MAGIC = b"PK"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
ZIPPED_SUFFIXES = (".xlsx", ".xlsm", ".ods")
_HTML_STARTS = (b"<!doctype html", b"<html", b"<table", b"<?xml", b"<meta", b"<head", b"<body")


def unreadable(path: Path | None, file: str, exc: BaseException) -> Problem:
    """The problem of a workbook ``path`` (shown as ``file``) the reader refused with ``exc``.

    ``path`` is None when the workbook opened and one of its sheets could not be read: then only
    the error's kind is looked at."""
    key, params = _kind(path, exc)
    return Problem(file, None, None, key, params)


def _kind(path: Path | None, exc: BaseException) -> tuple[str, dict]:
    kind = type(exc).__name__
    reason = _reason(exc)
    if kind == "PasswordError":
        return "sheet.encrypted", {}
    if path is not None:
        found = _by_content(path, kind)
        if found is not None:
            return found, {"suffix": path.suffix}
    if kind == "XmlError" or (kind == "ZipError" and path is None):
        return "sheet.damaged_part", {"reason": reason}
    return "sheet.unreadable", {"reason": reason}


def _by_content(path: Path, kind: str) -> str | None:
    """The key the file's first bytes (and its name) call for, or None."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(512)
    except OSError:
        return None
    zipped_name = path.suffix.lower() in ZIPPED_SUFFIXES
    if not head:
        return "sheet.empty_file"
    if head.startswith(OLE_MAGIC):
        if zipped_name:
            return "sheet.encrypted" if _encrypted(path) else "sheet.old_format"
        return None  # an .xls the reader could not make sense of: its own reason
    if head.startswith(ZIP_MAGIC):
        if not zipped_name:
            return "sheet.new_format" if _is_workbook_zip(path) else "sheet.zip_not_book"
        if kind in ("BadZipFile", "ZipError", "LargeZipFile"):
            return "sheet.damaged"
        if kind == "CalamineError" and not _is_workbook_zip(path):
            return "sheet.zip_not_book"
        return None
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(_HTML_STARTS):
        return "sheet.html"
    return "sheet.not_workbook"


def _encrypted(path: Path) -> bool:
    """An OLE file holding the stream of an encrypted Office document (the file is within the size limit)."""
    try:
        return ENCRYPTED_STREAM in path.read_bytes()
    except OSError:
        return False


def _is_workbook_zip(path: Path) -> bool:
    """A zip archive with the parts of an .xlsx or an .ods."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "xl/workbook.xml" in names or "content.xml" in names


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
