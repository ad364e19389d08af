"""``cadre show VILLAGE``: one page about a village's cadres on a day, as ``(label key, value)`` lines."""

from __future__ import annotations

import datetime as dt

from village_gov.core.errors import InputError
from village_gov.ledgers.cadres.queries import SECRETARIES, current, member_village
from village_gov.ledgers.cadres.report import YOUNG_AGE, years_before


def _secretary(db, village: str) -> tuple[str | None, list[tuple[str, object]]]:
    row = db.execute(f"SELECT s.member, s.since, m.name FROM ({SECRETARIES}) s JOIN members m ON m.code = s.member "
                     "WHERE s.village = :village ORDER BY s.org LIMIT 1", {"village": village}).fetchone()
    if row is None:
        return None, [("cadre.show_secretary", "—")]
    member, since, name = row
    posts = db.execute("SELECT group_concat(p.value, '、') FROM cadres c, json_each(c.posts) p "
                       "WHERE c.village = ? AND c.member = ? AND c.archived = 0", [village, member]).fetchone()[0]
    return member, [("cadre.show_secretary", f"{name} {member}" + (f" · {since}" if since else "")),
                    ("cadre.show_posts", posts or "—")]


def _links(db, params: dict) -> list[tuple[str, object]]:
    lines = [f"{leader}（{level}{' ' + post if post else ''}）" + (f" · {last}" if last else "")
             for leader, level, post, last in db.execute(f"""
                SELECT k.leader, k.level, k.post, (SELECT max(v.date) FROM link_visits v WHERE v.link = k.code
                                                   AND v.archived = 0 AND v.date <= :day)
                FROM cadre_links k JOIN party_orgs o ON o.code = k.org
                WHERE o.village = :village AND k.archived = 0 AND {current('k')} ORDER BY k.code""", params)]
    return [("cadre.show_link_leader", "；".join(lines) or "—")]


def _mentor(db, params: dict, member: str | None) -> list[tuple[str, object]]:
    lines = [f"{mentor} · {start}" + (f" · {last}" if last else "")
             for mentor, start, last in db.execute(f"""
                SELECT k.mentor, k.date_from, (SELECT max(m.date) FROM mentor_meetings m
                                               WHERE m.mentorship = k.code AND m.archived = 0 AND m.date <= :day)
                FROM mentorships k WHERE k.secretary = :member AND k.archived = 0 AND {current('k')}
                ORDER BY k.code""", {**params, "member": member})]
    return [("cadre.show_mentor", "；".join(lines) or "—")]


def _reserves(db, params: dict) -> list[tuple[str, object]]:
    names, young, women = [], 0, 0
    for name, born, gender in db.execute(f"""
            SELECT r.name, r.born, r.gender FROM reserves r WHERE r.village = :village AND r.archived = 0
            AND {current('r', 'since', 'until')} ORDER BY r.code""", params):
        names.append(name)
        young += bool(born and born > params["young"])
        women += gender == "女"
    text = f"{len(names)}（35-：{young}，♀：{women}）" + ("：" + "、".join(names) if names else "")
    return [("cadre.show_reserves", text)]


def _reviews(db, params: dict, member: str | None) -> list[tuple[str, object]]:
    rating = db.execute("""SELECT r.year || ' ' || r.rating FROM reviews r WHERE r.secretary = :member
                           AND r.archived = 0 AND r.date <= :day ORDER BY r.year DESC, r.date DESC LIMIT 1""",
                        {**params, "member": member}).fetchone()
    items = db.execute(f"""
            SELECT i.review || '#' || i.item, i.text, i.due, i.due < :day FROM review_items i
            JOIN reviews r ON r.code = i.review AND r.archived = 0
            WHERE {member_village('r.secretary')} = :village AND r.date <= :day
            AND (i.done IS NULL OR i.done > :day) ORDER BY i.due, i.review, i.item""", params).fetchall()
    open_items = [f"{code} {text}（{due}）" for code, text, due, late in items if not late]
    overdue = [f"{code} {text}（{due}）" for code, text, due, late in items if late]
    return [("cadre.show_rating", rating[0] if rating else "—"),
            ("cadre.show_open_items", "；".join(open_items) or "—"),
            ("cadre.show_overdue_items", "；".join(overdue) or "—")]


def _supervision(db, params: dict) -> list[tuple[str, object]]:
    lines = [f"{start}～{end or '…'}" + (f" {reason}" if reason else "") + (f" · {closed}" if closed else "")
             for start, end, reason, closed in db.execute("""
                SELECT s.date_from, s.date_to, s.reason, s.closed FROM supervision s
                WHERE s.village = :village AND s.archived = 0 AND s.date_from <= :day ORDER BY s.date_from""",
                params)]
    return [("section.supervision", "；".join(lines) or "—")]


def village_page(db, village: str, as_of: dt.date) -> list[tuple[str, object]]:
    """The village's secretary and posts, link leaders, mentor, reserves, last rating, open and overdue
    整改 items and supervision, on ``as_of``; an unknown village is refused (exit 2)."""
    row = db.execute("SELECT name FROM villages WHERE code = ?", [village]).fetchone()
    if row is None:
        raise InputError("cadre.unknown_village", code=village)
    params = {"village": village, "day": as_of.isoformat(), "young": years_before(as_of, YOUNG_AGE).isoformat()}
    member, secretary = _secretary(db, village)
    return [("label.village", f"{row[0]} {village} · {as_of.isoformat()}"), *secretary, *_links(db, params),
            *_mentor(db, params, member), *_reserves(db, params), *_reviews(db, params, member),
            *_supervision(db, params)]
