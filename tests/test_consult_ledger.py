"""Consultations and requests: YAML import and its validation, the command-line lifecycle, refusals."""

from __future__ import annotations

import gc
import json
import re

import pytest

from tests.helpers.consult import CONSULTATIONS, EXTRA_VILLAGE
from tests.helpers.db import file_digest
from tests.helpers.rosters import SMALL_ROSTER


@pytest.fixture
def roster_db(cli, write_yaml, db_path):
    result = cli("import", write_yaml(SMALL_ROSTER, "roster.yaml"), write_yaml(EXTRA_VILLAGE, "v3.yaml"))
    assert result.exit_code == 0, result.output
    return db_path


def show(cli, kind, code):
    result = cli(kind, "show", code, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


# --- YAML import ------------------------------------------------------------------------------

def test_import_nested_requests_inherit_and_is_idempotent(cli, roster_db, write_yaml, db_path):
    path = write_yaml(CONSULTATIONS, "consultations.yaml")
    first = cli("import", path, "--format", "json")
    sections = {s["section"]: s for s in json.loads(first.stdout)["sections"]}
    assert (sections["consultations"]["added"], sections["requests"]["added"]) == (4, 8)
    r4 = show(cli, "request", "R4")
    # Nested: consultation and village from the parent, raised defaults to its date; resolved ⇒ 已办结.
    assert (r4["consultation"], r4["village"], r4["raised"], r4["status"]) == ("C2", "V1", "2026-10-31", "已办结")
    assert [(e["date"], e["status"], e["source"]) for e in r4["history"]] == [
        ("2026-10-31", "待办", "import"), ("2026-11-01", "已办结", "import")]
    c1 = show(cli, "consult", "C1")
    assert c1["topics"] == ["环境治理", "民生实事"] and [r["code"] for r in c1["requests"]] == ["R1", "R2", "R3"]
    gc.collect()  # close the earlier commands' connections (closing checkpoints the WAL)
    before = file_digest(db_path)
    again = cli("import", "--force", path)
    assert again.exit_code == 0 and "无变化" in again.output
    assert file_digest(db_path) == before


def test_reimport_keeps_command_line_updates_until_the_file_changes(cli, roster_db, write_yaml):
    path = write_yaml(CONSULTATIONS, "consultations.yaml")
    cli("import", path)
    result = cli("request", "update", "R3", "--status", "resolved", "--date", "2026-10-25", "--response", "已清淤")
    assert result.exit_code == 0, result.output
    # The unchanged file does not undo the update.
    assert cli("import", path).exit_code == 0
    assert show(cli, "request", "R3")["status"] == "已办结"
    # An edited record: the file's values win, the command's change stays in the history.
    write_yaml(CONSULTATIONS.replace("{code: R3, content: 水渠清淤", "{code: R3, content: 水渠清淤（上段）"),
               "consultations.yaml")
    assert cli("import", path).exit_code == 0
    r3 = show(cli, "request", "R3")
    assert (r3["status"], r3["content"], r3["resolved"]) == ("待办", "水渠清淤（上段）", None)
    assert [(e["status"], e["source"]) for e in r3["history"]] == [
        ("待办", "import"), ("已办结", "cli"), ("待办", "import")]


BAD = """
consultations:
  - code: C1
    village: V1
    date: 2026-10-08
    format: 大会
    attendees: -3
    requests:
      - {code: R1, content: 路灯, household: H5}
      - {code: R2, content: 修路, status: 已办结}
      - {code: R3, content: 水渠, resolved: 2026-10-01}
      - {code: R4, content: 纠纷, status: referred, referred: 2026-10-09}
  - code: C2
    village: V2
    date: 2026-10-09
    format: 村民说事
    requests: 不是列表
requests:
  - {code: R5, village: V1, content: 其他, consultation: C2, raised: 2026-10-09}
  - {code: R6, village: V1, raised: 2099-01-01, content: 未来}
  - {code: R7, village: V1, raised: 2026-10-01, content: 重复, nonsense: 1}
"""


def test_yaml_errors_name_file_line_and_change_nothing(cli, roster_db, write_yaml, db_path):
    path = write_yaml(BAD, "bad.yaml")
    gc.collect()
    before = file_digest(db_path)
    result = cli("import", path)
    assert result.exit_code == 2
    assert file_digest(db_path) == before
    lines = [line for line in result.output.splitlines() if line.startswith(str(path))]
    found = {re.sub(r"^.*?:(\d+):(\d+): ", r"\1:\2 ", line) for line in lines}
    expected = [
        ("5:13", "大会", "[C1]"),                 # unknown format
        ("6:16", "attendees", "[C1]"),           # negative attendees
        ("8:44", "H5", "[R1]"),                   # household of V2 in a V1 request
        ("9:41", "已办结", "[R2]"),               # 已办结 without a resolved date
        ("10:43", "2026-10-01", "[R3]"),          # resolved before raised (raised = the consultation's date)
        ("11:41", "referred_to", "[R4]"),         # 已转办 without referred_to
        ("16:15", "requests", "[C2]"),           # nested requests not a list
        ("18:25", "C2", "[R5]"),                  # consultation of another village
        ("19:37", "2099-01-01", "[R6]"),          # future date
        ("20:72", "nonsense", "[R7]"),            # unknown key
    ]
    assert len(found) == len(expected), sorted(found)
    for position, word, record in expected:
        assert any(f.startswith(position + " ") and word in f and f.endswith(record) for f in found), (
            position, word, sorted(found))
    assert "Traceback" not in result.output


# --- the command-line lifecycle -----------------------------------------------------------------

def test_log_add_update_show(cli, roster_db):
    result = cli("consult", "log", "--village", "V1", "--date", "2026-10-08", "--format", "书记坝坝会",
                 "--attendees", "46", "--topic", "环境治理", "--topic", "cadre_conduct", "--host", "M1",
                 "--summary", "十月坝坝会")
    assert (result.exit_code, result.stdout) == (0, "C-V1-20261008-1\n")
    second = cli("consult", "log", "--village", "V1", "--date", "2026-10-08", "--format", "secretary_chat",
                 "--attendees", "0")
    assert second.stdout == "C-V1-20261008-2\n"
    add = cli("request", "add", "--consultation", "C-V1-20261008-1", "--content", "路灯不亮",
              "--household", "H1", "--category", "livelihood")
    assert add.stdout == "R-V1-20261008-1\n"
    spot = cli("request", "add", "--consultation", "C-V1-20261008-1", "--content", "低保政策",
               "--on-spot", "--response", "当场解释")
    assert spot.stdout == "R-V1-20261008-2\n"
    outside = cli("request", "add", "--village", "V2", "--date", "2026-10-12", "--content", "修桥")
    assert outside.stdout == "R-V2-20261012-1\n"
    assert cli("request", "update", "R-V1-20261008-1", "--status", "in_progress", "--date", "2026-10-09").exit_code == 0
    done = cli("request", "update", "R-V1-20261008-1", "--status", "已办结", "--date", "2026-10-15",
               "--response", "已更换灯泡")
    assert done.exit_code == 0 and "办理中 → 已办结" in done.output
    referred = cli("request", "update", "R-V2-20261012-1", "--status", "referred", "--to", "县交通局",
                   "--date", "2026-10-13")
    assert referred.exit_code == 0
    record = show(cli, "request", "R-V1-20261008-1")
    assert (record["status"], record["resolved"], record["response"]) == ("已办结", "2026-10-15", "已更换灯泡")
    assert [(e["date"], e["status"], e["source"]) for e in record["history"]] == [
        ("2026-10-08", "待办", "cli"), ("2026-10-09", "办理中", "cli"), ("2026-10-15", "已办结", "cli")]
    spot_record = show(cli, "request", "R-V1-20261008-2")
    assert (spot_record["answered_on_spot"], spot_record["resolved"]) == (True, "2026-10-08")
    report = json.loads(cli("report", "monthly", "--month", "2026-10", "-f", "json").output)
    v1, v2 = report["villages"][:2]
    # V1: 2 meetings (both secretary formats), 46 + 0 people; 2 raised, 1 on the spot, both resolved in
    # October (0 and 7 days → median 3.5).  V2: 1 raised and referred.
    assert (v1["consultations"], v1["attendees"], v1["secretary_meetings"]) == (2, 46, 2)
    assert (v1["requests_raised"], v1["answered_on_spot"], v1["requests_resolved"]) == (2, 1, 2)
    assert (v1["resolution_rate"], v1["median_days_to_resolve"]) == (1.0, 3.5)
    assert (v2["requests_raised"], v2["referred"], v2["open_at_month_end"]) == (1, 1, 0)
    listing = json.loads(cli("request", "list", "--village", "V1", "--format", "json").output)
    assert [r["code"] for r in listing] == ["R-V1-20261008-1", "R-V1-20261008-2"]
    consults = json.loads(cli("consult", "list", "--month", "2026-10", "-f", "json").output)
    assert [(c["code"], c["requests"]) for c in consults] == [("C-V1-20261008-1", 2), ("C-V1-20261008-2", 0)]


def test_overdue_list(cli, roster_db, write_yaml):
    cli("import", write_yaml(CONSULTATIONS, "consultations.yaml"))
    # Open today (2026-11-29 or later): R3 (待办, raised 10-08) and R7 (办理中, 08-25); both > 30 days.
    rows = json.loads(cli("request", "list", "--overdue", "--format", "json").output)
    assert [r["code"] for r in rows] == ["R7", "R3"]
    assert json.loads(cli("request", "list", "--status", "referred", "-f", "json").output)[0]["code"] == "R5"


@pytest.mark.parametrize("args, words", [
    (["request", "update", "R-NOPE", "--status", "已办结"], ["R-NOPE"]),
    (["request", "update", "R-V1-20261008-1", "--status", "已办"
                                                          "结", "--date", "2026-10-01"], ["2026-10-01", "2026-10-08"]),
    (["request", "update", "R-V1-20261008-2", "--status", "已办结", "--date", "2026-10-20"], ["已于 2026-10-08 办结"]),
    (["request", "update", "R-V1-20261008-1", "--status", "已办结", "--date", "2999-01-01"], ["2999-01-01"]),
    (["request", "update", "R-V1-20261008-1", "--status", "referred"], ["--to"]),
    (["request", "update", "R-V1-20261008-1", "--status", "done"], ["done"]),
    (["request", "update", "R-V1-20261008-1", "--status", "待办"], ["待办"]),
    (["request", "add", "--consultation", "C-NOPE", "--content", "x"], ["C-NOPE"]),
    (["request", "add", "--content", "x", "--village", "V1"], ["--date"]),
    (["request", "add", "--consultation", "C-V1-20261008-1", "--content", "x", "--on-spot"], ["--response"]),
    (["request", "add", "--consultation", "C-V1-20261008-1", "--content", "x", "--household", "H5"], ["H5"]),
    (["consult", "log", "--village", "V1", "--date", "2026-10-09", "--format", "坝坝"
                                                                               "会", "--attendees", "5"], [
                                                                                                            "坝坝会"]),
    (["consult", "log", "--village", "V1", "--date", "2999-10-09", "--format", "其"
                                                                               "他", "--attendees", "5"], [
                                                                                                           "2999-10-09"]),
    (["consult", "log", "--village", "V1", "--date", "2026-10-09", "--format", "其他", "--attendees", "-3"], ["-3"]),
    (["consult", "log", "--village", "V1", "--date", "2026-10-09", "--format", "其他", "--attendees",
      "99999999999999999999"], ["--attendees 应 ≤ 100000，实为 99999999999999999999"]),
    (["consult", "log", "--village", "V9", "--date", "2026-10-09", "--format", "其他", "--attendees", "5"], ["V9"]),
    (["consult", "log", "--village", "V1", "--date", "2026-10-09", "--format", "其"
                                                                               "他", "--attendees", "5", "--host",
      "M99"], [
                                                                                                                            "M99"]),
    (["consult", "show", "C-NOPE"], ["C-NOPE"]),
    (["request", "show", "R-NOPE"], ["R-NOPE"]),
])
def test_refusals_exit_2_and_write_nothing(cli, roster_db, db_path, args, words):
    cli("consult", "log", "--village", "V1", "--date", "2026-10-08", "--format", "书记坝坝会", "--attendees", "5")
    cli("request", "add", "--consultation", "C-V1-20261008-1", "--content", "路灯")
    cli("request", "add", "--consultation", "C-V1-20261008-1", "--content", "政策", "--on-spot", "--response", "答")
    gc.collect()  # close the earlier commands' connections (closing checkpoints the WAL)
    before = file_digest(db_path)
    result = cli(*args)
    assert result.exit_code == 2, result.output
    for word in words:
        assert word in result.output
    assert "Traceback" not in result.output
    assert file_digest(db_path) == before


def test_english_messages(cli, roster_db):
    result = cli("--lang", "en", "request", "update", "R-NOPE", "--status", "resolved")
    assert result.exit_code == 2 and "no request R-NOPE" in result.output


def test_show_tables_list_history_and_requests(cli, roster_db):
    cli("consult", "log", "--village", "V1", "--date", "2026-10-08", "--format", "书记坝坝会", "--attendees", "5")
    cli("request", "add", "--consultation", "C-V1-20261008-1", "--content", "路灯")
    cli("request", "update", "R-V1-20261008-1", "--status", "已办结", "--date", "2026-10-10", "--response", "已修")
    shown = cli("request", "show", "R-V1-20261008-1")
    assert shown.exit_code == 0
    assert "办理记录" in shown.output and "2026-10-10  已办结  已修" in shown.output and "命令" in shown.output
    consult = cli("consult", "show", "C-V1-20261008-1")
    assert "R-V1-20261008-1" in consult.output and "路灯" in consult.output


def test_migration_from_the_roster_schema_keeps_data(tmp_path):
    """A database made before consultations existed opens, gains the new tables and keeps its rows."""
    import sqlite_utils

    from village_gov.store.db import open_db
    from village_gov.store.migrations import MIGRATIONS, apply_migrations

    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    apply_migrations(old, 0, 1)
    old["townships"].insert({"code": "T1", "name": "青竹镇", "kind": "镇"})
    old.conn.close()
    db = open_db(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert {"consultations", "requests", "request_events"} <= set(db.table_names())
    assert db.execute("SELECT name FROM townships").fetchone()[0] == "青竹镇"
    assert "requests_open" in {i.name for i in db["requests"].indexes}


def test_a_request_taken_back_from_a_referral_is_open_again(cli, roster_db):
    # Raised 10-01 in V2, referred 10-05, taken back into 办理中 on 10-10: at the end of October it is
    # open again (1 open) and, raised 30 days before 10-31, not yet overdue (more than 30 days: no);
    # it was referred in October all the same, so `referred` counts it.  A November report has it open
    # and overdue (raised 60 days before 11-30).
    assert cli("request", "add", "--village", "V2", "--date", "2026-10-01", "--content", "修桥").exit_code == 0
    code = "R-V2-20261001-1"
    assert cli("request", "update", code, "--status", "已转"
                                                      "办", "--to", "县交通"
                                                                     "局", "--date", "2026-10-05").exit_code == 0
    assert cli("request", "update", code, "--status", "办理中", "--date", "2026-10-10").exit_code == 0
    record = show(cli, "request", code)
    assert (record["status"], record["referred"]) == ("办理中", None)
    assert [e["status"] for e in record["history"]] == ["待办", "已转办", "办理中"]
    october = json.loads(cli("report", "monthly", "--month", "2026-10", "-f", "json").output)
    v2 = next(v for v in october["villages"] if v["code"] == "V2")
    assert (v2["open_at_month_end"], v2["overdue"]) == (1, 0)
    november = json.loads(cli("report", "monthly", "--month", "2026-11", "-f", "json").output)
    v2 = next(v for v in november["villages"] if v["code"] == "V2")
    assert (v2["open_at_month_end"], v2["overdue"]) == (1, 1)


def test_a_referred_date_needs_a_referred_or_resolved_status(cli, roster_db, write_yaml, db_path):
    path = write_yaml("""
        requests:
          - {code: RX, village: V2, raised: 2026-10-01, content: 修桥, status: 待办, referred: 2026-10-05}
        """, "bad.yaml")
    gc.collect()
    before = file_digest(db_path)
    result = cli("import", path)
    assert result.exit_code == 2
    assert "bad.yaml:2:" in result.stderr and "填写了转办日期，但状态是 待办" in result.stderr and "[RX]" in result.stderr
    gc.collect()
    assert file_digest(db_path) == before


def test_consultation_position_must_exist_and_be_of_its_village(cli, roster_db, write_yaml, db_path):
    # PS1 is V1's main position.  Logging a consultation of V2 there, or at an unknown position, is
    # refused with exit 2 (not a database error) and writes nothing; the same holds in YAML.
    path = write_yaml("""
        positions:
          - {code: PS1, name: 百家池党群服务中心, village: V1, kind: 主阵地, source: 新建}
        """, "positions.yaml")
    assert cli("import", path).exit_code == 0
    gc.collect()
    before = file_digest(db_path)
    unknown = cli("consult", "log", "--village", "V1", "--date", "2026-10-01", "--format", "村民说事",
                  "--attendees", "5", "--position", "NOPE")
    assert unknown.exit_code == 2 and "NOPE" in unknown.stderr
    other = cli("consult", "log", "--village", "V2", "--date", "2026-10-01", "--format", "村民说事",
                "--attendees", "5", "--position", "PS1")
    assert other.exit_code == 2 and "阵地PS1属于V1，不在村V2" in other.stderr
    bad = write_yaml("""
        consultations:
          - {code: CX, village: V2, date: 2026-10-01, format: 村民说事, attendees: 3, position: PS1}
        """, "bad.yaml")
    result = cli("import", bad)
    assert result.exit_code == 2 and "阵地PS1属于V1，不在村V2 [CX]" in result.stderr
    gc.collect()
    assert file_digest(db_path) == before
    ok = cli("consult", "log", "--village", "V1", "--date", "2026-10-01", "--format", "村民说事", "--attendees", "5",
             "--position", "PS1")
    assert ok.exit_code == 0
