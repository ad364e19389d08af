"""The cadre ledger's own tables (its migrations, run after the global ones; see store/ledger_migrations)."""

from __future__ import annotations


def _archived(columns: dict) -> dict:
    return {**columns, "archived": int}


def m001_cadres(db) -> None:
    """The ledger's ten tables (挂联 … 权责三张清单) and the reviews' 整改 items."""
    period: dict[str, type] = {"date_from": str, "date_to": str}
    tables: list[tuple[str, dict[str, type], list[tuple[str, str, str]], set[str]]] = [
        ("cadre_links", {"leader": str, "level": str, "post": str, "org": str, **period},
         [("org", "party_orgs", "code")], {"leader", "level", "org", "date_from"}),
        ("link_visits", {"link": str, "date": str, "topic": str}, [("link", "cadre_links", "code")],
         {"link", "date"}),
        ("mentorships", {"mentor": str, "secretary": str, **period}, [("secretary", "members", "code")],
         {"mentor", "secretary", "date_from"}),
        ("mentor_meetings", {"mentorship": str, "date": str, "topic": str},
         [("mentorship", "mentorships", "code")], {"mentorship", "date"}),
        ("reserves", {"village": str, "name": str, "born": str, "gender": str, "education": str, "source": str,
                      "member": str, "since": str, "until": str},
         [("village", "villages", "code"), ("member", "members", "code")], {"village", "name"}),
        ("reviews", {"year": int, "secretary": str, "date": str, "rating": str},
         [("secretary", "members", "code")], {"year", "secretary", "date", "rating"}),
        ("supervision", {"village": str, "reason": str, **period, "closed": str},
         [("village", "villages", "code")], {"village", "date_from"}),
        ("work_reports", {"org": str, "reporter": str, "organization": str, "date": str, "topic": str},
         [("org", "party_orgs", "code"), ("organization", "organizations", "code")], {"org", "reporter", "date"}),
        ("checkups", {"cadre": str, "member": str, "cadre_code": str, "date": str, "result": str},
         [("member", "members", "code"), ("cadre_code", "cadres", "code")], {"cadre", "date", "result"}),
        ("duty_lists", {"secretary": str, "kind": str, "items": int, "published": str},
         [("secretary", "members", "code")], {"secretary", "kind", "items", "published"}),
    ]
    for name, columns, keys, not_null in tables:
        db[name].create(_archived({"code": str, **columns}), pk="code", foreign_keys=keys, not_null=not_null,
                        defaults={"archived": 0})
    db["review_items"].create({"review": str, "item": int, "text": str, "due": str, "done": str},
                              pk=("review", "item"), foreign_keys=[("review", "reviews", "code")],
                              not_null={"text", "due"})
    for name, indexed in [("cadre_links", ["org", "date_from"]), ("link_visits", ["link", "date"]),
                          ("mentorships", ["secretary", "date_from"]), ("mentor_meetings", ["mentorship", "date"]),
                          ("reserves", ["village"]), ("reserves", ["member"]), ("reviews", ["secretary", "year"]),
                          ("review_items", ["review"]), ("supervision", ["village"]), ("work_reports", ["org"]),
                          ("work_reports", ["organization", "date"]), ("checkups", ["member", "date"]),
                          ("checkups", ["cadre_code", "date"]), ("duty_lists", ["secretary", "kind"])]:
        db[name].create_index(indexed)


LIVE_INDEXES = [("cadre_links", ["org", "date_from", "date_to"]), ("link_visits", ["link", "date"]),
                ("mentorships", ["secretary", "date_from", "date_to"]), ("mentor_meetings", ["mentorship", "date"]),
                ("reserves", ["village", "since", "until"]), ("reviews", ["secretary", "year"]),
                ("work_reports", ["organization", "date"]), ("checkups", ["member", "date"]),
                ("checkups", ["cadre_code", "date"]), ("duty_lists", ["secretary", "kind", "published"])]
"""What the check rules look up, live records only: ``(table, columns)`` of each partial index."""


def m002_live_indexes(db) -> None:
    """Partial indexes of the live (not archived) records, one per lookup of the check rules (a link's
    visits in a window, a secretary's current mentorship…): each lookup is answered from the index
    alone, without reading the rows to see whether they are archived."""
    for table, columns in LIVE_INDEXES:
        db.execute(f"CREATE INDEX idx_{table}_live_{'_'.join(columns)} ON {table} ({', '.join(columns)}) "
                   "WHERE archived = 0")


MIGRATIONS = [(1, m001_cadres), (2, m002_live_indexes)]
