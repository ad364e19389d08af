"""Table views fetch the rows they show plus one count: a list of sixty thousand households shown
100 at a time reads 100 rows, not 60,000.  CSV and JSON still give every row."""

from __future__ import annotations

import sqlite3

import pytest

import village_gov.core.privacy as privacy
from tests.helpers.rosters import places

# One village, two groups (G1: H01 … H20, G2: H21 … H30), a branch P1 with members M1 … M12 and a
# party group P2 (M13); M1 liaises with H01 and H02, M2 with H01; M3 is archived; H30 is archived.
ROSTER = places(groups=2) + "\n".join([
    "party_orgs:", "  - {code: P1, name: 青竹村党支部, level: 党支部, village: V1, secretary: M01}",
    "  - {code: P2, name: 一组党小组, level: 党小组, village: V1, group: G1, parent: P1}",
    "members:", "  - {code: M01, name: 党员1, org: P1, households: [H01, H02]}",
    "  - {code: M02, name: 党员2, org: P1, households: [H01]}",
    *[f"  - {{code: M{i:02d}, name: 党员{i}, org: P1{', archived: true' if i == 3 else ''}}}" for i in range(3, 13)],
    "  - {code: M13, name: 党员13, org: P2}",
    "households:", *[f"  - {{code: H{i:02d}, head: 户主{i}, group: {'G1' if i <= 20 else 'G2'}, size: 2"
                     f"{', archived: true' if i == 30 else ''}}}" for i in range(1, 31)],
]) + "\n"


@pytest.fixture
def township(cli, write_yaml):
    result = cli("import", write_yaml(ROSTER))
    assert result.exit_code == 0, result.output


@pytest.fixture
def traced(monkeypatch):
    """Counts the rows the list processes (each is masked once) and the statements it runs."""
    seen = {"rows": 0, "sql": []}
    real_mask, real_connect = privacy.mask_row, sqlite3.connect

    def mask_row(row, unmask=False):
        seen["rows"] += 1
        return real_mask(row, unmask)

    def connect(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(lambda sql: seen["sql"].append(" ".join(sql.split())))
        return conn

    monkeypatch.setattr(privacy, "mask_row", mask_row)
    monkeypatch.setattr(sqlite3, "connect", connect)
    return seen


def _selects(seen) -> list[str]:
    return [s for s in seen["sql"] if s.startswith("SELECT") and ("LIMIT" in s or "count(*)" in s.split(" FROM ")[0])]


@pytest.mark.parametrize("args, shown, total", [
    (["household", "list"], 5, 29),                        # H30 archived
    (["household", "list", "--group", "G2"], 5, 9),         # H21 … H29
    (["household", "list", "--org", "P1"], 2, 2),           # H01, H02 (fewer than the limit)
    (["household", "list", "--archived"], 5, 30),
    (["member", "list"], 5, 12),                            # M03 archived
    (["member", "list", "--org", "P2"], 1, 1),
    (["group", "list"], 2, 2),
    (["org", "list"], 2, 2),
    (["village", "list"], 1, 1),
])
def test_table_fetches_the_page_and_a_count(cli, township, traced, args, shown, total):
    result = cli(*args, "--limit", "5")
    assert result.exit_code == 0, result.output
    assert traced["rows"] == shown
    more = total - shown
    note = f"另有 {more} 条未显示（用 --limit 0 显示全部，或 --format csv）"
    assert (note in result.stdout) == (more > 0)
    assert "另有" not in result.stdout or more > 0


def test_household_page_is_the_head_of_the_full_list(cli, township, traced):
    result = cli("household", "list", "--limit", "3")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # Header, rule, H01 (members M01,M02 in liaison order), H02 (M01), H03 (nobody), the note.
    assert [line.split()[0] for line in lines[2:5]] == ["H01", "H02", "H03"]
    assert lines[2].rstrip().endswith("M01,M02")
    assert lines[3].rstrip().endswith("M01")
    assert lines[5] == "另有 26 条未显示（用 --limit 0 显示全部，或 --format csv）"
    assert traced["rows"] == 3
    # One count and one page: no statement reads the whole list.
    statements = _selects(traced)
    assert any("LIMIT" in s for s in statements)
    assert any(s.startswith("SELECT count(*)") for s in statements)


@pytest.mark.parametrize("fmt, lines", [("csv", 30), ("json", 31)])
def test_csv_and_json_stay_complete(cli, township, traced, fmt, lines):
    # 29 live households: CSV has a header line; JSON "[", 29 rows, "]".
    result = cli("household", "list", "--format", fmt, "--limit", "5")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == lines
    assert traced["rows"] == 29


def test_limit_zero_shows_all(cli, township, traced):
    result = cli("household", "list", "--limit", "0")
    assert result.exit_code == 0, result.output
    assert traced["rows"] == 29
    assert "另有" not in result.stdout


# --- consultations and requests (tests/helpers/consult.py: 4 consultations, 8 requests) -------------------

@pytest.fixture
def consultations(cli, write_yaml):
    from tests.helpers.consult import CONSULTATIONS, EXTRA_VILLAGE
    from tests.helpers.rosters import SMALL_ROSTER

    result = cli("import", write_yaml(SMALL_ROSTER, "roster.yaml"), write_yaml(EXTRA_VILLAGE, "v3.yaml"),
                 write_yaml(CONSULTATIONS, "consultations.yaml"))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("args, codes, more", [
    # Oldest first: R7 (08-25), R6 (09-10), R8 (09-20), then R1 … R3 (10-08), R5 (10-15), R4 (10-31).
    (["request", "list", "--limit", "3"], ["R7", "R6", "R8"], 5),
    # Still open after 30 days on 2026-11-29: R7 and R3.
    (["request", "list", "--overdue", "--limit", "1"], ["R7"], 1),
    # Newest first: C2 (10-31), C3 (10-15), C1 (10-08), C4 (09-10).
    (["consult", "list", "--limit", "2"], ["C2", "C3"], 2),
    (["consult", "list", "--month", "2026-10", "--limit", "5"], ["C2", "C3", "C1"], 0),
])
def test_consult_and_request_tables_fetch_the_page(cli, consultations, traced, monkeypatch, args, codes, more):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", "2026-11-29")
    monkeypatch.setenv("COLUMNS", "200")
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert traced["rows"] == len(codes)
    assert [line.split()[0] for line in result.stdout.splitlines()[2:2 + len(codes)]] == codes
    note = f"另有 {more} 条未显示（用 --limit 0 显示全部，或 --format csv）"
    assert (note in result.stdout) == (more > 0)
    assert ("另有" in result.stdout) == (more > 0)
