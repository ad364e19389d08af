"""Local time on every screen and file, the operating-system user in the audit trail, and screens
that show records rather than JSON (village show's cadres, audit log's changes).

Stored times stay UTC; these tests set them to known instants and work out the local time by hand:
Asia/Shanghai is UTC+8 all year (no daylight saving), America/New_York is UTC-5 in November.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3

import pytest

from tests.helpers.db import file_digest, migration_names
from tests.helpers.rosters import SMALL_ROSTER
from village_gov.store.migrations import MIGRATIONS

# 14:56:28 UTC on 30 November is 22:56 in Shanghai, 09:56 in New York.
LAST = "2026-11-30T14:56:28.123456+00:00"


def set_times(db_path, *pairs):
    """Give audit entries known times: ``(where clause, stored time)`` pairs."""
    conn = sqlite3.connect(db_path)
    for where, when in pairs:
        conn.execute(f"UPDATE audit SET time = ? WHERE {where}", [when])
    conn.commit()
    conn.close()


@pytest.fixture
def loaded(cli, small_roster, db_path):
    assert cli("import", small_roster).exit_code == 0
    set_times(db_path, ("1 = 1", LAST))
    return db_path


# --- the data time in exports --------------------------------------------------------------------

@pytest.mark.parametrize("env, shown", [
    ({"VILLAGE_GOV_TZ": "Asia/Shanghai"}, "2026-11-30 22:56"),
    ({"TZ": "Asia/Shanghai"}, "2026-11-30 22:56"),
    ({"TZ": "Asia/Shanghai", "VILLAGE_GOV_TZ": "America/New_York"}, "2026-11-30 09:56"),
    ({"VILLAGE_GOV_TZ": "UTC"}, "2026-11-30 14:56"),
])
def test_html_report_and_notice_show_the_data_time_in_local_time(cli, loaded, tmp_path, monkeypatch, env, shown):
    monkeypatch.delenv("VILLAGE_GOV_TZ", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    report, notice = tmp_path / "report.html", tmp_path / "notice.html"
    assert cli("export", "--month", "2026-11", "-o", report).exit_code == 0
    assert cli("notice", "--village", "V1", "--month", "2026-11", "-o", notice).exit_code == 0
    for path in (report, notice):
        text = path.read_text(encoding="utf-8")
        assert f"数据最后更改：{shown}" in text
        assert "+00:00" not in text and "14:56:28" not in text


def test_same_data_same_zone_same_bytes(cli, loaded, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TZ", "Asia/Shanghai")
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    assert cli("export", "--month", "2026-11", "-o", first).exit_code == 0
    assert cli("export", "--month", "2026-11", "-o", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    book1, book2 = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert cli("export", "--month", "2026-11", "-o", book1).exit_code == 0
    assert cli("export", "--month", "2026-11", "-o", book2).exit_code == 0
    assert book1.read_bytes() == book2.read_bytes()


def test_unknown_time_zone_is_refused(cli, loaded, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TZ", "Asia/Beijing")  # not an IANA zone: China's is Asia/Shanghai
    before = file_digest(loaded)
    result = cli("export", "--month", "2026-11", "-o", tmp_path / "r.html")
    assert result.exit_code == 2
    assert "Asia/Beijing" in result.output and "VILLAGE_GOV_TZ" in result.output
    assert not (tmp_path / "r.html").exists()
    result = cli("audit", "log")
    assert result.exit_code == 2 and "Asia/Beijing" in result.output
    assert file_digest(loaded) == before


# --- audit log: local time, the user -------------------------------------------------------------

def test_audit_log_shows_local_time_to_the_minute_and_the_user(cli, small_roster, db_path, monkeypatch):
    monkeypatch.setenv("LOGNAME", "wangli")  # getpass.getuser() reads LOGNAME first
    assert cli("import", small_roster).exit_code == 0
    set_times(db_path, ("1 = 1", LAST))
    monkeypatch.setenv("VILLAGE_GOV_TZ", "Asia/Shanghai")
    result = cli("audit", "log", "--limit", "0")
    assert result.exit_code == 0
    heads = [line for line in result.output.splitlines() if line.startswith("第 ")]
    assert len(heads) == len(migration_names()) + 1
    assert all(line.split() == ["第", line.split()[1], "条", "2026-11-30", "22:56", "wangli"] for line in heads)
    assert "14:56:28" not in result.output and "123456" not in result.output
    # Counts read as words, not JSON.
    assert "migration: m001_roster; schema_version: 1" in result.output and '{"' not in result.output
    entries = json.loads(cli("audit", "log", "--format", "json").output)
    # JSON keeps the stored UTC time; every entry names its user.
    assert {e["time"] for e in entries} == {LAST} and {e["user"] for e in entries} == {"wangli"}
    csv_lines = cli("audit", "log", "--format", "csv").output.splitlines()
    assert csv_lines[0] == "id,time,user,command,sources,counts,changes"
    assert csv_lines[-1].startswith(f"{len(migration_names()) + 1},{LAST},wangli,")
    markdown = cli("audit", "log", "--format", "markdown").output
    assert "| 2026-11-30 22:56 | wangli |" in markdown


def test_user_falls_back_to_the_user_id_when_the_system_cannot_name_it(monkeypatch):
    import getpass
    import os

    from village_gov.trail import audit

    def fail():
        raise OSError("no such user")

    monkeypatch.setattr(getpass, "getuser", fail)
    expected = f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"
    assert audit.os_user() == expected


# --- --since / --until: local calendar days ------------------------------------------------------

@pytest.fixture
def two_days(cli, small_roster, db_path):
    """The migrations at 23:59 on 30 November in Shanghai (15:59 UTC), the import at 01:00 on
    1 December in Shanghai (17:00 UTC on 30 November)."""
    assert cli("import", small_roster).exit_code == 0
    import_id = len(migration_names()) + 1
    set_times(db_path, (f"id < {import_id}", "2026-11-30T15:59:00.000000+00:00"),
              (f"id = {import_id}", "2026-11-30T17:00:00.000000+00:00"))
    return import_id


def ids(cli, *args):
    result = cli("audit", "log", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return [e["id"] for e in json.loads(result.output)]


def test_since_and_until_are_local_days(cli, two_days, monkeypatch):
    migrations = list(range(1, two_days))
    monkeypatch.setenv("VILLAGE_GOV_TZ", "Asia/Shanghai")
    assert ids(cli, "--since", "2026-12-01") == [two_days]
    assert ids(cli, "--until", "2026-11-30") == migrations
    assert ids(cli, "--since", "2026-11-30", "--until", "2026-11-30") == migrations
    assert ids(cli, "--since", "2026-12-01", "--until", "2026-12-01") == [two_days]
    assert ids(cli, "--since", "2026-11-30", "--until", "2026-12-01") == migrations + [two_days]
    assert ids(cli, "--since", "2026-12-02") == []
    # A time is local too: 00:30 on 1 December in Shanghai is 16:30 UTC, between the two.
    assert ids(cli, "--since", "2026-12-01T00:30") == [two_days]
    assert ids(cli, "--until", "2026-12-01T00:30") == migrations
    header = [line for line in cli("audit", "log", "--since", "2026-12-01").output.splitlines()
              if line.startswith("第 ")]
    assert header[0].split()[3:5] == ["2026-12-01", "01:00"]
    # In UTC both entries are on 30 November.
    monkeypatch.setenv("VILLAGE_GOV_TZ", "UTC")
    assert ids(cli, "--since", "2026-12-01") == []
    assert ids(cli, "--since", "2026-11-30", "--until", "2026-11-30") == migrations + [two_days]


def test_bad_since_and_until_are_refused(cli, two_days, db_path):
    before = file_digest(db_path)
    result = cli("audit", "log", "--until", "30/11/2026")
    assert result.exit_code == 2 and "--until" in result.output and "30/11/2026" in result.output
    result = cli("audit", "log", "--since", "2026-12-02", "--until", "2026-12-01")
    assert result.exit_code == 2 and "2026-12-02" in result.output and "2026-12-01" in result.output
    assert file_digest(db_path) == before


# --- the user column: migration of an old database, and the hash chain ---------------------------

def old_hash(entry: dict) -> str:
    """The entry hash as release 1 computed it: no ``user`` key at all."""
    content = {k: entry[k] for k in ("id", "time", "command", "sources", "counts", "changes", "prev_hash")}
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def old_database(path):
    """A database at schema version 6 (before the user column) with a trail written the old way."""
    import sqlite_utils

    from village_gov.store.migrations import apply_migrations

    db = sqlite_utils.Database(path)
    apply_migrations(db, 0, target=6)
    conn = db.conn
    conn.execute("DELETE FROM audit")
    previous = ""
    for number, command in enumerate(["village-gov import roster.yaml", "village-gov consult log …"], start=1):
        entry = {"id": number, "time": f"2026-10-0{number}T02:00:00.000000+00:00", "command": command,
                 "sources": "[]", "counts": json.dumps({"n": number}), "changes": "[]", "prev_hash": previous}
        entry["hash"] = old_hash(entry)
        conn.execute("INSERT INTO audit (id, time, command, sources, counts, changes, prev_hash, hash) "
                     "VALUES (:id, :time, :command, :sources, :counts, :changes, :prev_hash, :hash)", entry)
        previous = entry["hash"]
    conn.commit()
    assert [r[1] for r in conn.execute("PRAGMA table_info(audit)")] == [
        "id", "time", "command", "sources", "counts", "changes", "prev_hash", "hash"]
    conn.close()


def verify(cli):
    return cli("--lang", "en", "audit", "verify")


def test_old_database_migrates_and_its_trail_still_verifies(cli, db_path, small_roster, monkeypatch):
    monkeypatch.setenv("LOGNAME", "wangli")
    old_database(db_path)
    result = verify(cli)  # opening migrates to version 11 (and records the five migrations)
    assert result.exit_code == 0, result.output
    # The two old entries, the five global migrations' and one for each ledger's own migration.
    own = len(migration_names()) - len(MIGRATIONS)
    assert f"{7 + own} entries" in result.output
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) == 11
    rows = conn.execute("SELECT id, user, counts FROM audit ORDER BY id").fetchall()
    conn.close()
    assert [(r[0], r[1]) for r in rows] == [(1, None), (2, None)] + [(n, "wangli") for n in range(3, 8 + own)]
    assert json.loads(rows[2][2]) == {"migration": "m007_audit_user", "schema_version": 7}
    assert json.loads(rows[3][2]) == {"migration": "m008_audit_anchor", "schema_version": 8}
    assert json.loads(rows[4][2]) == {"migration": "m009_voided", "schema_version": 9}
    assert json.loads(rows[5][2]) == {"migration": "m010_list_order", "schema_version": 10}
    assert json.loads(rows[6][2]) == {"migration": "m011_village_lists", "schema_version": 11}
    # New entries chain onto the old ones.
    assert cli("import", small_roster).exit_code == 0
    assert verify(cli).exit_code == 0
    log = cli("audit", "log", "--limit", "0").output
    assert "（未记录用户）" in log and "wangli" in log


@pytest.mark.parametrize("tamper", [
    "UPDATE audit SET user = 'zhangsan' WHERE id = 4",  # a new entry's user changed
    "UPDATE audit SET user = NULL WHERE id = 4",  # a new entry's user removed, as if it were old
    "UPDATE audit SET user = 'zhangsan' WHERE id = 2",  # an old entry given a user
])
def test_tampering_with_the_user_breaks_the_chain(cli, db_path, small_roster, tamper):
    old_database(db_path)
    assert cli("import", small_roster).exit_code == 0  # entries 3-6: the migrations, 7: the import
    assert verify(cli).exit_code == 0
    conn = sqlite3.connect(db_path)
    conn.execute(tamper)
    conn.commit()
    conn.close()
    result = verify(cli)
    bad = re.search(r"WHERE id = (\d)", tamper).group(1)
    assert result.exit_code == 1 and f"audit entry {bad} " in result.output and "(hash)" in result.output


def test_a_new_database_names_its_user_from_the_first_entry(cli, small_roster, db_path, monkeypatch):
    monkeypatch.setenv("LOGNAME", "wangli")
    assert cli("import", small_roster).exit_code == 0
    conn = sqlite3.connect(db_path)
    users = [r[0] for r in conn.execute("SELECT user FROM audit ORDER BY id")]
    conn.close()
    assert users == ["wangli"] * (len(migration_names()) + 1)


# --- screens: records, not JSON ------------------------------------------------------------------

def test_village_show_lists_cadres_as_a_table(cli, small_roster):
    assert cli("import", small_roster).exit_code == 0
    out = cli("village", "show", "V2").output
    assert "posts=" not in out and "code=" not in out and '["' not in out
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.split()[:1] == ["名称"] and "一肩挑" in line)
    assert lines[head].split() == ["名称", "党员", "职务", "一肩挑"]
    # V2: 孙八 (M6) is secretary only; 郑十一 is director only, not a party member: no 一肩挑.
    assert [line.split() for line in lines[head + 2:] if line.strip()] == [["孙八", "M6", "党组织书记"],
                                                                          ["郑十一", "村委会主任"]]
    out = cli("village", "show", "V1").output
    row = next(line for line in out.splitlines() if line.startswith("张三"))
    assert row.split() == ["张三", "M1", "党组织书记、村委会主任、集体经济组织负责人", "✓"]
    english = cli("--lang", "en", "village", "show", "V1").output
    assert "one shoulder (一肩挑)" in english
    markdown = cli("village", "show", "V1", "--format", "markdown").output
    assert "| 张三 | M1 | 党组织书记、村委会主任、集体经济组织负责人 | ✓ |" in markdown
    # JSON keeps the record as stored.
    record = json.loads(cli("village", "show", "V1", "--format", "json").output)
    assert json.loads(record["cadres"][0]["posts"]) == ["党组织书记", "村委会主任", "集体经济组织负责人"]
    assert record["cadres"][0]["name"] == "张三"  # a member's name comes from the roll


def test_ledger_text_is_not_markup(cli, write_yaml):
    path = write_yaml(SMALL_ROSTER.replace("name: 百家池村,", 'name: "[bold]百家池村[/bold]",')
                      .replace("name: 一组党支部,", 'name: "[red]一组党支部",'))
    assert cli("import", path).exit_code == 0
    assert "[red]一组党支部只有2名" in cli("check").output  # branch-too-small names the branch
    assert "[bold]百家池村[/bold]" in cli("village", "show", "V1").output
    assert "[bold]百家池村[/bold]" in cli("audit", "log", "--code", "V1").output
    assert "[bold]百家池村[/bold]" in cli("village", "list").output


@pytest.mark.parametrize("columns", ["80", "120"])
def test_audit_log_shows_changes_field_by_field_without_splitting_dates_or_codes(
        cli, write_yaml, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    path = write_yaml(SMALL_ROSTER)
    assert cli("import", path).exit_code == 0
    changed = (SMALL_ROSTER.replace('phone: "13800000001"', 'phone: "13811112222"')
               .replace("born: 1970-03-01, joined: 1995-07-01", "born: 1970-03-02, joined: 1996-07-01")
               .replace("households: [H1]}", "households: [H1, H2, H3, H4, H5, H6]}"))
    write_yaml(changed)
    assert cli("import", path).exit_code == 0
    out = cli("audit", "log", "--code", "M1").output
    lines = out.splitlines()
    assert all(len(line) <= int(columns) for line in lines)
    assert '{"' not in out and '["' not in out
    # The second import's entry: its change to M1, one line per field, before → after.
    change = lines.index("  修改 members/M1")
    fields = [line.split() for line in lines[change + 1:] if line.strip()]
    assert ["born:", "1970-03-01", "→", "1970-03-02"] in fields
    assert ["joined:", "1995-07-01", "→", "1996-07-01"] in fields
    assert ["phone:", "138****0001", "→", "138****2222"] in fields
    assert ["households:", "H1", "→", "H1、H2、H3、H4、H5、H6"] in fields
    assert not any(f[0] in ("name:", "archived:", "gender:") for f in fields)  # unchanged fields left out
    # Every date and code of the change stands whole on one line.
    for token in ["1970-03-01", "1970-03-02", "1995-07-01", "1996-07-01", "138****0001", "138****2222",
                  "members/M1"]:
        assert any(token in line for line in lines), token
    # The first import added M1: its fields are listed with their values.
    added = lines.index("  新增 members/M1")
    added_fields = [line.split() for line in lines[added + 1:change]]
    assert ["name:", "张三"] in added_fields and ["born:", "1970-03-01"] in added_fields
    assert not any(f and f[0] == "archived:" for f in added_fields)  # a new record is never archived


def test_verify_names_the_broken_entry_with_its_local_time(cli, small_roster, db_path, monkeypatch):
    assert cli("import", small_roster).exit_code == 0
    import_id = len(migration_names()) + 1
    set_times(db_path, (f"id = {import_id}", "2026-11-30T17:00:00.000000+00:00"))  # tampering with the time
    monkeypatch.setenv("VILLAGE_GOV_TZ", "Asia/Shanghai")
    result = verify(cli)
    assert result.exit_code == 1
    assert f"audit entry {import_id} (2026-12-01 01:00) does not match" in result.output
