"""``village-gov merge``: township databases into one county database."""

from __future__ import annotations

import dataclasses
import gc
import json
import sqlite3
import textwrap

import pytest

from tests.helpers.db import file_digest
from tests.helpers.rosters import SMALL_ROSTER
from village_gov.store import db as db_module
from village_gov.store import migrations


def township_roster(code: str) -> str:
    """SMALL_ROSTER moved to township ``code``: the same village, group, member… codes in every township."""
    return SMALL_ROSTER.replace("code: T1", f"code: {code}").replace("township: T1", f"township: {code}")


@pytest.fixture
def townships(cli, tmp_path):
    """Three township databases T1, T2, T3 built from the same roster codes."""
    paths = {}
    for code in ("T1", "T2", "T3"):
        roster = tmp_path / f"{code}.yaml"
        roster.write_text(township_roster(code), encoding="utf-8")
        paths[code] = tmp_path / f"{code}.db"
        result = cli("--db", paths[code], "import", roster)
        assert result.exit_code == 0, result.output
    gc.collect()
    return paths


def rows(path, sql, params=()):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def township_rows(path, prefix: str) -> dict:
    """Every row of every roster table that belongs to one township, for before/after comparisons."""
    tables = {"villages": "code", "groups": "code", "party_orgs": "code", "members": "code",
              "households": "code", "cadres": "code", "liaisons": "member"}
    found = {t: rows(path, f'SELECT * FROM "{t}" WHERE "{c}" LIKE ? ORDER BY 1, 2', [prefix + "/%"])
             for t, c in tables.items()}
    found["townships"] = rows(path, "SELECT * FROM townships WHERE code = ?", [prefix])
    return found


def test_merge_three_townships(cli, townships, tmp_path):
    county = tmp_path / "county.db"
    digests = {c: file_digest(p) for c, p in townships.items()}
    result = cli("merge", *townships.values(), "--into", county, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    # Per township: 1 township + 2 villages + 3 groups + 5 orgs + 8 members + 7 households
    # + 7 liaisons (M1-H1, M2-H2, M3-H3, M4-H4, M5-H4, M6-H5, M7-H6) + 3 cadres = 36 rows.
    assert [(r["township"], r["rows"], r["replaced"]) for r in report] == [("T1", 36, False), ("T2", 36, False),
                                                                          ("T3", 36, False)]
    assert {c: file_digest(p) for c, p in townships.items()} == digests  # township files only read
    assert rows(county, "SELECT code, township FROM villages ORDER BY code") == [
        ("T1/V1", "T1"), ("T1/V2", "T1"), ("T2/V1", "T2"), ("T2/V2", "T2"), ("T3/V1", "T3"), ("T3/V2", "T3")]
    assert rows(county, "SELECT code FROM townships ORDER BY code") == [("T1",), ("T2",), ("T3",)]
    assert ("T2/M5", "T2/H4") in rows(county, "SELECT member, household FROM liaisons")
    assert rows(county, "SELECT code, parent, secretary FROM party_orgs WHERE code = 'T3/P2'") == [
        ("T3/P2", "T3/P1", None)]
    assert rows(county, "SELECT code, village, member FROM cadres WHERE village = 'T2/V1'") == [
        ("T2/V1/M1", "T2/V1", "T2/M1")]
    assert rows(county, "SELECT count(*) FROM pragma_foreign_key_check") == [(0,)]
    log = rows(county, "SELECT township, file, rows FROM merge_log ORDER BY id")
    assert log == [("T1", str(townships["T1"].resolve()), 36), ("T2", str(townships["T2"].resolve()), 36),
                   ("T3", str(townships["T3"].resolve()), 36)]


def test_check_and_lists_on_merged_database(cli, townships, tmp_path):
    county = tmp_path / "county.db"
    cli("merge", *townships.values(), "--into", county)
    own = json.loads(cli("--db", townships["T2"], "check", "--format", "json").output)
    merged = json.loads(cli("--db", county, "check", "--township", "T2", "--format", "json").output)
    # The same findings as the township's own check, with the codes qualified by T2/.
    assert own["findings"], "the small roster has findings (P2 too small, H7 unlinked, V2 not one-shoulder)"
    assert [(f["rule"], "T2/" + f["subject"]) for f in own["findings"]] == [
        (f["rule"], f["subject"]) for f in merged["findings"]]
    assert merged["summary"]["households"] == own["summary"]["households"] == 7
    everything = json.loads(cli("--db", county, "check", "--format", "json").output)
    assert len(everything["findings"]) == 3 * len(own["findings"])
    households = json.loads(cli("--db", county, "household", "list", "--township", "T3", "--format", "json").output)
    assert [h["code"] for h in households] == [f"T3/H{i}" for i in range(1, 8)]
    members = json.loads(cli("--db", county, "member", "list", "--township", "T1", "--format", "json").output)
    assert len(members) == 8 and all(m["code"].startswith("T1/") for m in members)
    assert len(json.loads(cli("--db", county, "org", "list", "--township", "T1", "-f", "json").output)) == 5
    assert len(json.loads(cli("--db", county, "group", "list", "--township", "T1", "-f", "json").output)) == 3
    tree = json.loads(cli("--db", county, "org", "tree", "--township", "T3", "--format", "json").output)
    assert [t["code"] for t in tree] == ["T3"] and tree[0]["members"] == 8


def test_remerge_replaces_only_that_township(cli, townships, tmp_path, write_yaml):
    county = tmp_path / "county.db"
    cli("merge", *townships.values(), "--into", county)
    before = {c: township_rows(county, c) for c in ("T1", "T3")}
    # T2 changes: a new village V3 with one group, household H7 renamed, H6 pruned (archived).
    changed = township_roster("T2").replace("head: 陈七", "head: 陈七七").replace(
        "  - {code: H6, head: 陈六, group: G3, size: 6}\n", "")
    changed = changed.replace("groups:\n", "groups:\n  - {code: G9, name: 九组, village: V3}\n").replace(
        "villages:\n", "villages:\n  - {code: V3, name: 新村, township: T2}\n")
    changed = changed.replace("households: [H6]", "households: []")
    assert cli("--db", townships["T2"], "import", "--prune", "--yes", write_yaml(changed, "T2-new.yaml")).exit_code == 0
    gc.collect()
    result = cli("merge", townships["T2"], "--into", county, "--format", "json")
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.stdout)
    # 36 rows as before + village V3 + group G9 − liaison M7-H6 (H6 stays, archived) = 37.
    assert (report["township"], report["rows"], report["replaced"], report["deleted"]) == ("T2", 37, True, 36)
    assert {c: township_rows(county, c) for c in ("T1", "T3")} == before
    assert rows(county, "SELECT head FROM households WHERE code = 'T2/H7'") == [("陈七七",)]
    assert rows(county, "SELECT archived FROM households WHERE code = 'T2/H6'") == [(1,)]
    assert rows(county, "SELECT code FROM villages WHERE township = 'T2' ORDER BY code") == [
        ("T2/V1",), ("T2/V2",), ("T2/V3",)]
    assert rows(county, "SELECT township FROM merge_log ORDER BY id") == [("T1",), ("T2",), ("T3",), ("T2",)]


