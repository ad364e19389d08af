"""Broken rosters: each gives exit 2, ``file:line:column: message [CODE]`` lines for ALL its
problems, no traceback, and leaves the database byte-for-byte unchanged.

Every test first imports the small valid roster so there is a database to protect.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from tests.helpers.db import file_digest

PROBLEM_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<message>.+?)(?: \[(?P<code>[^\]]+)\])?$")


@pytest.fixture
def protected(cli, small_roster, db_path):
    """A database holding the small roster; returns a function checking it was not touched."""
    result = cli("import", small_roster)
    assert result.exit_code == 0, result.output
    before = file_digest(db_path)
    assert before is not None

    def unchanged() -> bool:
        return file_digest(db_path) == before

    return unchanged


def refused(cli, *paths) -> list[re.Match]:
    """Import ``paths``; assert exit 2 with no traceback; return the parsed problem lines."""
    result = cli("import", *paths)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert lines[-1].startswith("错误：导入未执行"), lines
    problems = [PROBLEM_LINE.match(line) for line in lines[:-1]]
    assert all(problems), lines
    assert f"发现 {len(problems)} 个问题" in lines[-1]
    return problems


def where(problem: re.Match) -> tuple:
    return Path(problem["file"]).name, int(problem["line"]), int(problem["column"]), problem["code"]


def test_bad_yaml_syntax(cli, write_yaml, protected):
    path = write_yaml("""
        townships:
          - {code: T9, name: 新镇, kind: 镇
        villages: []
        """, "bad.yaml")
    (problem,) = refused(cli, path)
    # The unclosed flow mapping is noticed where the next line starts.
    assert where(problem)[:2] == ("bad.yaml", 3)
    assert "YAML 格式错误" in problem["message"]
    assert protected()


def test_wrong_types(cli, write_yaml, protected):
    path = write_yaml("""
        villages:
          - code: V9
            name: 新村
            township: T1
            population: 很多
            area_km2: -1
        households:
          - {code: H9, head: 户主, group: G1, size: 0}
          - {code: 10, head: 户主, group: G1, size: 2}
        """)
    problems = refused(cli, path)
    assert [where(p) for p in problems] == [
        ("roster.yaml", 5, 17, "V9"),   # population: 很多
        ("roster.yaml", 6, 15, "V9"),   # area_km2: -1
        ("roster.yaml", 8, 43, "H9"),   # size: 0 (columns count characters: 户主 is 2)
        ("roster.yaml", 9, 12, None),   # code: 10 (a number; the record has no text code)
    ]
    assert problems[0]["message"] == "population 应为整数，实为 很多"
    assert problems[1]["message"] == "area_km2 应 > 0.0，实为 -1"
    assert problems[2]["message"] == "size 应 ≥ 1，实为 0"
    assert "加引号" in problems[3]["message"]
    assert protected()


def test_dangling_codes(cli, write_yaml, protected):
    path = write_yaml("""
        members:
          - {code: M20, name: 新党员, org: P404, households: [H1, H404]}
        households:
          - {code: H20, head: 户主, group: G404, size: 2}
        """)
    problems = refused(cli, path)
    assert sorted(where(p) for p in problems) == [
        ("roster.yaml", 2, 33, "M20"),   # org: P404
        ("roster.yaml", 2, 51, "M20"),   # households: [H1, H404]
        ("roster.yaml", 4, 34, "H20"),   # group: G404
    ]
    messages = " / ".join(p["message"] for p in problems)
    assert "org 指向不存在的党组织：P404" in messages
    assert "households 指向不存在的农户：H404" in messages
    assert "group 指向不存在的村民小组：G404" in messages
    assert protected()


def test_duplicate_codes_in_one_file(cli, write_yaml, protected):
    path = write_yaml("""
        townships:
          - {code: T7, name: 一镇, kind: 镇}
          - {code: T7, name: 二镇, kind: 乡}
        """)
    (problem,) = refused(cli, path)
    assert where(problem) == ("roster.yaml", 3, 12, "T7")
    assert problem["message"] == f"townships 中编码 T7 重复（首次出现在 {path}:2）"
    assert protected()


def test_duplicate_codes_across_files_of_a_folder(cli, write_yaml, tmp_path, protected):
    write_yaml("townships:\n  - {code: T7, name: 一镇, kind: 镇}\n", "folder/a.yaml")
    second = write_yaml("# second file\ntownships:\n  - {code: T7, name: 二镇, kind: 乡}\n", "folder/b.yaml")
    (problem,) = refused(cli, tmp_path / "folder")
    assert where(problem) == ("b.yaml", 3, 12, "T7")
    assert problem["file"] == str(second)
    assert f"{tmp_path / 'folder' / 'a.yaml'}:2" in problem["message"]
    assert protected()


def test_unknown_key_and_section_with_did_you_mean(cli, write_yaml, protected):
    path = write_yaml("""
        townships:
          - code: T9
            name: 新镇
            knid: 镇
        vilages:
          - {code: V9, name: 新村, township: T9}
        """)
    problems = refused(cli, path)
    # The misspelt key also leaves kind missing: reported at the record.
    assert [(where(p), p["message"]) for p in problems] == [
        (("roster.yaml", 2, 5, "T9"), "缺少必填字段 kind"),
        (("roster.yaml", 4, 11, "T9"), "未知字段 knid（是否想写 kind？）"),
        (("roster.yaml", 5, 1, None), "未知的部分 vilages（是否想写 villages？）"),
    ]
    assert protected()


def test_unknown_key_without_close_match(cli, write_yaml):
    path = write_yaml("townships:\n  - {code: T9, name: 新镇, kind: 镇, zzzz: 1}\n")
    (problem,) = refused(cli, path)
    assert problem["message"] == "未知字段 zzzz"


def test_invalid_id_check_digit(cli, write_yaml, protected):
    # 11010519491231002X is valid (see SMALL_ROSTER); ending in 1 instead of X breaks the check digit.
    path = write_yaml("""
        members:
          - code: M1
            name: 张三
            org: P1
            id_number: "110105194912310021"
        """)
    (problem,) = refused(cli, path)
    assert where(problem) == ("roster.yaml", 5, 16, "M1")
    assert problem["message"] == "id_number 身份证号校验位不正确"
    assert protected()


def test_gbk_file(cli, tmp_path, protected):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("townships:\n  - {code: T9, name: 青竹镇, kind: 镇}\n".encode("gbk"))
    (problem,) = refused(cli, path)
    # The first non-ASCII character is 青 on line 2, column 22.
    assert where(problem)[:3] == ("gbk.yaml", 2, 22)
    assert "GBK" in problem["message"] and "iconv -f GB18030 -t UTF-8" in problem["message"]
    assert protected()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_file(cli, tmp_path, protected, encoding):
    path = tmp_path / "wide.yaml"
    path.write_bytes("townships:\n  - {code: T9, name: 青竹镇, kind: 镇}\n".encode(encoding))
    (problem,) = refused(cli, path)
    assert where(problem)[:3] == ("wide.yaml", 1, 1)
    assert "UTF-16" in problem["message"] and "iconv -f UTF-16 -t UTF-8" in problem["message"]
    assert protected()


def test_utf8_bom_is_accepted(cli, tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + "townships:\n  - {code: T9, name: 青竹镇, kind: 镇}\n".encode())
    assert cli("import", path).exit_code == 0


def test_python_object_tag(cli, write_yaml, tmp_path, protected):
    marker = tmp_path / "pwned"
    path = write_yaml(f"""
        townships:
          - !!python/object/apply:os.system ["touch {marker}"]
        """)
    (problem,) = refused(cli, path)
    assert where(problem)[:3] == ("roster.yaml", 2, 5)
    assert "不允许的 YAML 标签" in problem["message"]
    assert not marker.exists()
    assert protected()


def test_alias_bomb_is_refused_fast(cli, write_yaml, protected):
    # Nine levels of nine aliases would expand to 9**9 (387 million) strings.
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    path = write_yaml("\n".join(lines) + "\n")
    # Refused at the first alias, before anything is expanded: the import allocates a few
    # megabytes at most, where expanding the bomb would take gigabytes.
    tracemalloc.start()
    (problem,) = refused(cli, path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, peak
    assert "锚点/别名" in problem["message"]
    assert protected()


def test_control_character(cli, write_yaml, protected):
    path = write_yaml('townships:\n  - {code: T9, name: "新\x07镇", kind: 镇}\n')
    (problem,) = refused(cli, path)
    assert where(problem)[:2] == ("roster.yaml", 2)
    assert "YAML 格式错误" in problem["message"]
    assert protected()


def test_duplicate_keys_in_one_mapping(cli, write_yaml, protected):
    path = write_yaml("""
        townships:
          - code: T9
            name: 新镇
            kind: 镇
            name: 旧镇
        """)
    (problem,) = refused(cli, path)
    assert where(problem) == ("roster.yaml", 5, 5, None)
    assert problem["message"] == "同一条记录中字段 name 出现了两次"
    assert protected()


def test_impossible_date(cli, write_yaml, protected):
    # 1970-13-01 looks like a YAML timestamp but is no date: an error at the value, not a crash.
    path = write_yaml("members:\n  - {code: M1, name: 张三, org: P1, born: 1970-13-01}\n")
    (problem,) = refused(cli, path)
    assert where(problem) == ("roster.yaml", 2, 41, "M1")
    assert problem["message"] == "born 应为日期（YYYY-MM-DD），实为 1970-13-01"
    assert protected()


def test_number_too_large_for_sqlite(cli, write_yaml, protected):
    path = write_yaml("villages:\n  - {code: V1, name: 百家池村, township: T1, population: 99999999999999999999}\n")
    (problem,) = refused(cli, path)
    assert where(problem)[:2] == ("roster.yaml", 2) and problem["code"] == "V1"
    assert "population" in problem["message"]
    assert protected()


def test_deep_nesting(cli, write_yaml, protected):
    path = write_yaml("townships: " + "[" * 3000 + "]" * 3000 + "\n")
    (problem,) = refused(cli, path)
    assert where(problem)[:2] == ("roster.yaml", 1)
    assert "嵌套" in problem["message"]
    assert protected()


def test_three_independent_errors_all_listed(cli, write_yaml, protected):
    path = write_yaml("""
        villages:
          - {code: V9, name: 新村, township: T404}
        groups:
          - {code: G9, name: 九组, village: V1, colour: red}
        households:
          - {code: H9, head: 户主, group: G1, size: two}
        """)
    problems = refused(cli, path)
    assert [where(p)[1:] for p in problems] == [(2, 36, "V9"), (4, 47, "G9"), (6, 43, "H9")]
    assert protected()


def test_errors_in_several_files_all_listed(cli, write_yaml, tmp_path, protected):
    write_yaml("townships:\n  - {code: T9, name: 新镇, kind: 城}\n", "many/a.yaml")
    write_yaml("villages:\n  - {code: V9, name: 新村, township: T9, kind: 社区, extra: 1}\n", "many/b.yaml")
    write_yaml("groups: {code: G9}\n", "many/c.yaml")
    problems = refused(cli, tmp_path / "many")
    assert [where(p)[:2] for p in problems] == [("a.yaml", 2), ("b.yaml", 2), ("c.yaml", 1)]
    assert protected()


def test_missing_path_and_empty_folder(cli, tmp_path, protected):
    (tmp_path / "empty").mkdir()
    result = cli("import", tmp_path / "nope.yaml", tmp_path / "empty")
    assert result.exit_code == 2
    assert f"找不到文件或文件夹：{tmp_path / 'nope.yaml'}" in result.stderr
    assert "文件夹中没有 .yaml/.yml 文件" in result.stderr
    assert protected()


def test_top_level_and_section_shapes(cli, write_yaml, tmp_path, protected):
    write_yaml("- just a list\n", "shapes/a.yaml")
    write_yaml("townships:\n  code: T9\n", "shapes/b.yaml")
    problems = refused(cli, tmp_path / "shapes")
    assert [where(p)[:3] for p in problems] == [("a.yaml", 1, 1), ("b.yaml", 1, 1)]
    assert "顶层" in problems[0]["message"] and "townships" in problems[1]["message"]
    assert protected()


def test_english_messages(cli, write_yaml, protected):
    path = write_yaml("townships:\n  - {code: T9, name: 新镇, kind: 镇, nmae: x}\n")
    result = cli("--lang", "en", "import", path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{path}:2:41: unknown field nmae (did you mean name?) [T9]",
        "error: nothing imported: 1 problem(s) found, the database was not changed",
    ]
    assert protected()


def test_broken_roster_in_a_real_process(write_yaml, db_path, small_roster, cli):
    """Outside the test runner too: no traceback, exit 2, stderr only."""
    assert cli("import", small_roster).exit_code == 0
    before = file_digest(db_path)
    path = write_yaml("townships:\n  - {code: T9, name: 新镇, kind: 镇, kind: 乡}\n", "dup.yaml")
    repo = Path(__file__).resolve().parent.parent
    proc = subprocess.run([sys.executable, "-m", "village_gov", "import", str(path)], capture_output=True,
                          text=True, encoding="utf-8", env=_env(repo, db_path), timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.startswith(f"{path}:2:35: 同一条记录中字段 kind 出现了两次\n")
    assert file_digest(db_path) == before


def _env(repo: Path, db_path: Path) -> dict:
    import os

    return {**os.environ, "PYTHONPATH": str(repo), "VILLAGE_GOV_DB": str(db_path)}


def test_very_deep_nesting_does_not_crash(tmp_path, db_path):
    path = tmp_path / "deep.yaml"
    path.write_text("townships: " + "[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")
    repo = Path(__file__).resolve().parent.parent
    proc = subprocess.run([sys.executable, "-m", "village_gov", "import", str(path)], capture_output=True,
                          text=True, env=_env(repo, db_path), timeout=60)
    assert proc.returncode == 2, proc.stderr[-500:]
    assert "deep.yaml:1:" in proc.stderr and "Traceback" not in proc.stderr
