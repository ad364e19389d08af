"""Every command that changes the database appends its audit entry in the same transaction: the command
line, counts and the before/after values of each changed record; `audit verify` passes after it; a
refused command (bad input) adds no entry.  The ledger is tests/helpers/full_ledger.py (T1: V1, V2)."""

from __future__ import annotations

import gc
import json
import shlex
import sqlite3

import pytest

from tests.helpers.full_ledger import TODAY, write_ledger
from tests.helpers.rosters import SMALL_ROSTER

ALL_NONE = {"due": None, "present": None, "approve": None, "oppose": None, "abstain": None, "body": None}


@pytest.fixture
def ledger(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    result = cli("import", write_ledger(tmp_path / "in"))
    assert result.exit_code == 0, result.output
    return cli


def entries(cli, *args):
    result = cli("audit", "log", "--format", "json", "--unmask", *args)
    assert result.exit_code == 0, result.output
    return [e for e in json.loads(result.output) if "unmask" not in (e["counts"] or {})]


def entry_count(db_path) -> int:
    gc.collect()
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT count(*) FROM audit WHERE counts NOT LIKE '%\"unmask\"%'").fetchone()[0]
    finally:
        conn.close()


# (command, the code it changes, expected before (None: added) and after values (a subset), counts,
#  a refused variant).  Values worked out from tests/helpers/full_ledger.py by hand.
CASES = [
    (["consult", "log", "--village", "V2", "--date", "2026-11-06", "--format", "民情恳谈", "--attendees", "9"],
     "C-V2-20261106-1", None,
     {"village": "V2", "date": "2026-11-06", "format": "民情恳谈", "attendees": 9, "topics": "[]", "archived": 0},
     {"consultations": {"added": 1}},
     ["consult", "log", "--village", "V9", "--date", "2026-11-06", "--format", "民情恳谈", "--attendees", "9"]),
    (["request", "add", "--village", "V2", "--date", "2026-11-05", "--content", "路灯", "--household", "H6"],
     "R-V2-20261105-1", None,
     {"village": "V2", "household": "H6", "raised": "2026-11-05", "content": "路灯", "status": "待办",
      "category": "其他"},
     {"requests": {"added": 1}, "request_events": {"added": 1}},
     # H1 lives in V1, not V2.
     ["request", "add", "--village", "V2", "--date", "2026-11-05", "--content", "路灯", "--household", "H1"]),
    (["request", "update", "R3", "--status", "in_progress", "--date", "2026-11-02", "--response", "已派人"],
     "R3", {"status": "待办", "response": None}, {"status": "办理中", "response": "已派人"},
     {"requests": {"changed": 1}, "request_events": {"added": 1}},
     # R1 was resolved on the spot: resolving it again is refused.
     ["request", "update", "R1", "--status", "resolved"]),
    (["service", "log", "--village", "V2", "--kind", "调解", "--provider", "O6", "--date", "2026-11-08"],
     "S-V2-20261108-1", None, {"village": "V2", "kind": "调解", "provider_org": "O6", "provider_member": None},
     {"services": {"added": 1}},
     ["service", "log", "--village", "V2", "--kind", "调解", "--provider", "NOPE", "--date", "2026-11-08"]),
    (["activity", "log", "--village", "V1", "--kind", "节庆", "--title", "重阳", "--participants", "30",
      "--date", "2026-11-09", "--organizer", "M2"],
     "A-V1-20261109-1", None, {"title": "重阳", "participants": 30, "organizer_member": "M2", "organizer_org": None},
     {"activities": {"added": 1}},
     ["activity", "log", "--village", "V1", "--kind", "节庆", "--title", "重阳", "--participants", "-1"]),
    (["decision", "new", "D3", "--village", "V1", "--title", "修渠", "--date", "2026-11-01"],
     "D3", None, {"title": "修渠", "steps": [{"step": "proposed", "date": "2026-11-01", **ALL_NONE}]},
     {"decisions": {"added": 1}},
     ["decision", "new", "D1", "--village", "V1", "--title", "修渠", "--date", "2026-11-01"]),
    (["decision", "step", "D2", "deliberated", "--date", "2026-11-10"],
     "D2", {"steps": [{"step": "proposed", "date": "2026-10-01", **ALL_NONE}]},
     {"steps": [{"step": "deliberated", "date": "2026-11-10", **ALL_NONE},
                {"step": "proposed", "date": "2026-10-01", **ALL_NONE}]},
     {"decisions": {"changed": 1}},
     # reviewed before deliberated: out of order.
     ["decision", "step", "D2", "resolved", "--date", "2026-11-10", "--due", "3", "--present", "3",
      "--approve", "3", "--oppose", "0", "--abstain", "0", "--body", "村民会议"]),
    (["develop", "add", "DV9", "--name", "赵敏", "--gender", "女", "--born", "1999-05-01", "--village", "V1",
      "--org", "P2", "--source", "农二代", "--education", "大专", "--applied", "2026-11-02"],
     "DV9", None, {"name": "赵敏", "village": "V1", "applied": "2026-11-02", "talked": None, "contacts": "[]"},
     {"development": {"added": 1}},
     # DV1 exists already.
     ["develop", "add", "DV1", "--name", "赵敏", "--gender", "女", "--born", "1999-05-01", "--village", "V1",
      "--org", "P2", "--source", "农二代", "--education", "大专", "--applied", "2026-11-02"]),
    (["develop", "step", "DV2", "--stage", "talked", "--date", "2026-11-05"],
     "DV2", {"applied": "2026-10-20", "talked": None}, {"applied": "2026-10-20", "talked": "2026-11-05"},
     {"development": {"changed": 1}},
     # A meeting needs its counts.
     ["develop", "step", "DV2", "--stage", "meeting", "--date", "2026-11-05"]),
    (["disclose", "add", "--village", "V1", "--date", "2026-11-11", "--kind", "村务", "--items", "道路决算"],
     "DS-V1-20261111-1", None, {"village": "V1", "kind": "村务", "items": "道路决算", "channel": "公开栏"},
     {"disclosures": {"added": 1}},
     ["disclose", "add", "--village", "V1", "--date", "2026-11-11", "--kind", "税务"]),
    (["party-meeting", "log", "--org", "P2", "--date", "2026-11-12", "--kind", "党课", "--due", "3",
      "--present", "3"],
     "PM-P2-20261112-1", None, {"org": "P2", "kind": "党课", "due": 3, "present": 3},
     {"party_meetings": {"added": 1}},
     ["party-meeting", "log", "--org", "P2", "--date", "2026-11-12", "--kind", "党课", "--due", "3",
      "--present", "5"]),
]


@pytest.mark.parametrize("args, code, before, after, counts, refused", CASES, ids=lambda v: None)
def test_command_is_audited_with_before_and_after(ledger, db_path, args, code, before, after, counts, refused):
    cli = ledger
    count = entry_count(db_path)
    result = cli(*refused)
    assert result.exit_code == 2, result.output
    assert entry_count(db_path) == count, "a refused command added an audit entry"
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert entry_count(db_path) == count + 1
    found = entries(cli, "--code", code)
    entry = found[-1]
    assert entry["command"] == "village-gov " + shlex.join(args)
    assert entry["counts"] == counts
    (change,) = entry["changes"]
    assert change["code"] == code
    if before is None:
        assert change["before"] is None
    else:
        assert {k: change["before"][k] for k in before} == before
    assert {k: change["after"][k] for k in after} == after
    verify = cli("audit", "verify")
    assert verify.exit_code == 0, verify.output


def test_every_writing_command_has_a_case():
    """A new writing command must be added to CASES (the list of the issue: log/add/update/step/new)."""
    from typer.main import get_command

    from village_gov.cli import app

    root = get_command(app)
    writing = set()
    for name, group in root.commands.items():
        for sub in getattr(group, "commands", {}):
            if sub in ("log", "add", "update", "step", "new") and not (name == "audit" and sub == "log"):
                writing.add(f"{name} {sub}")
    assert writing == {" ".join(args[:2]) for args, *_ in CASES}


def test_restore_entry_arrives_with_the_restored_database(cli, small_roster, db_path, tmp_path):
    assert cli("import", small_roster).exit_code == 0
    backup = tmp_path / "b.db"
    assert cli("backup", "-o", backup).exit_code == 0
    assert cli("consult", "log", "--village", "V1", "--date", "2026-11-06", "--format", "村民说事",
               "--attendees", "7").exit_code == 0
    result = cli("restore", backup)
    assert result.exit_code == 0, result.output
    last = entries(cli)[-1]
    assert last["command"] == f"village-gov restore {backup}" and last["counts"]["restore"] == str(backup)
    # The consultation logged after the backup is gone, and so is its entry: the trail is the backup's.
    assert not any(e["command"].startswith("village-gov consult log") for e in entries(cli))
    assert cli("audit", "verify").exit_code == 0


def test_merge_is_audited_in_the_county_database(cli, tmp_path):
    township = tmp_path / "T1.db"
    roster = tmp_path / "t1.yaml"
    roster.write_text(SMALL_ROSTER, encoding="utf-8")
    assert cli("--db", township, "import", roster).exit_code == 0
    county = tmp_path / "county.db"
    gc.collect()
    assert cli("merge", township, "--into", county).exit_code == 0
    (entry,) = [e for e in _county_entries(cli, county) if e["command"].startswith("village-gov merge")]
    assert entry["command"] == f"village-gov merge {township} --into {county}"
    assert entry["sources"][0]["file"] == str(township) and len(entry["sources"][0]["sha256"]) == 64
    # SMALL_ROSTER: 1 township, 2 villages, 3 groups, 5 orgs, 8 members, 7 households, 3 cadres = 29 coded
    # records and 7 liaisons (M1–M7 one household each, M8 none) = 36 rows.  A first merge adds them all:
    # their values are the file's, pinned by its sha256, so the entry counts them and does not list them.
    assert entry["changes"] == []
    assert entry["counts"]["merge"] == [{"township": "T1", "rows": 36, "deleted": 0, "replaced": False}]
    # Re-merge after a change: only the changed household, with its before and after.
    roster.write_text(SMALL_ROSTER.replace("{code: H7, head: 陈七, group: G3, size: 2}",
                                           "{code: H7, head: 陈七, group: G3, size: 3}"), encoding="utf-8")
    assert cli("--db", township, "import", roster).exit_code == 0
    gc.collect()
    assert cli("merge", township, "--into", county).exit_code == 0
    last = [e for e in _county_entries(cli, county) if e["command"].startswith("village-gov merge")][-1]
    assert [(c["code"], c["before"]["size"], c["after"]["size"]) for c in last["changes"]] == [("T1/H7", 2, 3)]
    # A refused merge (missing file) adds nothing.
    count = len(_county_entries(cli, county))
    assert cli("merge", tmp_path / "missing.db", "--into", county).exit_code == 2
    assert len(_county_entries(cli, county)) == count
    assert cli("--db", county, "audit", "verify").exit_code == 0


def _county_entries(cli, county):
    result = cli("--db", county, "audit", "log", "--format", "json")
    assert result.exit_code == 0, result.output
    return [e for e in json.loads(result.output) if "unmask" not in (e["counts"] or {})]


def test_every_unmask_option_is_audited(ledger, db_path):
    """Each command with an --unmask option records an entry before showing anything in full."""
    from typer.main import get_command

    from village_gov.cli import app

    root = get_command(app)
    arguments = {"member show": ["M1"], "household show": ["H1"], "points show": ["H1"]}
    found = []
    for name, group in sorted(root.commands.items()):
        for sub, command in sorted(getattr(group, "commands", {}).items()):
            if any("--unmask" in p.opts for p in command.params):
                found.append(f"{name} {sub}")
    assert found == ["audit log", "household list", "household show", "member list", "member show",
                     "moral list", "points show"]
    for what in found:
        args = [*what.split(), *arguments.get(what, []), "--unmask", "--format", "json"]
        gc.collect()
        conn = sqlite3.connect(db_path)
        before = conn.execute("SELECT max(id) FROM audit").fetchone()[0]
        conn.close()
        result = ledger(*args)
        assert result.exit_code == 0, (what, result.output)
        gc.collect()
        conn = sqlite3.connect(db_path)
        rows = conn.execute("SELECT command, counts FROM audit WHERE id > ?", [before]).fetchall()
        conn.close()
        assert len(rows) == 1 and rows[0][0] == "village-gov " + shlex.join(args), (what, rows)
        assert "unmask" in json.loads(rows[0][1])
