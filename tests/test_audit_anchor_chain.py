"""The anchored audit chain: the head printed on reports, exports and backups, ``audit verify --anchor``,
the digest of the ledger tables recorded with each write, and the head a county keeps per township.

Entry numbers are worked out by hand: a new database holds one entry per migration (13: the 10 global
ones, the roster's own m001 adding cadres.since, the development ledger's m001 and the cadre ledger's
m001), the first import is entry 14, a second import that changes a record is entry 15.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import re
import sqlite3

import pytest

from tests.helpers.db import file_digest, migration_names
from tests.helpers.rosters import SMALL_ROSTER
from village_gov.trail.chain import entry_hash

MIGRATION_ENTRIES = len(migration_names())


def run(cli, *args):
    return cli("--lang", "en", *args)


def sql(path, *statements):
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def monthly_head(cli, db=None) -> dict:
    """The audit head a monthly report's JSON carries (the anchor the county keeps)."""
    extra = ("--db", db) if db else ()
    result = cli(*extra, "report", "monthly", "--month", "2026-10", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["audit_head"]


def anchor(head: dict) -> str:
    return f"{head['entry']}:{head['hash']}"


def rechain(path, start: int = 1) -> None:
    """Recompute every hash from entry ``start`` on, as someone with the code could."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("SELECT * FROM audit ORDER BY id")]
    previous = ""
    for row in rows:
        if row["id"] >= start:
            row["prev_hash"] = previous
            row["hash"] = entry_hash(row)
            conn.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", [row["prev_hash"], row["hash"],
                                                                                   row["id"]])
        previous = row["hash"]
    conn.commit()
    conn.close()


@pytest.fixture
def ledger(cli, db_path, write_yaml):
    """A township after two imports: entries 1-13 the migrations, 14 the first import, 15 the second."""
    assert cli("import", write_yaml(SMALL_ROSTER)).exit_code == 0
    changed = SMALL_ROSTER.replace(
        "{code: H1, head: 陈一, group: G1, size: 4,", "{code: H1, head: 陈一, group: G1, size: 5,"
    )
    assert changed != SMALL_ROSTER
    assert cli("import", write_yaml(changed, "roster2.yaml")).exit_code == 0
    return db_path


# --- the four ways of tampering ----------------------------------------------------------------

def test_an_untouched_trail_verifies_with_its_anchor(cli, ledger):
    head = monthly_head(cli)
    assert head["entry"] == MIGRATION_ENTRIES + 2 and re.fullmatch(r"[0-9a-f]{64}", head["hash"])
    result = run(cli, "audit", "verify", "--anchor", anchor(head))
    assert result.exit_code == 0, result.output
    assert f"{MIGRATION_ENTRIES + 2} entries checked" in result.output
    assert "table digest matches the last write" in result.output
    assert f"anchor matches: the history up to entry {MIGRATION_ENTRIES + 2}" in result.output


def test_deleting_every_entry_is_found(cli, ledger):
    head = monthly_head(cli)
    sql(ledger, "DELETE FROM audit")
    result = run(cli, "audit", "verify", "--anchor", anchor(head))
    assert result.exit_code == 1
    assert "deleted: no entries" in result.stderr
    # Even without an anchor: a database always holds the entries of its creation.
    result = run(cli, "audit", "verify")
    assert result.exit_code == 1 and "deleted: no entries" in result.stderr


def test_editing_an_entry_and_recomputing_the_chain_is_found_by_the_anchor(cli, ledger):
    head = monthly_head(cli)
    # Entry 11 (the first import) gets another command line; every hash from 11 on is recomputed.
    sql(ledger, f"UPDATE audit SET command = 'village-gov import other.yaml' WHERE id = {MIGRATION_ENTRIES + 1}")
    rechain(ledger, start=MIGRATION_ENTRIES + 1)
    # The chain alone cannot tell (it recomputes): this is what the anchor is for.
    assert run(cli, "audit", "verify").exit_code == 0
    result = run(cli, "audit", "verify", "--anchor", anchor(head))
    assert result.exit_code == 1
    assert f"rewritten: entry {MIGRATION_ENTRIES + 2}'s hash differs" in result.stderr


def test_truncating_the_last_entries_is_found_by_the_anchor(cli, ledger):
    head = monthly_head(cli)
    # Entries 14 and 15 removed: the chain that is left (1-13) still recomputes.
    sql(ledger, f"DELETE FROM audit WHERE id > {MIGRATION_ENTRIES}")
    result = run(cli, "audit", "verify", "--anchor", anchor(head))
    assert result.exit_code == 1
    assert f"truncated: entry {MIGRATION_ENTRIES + 2} missing (chain ends at {MIGRATION_ENTRIES})" in result.stderr


@pytest.mark.parametrize("statement, table", [
    ("UPDATE households SET size = 9 WHERE code = 'H2'", "households"),
    ("DELETE FROM cadres WHERE rowid = (SELECT min(rowid) FROM cadres)", "cadres"),
    ("UPDATE members SET phone = '13800009999' WHERE code = 'M1'", "members"),
])
def test_a_direct_change_of_a_ledger_row_is_found_and_its_table_named(cli, ledger, statement, table):
    assert run(cli, "audit", "verify").exit_code == 0
    sql(ledger, statement)
    result = run(cli, "audit", "verify")
    assert result.exit_code == 1
    assert f"table(s) {table} differ from the digest recorded at the last write" in result.stderr


def test_a_change_through_the_tool_records_a_new_digest(cli, ledger, write_yaml):
    changed = SMALL_ROSTER.replace(
        "{code: H2, head: 陈二, group: G1, size: 3}", "{code: H2, head: 陈二, group: G1, size: 8}"
    )
    assert cli("import", write_yaml(changed, "roster3.yaml")).exit_code == 0
    assert run(cli, "audit", "verify").exit_code == 0


# --- anchors: short form, files, bad input -----------------------------------------------------

def test_short_anchor_and_anchor_file_with_comments(cli, ledger, tmp_path):
    head = monthly_head(cli)
    short = f"{head['entry']}:{head['hash'][:16]}"
    table = cli("report", "monthly", "--month", "2026-10")
    assert f"审计链头：{short}" in table.stdout  # the table prints the short form
    assert run(cli, "audit", "verify", "--anchor", short).exit_code == 0
    anchors = tmp_path / "anchors.txt"
    anchors.write_text(f"# 青竹镇 reports received\n\n{short}   # October report\n"
                       f"{MIGRATION_ENTRIES}:{'0' * 64}\n", encoding="utf-8")
    result = run(cli, "audit", "verify", "--anchors", anchors)
    assert result.exit_code == 1
    assert f"rewritten: entry {MIGRATION_ENTRIES}'s hash differs" in result.stderr
    assert f"entry {MIGRATION_ENTRIES + 2}" not in result.stderr


@pytest.mark.parametrize("value", ["10", "x:abcdef0123456789", "10:abc", "0:" + "a" * 64, "10:" + "g" * 16])
def test_a_malformed_anchor_is_refused(cli, ledger, value):
    before = file_digest(ledger)
    result = run(cli, "audit", "verify", "--anchor", value)
    assert result.exit_code == 2 and "N:HASH" in result.output and "Traceback" not in result.output
    assert file_digest(ledger) == before


def test_a_malformed_anchor_file_line_is_named(cli, ledger, tmp_path):
    anchors = tmp_path / "anchors.txt"
    anchors.write_text("# ok\n9:nothex\n", encoding="utf-8")
    result = run(cli, "audit", "verify", "--anchors", anchors)
    assert result.exit_code == 2 and "line 2" in result.output
    result = run(cli, "audit", "verify", "--anchors", tmp_path / "missing.txt")
    assert result.exit_code == 2 and "missing.txt" in result.output


# --- every report, export and backup carries the head -------------------------------------------

def test_monthly_report_formats_carry_the_head(cli, ledger, tmp_path):
    head = monthly_head(cli)
    full = anchor(head)
    markdown = cli("report", "monthly", "--month", "2026-10", "--format", "markdown")
    assert f"审计链头：{full}" in markdown.stdout
    result = cli("report", "monthly", "--month", "2026-10", "--format", "csv")
    assert full in result.stderr and "审计链头" not in result.stdout
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert len(rows) == 1 + 2 + 1  # header, V1, V2, total: the head adds no row
    html = tmp_path / "m.html"
    assert cli("report", "monthly", "--month", "2026-10", "--format", "html", "--output", html).exit_code == 0
    assert full in html.read_text(encoding="utf-8")
    xlsx = tmp_path / "m.xlsx"
    assert cli("report", "monthly", "--month", "2026-10", "--format", "xlsx", "--output", xlsx).exit_code == 0
    assert full in _workbook_text(xlsx)


def test_export_carries_the_head_and_reading_does_not_move_it(cli, ledger, tmp_path):
    head = monthly_head(cli)
    first = tmp_path / "a.html"
    assert cli("export", "--month", "2026-10", "--output", first).exit_code == 0
    assert anchor(head) in first.read_text(encoding="utf-8")
    xlsx = tmp_path / "a.xlsx"
    assert cli("export", "--month", "2026-10", "--output", xlsx).exit_code == 0
    assert anchor(head) in _workbook_text(xlsx)
    # A reading recorded in the trail (a full list) does not change the next export's bytes.
    assert cli("household", "list", "--unmask").exit_code == 0
    second = tmp_path / "b.html"
    assert cli("export", "--month", "2026-10", "--output", second).exit_code == 0
    assert second.read_bytes() == first.read_bytes()


def test_backup_prints_its_own_entry_as_the_head(cli, ledger, tmp_path):
    copy = tmp_path / "b.db"
    result = cli("backup", "--output", copy)
    assert result.exit_code == 0, result.output
    # The backup's entry is the 11th; the copy holds the chain up to it.
    match = re.search(r"审计链头：(\d+):([0-9a-f]{64})", result.stdout)
    assert match and int(match.group(1)) == MIGRATION_ENTRIES + 3
    assert run(cli, "--db", copy, "audit", "verify", "--anchor", f"{match.group(1)}:{match.group(2)}").exit_code == 0


def _workbook_text(path) -> str:
    """The text of the last sheet (说明, the definitions)."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        sheet = book.worksheets[-1]
        return "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None)
    finally:
        book.close()


# --- a database from before the digest ----------------------------------------------------------

def test_a_database_without_a_digest_says_so(tmp_path):
    import sqlite_utils

    from village_gov.store.migrations import apply_migrations
    from village_gov.trail import chain

    db = sqlite_utils.Database(sqlite3.connect(tmp_path / "old.db"))
    apply_migrations(db, 0, target=7)
    assert chain.check_digest(db) == ("none", [])
    apply_migrations(db, 7)  # the migration's own entry records the first digest
    assert chain.check_digest(db) == ("ok", [])
    db.conn.close()


# --- the county keeps each township's head ------------------------------------------------------

def _merge(cli, county, *files):
    gc.collect()
    return cli("--lang", "en", "merge", *files, "--into", county)


def test_merge_records_the_head_and_refuses_a_chain_that_no_longer_extends_it(cli, ledger, tmp_path, write_yaml):
    county = tmp_path / "county.db"
    head = monthly_head(cli)
    assert _merge(cli, county, ledger).exit_code == 0
    recorded = sqlite3.connect(county).execute("SELECT audit_entry, audit_hash FROM merge_log").fetchall()
    assert recorded == [(head["entry"], head["hash"])]
    # The township writes on: its chain extends the recorded head, the merge is accepted.
    changed = SMALL_ROSTER.replace(
        "{code: H3, head: 陈三, group: G1, size: 2}", "{code: H3, head: 陈三, group: G1, size: 7}"
    )
    assert cli("import", write_yaml(changed, "roster4.yaml")).exit_code == 0
    assert _merge(cli, county, ledger).exit_code == 0
    extended = MIGRATION_ENTRIES + 3
    # Now the township truncates its chain below what the county recorded.
    sql(ledger, f"DELETE FROM audit WHERE id > {MIGRATION_ENTRIES + 1}")
    before = file_digest(county)
    result = _merge(cli, county, ledger)
    assert result.exit_code == 3
    assert "truncated" in result.output and f"head {extended}:" in result.output
    assert f"ends at entry {MIGRATION_ENTRIES + 1}" in result.output
    gc.collect()
    assert file_digest(county) == before


@pytest.mark.parametrize("tamper, finding", [("rewrite", "rewritten"), ("delete", "deleted"),
                                             ("rebuild", "rewritten")])
def test_merge_refuses_a_rewritten_or_deleted_or_rebuilt_chain(cli, ledger, tmp_path, write_yaml, tamper, finding):
    county = tmp_path / "county.db"
    assert _merge(cli, county, ledger).exit_code == 0
    if tamper == "rewrite":
        sql(ledger, f"UPDATE audit SET command = 'edited' WHERE id = {MIGRATION_ENTRIES + 1}")
        rechain(ledger, start=MIGRATION_ENTRIES + 1)
        source = ledger
    elif tamper == "delete":
        sql(ledger, "DELETE FROM audit")
        source = ledger
    else:  # a new file for the same township: a chain of its own, as long as the old one
        source = tmp_path / "rebuilt.db"
        for name in ("a.yaml", "b.yaml"):
            roster = SMALL_ROSTER if name == "a.yaml" else SMALL_ROSTER.replace("size: 6}", "size: 3}")
            assert cli("--db", source, "import", write_yaml(roster, name)).exit_code == 0
    before = file_digest(county)
    result = _merge(cli, county, source)
    assert result.exit_code == 3 and finding in result.output and "T1" in result.output
    gc.collect()
    assert file_digest(county) == before


def test_a_write_after_a_direct_change_records_it_instead_of_covering_it(cli, ledger, write_yaml):
    sql(ledger, "UPDATE households SET size = 9 WHERE code = 'H2'")
    changed = SMALL_ROSTER.replace(
        "{code: H3, head: 陈三, group: G1, size: 2}", "{code: H3, head: 陈三, group: G1, size: 7}"
    )
    assert cli("import", write_yaml(changed, "roster5.yaml")).exit_code == 0  # entry 13
    counts = json.loads(sqlite3.connect(ledger).execute(
        f"SELECT counts FROM audit WHERE id = {MIGRATION_ENTRIES + 3}").fetchone()[0])
    assert counts["outside_change"] == ["households"]
    result = run(cli, "audit", "verify")
    assert result.exit_code == 0  # the digest matches the last write again; the change stays on record
    assert f"entry {MIGRATION_ENTRIES + 3} found table(s) households changed outside village-gov" in result.stderr


def test_restoring_a_backup_changed_outside_the_tool_records_the_change(cli, ledger, tmp_path):
    copy = tmp_path / "b.db"
    assert cli("backup", "--output", copy).exit_code == 0  # entry 13
    sql(copy, "UPDATE households SET size = 9 WHERE code = 'H2'")
    assert run(cli, "--db", copy, "audit", "verify").exit_code == 1
    result = cli("restore", copy)
    assert result.exit_code == 0, result.output
    last = json.loads(sqlite3.connect(ledger).execute("SELECT counts FROM audit ORDER BY id DESC").fetchone()[0])
    assert "restore" in last and last["outside_change"] == ["households"]
    result = run(cli, "audit", "verify")
    assert f"entry {MIGRATION_ENTRIES + 4} found table(s) households changed outside village-gov" in result.stderr