def _refused(cli, county, *files, code):
    gc.collect()
    before = file_digest(county)
    result = cli("merge", *files, "--into", county)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    gc.collect()
    assert file_digest(county) == before
    return result.output


def test_refusals_leave_the_county_unchanged(cli, townships, tmp_path):
    county = tmp_path / "county.db"
    cli("merge", townships["T1"], "--into", county)
    text = tmp_path / "notes.db"
    text.write_text("这不是数据库" * 200, encoding="utf-8")
    assert "不是 SQLite 数据库" in _refused(cli, county, townships["T2"], text, code=3)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE things (a)").connection.commit()
    assert "不是 village-gov 数据库" in _refused(cli, county, other, code=3)
    newer = tmp_path / "newer.db"
    newer.write_bytes(townships["T3"].read_bytes())
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {len(migrations.MIGRATIONS) + 1}")
    conn.close()
    assert "更新版本" in _refused(cli, county, newer, code=3)
    assert "integrity_check" in _refused(cli, county, corrupt_copy(townships["T3"], tmp_path), code=3)
    assert "找不到" in _refused(cli, county, tmp_path / "missing.db", code=2)
    assert "给出了两次" in _refused(cli, county, townships["T2"], townships["T2"], code=2)
    assert "不能同时" in _refused(cli, county, county, code=2)
    twin = tmp_path / "twin.db"
    twin.write_bytes(townships["T2"].read_bytes())
    assert "同一乡镇 T2" in _refused(cli, county, townships["T2"], twin, code=2)
    assert "含 3 个乡镇" in _refused(cli, county, county_copy(county, tmp_path, townships), code=2)
    assert rows(county, "SELECT township FROM merge_log") == [("T1",)]


