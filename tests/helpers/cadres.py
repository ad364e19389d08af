"""Builders for the cadre ledger's tests: the small roster (with the secretaries' ``since``) and the
micros, plus a cadre ledger written per test, imported through the real command line.

SMALL_ROSTER's villages: V1 (top organization P1, secretary M1; cadre V1/M1) and V2 (P4, secretary M6;
cadres V2/M6 and the non-member V2/郑十一).  MICROS' self-governance organizations: O1–O4 in V1, O6 in V2.
"""

from __future__ import annotations

import json

from tests.helpers.micros import MICROS
from tests.helpers.rosters import SMALL_ROSTER

AS_OF = "2026-11-30"
TODAY = "2026-12-31"  # after every date of the tests: nothing is refused as in the future

CADRE_RULES = ("village-without-link-leader", "link-without-visit", "new-secretary-without-mentor",
               "mentor-without-meeting", "reserves-too-few", "review-missing", "rectification-overdue",
               "rectification-late", "supervision-unclosed", "work-report-missing", "checkup-missing",
               "duty-lists-incomplete")

M1_ROW = "{village: V1, member: M1, posts: [党组织书记, 村委会主任, 集体经济组织负责人]}"
M6_ROW = "{village: V2, member: M6, posts: [党组织书记]}"


def roster(m1_since: str | None = None, m6_since: str | None = None) -> str:
    """SMALL_ROSTER with the two secretaries' ``since`` (the date they took the post), when given."""
    text = SMALL_ROSTER
    for row, since in ((M1_ROW, m1_since), (M6_ROW, m6_since)):
        if since:
            assert row in text
            text = text.replace(row, row[:-1] + f", since: {since}}}")
    return text


def load(cli, write_yaml, cadre: str, *, m1_since: str | None = None, m6_since: str | None = None,
         micros: bool = False) -> None:
    """Import the roster (and the micros, if asked) and the cadre ledger ``cadre``; assert it went in."""
    files = [write_yaml(roster(m1_since, m6_since), "roster.yaml")]
    if micros:
        files.append(write_yaml(MICROS, "micros.yaml"))
    files.append(write_yaml(cadre, "cadre.yaml"))
    result = cli("import", *files)
    assert result.exit_code == 0, result.output


def findings(cli, rule: str, as_of: str = AS_OF, *options: str) -> list[tuple[str, dict]]:
    """``(subject, params)`` of the findings of one rule, judged at ``as_of``."""
    result = cli("--lang", "en", "check", "--rule", rule, "--as-of", as_of, "--format", "json", *options)
    assert result.exit_code in (0, 1), result.output
    return [(f["subject"], f["params"]) for f in json.loads(result.stdout)["findings"]]


def subjects(cli, rule: str, as_of: str = AS_OF, *options: str) -> list[str]:
    return [subject for subject, _ in findings(cli, rule, as_of, *options)]
