"""One write path for a record given on the command line (``village_gov.core.write``).

Every single-record command (consult log, request add, service log, activity log, disclose add,
party-meeting log, decision new, decision step) runs the import's checks on its record: a value an
import rule refuses is refused (exit 2) and the database is left as it was, every table compared;
a valid record is written with the command's audit entry; control characters typed in free text
are refused as in a YAML file.
"""

from __future__ import annotations

import json

import pytest

from tests.helpers.db import table_contents
from tests.helpers.rosters import SMALL_ROSTER

TODAY = "2026-11-15"

EXTRA = """
positions:
  - {code: PS1, name: 百家池党群服务中心, village: V1, kind: 主阵地, source: 新建}
consultations:
  - {code: C1, village: V1, date: 2026-11-02, format: 村民说事, attendees: 9}
decisions:
  - code: D1
    village: V1
    title: 三组道路硬化
    supervisor: 村务监督委员会
    steps:
      proposed: {date: 2026-11-01}
"""


@pytest.fixture
def township(cli, write_yaml, db_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    result = cli("import", write_yaml(SMALL_ROSTER, "roster.yaml"), write_yaml(EXTRA, "extra.yaml"))
    assert result.exit_code == 0, result.output
    return db_path


def last_entry(cli) -> dict:
    return json.loads(cli("audit", "log", "--format", "json").output)[-1]


# Each command with a value an import rule refuses, and the text of the refusal.
REFUSALS = [
    (["consult", "log", "--village", "V2", "--date", "2026-11-03", "--format", "村民说事", "--attendees", "5",
      "--position", "PS1"], "--position: 阵地PS1属于V1，不在村V2"),
    (["request", "add", "--village", "V2", "--date", "2026-11-03", "--content", "修路", "--household", "H1"],
     "--household: 农户 H1 属于 V1，不属于 V2"),
    (["request", "add", "--consultation", "C1", "--date", "2026-11-01", "--content", "修路"],
     "--date: 提出日期 2026-11-01 早于议事活动日期 2026-11-02"),
    (["service", "log", "--village", "V1", "--kind", "errand", "--provider", "M1", "--household", "H99"],
     "--household 指向不存在的农户：H99"),
    (["activity", "log", "--village", "V2", "--kind", "节庆", "--title", "重阳敬老", "--participants", "20",
      "--position", "PS1"], "--position: 阵地 PS1 属于村 V1，不是 V2"),
    (["disclose", "add", "--village", "V9", "--date", "2026-11-03", "--kind", "财务"],
     "命令行: village 指向不存在的村：V9"),
    (["party-meeting", "log", "--org", "P9", "--date", "2026-11-03", "--kind", "党课", "--due", "5",
      "--present", "4"], "命令行: org 指向不存在的党组织：P9"),
    (["decision", "new", "D2", "--village", "V9", "--title", "修桥", "--date", "2026-11-03"],
     "命令行: village 指向不存在的村：V9 [D2]"),
    (["decision", "step", "D1", "resolution_published", "--date", "2026-11-05"], "[D1]"),
]


@pytest.mark.parametrize("args, message", REFUSALS, ids=[" ".join(a[:2]) for a, _ in REFUSALS])
def test_an_import_rule_refuses_the_command_and_nothing_is_written(cli, township, args, message):
    before = table_contents(township, skip=())
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert table_contents(township, skip=()) == before


def test_consult_log_writes_the_record_and_its_audit_entry(cli, township):
    result = cli("consult", "log", "--village", "V1", "--date", "2026-11-03", "--format", "villagers_talk",
                 "--attendees", "12", "--topic", "livelihood", "--position", "PS1", "--summary", "路灯")
    assert result.exit_code == 0, result.output
    assert result.stdout == "C-V1-20261103-1\n"
    entry = last_entry(cli)
    assert entry["counts"] == {"consultations": {"added": 1}}
    assert entry["changes"] == [{"table": "consultations", "code": "C-V1-20261103-1", "before": None, "after": {
        "village": "V1", "date": "2026-11-03", "format": "村民说事", "topics": '["民生实事"]', "host": None,
        "attendees": 12, "position": "PS1", "summary": "路灯", "archived": 0}}]


def test_request_add_on_the_spot_writes_the_request_its_history_and_its_audit_entry(cli, township):
    result = cli("request", "add", "--consultation", "C1", "--content", "低保政策", "--household", "H2",
                 "--on-spot", "--response", "已解释")
    assert result.exit_code == 0, result.output
    assert result.stdout == "R-V1-20261102-1\n"
    shown = json.loads(cli("request", "show", "R-V1-20261102-1", "--format", "json").output)
    assert (shown["village"], shown["raised"], shown["status"], shown["resolved"]) == (
        "V1", "2026-11-02", "已办结", "2026-11-02")
    assert [(h["date"], h["status"], h["source"]) for h in shown["history"]] == [
        ("2026-11-02", "待办", "cli"), ("2026-11-02", "已办结", "cli")]
    entry = last_entry(cli)
    assert entry["counts"] == {"requests": {"added": 1}, "request_events": {"added": 2}}
    assert [(c["table"], c["code"], c["before"]) for c in entry["changes"]] == [
        ("requests", "R-V1-20261102-1", None)]


def test_service_log_numbers_codes_per_village_and_day(cli, township):
    args = ("service", "log", "--village", "V1", "--kind", "errand", "--provider", "M1", "--date", "2026-11-03")
    assert cli(*args).stdout == "S-V1-20261103-1\n"
    assert cli(*args).stdout == "S-V1-20261103-2\n"
    entry = last_entry(cli)
    assert entry["counts"] == {"services": {"added": 1}}
    assert entry["changes"][0]["code"] == "S-V1-20261103-2"
    assert entry["changes"][0]["after"]["provider_member"] == "M1"


def test_disclose_add_and_decision_step_are_written_with_their_audit_entries(cli, township):
    result = cli("disclose", "add", "--village", "V1", "--date", "2026-11-03", "--kind", "finance")
    assert result.exit_code == 0, result.output
    assert result.stdout == "DS-V1-20261103-1\n"
    assert last_entry(cli)["changes"] == [{"table": "disclosures", "code": "DS-V1-20261103-1", "before": None,
                                           "after": {"village": "V1", "date": "2026-11-03", "kind": "财务",
                                                     "items": None, "channel": "公开栏", "archived": 0}}]
    assert cli("decision", "step", "D1", "deliberated", "--date", "2026-11-05").exit_code == 0
    entry = last_entry(cli)
    assert [(c["table"], c["code"]) for c in entry["changes"]] == [("decisions", "D1")]


CONTROL = [
    (["consult", "log", "--village", "V1", "--date", "2026-11-03", "--format", "村民说事", "--attendees", "5",
      "--summary", "a\x07b"], "--summary 含有控制字符（如 NUL）：a␇b"),
    (["request", "add", "--village", "V1", "--date", "2026-11-03", "--content", "a\x1b[2Jb"],
     "--content 含有控制字符（如 NUL）：a␛[2Jb"),
    (["request", "update", "R-X", "--status", "办理中", "--response", "a\x07b"], None),
    (["service", "log", "--village", "V1", "--kind", "errand", "--provider", "M1", "--content", "a\x07b"],
     "--content 含有控制字符（如 NUL）：a␇b"),
    (["disclose", "add", "--village", "V1", "--date", "2026-11-03", "--kind", "财务", "--items", "a\x07b"],
     "items 含有控制字符（如 NUL）：a␇b"),
]


@pytest.mark.parametrize("args, message", CONTROL, ids=[" ".join(a[:2]) for a, _ in CONTROL])
def test_control_characters_typed_are_refused_as_in_a_yaml_file(cli, township, args, message):
    if message is None:  # request update: a stored request, then a response with a control character
        assert cli("request", "add", "--consultation", "C1", "--content", "修路").exit_code == 0
        args = [a if a != "R-X" else "R-V1-20261102-1" for a in args]
        message = "--response 含有控制字符（如 NUL）：a␇b"
    before = table_contents(township, skip=())
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr, result.stderr
    assert table_contents(township, skip=()) == before


def test_the_same_text_in_a_yaml_file_is_refused_with_the_same_message(cli, township, write_yaml):
    path = write_yaml("""
        consultations:
          - {code: CX, village: V1, date: 2026-11-03, format: 村民说事, attendees: 5, summary: "a\\x07b"}
        """, "bad.yaml")
    imported = cli("import", path)
    logged = cli("consult", "log", "--village", "V1", "--date", "2026-11-03", "--format", "村民说事",
                 "--attendees", "5", "--summary", "a\x07b")
    assert imported.exit_code == logged.exit_code == 2
    assert "summary 含有控制字符（如 NUL）：a␇b" in imported.stderr
    assert "--summary 含有控制字符（如 NUL）：a␇b" in logged.stderr


@pytest.mark.parametrize("value, code", [("2026-11-03", "DS-V1-20261103-1"), (" 20261103 ", "DS-V1-20261103-1")])
def test_one_date_parser_reads_both_iso_forms(cli, township, value, code):
    result = cli("disclose", "add", "--village", "V1", "--date", value, "--kind", "财务")
    assert result.exit_code == 0, result.output
    assert result.stdout == code + "\n"


@pytest.mark.parametrize("value", ["2026-02-30", "2026-W45-2", "3 Nov 2026", "２０２６-１１-０３"])
def test_one_date_parser_refuses_other_forms_naming_the_option(cli, township, value):
    before = table_contents(township, skip=())
    for args in (["disclose", "add", "--village", "V1", "--date", value, "--kind", "财务"],
                 ["request", "add", "--village", "V1", "--date", value, "--content", "修路"],
                 ["service", "list", "--from", value]):
        result = cli(*args)
        assert result.exit_code == 2, (args, result.output)
        assert f"--{'from' if 'list' in args else 'date'} 应为日期（YYYY-MM-DD），实为 {value}" in result.stderr
    assert table_contents(township, skip=()) == before


def test_next_code_counts_only_numbered_codes_of_exactly_that_prefix(township):
    import sqlite_utils

    from village_gov.core.write import next_code

    db = sqlite_utils.Database(township)
    db.conn.executemany("INSERT INTO disclosures (code, village, date, kind) VALUES (?, 'V1', '2026-11-03', '财务')",
                        [("DS-V1-20261103-2",), ("DS-V1-20261103-x",), ("DS-V1_20261103-9",), ("DS-V1-2026110-7",)])
    assert next_code(db, "disclosures", "DS-V1-20261103") == "DS-V1-20261103-3"
    assert next_code(db, "disclosures", "DS-V1_2026110") == "DS-V1_2026110-1"


def test_a_refused_choice_names_every_choice_in_full(cli, township):
    # The seven formats of a consultation (ledgers/consult/models.py), none cut short: a clerk
    # reads the list to pick the right word.
    before = table_contents(township, skip=())
    result = cli("consult", "log", "--village", "V1", "--date", "2026-11-03", "--format", "院坝会",
                 "--attendees", "5")
    assert result.exit_code == 2, result.output
    assert "--format 的值 院坝会 无效，可选：书记坝坝会、书记龙门阵、村民说事、民情恳谈、百姓议事、有事来协商、其他" in result.stderr
    assert table_contents(township, skip=()) == before
