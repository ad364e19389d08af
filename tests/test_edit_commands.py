"""``edit`` through the real command line: before → after in the audit trail, the same checks as an import
of the record (refused: exit 2, database bytes unchanged), --yes and the terminal, Chinese field labels.

Values worked out by hand from tests/helpers/full_ledger.py (C1: V1, 2026-10-08, 40 people; R2 raised
2026-10-08, resolved 2026-10-20; S1 1.5 hours; D1 reviewed: due 12, present 9 …).
"""

from __future__ import annotations

import json

import pytest

from tests.helpers.db import file_digest
from tests.helpers.full_ledger import TODAY, write_ledger


@pytest.fixture
def ledger(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    result = cli("import", write_ledger(tmp_path / "in"))
    assert result.exit_code == 0, result.output
    return cli


def last_change(cli, code: str) -> dict:
    result = cli("audit", "log", "--format", "json", "--unmask", "--code", code)
    assert result.exit_code == 0, result.output
    entry = json.loads(result.output)[-1]
    (change,) = entry["changes"]
    return {**change, "counts": entry["counts"], "command": entry["command"]}


# (command words, code, --set items, the stored column, before, after): one per noun with a group, and the
# generic form for the cadres (no group of their own).  Before values from full_ledger.py, by hand.
CASES = [
    (["consult", "edit"], "C1", ["attendees=35"], "attendees", 40, 35),
    (["request", "edit"], "R3", ["content=水渠清淤（上段）"], "content", "水渠清淤", "水渠清淤（上段）"),
    (["service", "edit"], "S1", ["hours=2.5"], "hours", 1.5, 2.5),
    (["activity", "edit"], "A1", ["participants=42"], "participants", 40, 42),
    (["decision", "edit"], "D2", ["title=河堤护栏加固"], "title", "河堤护栏", "河堤护栏加固"),
    (["disclose", "edit"], "DS1", ["items=9 月收支明细（更正）"], "items", "9 月收支明细", "9 月收支明细（更正）"),
    (["party-meeting", "edit"], "PM2", ["present=16"], "present", 15, 16),
    (["village", "edit"], "V2", ["population=1600"], "population", 1500, 1600),
    (["group", "edit"], "G2", ["name=二组（新）"], "name", "二组", "二组（新）"),
    (["org", "edit"], "P3", ["name=二组党支部"], "name", "二组党小组", "二组党支部"),
    (["household", "edit"], "H2", ["size=4"], "size", 3, 4),
    (["member", "edit"], "M2", ["name=李肆"], "name", "李四", "李肆"),
    (["position", "edit"], "PS3", ["name=村民议事坪"], "name", "村民议事坝", "村民议事坪"),
    (["organization", "edit"], "O4", ["name=禁毒禁赌协会"], "name", "禁毒禁赌会", "禁毒禁赌协会"),
    (["moral", "edit"], "ML2", ["reason=乱倒垃圾"], "reason", None, "乱倒垃圾"),
    (["points", "edit"], "PT2", ["reason=乱倒垃圾"], "reason", None, "乱倒垃圾"),
    (["edit", "townships"], "T1", ["name=青竹镇（新）"], "name", "青竹镇", "青竹镇（新）"),
]


@pytest.mark.parametrize("words, code, sets, column, before, after", CASES, ids=lambda v: None)
def test_each_edit_is_written_with_before_and_after_in_the_audit_trail(ledger, words, code, sets, column,
                                                                        before, after):
    args = [*words, code, *(part for item in sets for part in ("--set", item)), "--yes"]
    result = ledger(*args)
    assert result.exit_code == 0, result.output
    change = last_change(ledger, code)
    assert change["before"][column] == before and change["after"][column] == after
    assert change["counts"]["edit"]["code"] == code
    assert ledger("audit", "verify").exit_code == 0


def test_the_cadres_are_edited_by_the_generic_command(ledger, db_path):
    import sqlite3

    conn = sqlite3.connect(db_path)
    (code,) = conn.execute("SELECT code FROM cadres WHERE name = '郑十一'").fetchone()
    conn.close()
    result = ledger("edit", "cadres", code, "--set", "name=郑十二", "--yes")
    assert result.exit_code == 0, result.output
    change = last_change(ledger, code)
    assert (change["before"]["name"], change["after"]["name"]) == ("郑十一", "郑十二")


def test_a_decision_step_is_edited_by_its_path(ledger):
    # D1 reviewed: due 12, present 9, votes 8 + 1 + 0; present 10 keeps every count consistent.
    result = ledger("decision", "edit", "D1", "--set", "steps.reviewed.present=10", "--yes")
    assert result.exit_code == 0, result.output
    assert "steps.reviewed.present" in result.output and "9 → 10" in result.output
    change = last_change(ledger, "D1")
    reviewed = [s for s in change["after"]["steps"] if s["step"] == "reviewed"]
    assert reviewed[0]["present"] == 10
    # 13 present of 12 due breaks the vote rule: refused like an import.
    result = ledger("decision", "edit", "D1", "--set", "steps.reviewed.present=13", "--yes")
    assert result.exit_code == 2, result.output


def test_chinese_field_and_section_labels(ledger):
    result = ledger("edit", "议事活动", "C1", "--set", "参加人数=33", "--set", "议题=环境治理、民生实事", "--yes")
    assert result.exit_code == 0, result.output
    assert "参加人数（attendees）：40 → 33" in result.output
    change = last_change(ledger, "C1")
    assert change["after"]["attendees"] == 33
    assert json.loads(change["after"]["topics"]) == ["环境治理", "民生实事"]  # in the order given
    # English labels and names work in English too.
    result = ledger("--lang", "en", "consult", "edit", "C1", "--set", "attendees=34", "--yes")
    assert result.exit_code == 0 and "attendees: 33 → 34" in result.output, result.output


@pytest.mark.parametrize("sets, named", [
    (["attendees=-1"], "--set attendees"),                    # the model: at least 0
    (["host=M99"], "--set host"),                             # a reference to no member
    (["date=2026-13-01"], "--set date"),                      # not a date
    (["format=茶话会"], "--set format"),                       # not one of the formats
    (["attendes=3"], "attendees"),                            # no such field: the closest is named
    (["code=C9"], "void"),                                    # the code is not edited: void and add
    (["attendees"], "--set"),                                 # not field=value
], ids=lambda v: None)
def test_an_edit_that_breaks_a_rule_is_refused_and_nothing_is_written(ledger, db_path, sets, named):
    before = file_digest(db_path)
    args = [part for item in sets for part in ("--set", item)]
    result = ledger("consult", "edit", "C1", *args, "--yes")
    assert result.exit_code == 2, result.output
    assert named in result.output and "Traceback" not in result.output
    assert file_digest(db_path) == before


def test_an_edit_breaking_a_cross_record_rule_is_refused(ledger, db_path):
    # R2 was raised on 2026-10-08: resolved on 2026-10-01 is before it (the import rule of the requests).
    before = file_digest(db_path)
    result = ledger("request", "edit", "R2", "--set", "resolved=2026-10-01", "--yes")
    assert result.exit_code == 2, result.output
    assert file_digest(db_path) == before
    # A household of another village (H5 lives in V2, R2 is V1's) is refused the same way.
    result = ledger("request", "edit", "R2", "--set", "household=H5", "--yes")
    assert result.exit_code == 2, result.output
    assert file_digest(db_path) == before


def test_an_unknown_code_or_section_is_refused(ledger, db_path):
    before = file_digest(db_path)
    result = ledger("consult", "edit", "C99", "--set", "attendees=3", "--yes")
    assert result.exit_code == 2 and "C99" in result.output
    result = ledger("edit", "consultatons", "C1", "--set", "attendees=3", "--yes")
    assert result.exit_code == 2 and "consultations" in result.output  # did you mean
    assert file_digest(db_path) == before


def test_without_a_terminal_and_without_yes_an_edit_is_refused(ledger, db_path):
    before = file_digest(db_path)
    result = ledger("consult", "edit", "C1", "--set", "attendees=35")
    assert result.exit_code == 2, result.output
    assert "--yes" in result.output and "40 → 35" in result.output
    assert file_digest(db_path) == before


def test_on_a_terminal_the_edit_asks_first(ledger, db_path, monkeypatch):
    from village_gov.cli import corrections

    monkeypatch.setattr(corrections, "_can_ask", lambda: True)
    before = file_digest(db_path)
    result = ledger("consult", "edit", "C1", "--set", "attendees=35", input="n\n")
    assert result.exit_code == 2 and file_digest(db_path) == before
    result = ledger("consult", "edit", "C1", "--set", "attendees=35", input="y\n")
    assert result.exit_code == 0, result.output
    assert last_change(ledger, "C1")["after"]["attendees"] == 35


def test_an_edit_to_the_same_values_writes_nothing(ledger, db_path):
    before = file_digest(db_path)
    result = ledger("consult", "edit", "C1", "--set", "attendees=40", "--yes")
    assert result.exit_code == 0, result.output
    assert file_digest(db_path) == before


def test_a_phone_is_masked_in_the_change_lines(ledger):
    result = ledger("household", "edit", "H1", "--set", "phone=13900000009", "--yes")
    assert result.exit_code == 0, result.output
    assert "13900000009" not in result.output and "13900000002" not in result.output


def test_the_edit_runs_as_the_installed_command(tmp_path, monkeypatch):
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    exe = shutil.which("village-gov") or str(Path(sys.executable).parent / "village-gov")
    env = {**os.environ, "VILLAGE_GOV_DB": str(tmp_path / "sub.db")}
    subprocess.run([exe, "import", str(write_ledger(tmp_path / "in"))], env=env, check=True, capture_output=True)
    run = subprocess.run([exe, "consult", "edit", "C1", "--set", "attendees=35"], env=env, capture_output=True,
                         text=True, stdin=subprocess.DEVNULL)
    assert run.returncode == 2 and "--yes" in run.stderr


def test_list_fields_are_split_at_commas_and_a_head_count_stays_a_number(ledger, db_path):
    import sqlite3

    # M8 liaises with no household (SMALL_ROSTER); 联系户 is the label of a member's household list.
    result = ledger("member", "edit", "M8", "--set", "联系户=H7、H6", "--yes")
    assert result.exit_code == 0, result.output
    assert "联系户（households）：— → H7、H6" in result.output
    # O1's members are codes (M2, H3); O2's a head count (12): each form is read as such.
    assert ledger("organization", "edit", "O1", "--set", "members=M2,H3,M3", "--yes").exit_code == 0
    assert ledger("organization", "edit", "O2", "--set", "members=15", "--yes").exit_code == 0
    conn = sqlite3.connect(db_path)
    try:
        liaisons = conn.execute("SELECT household FROM liaisons WHERE member = 'M8' ORDER BY 1").fetchall()
        members = conn.execute("SELECT member FROM organization_members WHERE organization = 'O1' ORDER BY 1")
        members = members.fetchall()
        count = conn.execute("SELECT head_count FROM organizations WHERE code = 'O2'").fetchone()
    finally:
        conn.close()
    assert liaisons == [("H6",), ("H7",)] and members == [("M2",), ("M3",)] and count == (15,)
