"""The micros, procedures, decision and audit tables fetch the page they show plus one count, like
the roster lists (tests/test_perf_views.py): the list's own query carries a LIMIT and the note
"另有 N 条未显示" comes from a count.  CSV and JSON still give every row."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.helpers.procedures import ROSTER

NOTE = "另有 {} 条未显示（用 --limit 0 显示全部，或 --format csv）"

PROCEDURES = """
disclosures:
  - {code: DS1, village: V01, date: 2026-07-05, kind: 财务, channel: 公开栏, items: 6 月收支}
  - {code: DS2, village: V01, date: 2026-08-05, kind: 财务, channel: 公开栏, items: 7 月收支}
  - {code: DS3, village: V02, date: 2026-07-06, kind: 党务, channel: 公开栏, items: 二季度党务}
  - {code: DS4, village: V01, date: 2026-10-10, kind: 村务, channel: 公开栏, items: 道路硬化}
party_meetings:
  - {code: PM1, org: V01-P00, date: 2026-07-01, kind: 党课, due: 5, present: 5}
  - {code: PM2, org: V02-P00, date: 2026-07-08, kind: 支委会, due: 5, present: 4}
  - {code: PM3, org: V01-P00, date: 2026-08-10, kind: 主题党日, due: 5, present: 5}
moral_list:
  - {code: ML1, date: 2026-10-12, village: V01, household: H00001, list: 红榜, reason: 孝老爱亲, published: true}
  - {code: ML2, date: 2026-10-12, village: V01, household: H00002, list: 红榜, reason: 义务劳动, published: true}
  - {code: ML3, date: 2026-10-12, village: V01, household: H00003, list: 黑榜, reason: 乱倒垃圾, published: true}
  - {code: ML4, date: 2026-10-20, village: V02, household: H00167, list: 红榜, reason: 拾金不昧, published: true}
points:
  - {code: PT1, date: 2026-09-15, household: H00001, points: 5, reason: 卫生评比}
  - {code: PT2, date: 2026-10-05, household: H00001, points: 10, reason: 义务劳动}
  - {code: PT3, date: 2026-10-05, household: H00002, points: 10, reason: 义务劳动}
  - {code: PT4, date: 2026-10-12, household: H00003, points: -10, reason: 乱倒垃圾}
decisions:
  - code: D1
    village: V01
    title: 道路硬化
    supervisor: 村务监督委员会
    steps:
      proposed: {date: 2026-07-01}
      deliberated: {date: 2026-07-05}
      reviewed: {date: 2026-07-10, due: 12, present: 9, approve: 8, oppose: 1, abstain: 0}
      resolved: {date: 2026-07-15, body: 村民代表会议, due: 30, present: 24, approve: 20, oppose: 2, abstain: 2}
      resolution_published: {date: 2026-07-16}
      result_published: {date: 2026-09-30}
  - {code: D2, village: V01, title: 茶园出租, steps: {proposed: {date: 2026-07-01}}}
  - {code: D3, village: V02, title: 河堤护栏, steps: {proposed: {date: 2026-10-20}}}
  - {code: D4, village: V02, title: 文化广场, steps: {proposed: {date: 2026-08-01}}}
