"""The clerk's traps around writing: a prune that cannot destroy a roster by accident, where the ledger is,
and logging a consultation without silent mistakes."""

from __future__ import annotations

import gc
import json
import os
import sqlite3

import pytest

from tests.helpers.db import file_digest, table_contents
from tests.helpers.paths import EXAMPLES
from tests.helpers.rosters import places

# 白鹤镇 (examples/roster/) holds 455 households; this file holds one of them exactly as it is there.
ONE_HOUSEHOLD = """
households:
  - {code: H00009, head: 何光荣, group: V01-G01, size: 1, phone: "13800008955"}
"""


def count(path, sql: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def township(cli, db_path):
    """The example township imported into the test database."""
    result = cli("import", EXAMPLES / "roster")
    assert result.exit_code == 0, result.output
    gc.collect()
    return db_path


# --- prune ----------------------------------------------------------------------------------------

def test_one_household_file_does_not_suggest_prune(cli, township, write_yaml):
    result = cli("import", write_yaml(ONE_HOUSEHOLD, "one.yaml"))
    assert result.exit_code == 0, result.output
    # 455 - 1 = 454 households left out and kept; the file is no full roster, so no --prune hint.
    assert "有 454 条记录不在本次导入中，已保留（农户 454 条）" in result.stdout
    assert "不是完整花名册" in result.stdout and "党员" in result.stdout
    assert "--prune" not in result.output
    en = cli("--lang", "en", "import", write_yaml(ONE_HOUSEHOLD, "one.yaml"))
    assert "454 record(s) not in this import were kept (household: 454)" in en.stdout
    assert "not a full roster" in en.stdout and "--prune" not in en.output


def test_prune_of_one_household_file_is_refused_without_yes(cli, township, write_yaml):
    one = write_yaml(ONE_HOUSEHOLD, "one.yaml")
    gc.collect()
    before = table_contents(township, skip=())
    result = cli("import", "--prune", one)
    assert result.exit_code == 2, result.output
    # 454 of the 455 live households would go: 99.8 %, far above 10 %.
    assert "农户 454/455 条（99.8%）" in result.stderr
    assert "--yes" in result.stderr and "未写入任何内容" in result.stderr
    gc.collect()
    assert table_contents(township, skip=()) == before
    assert not (township.parent / "backups").exists()


def test_prune_with_yes_archives_and_names_the_safety_copy(cli, township, write_yaml):
    gc.collect()
    before = table_contents(township)
    result = cli("import", "--prune", "--yes", write_yaml(ONE_HOUSEHOLD, "one.yaml"))
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stderr.splitlines() if line.startswith("已另存安全副本："))
    copy = line.split("：", 1)[1]
    assert os.path.isfile(copy) and os.path.dirname(copy) == str(township.parent / "backups")
    assert table_contents(copy) == before  # the copy is the ledger as it was before the prune
    assert count(township, "SELECT count(*) FROM households WHERE NOT archived") == 1
    assert count(township, "SELECT count(*) FROM households WHERE archived") == 454
    assert count(township, "SELECT count(*) FROM members WHERE archived") == 0  # members not in the file


def test_prune_json_keeps_stdout_clean_and_gives_the_copy(cli, township, write_yaml):
    result = cli("import", "--prune", "-y", "--format", "json", write_yaml(ONE_HOUSEHOLD, "one.yaml"))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["safety_copy"] and os.path.isfile(report["safety_copy"])
    # The roster's sections holding records that the file left out, in the order of the format.
    assert report["uncovered"] == ["townships", "villages", "groups", "party_orgs", "members", "cadres"]
    assert {s["section"]: s["archived"] for s in report["sections"]} == {"households": 454}


