"""Household points (积分制) and the moral red/black list (道德红黑榜): rankings, ledgers, lists.

Black-list entries are personal: households on the 黑榜 are named only when the
caller asks (``unmask``); otherwise only counts per village are given.
"""

from __future__ import annotations

from village_gov.core.errors import InputError
from village_gov.reports.registry import Period

RANKING_COLUMNS = [
    ("rank", "procedures.col_rank"),
    ("household", "label.household"),
    ("head", "label.head"),
    ("group", "label.group"),
    ("month_points", "procedures.col_month_points"),
    ("balance", "procedures.col_balance"),
]
LEDGER_COLUMNS = [
    ("date", "label.date"),
    ("code", "label.code"),
    ("points", "procedures.col_points"),
    ("balance", "procedures.col_balance"),
    ("reason", "procedures.col_reason"),
    ("rule", "procedures.col_rule"),
]
MORAL_COLUMNS = [
    ("date", "label.date"),
    ("code", "label.code"),
    ("village", "label.village"),
    ("list", "procedures.col_list"),
    ("household", "label.household"),
    ("head", "label.head"),
    ("reason", "procedures.col_reason"),
    ("published", "procedures.col_published"),
]
BLACK_COUNT_COLUMNS = [
    ("village", "label.village"),
    ("list", "procedures.col_list"),
    ("entries", "procedures.col_entries"),
]


def _village_exists(db, village: str) -> None:
    if db.execute("SELECT 1 FROM villages WHERE code = ?", [village]).fetchone() is None:
        from village_gov.core.i18n import label

        raise InputError("cmd.not_found", what=label("label.village"), code=village)


def ranking(db, village: str, period: Period, page: int | None = None) -> list[dict]:
    """Every household of ``village``: points in the period, balance at its end, rank by balance (1 = most).

    Households with equal balances share a rank (1, 2, 2, 4).  ``page`` (a table's ``--limit``): only
    the first ``page`` rows and the count of all (a :class:`~village_gov.core.filters.Page`).
    """
    _village_exists(db, village)
    limit = " LIMIT ?" if page else ""
    cursor = db.execute(f"""
        WITH totals AS (
            SELECT p.household,
                   sum(p.points) FILTER (WHERE p.date >= ?) AS month_points,
                   sum(p.points) AS balance
            FROM points p WHERE p.archived = 0 AND p.date <= ? GROUP BY p.household)
        SELECT rank() OVER (ORDER BY coalesce(t.balance, 0) DESC) AS rank,
               h.code AS household, h.head, h."group", coalesce(t.month_points, 0) AS month_points,
               coalesce(t.balance, 0) AS balance
        FROM households h JOIN groups g ON g.code = h."group"
        LEFT JOIN totals t ON t.household = h.code
        WHERE g.village = ? AND h.archived = 0
        ORDER BY rank, h.code{limit}""", [period.start.isoformat(), period.end.isoformat(), village,
                                          *([page] if page else [])])
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row)) for row in cursor]
    if not page:
        return rows
    from village_gov.core.filters import Page

    return Page(rows, db.execute("""SELECT count(*) FROM households h JOIN groups g ON g.code = h."group"
                                    WHERE g.village = ? AND h.archived = 0""", [village]).fetchone()[0])


def household_ledger(db, household: str, unmask: bool = False) -> dict:
    """A household's points entries with the running balance, and its red (and, if unmasked, black) list entries."""
    row = db.execute("""SELECT h.code, h.head, h."group", g.village FROM households h
                        JOIN groups g ON g.code = h."group" WHERE h.code = ?""", [household]).fetchone()
    if row is None:
        from village_gov.core.i18n import label

        raise InputError("cmd.not_found", what=label("label.household"), code=household)
    cursor = db.execute("""
        SELECT date, code, points, sum(points) OVER (ORDER BY date, code) AS balance, reason, rule
        FROM points WHERE household = ? AND archived = 0 ORDER BY date, code""", [household])
    names = [d[0] for d in cursor.description]
    entries = [dict(zip(names, r)) for r in cursor]
    lists = ("红榜", "黑榜") if unmask else ("红榜",)
    moral = [dict(zip(("date", "code", "list", "reason", "published"), (*r[:4], bool(r[4])))) for r in db.execute(f"""
        SELECT date, code, list, reason, published FROM moral_list
        WHERE household = ? AND archived = 0 AND list IN ({", ".join("?" for _ in lists)})
        ORDER BY date, code""", [household, *lists])]
    return {"household": row[0], "head": row[1], "group": row[2], "village": row[3],
            "balance": entries[-1]["balance"] if entries else 0, "points": entries, "moral_list": moral,
            "black_list_shown": unmask}


def moral_entries(db, *, village: str | None, period: Period | None, unmask: bool = False,
                  township: str | None = None, page: int | None = None) -> dict:
    """Red-list entries (and black-list entries if ``unmask``); black-list counts per village otherwise.

    ``page`` (a table's ``--limit``): only the first ``page`` entries and the count of all (``entries``
    is then a :class:`~village_gov.core.filters.Page`)."""
    clauses, params = ["m.archived = 0"], []
    if village:
        clauses.append("m.village = ?")
        params.append(village)
    if township:
        clauses.append("m.village IN (SELECT code FROM villages WHERE township = ?)")
        params.append(township)
    if period:
        clauses.append("m.date BETWEEN ? AND ?")
        params += [period.start.isoformat(), period.end.isoformat()]
    where = " AND ".join(clauses)
    shown = "" if unmask else " AND m.list = '红榜'"
    tables = "moral_list m JOIN households h ON h.code = m.household"
    cursor = db.execute(f"""
        SELECT m.date, m.code, m.village, m.list, m.household, h.head, m.reason, m.published
        FROM {tables} WHERE {where}{shown} ORDER BY m.date, m.code{' LIMIT ?' if page else ''}""",
        [*params, page] if page else params)
    entries = [dict(zip(("date", "code", "village", "list", "household", "head", "reason", "published"),
                        (*r[:7], bool(r[7])))) for r in cursor]
    if page:
        from village_gov.core.filters import Page

        entries = Page(entries, db.execute(f"SELECT count(*) FROM {tables} WHERE {where}{shown}", params).fetchone()[0])
    counts = [{"village": v, "list": "黑榜", "entries": n} for v, n in db.execute(f"""
        SELECT m.village, count(*) FROM moral_list m WHERE {where} AND m.list = '黑榜'
        GROUP BY m.village ORDER BY m.village""", params)]
    return {"entries": entries, "black_list_counts": counts, "black_list_shown": unmask}
