"""The quick answer to an import of unchanged files (``village_gov.core.quick_import``).

The console-script entry point answers ``village-gov import FILES`` of files unchanged since the last
import before Typer or the command tree is loaded.  It must say exactly what the normal command line
says (stdout, stderr, exit code), write nothing, and leave every other command line to the normal
path: an option it does not know, a missing file, a database that would be migrated, a stamp that
does not hold.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from village_gov.core import quick_import
from village_gov.core.import_files import stamp_path

UNCHANGED_ZH = "文件与上次导入相同，未作任何修改\n"
UNCHANGED_EN = "the files are the same as at the last import; nothing changed\n"

# The normal command line, without the quick answer in front of it.
NORMAL = "import sys; from village_gov.cli.app import app; sys.argv[0] = 'village-gov'; app()"
# The entry point, reporting whether Typer was loaded (on a line of its own after the output).
PROBE = ("import sys; from village_gov.__main__ import main; sys.argv[0] = 'village-gov'\n"
         "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\nelse:\n    code = 0\n"
         "sys.stdout.write('@@' + repr(('typer' in sys.modules, code)))\n")


def _env(tmp_path: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VILLAGE_GOV_")}
    env.update(VILLAGE_GOV_DB=str(tmp_path / "test.db"), COLUMNS="80", **extra)
    return env


def _run(code: str, args: list, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], env=env, cwd=cwd, capture_output=True,
                          text=True)


def _file_state(db: Path) -> tuple:
    """Everything a write would change: the file's size and time, its WAL, its stamp."""
    wal = Path(f"{db}-wal")
    return (db.stat().st_size, db.stat().st_mtime_ns, wal.exists() and wal.stat().st_size,
            stamp_path(db).read_text(encoding="utf-8"))


@pytest.fixture
def imported(cli, small_roster, db_path, tmp_path):
    """The small roster imported (through the normal command line): the stamp holds."""
    assert cli("import", small_roster).exit_code == 0
    assert stamp_path(db_path).exists()
    return small_roster


# (arguments, environment, expected stdout) for command lines the quick path answers.
ANSWERED = [
    (["import", "{roster}"], {}, UNCHANGED_ZH),
    (["--lang", "en", "import", "{roster}", "--format", "markdown"], {}, UNCHANGED_EN),
    (["--db={db}", "import", "--prune", "-y", "{roster}", "-f", "table"], {}, UNCHANGED_ZH),
    (["import", "{folder}", "--yes", "--format=table"], {"VILLAGE_GOV_LANG": "en"}, UNCHANGED_EN),
]


@pytest.mark.parametrize("args,extra,expected", ANSWERED, ids=["plain", "en-markdown", "db-prune", "folder-env-lang"])
def test_quick_answer_is_the_normal_answer(imported, db_path, tmp_path, args, extra, expected):
    args = [a.format(roster=imported, folder=imported.parent, db=db_path) for a in args]
    env = _env(tmp_path, **extra)
    before = _file_state(db_path)
    quick = _run(PROBE, args, env, tmp_path)
    out, _, probe = quick.stdout.rpartition("@@")
    assert probe == "(False, 0)", quick.stderr  # answered before Typer was loaded, exit 0
    normal = _run(NORMAL, args, env, tmp_path)
    assert (out, quick.stderr, normal.returncode) == (normal.stdout, normal.stderr, 0)
    assert out == expected
    assert _file_state(db_path) == before  # nothing written, not even the stamp


@pytest.mark.parametrize("args", [
    ["import", "--dry-run", "{roster}"],
    ["import", "--force", "{roster}"],
    ["import", "--section", "households", "{roster}"],
    ["import", "--unmask", "{roster}"],
    ["import", "--output", "plan.xlsx", "{roster}"],
    ["import", "--format", "csv", "{roster}"],
    ["import", "--format", "json", "{roster}"],
    ["import", "--format", "xml", "{roster}"],
    ["import", "-fjson", "{roster}"],
    ["import", "-yf", "json", "{roster}"],
    ["import", "--", "{roster}"],
    ["import", "--help"],
    ["import", "{roster}", "--help"],
    ["import"],
    ["--version"],
    ["--db", "a.db", "--db", "b.db", "import", "{roster}"],
    ["import", "{roster}", "--db", "a.db"],
    ["import", "{roster}", "--format"],
    ["import", "-f=markdown", "{roster}"],
    ["import", "--format", "--prune", "{roster}"],
    ["--db", "-x.db", "import", "{roster}"],
    ["--dbx", "a.db", "import", "{roster}"],
    ["check"],
    ["import", "{roster}", "\udcff.yaml"],
])
def test_command_lines_it_does_not_know_fall_through(args):
    args = [a.format(roster="roster.yaml") for a in args]
    assert quick_import.parse(args) is None
    assert quick_import.parse(["import", "roster.yaml"]) == {"paths": ["roster.yaml"], "prune": False}