def test_prune_asks_on_a_terminal(cli, township, write_yaml, monkeypatch):
    from village_gov.cli import import_cmd

    monkeypatch.setattr(import_cmd, "_can_ask", lambda: True)
    one = write_yaml(ONE_HOUSEHOLD, "one.yaml")
    gc.collect()
    before = table_contents(township, skip=())
    declined = cli("import", "--prune", one, input="n\n")
    assert declined.exit_code == 2, declined.output
    assert "农户 454/455 条（99.8%）" in declined.stderr and "确认归档" in declined.stderr
    gc.collect()
    assert table_contents(township, skip=()) == before
    accepted = cli("import", "--prune", one, input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert "已另存安全副本：" in accepted.stderr
    assert count(township, "SELECT count(*) FROM households WHERE archived") == 454


def _village_with_households(n: int) -> str:
    rows = "\n".join(f"  - {{code: H{k}, head: 户主{k}, group: G1, size: 1}}" for k in range(1, n + 1))
    return places() + "households:\n" + rows + "\n"


def test_full_roster_suggests_prune_and_ten_percent_is_the_limit(cli, write_yaml, db_path):
    assert cli("import", write_yaml(_village_with_households(10), "ten.yaml")).exit_code == 0
    nine = cli("import", write_yaml(_village_with_households(9), "nine.yaml"))
    # Every section of the roster that holds records is in the file: H10 is absent, --prune is suggested.
    assert "有 1 条记录不在本次导入中，已保留；用 --prune 归档" in nine.stdout
    eight = write_yaml(_village_with_households(8), "eight.yaml")
    gc.collect()
    before = table_contents(db_path, skip=())
    # H9 and H10 of 10 live households: 20 % > 10 %, refused without --yes.
    refused = cli("import", "--prune", eight)
    assert refused.exit_code == 2 and "农户 2/10 条（20.0%）" in refused.stderr
    gc.collect()
    assert table_contents(db_path, skip=()) == before
    # H10 alone: 1 of 10 = 10 %, not more than 10 %: archived without a question.
    pruned = cli("import", "--prune", write_yaml(_village_with_households(9), "nine.yaml"))
    assert pruned.exit_code == 0, pruned.output
    assert count(db_path, "SELECT group_concat(code) FROM households WHERE archived") == "H10"
    assert "已另存安全副本：" in pruned.stderr


# --- where the ledger is --------------------------------------------------------------------------

def test_import_into_a_new_path_says_new_database(cli, small_roster, tmp_path):
    target = tmp_path / "elsewhere" / "ledger.db"
    result = cli("--db", target, "import", small_roster)
    assert result.exit_code == 0, result.output
    assert f"新建数据库：{target}" in result.stderr
    assert "已写入数据库" not in result.stderr  # named once
    again = cli("--db", target, "import", small_roster)
    assert "新建数据库" not in again.stderr and "已写入数据库" not in again.stderr  # nothing changed
    en = cli("--lang", "en", "--db", tmp_path / "en.db", "import", "--format", "json", small_roster)
    assert f"new database: {tmp_path / 'en.db'}" in en.stderr
    assert json.loads(en.stdout)["written"] is True


def test_refused_import_into_a_new_path_leaves_no_file(cli, small_roster, write_yaml, tmp_path):
    target = tmp_path / "ledger.db"
    bad = write_yaml("villages:\n\t- code: V01\n", name="tab.yaml")  # refused before anything is written
    result = cli("--db", target, "import", bad)
    assert result.exit_code == 2, result.output
    assert "新建数据库" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("ledger")) == []
    # The next, valid attempt is still the one that creates the ledger.
    again = cli("--db", target, "import", small_roster)
    assert again.exit_code == 0, again.output
    assert f"新建数据库：{target}" in again.stderr


def test_relative_database_path_is_shown_absolute(cli, small_roster, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VILLAGE_GOV_DB")
    result = cli("import", small_roster)
    assert result.exit_code == 0, result.output
    assert f"新建数据库：{tmp_path / 'data' / 'village_gov.db'}" in result.stderr


def test_writes_name_the_database_reads_do_not(cli, small_roster, db_path):
    assert cli("import", small_roster).exit_code == 0
    logged = cli("consult", "log", "--village", "V1", "--date", "2026-10-08", "--format", "村民说事",
                 "--attendees", "12")
    assert logged.stdout == "C-V1-20261008-1\n"  # stdout stays the code alone, for scripts
    assert logged.stderr == f"已写入数据库：{db_path}\n"
    added = cli("request", "add", "--consultation", "C-V1-20261008-1", "--content", "路灯不亮")
    assert f"已写入数据库：{db_path}" in added.stderr
    for args in (["member", "list"], ["member", "list", "--unmask"], ["consult", "list"], ["check"]):
        assert "已写入数据库" not in cli(*args).stderr, args


def test_migration_names_its_safety_copy(cli, small_roster, db_path, monkeypatch):
    from tests.helpers.db import pretend_newer_release

    assert cli("import", small_roster).exit_code == 0
    pretend_newer_release(monkeypatch)
    result = cli("member", "list")
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stderr.splitlines() if "升级前的安全副本：" in line)
    copy = line.split("升级前的安全副本：", 1)[1]
    assert os.path.isfile(copy) and copy.endswith("-migrate.db")


# --- consult log ----------------------------------------------------------------------------------

@pytest.fixture
def roster(cli, small_roster, db_path):
    assert cli("import", small_roster).exit_code == 0
    gc.collect()
    return db_path