def corrupt_copy(source, tmp_path):
    """A copy whose index on villages.township indexes another column: integrity_check reports it."""
    path = tmp_path / "corrupt.db"
    path.write_bytes(source.read_bytes())
    conn = sqlite3.connect(path)
    name = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'villages' "
                        "AND sql LIKE '%township%'").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", [f'CREATE INDEX "{name}" ON villages (name)', name])
    conn.commit()
    conn.close()
    assert rows(path, "PRAGMA integrity_check") != [("ok",)]
    return path


def county_copy(county, tmp_path, townships):
    """A database holding three townships (a county merge): not a township file."""
    path = tmp_path / "three.db"
    conn = sqlite3.connect(path)
    src = sqlite3.connect(townships["T1"])
    src.backup(conn)
    src.close()
    conn.execute("INSERT INTO townships (code, name, kind) VALUES ('X2', '乙', '乡'), ('X3', '丙', '乡')")
    conn.commit()
    conn.close()
    return path


def test_broken_references_roll_back(cli, townships, tmp_path, write_yaml):
    county = tmp_path / "county.db"
    cli("merge", townships["T1"], "--into", county)
    # The county records the reform itself, pointing at T1's village T1/V2 …
    assert cli("--db", county, "import", write_yaml("""
        reform:
          townships_before: [{code: B1, name: 老乡}]
          villages_before: [{code: OV1, name: 旧村, township_before: B1, merged_into: T1/V2}]
        """, "county-reform.yaml")).exit_code == 0
    # … and a new T1 file no longer has V2 (nor its group G3, orgs P4/P5, members M6-M8, H5-H7, a cadre).
    smaller = tmp_path / "T1-small.db"
    roster = township_roster("T1")
    for dropped in ("V2", "G3", "P4", "P5", "M6", "M7", "M8", "H5", "H6", "H7"):
        roster = "\n".join(line for line in roster.splitlines() if f"code: {dropped}," not in line
                           and f"village: {dropped}," not in line)
    assert cli("--db", smaller, "import", write_yaml(roster, "T1-small.yaml")).exit_code == 0
    # The new file starts a chain of its own, which the head recorded at the first merge refuses
    # (tests/test_audit_anchor_chain.py); forget that head so the references are what is checked here.
    conn = sqlite3.connect(county)
    conn.execute("UPDATE merge_log SET audit_entry = NULL, audit_hash = NULL")
    conn.commit()
    conn.close()
    out = _refused(cli, county, smaller, code=3)
    assert "villages_before.merged_into" in out and "T1/V2" in out


def test_older_township_file_is_migrated_in_a_copy(cli, tmp_path, write_yaml):
    import sqlite_utils

    from village_gov import ledgers
    from village_gov.core.importer import import_paths

    old = tmp_path / "old.db"
    db = sqlite_utils.Database(old)
    migrations.apply_migrations(db, 0, target=1)
    # The importer of that release wrote no cadres.since (the roster's own migration adds the column).
    sections = ledgers.sections()
    at = next(i for i, s in enumerate(sections) if s.name == "cadres")
    current = sections[at]
    sections[at] = dataclasses.replace(current, columns=current.columns[:-1])
    try:
        import_paths(db, [write_yaml(township_roster("T9"), "t9.yaml")])
    finally:
        sections[at] = current
    db.conn.close()
    digest = file_digest(old)
    result = cli("merge", old, "--into", tmp_path / "county.db", "--format", "json")
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.stdout)
    assert report["migrated_from"] == 1 and report["rows"] == 36
    assert file_digest(old) == digest
    assert rows(old, "PRAGMA user_version") == [(1,)]


def m999_widgets(db):
    """A ledger added later: code-keyed records, integer-keyed events and notes on the events."""
    db["widgets"].create({"code": str, "name": str, "village": str}, pk="code",
                         foreign_keys=[("village", "villages", "code")])
    db["widget_events"].create({"id": int, "widget": str, "note": str}, pk="id",
                               foreign_keys=[("widget", "widgets", "code")])
    db["event_notes"].create({"id": int, "event": int, "text": str}, pk="id",
                             foreign_keys=[("event", "widget_events", "id")])
    # Its own tables' indexes only (index_foreign_keys() would also index the tables of the ledgers'
    # own migrations already in the file, which a file migrated in another order does not have).
    for table, column in (("widgets", "village"), ("widget_events", "widget"), ("event_notes", "event")):
        db[table].create_index([column])


