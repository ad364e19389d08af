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
* ``digest``: sha256 of the rows written to the section, as stored (:func:`rows_digest`), so
  the entry also pins what the import wrote, not only what it read.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

LARGE_IMPORT = 5_000
"""Records written (added, changed and archived, all sections) above which an import's audit entry
records codes and digests instead of every before/after value."""

KINDS = ("added", "changed", "archived")

_NUMBERED = re.compile(r"^(.*?)(\d+)$", re.DOTALL)


def compact_codes(codes: Iterable[str]) -> list:
    """Sorted codes with each run of consecutive numbered codes as ``[first, last]``.

    ``["H01", "H02", "H03", "H05", "X"]`` → ``[["H01", "H03"], "H05", "X"]``: ``H05`` stands alone
    (``H04`` is missing); codes are in one run only when their prefixes and number widths are equal.
    """
    out: list = []
    run: list | None = None  # [prefix, width, first number, last number, first code, last code]
    for code in sorted(set(codes), key=_sort_key):
        match = _NUMBERED.match(code)
        if match and run is not None and (match[1], len(match[2])) == (run[0], run[1]) and int(match[2]) == run[3] + 1:
            run[3], run[5] = int(match[2]), code
            continue
        _close(run, out)
        run = [match[1], len(match[2]), int(match[2]), int(match[2]), code, code] if match else None
        if run is None:
            out.append(code)
    _close(run, out)
    return out


def _sort_key(code: str) -> tuple:
    match = _NUMBERED.match(code)
    return (match[1], len(match[2]), int(match[2]), code) if match else (code, 0, 0, code)


def _close(run: list | None, out: list) -> None:
    if run is not None:
        out.append(run[4] if run[4] == run[5] else [run[4], run[5]])


def contains(compact: object, code: str) -> bool:
    """Whether ``code`` is one of the codes of a :func:`compact_codes` list (False for anything else)."""
    if not isinstance(compact, list):
        return False
    match = _NUMBERED.match(code)
    for item in compact:
        if item == code:
            return True
        if match and isinstance(item, list) and len(item) == 2 and all(isinstance(i, str) for i in item):
            first, last = _NUMBERED.match(item[0]), _NUMBERED.match(item[1])
            if (first and last and first[1] == last[1] == match[1] and len(first[2]) == len(last[2]) == len(match[2])
                    and int(first[2]) <= int(match[2]) <= int(last[2])):
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
    """sha256 over ``repr((code, *row, archived))`` of each written row, one per line, in code order."""
    digest = hashlib.sha256()
    for code in sorted(rows):
        digest.update(repr((code, *rows[code], flags.get(code, 0))).encode("utf-8", "surrogatepass"))
        digest.update(b"\n")
    return digest.hexdigest()


def section_entry(table: str, added: list[str], changed: list[str], archived: list[str],
                  rows: dict[str, tuple], flags: dict[str, int]) -> dict:
    """One section's part of ``counts.imported``."""
    return {"table": table, "added": compact_codes(added), "changed": compact_codes(changed),
            "archived": compact_codes(archived), "digest": rows_digest(rows, flags)}
