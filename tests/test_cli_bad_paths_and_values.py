"""Paths that cannot be written and values beyond range, given on the command line: exit 2 with a
message, never a traceback, and the database unchanged."""

import gc
import json

import pytest

from tests.helpers.db import file_digest


@pytest.fixture
def loaded(cli, small_roster, db_path):
    assert cli("import", small_roster).exit_code == 0
    gc.collect()
    return db_path


def audit_entries(cli) -> int:
    return len(json.loads(cli("audit", "log", "--format", "json").output))


@pytest.mark.parametrize("args, needle", [
    (("consult", "log", "--village", "V1", "--date", "2026-10-01", "--format", "村民说事",
      "--attendees", "99999999999999999999999"), "--attendees 应 ≤ 100000，实为 99999999999999999999999"),
    (("points", "ranking", "--village", "V1", "--month", "9999-12"), "超出范围"),
    (("report", "party-life", "--quarter", "9999Q4"), "超出范围"),
    (("report", "micros", "--as-of", "0001-01-01"), "超出范围"),
])
def test_values_out_of_range_exit_2(cli, loaded, args, needle):
    before = file_digest(loaded)
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert needle in result.stderr and "Traceback" not in result.output
    gc.collect()
    assert file_digest(loaded) == before


def test_report_output_on_a_folder_exit_2(cli, loaded, tmp_path):
    result = cli("report", "monthly", "--month", "2026-10", "--output", tmp_path)
    assert result.exit_code == 2 and "无法使用文件" in result.stderr


def test_backup_to_a_path_under_a_file_records_nothing(cli, loaded, tmp_path):
    # The failed backup must not leave its audit entry behind: the entries before and after are the same.
    (tmp_path / "afile").write_text("x")
    count = audit_entries(cli)
    result = cli("backup", "--output", tmp_path / "afile" / "copy.db")
    assert result.exit_code == 2 and "无法使用文件" in result.stderr
    assert audit_entries(cli) == count


def test_audit_log_hides_black_list_entries_unless_unmasked(cli, loaded, write_yaml):
    # Who is on the 黑榜 is personal: the audit trail's copy of the record shows only its code by
    # default, in full with --unmask.
    path = write_yaml("""
        moral_list:
          - {code: ML1, date: 2026-10-01, village: V1, household: H2, list: 黑榜, reason: 乱倒垃圾, published: true}
        """, "moral.yaml")
    assert cli("import", path).exit_code == 0
    masked = cli("audit", "log", "--code", "ML1", "--format", "json").output
    assert "ML1" in masked and "H2" not in masked and "乱倒垃圾" not in masked and "黑榜" not in masked
    full = cli("audit", "log", "--code", "ML1", "--format", "json", "--unmask").output
    assert "H2" in full and "乱倒垃圾" in full


def test_reading_the_ledger_does_not_change_the_next_export(cli, loaded, tmp_path):
    # An unmasked list and a backup are recorded in the audit trail, but they change no data: the
    # "data last changed" time, and so the export's bytes, stay the same.
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    assert cli("export", "--month", "2026-10", "--output", first).exit_code == 0
    assert cli("member", "list", "--unmask").exit_code == 0
    assert cli("backup", "--output", tmp_path / "copy.db").exit_code == 0
    assert cli("export", "--month", "2026-10", "--output", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
