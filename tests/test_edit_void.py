"""``void`` through the real command line: a voided record leaves the month's figures and the checks exactly
as if it had never been logged (compared with a second database where it never was), stays listed with
--include-void (marked 作废), is named in the audit trail with its reason, keeps its code from being used
again, and cannot be voided while other records point at it.

Figures worked out by hand from tests/helpers/full_ledger.py: in October V1 has C1 and C2 (2
consultations), R1–R4 raised (4), services S1–S3 (3) and activities A1, A2 (2).
"""

from __future__ import annotations

import json

import pytest

from tests.helpers.db import file_digest
from tests.helpers.full_ledger import TODAY, write_ledger

# (the command logging one more October record in V1, its generated code, its group, the monthly figure of
# V1 it adds one to, that figure without it).
LOGGED = [
    (["consult", "log", "--village", "V1", "--date", "2026-10-20", "--format", "村民说事", "--attendees", "9"],
     "C-V1-20261020-1", "consult", "consultations", 2),
    (["request", "add", "--village", "V1", "--date", "2026-10-21", "--content", "测试", "--category", "其他"],
     "R-V1-20261021-1", "request", "requests_raised", 4),
    (["service", "log", "--village", "V1", "--kind", "调解", "--provider", "M2", "--date", "2026-10-22"],
     "S-V1-20261022-1", "service", "services", 3),
    (["activity", "log", "--village", "V1", "--kind", "节庆", "--title", "重阳", "--participants", "30",
      "--date", "2026-10-23", "--organizer", "M2"],
     "A-V1-20261023-1", "activity", "activities", 2),
]


def imported(cli, tmp_path, name: str):
    db = tmp_path / name
    result = cli("--db", db, "import", write_ledger(tmp_path / f"in-{name}"))
    assert result.exit_code == 0, result.output
    return db


