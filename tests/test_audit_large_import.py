"""The audit entry of a large import: counts, codes and per-section digests instead of every value.

An import writing more than ``village_gov.trail.imported.LARGE_IMPORT`` records lists, per section,
its codes compacted into runs and a digest of the rows written, with no before/after values; the
files' sha256 stay in ``sources``.  ``audit log --code X`` still names the import that brought X in.
The threshold is lowered to 10 here so that a roster of 15 records is "large".
"""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from tests.helpers.rosters import places
from village_gov.ledgers import sections
from village_gov.trail import imported
from village_gov.trail.imported import compact_codes, contains

HOUSEHOLDS = "\n".join(f"  - {{code: H{n:02d}, head: 户主{n}, group: G1, size: {n % 5 + 1}}}" for n in range(1, 13))
ROSTER = f"""
{places(population=800, area_km2=2.5)}households:
{HOUSEHOLDS}
"""


@pytest.fixture
def large(monkeypatch):
    monkeypatch.setattr(imported, "LARGE_IMPORT", 10)


def _last_entry(db_path) -> dict:
    conn = sqlite3.connect(db_path)
    try:
        sources, counts, changes = conn.execute(
            "SELECT sources, counts, changes FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    return {"sources": json.loads(sources), "counts": json.loads(counts), "changes": json.loads(changes)}


def _digest_by_hand(db_path, section_name: str) -> str:
    """sha256 of ``[[code, *columns, archived], …]`` as compact UTF-8 JSON in code order: the definition in
    village_gov.trail.imported, recomputed here from the database."""
    section = {s.name: s for s in sections()}[section_name]
    columns = ", ".join(f'"{c}"' for c in section.columns)
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute(f'SELECT code, {columns}, archived FROM "{section.table}" ORDER BY code').fetchall()
    finally:
        conn.close()
    text = json.dumps([list(r) for r in rows], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def test_compact_codes_by_hand():
    # Shortest first: X; then H01..H03 a run; H05 alone (H04 missing); H010 has another width; H02 once.
    assert compact_codes(["H03", "H01", "H02", "H05", "X", "H010", "H02"]) == ["X", ["H01", "H03"], "H05", "H010"]
    assert compact_codes([]) == []
    assert contains([["H01", "H03"], "H05"], "H02") and contains([["H01", "H03"], "H05"], "H05")
    assert not contains([["H01", "H03"], "H05"], "H04")
    assert not contains([["H01", "H03"]], "H2")  # another width: not in the run
    assert not contains([["H01", "H03"]], "G02")  # another prefix
    assert not contains("H01", "H01")  # not a list: nothing


def test_large_import_entry_holds_codes_and_digests_not_values(cli, write_yaml, db_path, large):
    roster = write_yaml(ROSTER)
    result = cli("import", roster)
    assert result.exit_code == 0, result.output
    entry = _last_entry(db_path)
    # 1 township + 1 village + 1 group + 12 households = 15 records written > 10: no values listed.
    assert entry["changes"] == []
    assert [s["sha256"] for s in entry["sources"]] == [hashlib.sha256(roster.read_bytes()).hexdigest()]
    by_section = entry["counts"]["imported"]
    assert set(by_section) == {"townships", "villages", "groups", "households"}
    assert by_section["households"]["added"] == [["H01", "H12"]]
    assert by_section["households"]["changed"] == [] and by_section["households"]["archived"] == []
    assert by_section["groups"]["added"] == ["G1"] and by_section["groups"]["table"] == "groups"
    for name in by_section:
        assert by_section[name]["digest"] == _digest_by_hand(db_path, name)
    # The per-section figures are those of every import.
    households = next(s for s in entry["counts"]["import"] if s["section"] == "households")
    assert (households["added"], households["changed"]) == (12, 0)


def test_small_import_keeps_every_value(cli, write_yaml, db_path):
    # The same 15 records under the real threshold: before/after of each, no "imported" part.
    assert cli("import", write_yaml(ROSTER)).exit_code == 0
    entry = _last_entry(db_path)
    assert "imported" not in entry["counts"]
    assert len(entry["changes"]) == 15
    h03 = next(c for c in entry["changes"] if c["code"] == "H03")
    assert h03["before"] is None and h03["after"]["size"] == 4  # 3 % 5 + 1


def test_audit_log_code_names_the_large_import(cli, write_yaml, db_path, large):
    # A second, small import: H05's size changes 1 → 9 (two writes with H13 added: under the threshold).
    _two_imports(cli, write_yaml)

    found = json.loads(cli("audit", "log", "--code", "H05", "--format", "json").stdout)
    imports = [e for e in found if e["command"].startswith("village-gov import")]
    assert len(imports) == 2
    first, second = imports
    # Listed by code, with no values (the masking step shows them as None).
    assert [{k: c[k] for k in ("table", "code", "imported")} for c in first["changes"]] == [
        {"table": "households", "code": "H05", "imported": "added"}]
    assert first["changes"][0].get("after") is None
    assert second["changes"][0]["before"]["size"] == 1 and second["changes"][0]["after"]["size"] == 9

    # H13 came with the second import only; H99 with none.
    h13 = json.loads(cli("audit", "log", "--code", "H13", "--format", "json").stdout)
    assert [e["id"] for e in h13] == [second["id"]]
    assert json.loads(cli("audit", "log", "--code", "H99", "--format", "json").stdout) == []

    table = cli("audit", "log", "--code", "H03").stdout
    assert "households/H03" in table and "大批导入" in table
    csv = cli("audit", "log", "--code", "H03", "--format", "csv").stdout
    assert "households/H03: （大批导入" in csv


def _two_imports(cli, write_yaml):
    """The large import of ROSTER (H01…H12), then a small one changing H05 and adding H13."""
    roster = write_yaml(ROSTER)
    assert cli("import", roster).exit_code == 0
    roster.write_text(roster.read_text(encoding="utf-8").replace("H05, head: 户主5, group: G1, size: 1",
                                                                 "H05, head: 户主5, group: G1, size: 9")
                      + "  - {code: H13, head: 户主13, group: G1, size: 2}\n", encoding="utf-8")
    assert cli("import", roster).exit_code == 0


def test_audit_log_code_total_counts_only_the_entries_holding_the_code(cli, write_yaml, db_path, large):
    from village_gov.store.db import open_db
    from village_gov.trail import chain

    _two_imports(cli, write_yaml)
    db = open_db(db_path)
    # By hand: H05 was added by the large import and changed by the small one (2 entries); H13 came
    # with the small one only; H03 with the large one only; H99 with none.  The large import's entry
    # passes the SQL filter for every code: the count must read it, as the list does.
    expected = {"H05": 2, "H13": 1, "H03": 1, "H99": 0}
    assert {code: chain.count(db, code=code) for code in expected} == expected
    assert {code: len(chain.entries(db, code=code)) for code in expected} == expected
    db.conn.close()
    # A page of one for H13: its one entry is shown and nothing is said to be left (the large import,
    # which did not hold H13, was counted before).
    result = cli("--lang", "en", "audit", "log", "--code", "H13", "--limit", "1")
    assert result.exit_code == 0, result.output
    assert "households/H13" in result.stdout and "more" not in result.stdout
    # H05 on a page of one: the other entry is counted.
    result = cli("--lang", "en", "audit", "log", "--code", "H05", "--limit", "1")
    assert "1 more" in result.stdout, result.stdout


def test_audit_log_table_reads_a_large_import_without_its_codes(cli, write_yaml, db_path, large):
    from village_gov.store.db import open_db
    from village_gov.trail import chain

    _two_imports(cli, write_yaml)
    db = open_db(db_path)
    full = [e for e in chain.entries(db) if "import" in e["counts"]]  # the two imports' entries
    brief = [e for e in chain.entries(db, brief=True) if "import" in e["counts"]]
    db.conn.close()
    # The large import's codes (counts.imported) are left out of the brief read, nothing else.
    assert "imported" in full[0]["counts"] and "imported" not in brief[0]["counts"]
    assert brief[0]["counts"]["import"] == full[0]["counts"]["import"]
    assert brief[1] == full[1]  # the small import lists its values: read as it is
    # The table still shows the large import's figures per section: 12 households added.
    table = cli("--lang", "en", "audit", "log").stdout
    assert "groups +1 ~0 -0" in table and "+12 ~0 -0" in table  # (the line wraps before +12)
    # JSON gives every entry in full, codes included.
    entries = json.loads(cli("audit", "log", "--format", "json").stdout)
    large_entry = next(e for e in entries if "import" in e["counts"])
    assert large_entry["counts"]["imported"]["households"]["added"] == [["H01", "H12"]]
