"""Expected failures and the exit codes they map to.

Library code raises these; the command-line layer prints their message on
stderr and exits with ``exit_code``.  Anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_DATABASE = 3


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, pointing at where it is.

    ``key`` names a message in the catalog (:mod:`village_gov.core.i18n`) and
    ``params`` fills it in, so the same problem prints in either language.
    """

    file: str
    line: int | None
    column: int | None
    key: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    record: str | None = None

    def sort_key(self) -> tuple:
        # A problem without a file (the "N more problems" line) comes last.
        return (not self.file, self.file, self.line or 0, self.column or 0, self.key)


class SheetFile(str):
    """The name of a spreadsheet's sheet (``花名册.xlsx!户籍``) or of a CSV file (``户籍.csv``).

    A problem whose ``file`` is one is placed by cell, Excel's way (``花名册.xlsx!户籍!C12``): its
    ``line`` is the row and its ``column`` the column, both 1-based (see :func:`where`).
    """

    __slots__ = ()


def column_letters(column: int) -> str:
    """Excel's name of a 1-based column: 1 → A, 27 → AA."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def where(problem: Problem) -> str:
    """Where a problem stands: ``file:line:column`` for a text file, ``file!C12`` for a sheet's cell."""
    return place(problem.file, problem.line, problem.column)


def place(file: str, line: int | None, column: int | None) -> str:
    """``file:line:column`` (parts left out when unknown), or ``file!C12`` when ``file`` is a :class:`SheetFile`."""
    if isinstance(file, SheetFile):
        if line:
            file += "!" + (column_letters(column) if column else "") + str(line)
        return file
    if line:
        file += f":{line}"
        if column:
            file += f":{column}"
    return file


MAX_PROBLEMS = 200
"""Problems listed for one command; the rest are counted in a last line."""


def capped(problems: list[Problem], limit: int = MAX_PROBLEMS, total: int | None = None,
           more: str = "import.problems_more") -> list[Problem]:
    """The first ``limit`` problems, then one ``more`` line counting those left out (``total``: all
    problems found, when more were found than kept in ``problems``; ``more``: the line's message,
    ``import.warnings_more`` for warnings)."""
    total = len(problems) if total is None else total
    if total <= limit:
        return list(problems)
    problems = sorted(problems, key=Problem.sort_key)
    return [*problems[:limit], Problem("", None, None, more, {"more": total - limit, "shown": limit})]


class VillageGovError(Exception):
    """Base of every expected failure."""

    exit_code = EXIT_INPUT

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self) -> str:
        from village_gov.core.i18n import t

        return t(self.key, **self.params)

    def __str__(self) -> str:  # pragma: no cover - convenience for debugging
        return self.message()


class InputError(VillageGovError):
    """Bad input: a file, an option value or a record.  Exit code 2."""

    exit_code = EXIT_INPUT

    def __init__(self, key: str = "input_invalid", /, problems: list[Problem] | None = None, **params: Any):
        super().__init__(key, **params)
        self.problems = sorted(problems or [], key=Problem.sort_key)


class DatabaseError(VillageGovError):
    """The database cannot be used: newer schema, not ours, locked, corrupt.  Exit code 3."""

    exit_code = EXIT_DATABASE


# The operating system's reasons a clerk meets, in the catalog (``errno.*``); others as the system says them.
_ERRNO_KEYS = {"ENOENT": "file.errno_missing", "EACCES": "file.errno_denied", "EPERM": "file.errno_denied",
               "ENOSPC": "file.errno_full", "EDQUOT": "file.errno_full", "EROFS": "file.errno_read_only",
               "EISDIR": "file.errno_is_folder", "ENOTDIR": "file.errno_not_folder", "EFBIG": "file.errno_too_big",
               "EEXIST": "file.errno_exists"}


def os_reason(exc: BaseException) -> str:
    """Why an operating-system call failed, in the clerk's language where the catalog knows the reason."""
    import errno

    from village_gov.core.i18n import t

    key = _ERRNO_KEYS.get(errno.errorcode.get(getattr(exc, "errno", None) or -1, ""))
    if key is not None:
        return t(key)
    return getattr(exc, "strerror", None) or str(exc)
