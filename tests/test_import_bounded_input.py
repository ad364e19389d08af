"""Bounded work per input file (problem cap, records and YAML events per file) and stricter
validation of roster values (no bool for a number, no future birth date, no control characters,
no ``!!binary``), with phone/ID-like digits masked in problem messages."""

from __future__ import annotations

import textwrap
import tracemalloc

from tests.helpers.db import file_digest
from tests.helpers.rosters import SMALL_ROSTER
from village_gov.core import yamlio


def _imported(cli, write_yaml, db_path):
    result = cli("--db", db_path, "import", write_yaml(SMALL_ROSTER))
    assert result.exit_code == 0, result.output
    return file_digest(db_path)


def _refused(cli, db_path, path, before):
    result = cli("--db", db_path, "import", path)
    assert result.exit_code == 2, result.output
    assert file_digest(db_path) == before
    return result.stderr if hasattr(result, "stderr") else result.output


def test_problems_capped_at_200_with_a_count_of_the_rest(cli, write_yaml, db_path, tmp_path):
    before = _imported(cli, write_yaml, db_path)
    # 300 empty households: each lacks code, head, group and size, so 1,200 problems.
    path = tmp_path / "empty.yaml"
    path.write_text("households:\n" + "- {}\n" * 300, encoding="utf-8")
    out = _refused(cli, db_path, path, before)
    lines = [line for line in out.splitlines() if line.startswith(str(path) + ":")]
    assert len(lines) == 200
    assert "另有 1000 个问题未列出（只列出前 200 个）" in out
    assert "发现 1200 个问题" in out
    # the "more" line comes after the listed problems, before the summary
    assert out.index("另有 1000") > out.index(lines[-1])