def test_consult_log_requires_attendees(cli, roster):
    before = file_digest(roster)
    result = cli("consult", "log", "--village", "V1", "--date", "2026-10-08", "--format", "书记坝坝会")
    assert result.exit_code == 2
    assert "--attendees" in result.output
    gc.collect()
    assert file_digest(roster) == before


def test_same_village_date_and_format_needs_again(cli, roster):
    args = ["consult", "log", "--village", "V1", "--date", "2026-10-08", "--format", "书记坝坝会", "--attendees", "30"]
    assert cli(*args).stdout == "C-V1-20261008-1\n"
    gc.collect()
    before = table_contents(roster, skip=())
    twice = cli(*args)
    assert twice.exit_code == 2
    assert "C-V1-20261008-1" in twice.stderr and "--again" in twice.stderr
    # The English alias of the same format is the same format.
    alias = cli("consult", "log", "--village", "V1", "--date", "2026-10-08", "--format", "secretary_meeting",
                "--attendees", "30")
    assert alias.exit_code == 2
    gc.collect()
    assert table_contents(roster, skip=()) == before
    again = cli(*args, "--again")
    assert (again.exit_code, again.stdout) == (0, "C-V1-20261008-2\n")
    third = cli(*args)
    assert third.exit_code == 2 and "C-V1-20261008-1、C-V1-20261008-2" in third.stderr
    assert count(roster, "SELECT count(*) FROM consultations") == 2


def test_other_format_day_or_village_needs_no_again(cli, roster):
    base = {"--village": "V1", "--date": "2026-10-08", "--format": "书记坝坝会"}
    variants = [base, {**base, "--format": "村民说事"}, {**base, "--date": "2026-10-09"}, {**base, "--village": "V2"}]
    for options in variants:
        args = [item for pair in options.items() for item in pair]
        result = cli("consult", "log", *args, "--attendees", "5")
        assert result.exit_code == 0, (options, result.output)
    assert count(roster, "SELECT count(*) FROM consultations") == 4


def test_english_refusal_names_the_existing_code(cli, roster):
    args = ["consult", "log", "--village", "V2", "--date", "2026-10-01", "--format", "民情恳谈", "--attendees", "8"]
    assert cli(*args).exit_code == 0
    result = cli("--lang", "en", *args)
    assert result.exit_code == 2
    assert "village V2 already has a 民情恳谈 on 2026-10-01 (C-V2-20261001-1)" in result.stderr


def test_imported_consultations_with_their_own_codes_are_both_kept(cli, roster, write_yaml):
    # Two meetings of one format on one day written in a file, each with its own code: the file says
    # so explicitly, so both are kept (re-importing it adds nothing).
    text = """
    consultations:
      - {code: C-A, village: V1, date: 2026-10-08, format: 村民说事, attendees: 10}
      - {code: C-B, village: V1, date: 2026-10-08, format: 村民说事, attendees: 12}
    """
    path = write_yaml(text, "two.yaml")
    assert cli("import", path).exit_code == 0
    assert cli("import", path).exit_code == 0
    assert count(roster, "SELECT count(*) FROM consultations") == 2
    # From the command line the same meeting again is refused, naming both.
    result = cli("consult", "log", "--village", "V1", "--date", "2026-10-08", "--format", "村民说事",
                 "--attendees", "10")
    assert result.exit_code == 2 and "C-A、C-B" in result.stderr


def test_a_change_while_asked_is_refused(cli, township, write_yaml, monkeypatch):
    # Another program archives H00010 while the clerk reads the question: the records to archive are
    # no longer those confirmed, so nothing is written and the clerk runs the import again.
    from village_gov.cli import import_cmd

    def meanwhile(counts) -> bool:
        conn = sqlite3.connect(township)
        with conn:
            conn.execute("UPDATE households SET archived = 1 WHERE code = 'H00010'")
        conn.close()
        return True

    monkeypatch.setattr(import_cmd, "_can_ask", lambda: True)
    monkeypatch.setattr(import_cmd, "_ask_prune", meanwhile)
    result = cli("import", "--prune", write_yaml(ONE_HOUSEHOLD, "one.yaml"))
    assert result.exit_code == 2, result.output
    assert "请重新运行" in result.stderr
    copy = result.stderr.split("已另存安全副本：", 1)[1].split("）", 1)[0]
    assert os.path.isfile(copy)
    # Only the other program's change: 1 archived, 454 live.
    assert count(township, "SELECT count(*) FROM households WHERE archived") == 1
    assert count(township, "SELECT count(*) FROM households WHERE NOT archived") == 454