"""


@pytest.fixture
def statements(monkeypatch):
    """Every SQL statement the command runs, whitespace collapsed."""
    seen: list[str] = []
    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(lambda sql: seen.append(" ".join(sql.split())))
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    return seen


@pytest.fixture
def procedures(cli, write_yaml, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", "2026-11-01")
    monkeypatch.setenv("COLUMNS", "200")
    result = cli("import", write_yaml(ROSTER, "roster.yaml"), write_yaml(PROCEDURES, "procedures.yaml"))
    assert result.exit_code == 0, result.output
    return cli


def _check_page(result, statements, table: str, first: list[str], more: int, column: int = 0) -> None:
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split()[column] for line in lines[2:2 + len(first)]] == first
    assert (NOTE.format(more) in result.stdout) == (more > 0)
    assert ("另有" in result.stdout) == (more > 0)
    # The list's query read a page (LIMIT) and one count gave the rest; none read the whole table.
    reads = [s for s in statements if s.startswith(("SELECT", "WITH")) and f"FROM {table} " in s + " "]
    assert any("LIMIT" in s for s in reads), reads
    assert any(s.startswith("SELECT count(*)") for s in reads), reads
    listing = [s for s in reads if "ORDER BY" in s and "GROUP BY" not in s]  # not the black list's counts
    assert all("LIMIT" in s for s in listing), listing


# tests/helpers/micros.py: positions PS1 (V1 主阵地), PS2 (V1 微阵地), PS3 (V2); organizations O1 … O5
# in V1 and O6 in V2; services by date S5 09-30, S1 10-01, S2 10-15, S6 10-20, S3 10-31, S4 11-01
# (S5, S6 in V2); activities by date A3 09-01, A1 10-03, A4 10-10 (V2), A2 10-31.
@pytest.mark.parametrize("args, table, first, more", [
    (["position", "list", "--limit", "2"], "positions", ["PS1", "PS2"], 1),       # 主 sorts before 微
    (["organization", "list", "--limit", "4"], "organizations", ["O1", "O2", "O3", "O4"], 2),
    (["service", "list", "--limit", "2"], "services", ["S5", "S1"], 4),
    (["service", "list", "--village", "V1", "--limit", "2"], "services", ["S1", "S2"], 2),   # S3, S4 left
    (["service", "list", "--from", "2026-10-01", "--to", "2026-10-31", "--limit", "3"], "services",
     ["S1", "S2", "S6"], 1),                                                                  # S3
    (["activity", "list", "--limit", "3"], "activities", ["A3", "A1", "A4"], 1),
    (["activity", "list", "--limit", "5"], "activities", ["A3", "A1", "A4", "A2"], 0),
])
def test_micros_tables_fetch_the_page(micros_loaded, statements, monkeypatch, args, table, first, more):
    monkeypatch.setenv("COLUMNS", "200")
    statements.clear()
    _check_page(micros_loaded(*args), statements, table, first, more)


@pytest.mark.parametrize("args, table, first, more, column", [
    # By date: DS1 07-05, DS3 07-06, DS2 08-05, DS4 10-10.
    (["disclose", "list", "--limit", "2"], "disclosures", ["DS1", "DS3"], 2, 0),
    (["disclose", "list", "--village", "V01", "--limit", "2"], "disclosures", ["DS1", "DS2"], 1, 0),
    (["party-meeting", "list", "--limit", "1"], "party_meetings", ["PM1"], 2, 0),
    (["party-meeting", "list", "--village", "V01", "--limit", "1"], "party_meetings", ["PM1"], 1, 0),
    # Red list only (ML3 is black): ML1, ML2 (10-12), ML4 (10-20); the code is the second column.
    (["moral", "list", "--limit", "2"], "moral_list", ["ML1", "ML2"], 1, 1),
    # V01's balances at October's end: H00001 5 + 10 = 15, H00002 10, H00004 0, H00005 0,
    # H00003 -10: ranked H00001, H00002, H00004, H00005 (both 3rd), H00003; the household is column 2.
    (["points", "ranking", "--village", "V01", "--month", "2026-10", "--limit", "2"], "households",
     ["H00001", "H00002"], 3, 1),
])
def test_procedures_tables_fetch_the_page(procedures, statements, args, table, first, more, column):
    statements.clear()
    _check_page(procedures(*args), statements, table, first, more, column)


@pytest.mark.parametrize("args, first, more", [
    # D1 finished; D2 (last step 07-01) and D4 (08-01) stalled at 2026-10-31 (over 30 days); D3 open.
    (["decision", "list", "--as-of", "2026-10-31", "--limit", "1"], ["D1"], 3),
    (["decision", "list", "--as-of", "2026-10-31", "--limit", "3"], ["D1", "D2", "D3"], 1),
    (["decision", "list", "--as-of", "2026-10-31", "--stalled", "--limit", "1"], ["D2"], 1),
    (["decision", "list", "--as-of", "2026-10-31", "--village", "V02", "--limit", "1"], ["D3"], 1),
])
def test_decision_table_fetches_the_page(procedures, statements, args, first, more):
    statements.clear()
    result = procedures(*args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[2:2 + len(first)]] == first
    assert (NOTE.format(more) in result.stdout) == (more > 0)
    assert ("另有" in result.stdout) == (more > 0)
    assert any("FROM decisions d" in s and "LIMIT" in s for s in statements)


def test_decision_page_keeps_each_status(procedures):
    # The page's statuses are those of the full list: D1 finished, D2 stalled (122 days since 07-01),
    # D3 open (11 days since 10-20).
    page = procedures("decision", "list", "--as-of", "2026-10-31", "--limit", "3").stdout.splitlines()[2:5]
    assert page[0].split()[-1] == "已完成"
    assert page[1].split()[-2:] == ["122", "停滞"]
    assert page[2].split()[-2:] == ["11", "进行中"]


@pytest.mark.parametrize("args, rows", [
    (["disclose", "list", "--format", "csv", "--limit", "1"], 4),
    (["party-meeting", "list", "--format", "csv", "--limit", "1"], 3),
    (["decision", "list", "--as-of", "2026-10-31", "--format", "csv", "--limit", "1"], 4),
    (["points", "ranking", "--village", "V01", "--month", "2026-10", "--format", "csv", "--limit", "1"], 5),
])
def test_csv_stays_complete(procedures, args, rows):
    result = procedures(*args)
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 1 + rows  # the header line, then every row


def test_audit_table_reads_a_page(procedures, statements):
    every = json.loads(procedures("audit", "log", "--format", "json").stdout)
    assert len(every) > 2  # the schema's migrations and the import
    statements.clear()
    result = procedures("audit", "log", "--limit", "2")
    assert result.exit_code == 0, result.output
    # Entries 1 and 2 are shown, and the count of the others.
    assert result.stdout.startswith(("第 1 条", "#1"))
    assert "第 2 条" in result.stdout and "第 3 条" not in result.stdout
    assert NOTE.format(len(every) - 2) in result.stdout
    reads = [s for s in statements if s.startswith("SELECT") and "FROM audit" in s]
    assert any("LIMIT" in s for s in reads) and any(s.startswith("SELECT count(*)") for s in reads), reads


def test_moral_page_unmasked_audits_every_entry(procedures):
    # --unmask with a page of 1: the audit entry counts every entry listed (ML1 … ML4: 4), not the page.
    assert procedures("moral", "list", "--unmask", "--limit", "1").exit_code == 0
    last = json.loads(procedures("audit", "log", "--format", "json").stdout)[-1]
    assert 4 in last["counts"].values(), last["counts"]


# --- the order of each list comes from an index (core migration m009_list_order) -----------------------

def _page_plans(cli, statements, db_path, *args) -> list[str]:
    statements.clear()
    assert cli(*args, "--limit", "2").exit_code == 0
    page = [s for s in statements if s.startswith("SELECT") and "ORDER BY" in s and s.endswith("LIMIT 2")]
    assert page, statements
    conn = sqlite3.connect(db_path)
    plans = [row[3] for s in page for row in conn.execute("EXPLAIN QUERY PLAN " + s)]
    conn.close()
    return plans


@pytest.mark.parametrize("args, index", [
    (["service", "list"], "services_list"),
    (["activity", "list"], "activities_list"),
    (["organization", "list"], "organizations_list"),
])
def test_micros_pages_read_an_index_in_order(micros_loaded, statements, db_path, args, index):
    plans = _page_plans(micros_loaded, statements, db_path, *args)
    assert any(f"USING INDEX {index}" in p for p in plans), plans
    assert not any("TEMP B-TREE" in p for p in plans), plans  # no sort of the whole table


@pytest.mark.parametrize("args, index", [
    (["service", "list", "--village", "V1"], "services_village_list"),
    (["service", "list", "--village", "V1", "--from", "2026-10-01", "--to", "2026-10-31"], "services_village_list"),
    (["activity", "list", "--village", "V1", "--from", "2026-10-01"], "activities_village_list"),
])
def test_one_village_pages_read_that_village_in_order(micros_loaded, statements, db_path, args, index):
    # Core migration m011: one village's rows of the period in list order, not every village's rows of
    # the period by date (services_list), nor the village's rows sorted; the page's count too.
    plans = _page_plans(micros_loaded, statements, db_path, *args)
    assert any(f"INDEX {index} (village=?" in p for p in plans), plans
    assert not any("TEMP B-TREE" in p for p in plans), plans
    counts = [s for s in statements if s.startswith("SELECT count(*)")]
    conn = sqlite3.connect(db_path)
    count_plans = [row[3] for s in counts for row in conn.execute("EXPLAIN QUERY PLAN " + s)]
    conn.close()
    assert counts and all(f"COVERING INDEX {index}" in p for p in count_plans), count_plans


@pytest.mark.parametrize("args, index", [
    (["disclose", "list"], "disclosures_list"),
    (["party-meeting", "list"], "party_meetings_list"),
    (["moral", "list"], "moral_list_list"),
])
def test_procedures_pages_read_an_index_in_order(procedures, statements, db_path, args, index):
    plans = _page_plans(procedures, statements, db_path, *args)
    assert any(f"USING INDEX {index}" in p for p in plans), plans
    assert not any("TEMP B-TREE" in p for p in plans), plans


@pytest.mark.parametrize("args, index", [
    (["request", "list"], "requests_list"),       # oldest first: raised, code
    (["consult", "list"], "consultations_list"),  # newest first: date DESC, code
])
def test_request_and_consultation_pages_read_an_index_in_order(cli, write_yaml, statements, db_path, args, index):
    from tests.helpers.consult import CONSULTATIONS, EXTRA_VILLAGE
    from tests.helpers.rosters import SMALL_ROSTER

    assert cli("import", write_yaml(SMALL_ROSTER, "roster.yaml"), write_yaml(EXTRA_VILLAGE, "v3.yaml"),
               write_yaml(CONSULTATIONS, "consultations.yaml")).exit_code == 0
    plans = _page_plans(cli, statements, db_path, *args)
    assert any(f"USING INDEX {index}" in p for p in plans), plans
    assert not any("TEMP B-TREE FOR ORDER BY" in p for p in plans), plans
