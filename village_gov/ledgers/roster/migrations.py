"""The roster's own migrations (after the global ones, which hold its first tables): tracked as ledger ``roster``."""

from __future__ import annotations


def m001_cadre_since(db) -> None:
    """``cadres.since``: the date a village cadre took the post (issue 16: a new secretary gets a mentor)."""
    db.execute("ALTER TABLE cadres ADD COLUMN since TEXT")


MIGRATIONS = [(1, m001_cadre_since)]
