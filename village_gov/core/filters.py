"""Building a list's WHERE clause from optional filters, with bound parameters (never text in SQL),
and streaming its rows as dicts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any


class Filters:
    """The WHERE clause of a list: each filter is added only when its value is given."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list = []

    def add(self, clause: str, value: Any) -> Filters:
        """``clause`` with one ``?`` for ``value``; skipped when ``value`` is None or empty."""
        if value not in (None, ""):
            self.clauses.append(clause)
            self.params.append(value)
        return self

    def live(self, column: str, archived: bool) -> Filters:
        """Hide archived records unless asked for them."""
        if not archived:
            self.clauses.append(f"{column} = 0")
        return self

    def township(self, village_column: str, township: str | None) -> Filters:
        """Narrow to the villages of one township (a merged county database holds several)."""
        return self.add(f"{village_column} IN (SELECT code FROM villages WHERE township = ?)", township)

    @property
    def where(self) -> str:
        return ("WHERE " + " AND ".join(self.clauses)) if self.clauses else ""


def stream_dicts(db: Any, sql: str, params: list) -> Iterator[dict]:
    """The rows of one query as dicts, one at a time (a list of sixty thousand is never held whole)."""
    cursor = db.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row))


class Page(list[dict]):
    """The rows a table shows (the first ``limit`` of a list) and ``total``, how many the whole list holds."""

    def __init__(self, rows: Iterable[dict], total: int) -> None:
        super().__init__(rows)
        self.total = total


def page_dicts(db: Any, sql: str, params: list, count_sql: str, limit: int) -> Page:
    """The first ``limit`` rows of ``sql`` as dicts and the count of all its rows by ``count_sql`` (same
    parameters): a table of sixty thousand households fetches the hundred it shows and one count."""
    total = db.conn.execute(count_sql, params).fetchone()[0]
    return Page(stream_dicts(db, f"{sql} LIMIT ?", [*params, limit]), total)