def test_tables_added_later_are_merged(cli, townships, tmp_path, monkeypatch):
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, m999_widgets])
    monkeypatch.setattr(db_module, "SCHEMA_VERSION", len(migrations.MIGRATIONS))
    for code, path in townships.items():
        db = db_module.open_db(path)  # migrates the township file to the schema with widgets
        db.conn.executemany(
            "INSERT INTO widgets VALUES (?, ?, ?)", [("W1", f"{code} 一号", "V1"), ("W2", "二号", "V2")]
        )
        db.conn.executemany("INSERT INTO widget_events VALUES (?, ?, ?)", [(1, "W1", "a"), (2, "W2", "b")])
        db.conn.executemany("INSERT INTO event_notes VALUES (?, ?, ?)", [(1, 1, "x"), (2, 2, "y"), (3, 2, "z")])
        db.conn.commit()
        db.conn.close()
    county = tmp_path / "county.db"
    result = cli("merge", *townships.values(), "--into", county, "--format", "json")
    assert result.exit_code == 0, result.output
    # 36 roster rows + 2 widgets + 2 events + 3 notes = 43 per township.
    assert [r["rows"] for r in json.loads(result.stdout)] == [43, 43, 43]
    assert rows(county, "SELECT code, village FROM widgets WHERE code LIKE 'T2/%' ORDER BY code") == [
        ("T2/W1", "T2/V1"), ("T2/W2", "T2/V2")]
    # Integer keys are shifted past the county's largest id: T1 keeps 1–2, T2 gets 3–4, T3 5–6.
    events = rows(county, "SELECT id, widget FROM widget_events ORDER BY id")
    assert events == [(1, "T1/W1"), (2, "T1/W2"), (3, "T2/W1"), (4, "T2/W2"), (5, "T3/W1"), (6, "T3/W2")]
    notes = rows(county, "SELECT n.text, e.widget FROM event_notes n JOIN widget_events e ON e.id = n.event "
                         "ORDER BY n.id")
    assert notes == [("x", "T1/W1"), ("y", "T1/W2"), ("z", "T1/W2"), ("x", "T2/W1"), ("y", "T2/W2"),
                     ("z", "T2/W2"), ("x", "T3/W1"), ("y", "T3/W2"), ("z", "T3/W2")]
    # Re-merging T2 replaces its events and notes (found through the widgets they point at) only.
    conn = sqlite3.connect(townships["T2"])
    conn.execute("DELETE FROM event_notes WHERE id = 3")
    conn.commit()
    conn.close()
    assert cli("merge", townships["T2"], "--into", county).exit_code == 0
    assert rows(county, "SELECT count(*) FROM event_notes") == [(8,)]
    assert rows(county, "SELECT e.widget, count(*) FROM event_notes n JOIN widget_events e ON e.id = n.event "
                        "GROUP BY e.widget ORDER BY 1") == [
        ("T1/W1", 1), ("T1/W2", 2), ("T2/W1", 1), ("T2/W2", 1), ("T3/W1", 1), ("T3/W2", 2)]
    assert rows(county, "SELECT count(*) FROM pragma_foreign_key_check") == [(0,)]


def test_reform_report_on_merged_database(cli, tmp_path, write_yaml):
    paths = []
    for code in ("T1", "T2"):
        roster = township_roster(code) + textwrap.dedent("""
            reform:
              townships_before: [{code: B1, name: 老乡}]
              villages_before:
                - {code: OV1, name: 甲, township_before: B1, population: 900, merged_into: V1}
                - {code: OV2, name: 乙, township_before: B1, population: 1100, merged_into: V1}
                - {code: OV3, name: 丙, township_before: B1, population: 1000, merged_into: V2}
            """)
        paths.append(tmp_path / f"{code}.db")
        assert cli("--db", paths[-1], "import", write_yaml(roster, f"{code}.yaml")).exit_code == 0
    county = tmp_path / "county.db"
    assert cli("merge", *paths, "--into", county).exit_code == 0
    data = json.loads(cli("--db", county, "report", "reform", "--format", "json").output)
    # Two townships, each 3 old villages (population 3000 in all) → 2 villages (2000 + 1500).
    # Before: 6 villages, avg 6000 / 6 = 1000; after: 4 villages, avg (2000+1500)·2 / 4 = 1750: +75.0 %.
    assert data["villages"] == {"before": 6, "after": 4, "change_pct": -33.3}
    assert data["townships"] == {"before": 2, "after": 2, "change_pct": 0.0}
    assert data["avg_population"] == {"before": 1000.0, "after": 1750.0, "change_pct": 75.0}
    one = json.loads(cli("--db", county, "report", "reform", "--township", "T2", "--format", "json").output)
    assert one["villages"] == {"before": 3, "after": 2, "change_pct": -33.3}
    assert [b["code"] for b in one["merges"][0]["merged"]] == ["T2/OV1", "T2/OV2"]