def test_problems_capped_overall_across_files(cli, write_yaml, db_path, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.yaml").write_text("households:\n" + "- {}\n" * 60, encoding="utf-8")
    result = cli("--db", db_path, "import", folder)
    assert result.exit_code == 2
    out = result.stderr if hasattr(result, "stderr") else result.output
    # 2 files x 60 records x 4 missing fields = 480 problems; 200 listed over both files.
    assert "另有 280 个问题未列出" in out
    assert "发现 480 个问题" in out


def test_records_per_file_limit_is_refused_at_the_section(cli, write_yaml, db_path, tmp_path, monkeypatch):
    before = _imported(cli, write_yaml, db_path)
    monkeypatch.setenv("VILLAGE_GOV_MAX_RECORDS", "100")
    path = tmp_path / "big.yaml"
    path.write_text("groups:\n  - {code: G1, name: 一组, village: V1}\n"
                    "households:\n" + "".join(f"  - {{code: X{i}, head: 某, group: G1, size: 1}}\n"
                                              for i in range(150)), encoding="utf-8")
    out = _refused(cli, db_path, path, before)
    # the 1 group and 150 households are 151 records, over 100; pointed at the households key (line 3)
    assert f"{path}:3:1:" in out
    assert "记录过多（151 条，上限 100 条）" in out


def test_yaml_events_limit_refused_positioned_and_at_bounded_memory(tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_MAX_YAML_EVENTS", "1000")
    # a flow list of 100,000 zeros: 200,014 bytes; 100,000 scalars + the key "households" + list start/end
    # + mapping start/end + stream and document start/end = 100,009 events; limit max(1000, 200,014 // 3) = 66,671.
    text = "households: [" + "0," * 99_999 + "0]\n"
    path = tmp_path / "flow.yaml"
    path.write_text(text, encoding="utf-8")
    assert len(text) == 200_014
    tracemalloc.start()
    try:
        data, problems = yamlio.read_yaml(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert data is None
    assert [(p.line, p.column, p.key, p.params) for p in problems] == [
        (1, 1, "yaml.too_many_events", {"count": 100_009, "limit": 66_671})]
    # The text itself and its bytes (~0.4 MB) plus small change; building 100,000 nodes takes tens of MB.
    assert peak < 3 * 1024 * 1024


def test_yaml_events_limit_through_the_cli(cli, write_yaml, db_path, tmp_path, monkeypatch):
    before = _imported(cli, write_yaml, db_path)
    monkeypatch.setenv("VILLAGE_GOV_MAX_YAML_EVENTS", "1000")
    path = tmp_path / "dash.yaml"
    path.write_text("households:\n" + "- {}\n" * 5000, encoding="utf-8")
    # 5000 x (start + end) + key + list and mapping start/end + stream/document start/end = 10,009 events,
    # over max(1000, 25,012 bytes // 3 = 8,337)
    out = _refused(cli, db_path, path, before)
    assert f"{path}:1:1:" in out
    assert "上限 8337 个" in out


def test_a_legitimate_roster_is_under_the_events_limit():
    # Written-out records take 5-8 bytes per event; the limit allows one per 3 bytes.
    record = "  - code: H000001\n    head: 陈一\n    group: G1\n    size: 4\n    phone: '13900000002'\n"
    text = "households:\n" + record * 2000
    events = yamlio._BaseLoader(text).raw_parse()
    assert events < len(text.encode("utf-8")) // 3


def _roster_with(old: str, new: str) -> str:
    text = textwrap.dedent(SMALL_ROSTER)
    assert old in text
    return text.replace(old, new, 1)


def test_bool_where_a_number_is_expected(cli, write_yaml, db_path):
    before = _imported(cli, write_yaml, db_path)
    path = write_yaml(_roster_with("size: 4,", "size: true,"), name="bool.yaml")
    out = _refused(cli, db_path, path, before)
    assert "size 应是数字，不是 true/false" in out
    path = write_yaml(_roster_with("population: 2000,", "population: false,"), name="bool2.yaml")
    out = _refused(cli, db_path, path, before)
    assert "population 应是数字，不是 true/false" in out


def test_future_birth_date_refused(cli, write_yaml, db_path, monkeypatch):
    before = _imported(cli, write_yaml, db_path)
    monkeypatch.setenv("VILLAGE_GOV_TODAY", "2026-06-01")
    path = write_yaml(_roster_with("born: 1970-03-01, joined: 1995-07-01", "born: 2999-01-01"), name="born.yaml")
    out = _refused(cli, db_path, path, before)
    assert "出生日期 2999-01-01 晚于今天" in out
    # the day itself is no future date
    ok = write_yaml(_roster_with("born: 1970-03-01, joined: 1995-07-01", "born: 2026-06-01"), name="today.yaml")
    assert cli("--db", db_path, "import", "--dry-run", ok).exit_code == 0


def test_control_characters_in_text_refused(cli, write_yaml, db_path):
    before = _imported(cli, write_yaml, db_path)
    for escaped in ("\\0", "\\x07", "\\t", "\\n"):
        path = write_yaml(_roster_with("head: 陈二,", f'head: "陈{escaped}二",'), name="nul.yaml")
        out = _refused(cli, db_path, path, before)
        assert "含有控制字符" in out, escaped


def test_binary_tag_refused_at_its_position(cli, write_yaml, db_path):
    before = _imported(cli, write_yaml, db_path)
    path = write_yaml(_roster_with("head: 陈二,", "head: !!binary 5Zu9,"), name="bin.yaml")
    out = _refused(cli, db_path, path, before)
    assert "不允许 !!binary" in out
    # H2 is on line 27 ("households:" is line 25); "  - {code: H2, head: " is 21 characters
    assert f"{path}:27:22:" in out


def test_problem_messages_mask_phone_and_id_numbers(cli, write_yaml, db_path):
    before = _imported(cli, write_yaml, db_path)
    path = write_yaml(_roster_with('phone: "13900000002"', 'phone: "1390000a0002"'), name="phone.yaml")
    out = _refused(cli, db_path, path, before)
    assert "1390000a0002" not in out
    assert "139****a0002" in out
    # an ID number written where the phone goes: 17 digits and X, the 10 digits between the first 3
    # and the last 4 hidden
    path = write_yaml(_roster_with('phone: "13900000002"', 'phone: "11010519491231002X"'), name="id.yaml")
    out = _refused(cli, db_path, path, before)
    assert "11010519491231002X" not in out
    assert "110**********1002X" in out


def test_too_many_keys_in_one_mapping_refused_at_the_first_key_over(tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_MAX_KEYS", "50")
    path = tmp_path / "keys.yaml"
    path.write_text("households:\n  - code: H1\n" + "".join(f"    k{i}: 1\n" for i in range(100)), encoding="utf-8")
    data, problems = yamlio.read_yaml(path)
    assert data is None
    # the record's keys are code (line 2) then k0 (line 3) …: the 51st key is k49, on line 52, column 5
    assert [(p.line, p.column, p.key) for p in problems] == [(52, 5, "yaml.too_many_keys")]
