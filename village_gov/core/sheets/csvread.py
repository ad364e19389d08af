"""A CSV file's text and rows: UTF-8 (with or without a BOM) or GBK/GB18030, detected and said.

Excel saves "CSV UTF-8" with a BOM, plain "CSV" in the system's code page (GBK on a Chinese
Windows); both are read.  UTF-16 ("Unicode text") is refused with advice.  Commas, tabs or
semicolons separate the values (guessed from the first lines).
"""

from __future__ import annotations

import codecs
import csv
import io

from village_gov.core.errors import Problem

_SNIFF_BYTES = 8192


def decode_csv(raw: bytes, file: str) -> tuple[str | None, str | None, Problem | None]:
    """``(text, encoding, problem)``: the encoding is ``UTF-8``, ``UTF-8 (BOM)`` or ``GB18030``."""
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return raw[len(codecs.BOM_UTF8):].decode("utf-8"), "UTF-8 (BOM)", None
        except UnicodeDecodeError:
            return None, None, Problem(file, None, None, "sheet.csv_encoding", {})
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(raw):
        return None, None, Problem(file, None, None, "sheet.csv_utf16", {})
    try:
        return raw.decode("utf-8"), "UTF-8", None
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "GB18030", None
    except UnicodeDecodeError:
        return None, None, Problem(file, None, None, "sheet.csv_encoding", {})


def _looks_utf16(raw: bytes) -> bool:
    sample = raw[:200]
    return len(sample) >= 4 and sample.count(0) >= len(sample) // 4


def csv_rows(text: str, file: str) -> tuple[list[list[str]], Problem | None]:
    """The rows of ``text`` (cells as text), or the problem that stopped the parser."""
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:_SNIFF_BYTES], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return list(reader), None
    except csv.Error as exc:
        return [], Problem(file, reader.line_num, None, "sheet.csv_syntax", {"detail": str(exc)})