def monthly(cli, db) -> dict:
    result = cli("--db", db, "report", "monthly", "--month", "2026-10", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    data.pop("audit_head")  # the trails differ by construction: one database has two more entries
    return data


def checks(cli, db) -> str:
    result = cli("--db", db, "check", "--as-of", "2026-10-31", "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return result.output


def village(report: dict, code: str) -> dict:
    return next(v for v in report["villages"] if v["code"] == code)


@pytest.mark.parametrize("args, code, noun, figure, without", LOGGED, ids=lambda v: None)
def test_a_voided_record_leaves_the_month_as_if_never_logged(cli, tmp_path, monkeypatch, args, code, noun, figure,
                                                             without):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    never = imported(cli, tmp_path, "never.db")
    logged = imported(cli, tmp_path, "logged.db")
    result = cli("--db", logged, *args)
    assert result.exit_code == 0 and result.stdout.strip() == code, result.output
    assert village(monthly(cli, logged), "V1")[figure] == without + 1
    result = cli("--db", logged, noun, "void", code, "--reason", "误录", "--yes")
    assert result.exit_code == 0, result.output
    report = monthly(cli, logged)
    assert village(report, "V1")[figure] == without
    assert report == monthly(cli, never)
    assert checks(cli, logged) == checks(cli, never)
    # Listed again only with --include-void, marked 作废.
    listed = cli("--db", logged, noun, "list", "--format", "json")
    assert code not in listed.output
    listed = cli("--db", logged, noun, "list", "--include-void", "--format", "json")
    rows = {row["code"]: row for row in json.loads(listed.stdout)}
    assert rows[code]["void"] == "作废" and all(r["void"] is None for c, r in rows.items() if c != code)
    # The audit trail names the void, its reason and the record as it was.
    entry = json.loads(cli("--db", logged, "audit", "log", "--code", code, "--format", "json").stdout)[-1]
    assert entry["counts"]["void"] == {"section": entry["changes"][0]["table"], "code": code, "reason": "误录"}
    assert entry["changes"][0]["after"] is None and entry["changes"][0]["before"] is not None
    assert cli("--db", logged, "audit", "verify").exit_code == 0


def test_the_voided_list_names_the_reason_and_unvoid_brings_the_record_back(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    db = imported(cli, tmp_path, "t.db")
    before = monthly(cli, db)
    assert cli("--db", db, "request", "void", "R3", "--reason", "重复登记", "--yes").exit_code == 0
    listed = json.loads(cli("--db", db, "voided", "--format", "json").stdout)
    assert [(r["section"], r["code"], r["reason"]) for r in listed] == [("requests", "R3", "重复登记")]
    # R3 (raised 10-08, still open) no longer counts: V1 raised 4 → 3, open at 10-31 3 → 2.
    assert (village(monthly(cli, db), "V1")["requests_raised"], village(monthly(cli, db), "V1")["open_at_month_end"]) \
        == (3, 2)
    result = cli("--db", db, "request", "edit", "R3", "--set", "content=x", "--yes")
    assert result.exit_code == 2 and "unvoid" in result.output
    result = cli("--db", db, "request", "unvoid", "R3")
    assert result.exit_code == 0, result.output
    assert monthly(cli, db) == before
    shown = cli("--db", db, "request", "show", "R3")
    assert shown.exit_code == 0 and "水渠清淤" in shown.output  # its history came back with it
    assert cli("--db", db, "audit", "verify").exit_code == 0


def test_voiding_a_referenced_record_is_refused_naming_what_points_at_it(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    db = imported(cli, tmp_path, "t.db")
    before = file_digest(db)
    result = cli("--db", db, "village", "void", "V2", "--reason", "撤并", "--yes")
    assert result.exit_code == 2, result.output
    assert "村民小组 G3" in result.output  # V2's group
    assert file_digest(db) == before
    # A consultation with requests is refused too (its requests named); a member named as a liaison's.
    result = cli("--db", db, "consult", "void", "C1", "--reason", "误录", "--yes")
    assert result.exit_code == 2 and "R1" in result.output
    result = cli("--db", db, "household", "void", "H7", "--reason", "迁出", "--yes")
    assert result.exit_code == 0, result.output  # H7: no member liaises with it, nothing refers to it
    result = cli("--db", db, "household", "void", "H6", "--reason", "迁出", "--yes")
    assert result.exit_code == 2 and "M7" in result.output  # M7 liaises with H6
    result = cli("--db", db, "void", "consultations", "C1", "--reason", " ", "--yes")
    assert result.exit_code == 2 and "--reason" in result.output


def test_without_a_terminal_and_without_yes_a_void_is_refused(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    db = imported(cli, tmp_path, "t.db")
    before = file_digest(db)
    result = cli("--db", db, "request", "void", "R3", "--reason", "误录")
    assert result.exit_code == 2 and "--yes" in result.output
    assert file_digest(db) == before


def test_a_voided_code_is_refused_by_import_and_never_generated_again(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    db = imported(cli, tmp_path, "t.db")
    assert cli("--db", db, "request", "void", "R3", "--reason", "误录", "--yes").exit_code == 0
    before = file_digest(db)
    result = cli("--db", db, "import", "--force", tmp_path / "in-t.db")
    assert result.exit_code == 2, result.output
    assert "R3" in result.output and "误录" in result.output and "consultations.yaml" in result.output
    assert file_digest(db) == before
    logged = ["consult", "log", "--village", "V2", "--date", "2026-11-06", "--format", "民情恳谈", "--attendees", "9"]
    assert cli("--db", db, *logged).stdout.strip() == "C-V2-20261106-1"
    assert cli("--db", db, "consult", "void", "C-V2-20261106-1", "--reason", "误录", "--yes").exit_code == 0
    # The same meeting logged again gets the next number: the voided code stays with the voided record.
    assert cli("--db", db, *logged).stdout.strip() == "C-V2-20261106-2"


def test_dump_keeps_voided_records_and_backup_restore_keeps_them(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    db = imported(cli, tmp_path, "t.db")
    assert cli("--db", db, "service", "void", "S3", "--reason", "误录", "--yes").exit_code == 0
    assert cli("--db", db, "dump", "--output", tmp_path / "dump").exit_code == 0
    assert (tmp_path / "dump" / "voided.yaml").exists()
    copy = tmp_path / "copy.db"
    result = cli("--db", copy, "import", tmp_path / "dump")
    assert result.exit_code == 0, result.output
    listed = json.loads(cli("--db", copy, "voided", "--format", "json").stdout)
    assert [(r["code"], r["reason"]) for r in listed] == [("S3", "误录")]
    assert monthly(cli, copy) == monthly(cli, db)
    # A backup (a copy of the file) is restored through the schema check, which knows the voided table.
    result = cli("--db", db, "backup", "--output", tmp_path / "b.db")
    assert result.exit_code == 0, result.output
    result = cli("--db", tmp_path / "restored.db", "restore", tmp_path / "b.db")
    assert result.exit_code == 0, result.output
    listed = json.loads(cli("--db", tmp_path / "restored.db", "voided", "--format", "json").stdout)
    assert [r["code"] for r in listed] == ["S3"]


def test_a_township_file_with_a_voided_record_merges_without_it(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    db = imported(cli, tmp_path, "t1.db")
    assert cli("--db", db, "request", "void", "R3", "--reason", "误录", "--yes").exit_code == 0
    county = tmp_path / "county.db"
    result = cli("merge", db, "--into", county)
    assert result.exit_code == 0, result.output  # the schema check of merge knows the voided table
    listed = cli("--db", county, "request", "list", "--format", "csv").stdout
    assert "T1/R1," in listed and "T1/R3," not in listed  # the void stays with the township's own file


def test_a_voided_decision_takes_its_steps_and_unvoid_brings_them_back(cli, tmp_path, monkeypatch):
    import sqlite3

    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    db = imported(cli, tmp_path, "t.db")

    def steps() -> int:
        conn = sqlite3.connect(db)
        try:
            return conn.execute("SELECT count(*) FROM decision_steps WHERE decision = 'D1'").fetchone()[0]
        finally:
            conn.close()

    assert steps() == 6  # D1 has all six steps (full_ledger.py)
    assert cli("--db", db, "decision", "void", "D1", "--reason", "误录", "--yes").exit_code == 0
    assert steps() == 0
    assert "D1" not in cli("--db", db, "decision", "list", "--format", "csv").stdout
    assert cli("--db", db, "decision", "unvoid", "D1").exit_code == 0
    assert steps() == 6


def test_roster_lists_show_voided_records_with_include_void(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    db = imported(cli, tmp_path, "t.db")
    assert cli("--db", db, "household", "void", "H7", "--reason", "迁出", "--yes").exit_code == 0
    plain = cli("--db", db, "household", "list", "--format", "csv").stdout
    assert "H7," not in plain
    marked = cli("--db", db, "household", "list", "--group", "G3", "--include-void", "--format", "csv").stdout
    assert [line for line in marked.splitlines() if line.startswith("H7,")][0].endswith(",作废")
    other = cli("--db", db, "household", "list", "--group", "G1", "--include-void", "--format", "csv").stdout
    assert "H7," not in other  # H7 is in G3: the list's filter applies to the voided records too


def test_voiding_twice_or_unvoiding_a_live_record_is_refused(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    db = imported(cli, tmp_path, "t.db")
    assert cli("--db", db, "request", "void", "R3", "--reason", "误录", "--yes").exit_code == 0
    before = file_digest(db)
    result = cli("--db", db, "request", "void", "R3", "--reason", "again", "--yes")
    assert result.exit_code == 2 and "误录" in result.output  # already void, its first reason named
    result = cli("--db", db, "--lang", "en", "request", "unvoid", "R2")
    assert result.exit_code == 2 and "is not void" in result.output
    assert file_digest(db) == before
