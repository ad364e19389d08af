"""The audit entry of a large import: what it did per section, in a few lines instead of every value.

An import that writes more than :data:`LARGE_IMPORT` records does not list each record's before
and after values in its entry (at a city's million households that list alone is hundreds of MB
and longer to write than the rows).  Its entry keeps, besides the files' sha256 (``sources``, which
pin every value that was imported) and the per-section figures (``counts.import``), under
``counts.imported`` one object per section that it wrote::

    {"households": {"table": "households", "added": [["H000001", "H060000"]], "changed": ["H7"],
                    "archived": [], "digest": "<sha256>"}}

* ``added`` / ``changed`` / ``archived``: the codes, compacted: a run of codes that differ only in
  a number of the same width (``H000001`` … ``H060000``) is one ``[first, last]`` pair, any other
  code is itself (:func:`compact_codes`).  ``audit log --code X`` reads them to name the import that
  brought ``X`` in (:func:`find_code`).
* ``digest``: sha256 of the rows written to the section, as stored, in JSON (:func:`rows_digest`),
  so the entry also pins what the import wrote, not only what it read.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

LARGE_IMPORT = 5_000
"""Records written (added, changed and archived, all sections) above which an import's audit entry
records codes and digests instead of every before/after value."""

KINDS = ("added", "changed", "archived")

def _split(code: str) -> tuple[str, str]:
    """``("H", "0012")`` for ``H0012``: the code without its trailing digits, and those digits."""
    prefix = code.rstrip("0123456789")
    return prefix, code[len(prefix):]


def compact_codes(codes: Iterable[str]) -> list:
    """The codes, shortest first then in text order, with each run of consecutive numbered codes as
    ``[first, last]``.

    ``["H01", "H02", "H03", "H05", "X"]`` → ``["X", ["H01", "H03"], "H05"]``: ``H05`` stands alone
    (``H04`` is missing); codes are in one run only when their prefixes and number widths are equal
    (codes of one length and prefix are in number order in text order, so the sort lines runs up).
    """
    out: list = []
    first = last = None
    prefix, width, number = "", 0, -2
    ordered = sorted(codes)
    ordered.sort(key=len)  # stable: shortest first, each length in text order
    for code in ordered:
        if code == last:
            continue  # a code given twice
        head, digits = _split(code)
        if digits and head == prefix and len(digits) == width and int(digits) == number + 1:
            last, number = code, number + 1
            continue
        if first is not None:
            out.append(first if first == last else [first, last])
        first = last = code
        prefix, width, number = (head, len(digits), int(digits)) if digits else ("", 0, -2)
    if first is not None:
        out.append(first if first == last else [first, last])
    return out


def contains(compact: object, code: str) -> bool:
    """Whether ``code`` is one of the codes of a :func:`compact_codes` list (False for anything else)."""
    if not isinstance(compact, list):
        return False
    head, digits = _split(code)
    for item in compact:
        if item == code:
            return True
        if digits and isinstance(item, list) and len(item) == 2 and all(isinstance(i, str) for i in item):
            (first_head, first), (last_head, last) = _split(item[0]), _split(item[1])
            if (first_head == last_head == head and len(first) == len(last) == len(digits) and first
                    and int(first) <= int(digits) <= int(last)):
                return True
    return False


def find_code(counts: object, code: str) -> list[dict]:
    """The large-import changes of ``code`` recorded in an entry's ``counts``:
    ``[{"table", "code", "imported": "added"|"changed"|"archived"}]`` (empty when it holds none)."""
    imported = counts.get("imported") if isinstance(counts, dict) else None
    if not isinstance(imported, dict):
        return []
    found = []
    for section in imported.values():
        if not isinstance(section, dict):
            continue
        for kind in KINDS:
            if contains(section.get(kind), code):
                found.append({"table": section.get("table"), "code": code, "imported": kind})
    return found


def rows_digest(rows: dict[str, tuple], flags: dict[str, int]) -> str:
    """sha256 of the rows written, as JSON: ``[[code, *columns, archived], …]`` in code order, UTF-8,
    no spaces (``json.dumps(…, ensure_ascii=False, separators=(",", ":"))``)."""
    digest = hashlib.sha256(b"[")
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    codes = sorted(rows)
    for start in range(0, len(codes), 4096):  # the same text as one json.dumps of the whole list, in parts
        part = codes[start:start + 4096]
        # A tuple is written as a JSON list, as a list is.
        text = encode([(code, *rows[code], flags.get(code, 0)) for code in part] if flags
                      else [(code, *rows[code], 0) for code in part])[1:-1]
        digest.update(("," if start else "").encode() + text.encode("utf-8", "surrogatepass"))
    digest.update(b"]")
    return digest.hexdigest()


def section_entry(table: str, added: list[str], changed: list[str], archived: list[str],
                  rows: dict[str, tuple], flags: dict[str, int]) -> dict:
    """One section's part of ``counts.imported``."""
    return {"table": table, "added": compact_codes(added), "changed": compact_codes(changed),
            "archived": compact_codes(archived), "digest": rows_digest(rows, flags)}