def test_unchanged_files_answered_in_process(imported, capsys):
    assert quick_import.answer(["import", str(imported)]) == 0
    assert capsys.readouterr().out == UNCHANGED_ZH


@pytest.mark.parametrize("name,value", [("VILLAGE_GOV_TODAY", "2026-10-31"), ("VILLAGE_GOV_BUSY_TIMEOUT_MS", "x"),
                                        ("VILLAGE_GOV_LANG", "EN"), ("VILLAGE_GOV_TZ", "Asia/Shanghai")])
def test_settings_the_normal_command_checks_fall_through(imported, monkeypatch, name, value):
    assert quick_import.answer(["import", str(imported)]) == 0
    monkeypatch.setenv(name, value)
    assert quick_import.answer(["import", str(imported)]) is None
    assert quick_import.answer(["--lang", "fr", "import", str(imported)]) is None


def test_missing_or_empty_paths_fall_through(imported, tmp_path):
    (tmp_path / "empty").mkdir()
    assert quick_import.answer(["import", str(imported), str(tmp_path / "nope.yaml")]) is None
    assert quick_import.answer(["import", str(imported), str(tmp_path / "empty")]) is None


def test_missing_database_falls_through(imported, monkeypatch, tmp_path):
    monkeypatch.setenv("VILLAGE_GOV_DB", str(tmp_path / "other.db"))
    assert quick_import.answer(["import", str(imported)]) is None
    assert not (tmp_path / "other.db").exists()  # not created: the normal path says 新建数据库


def test_changed_or_extra_files_fall_through(imported, write_yaml):
    extra = write_yaml("villages: []\n", "extra.yaml")
    assert quick_import.answer(["import", str(imported), str(extra)]) is None
    imported.write_text(imported.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert quick_import.answer(["import", str(imported)]) is None


def test_a_write_since_falls_through(imported, db_path):
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("UPDATE households SET size = size + 1")
        conn.commit()
        assert quick_import.answer(["import", str(imported)]) is None  # frames in the WAL
    finally:
        conn.close()
    assert quick_import.answer(["import", str(imported)]) is None  # checkpointed: the file's time moved


def test_stale_stamp_falls_through_and_the_normal_path_renews_it(cli, imported, db_path):
    stamp = stamp_path(db_path)
    data = json.loads(stamp.read_text(encoding="utf-8"))
    data["file"][2] -= 1
    stamp.write_text(json.dumps(data), encoding="utf-8")
    assert quick_import.answer(["import", str(imported)]) is None
    assert cli("import", imported).stdout == UNCHANGED_ZH  # the digest decides, and renews the stamp
    assert quick_import.answer(["import", str(imported)]) == 0


def test_database_needing_a_migration_falls_through(imported, db_path):
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("UPDATE ledger_versions SET version = 0 WHERE ledger = 'cadre'")
        conn.commit()
    finally:
        conn.close()
    assert quick_import.answer(["import", str(imported)]) is None


def test_prune_with_unarchived_absent_records_falls_through(cli, imported, write_yaml):
    # An import of the roster without H7 (and with H1 of another size, so that it writes) leaves H7
    # absent, not archived: "--prune" of the same files has something to do; a plain re-import has not.
    text = imported.read_text(encoding="utf-8")
    h7 = "  - {code: H7, head: 陈七, group: G3, size: 2}\n"
    assert h7 in text
    fewer = write_yaml(text.replace(h7, "").replace("size: 4", "size: 9"), "fewer.yaml")
    assert cli("import", fewer).exit_code == 0
    assert quick_import.answer(["import", str(fewer)]) == 0
    assert quick_import.answer(["import", "--prune", str(fewer)]) is None
