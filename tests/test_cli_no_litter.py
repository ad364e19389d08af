"""No traceback and nothing left behind (issue 12, finding 9 and the output parts of finding 10).

* an output that cannot be written (a folder under /proc, a full disk, a file too large for the
  process's limit) is exit 2 naming the file, and leaves neither a half-written file nor a
  temporary one; an older file of the same name stays as it was;
* a run stopped with SIGTERM removes its temporary file; one killed with SIGKILL cannot, and the
  next run writing into the same folder removes it and names it;
* malformed ``VILLAGE_GOV_*`` values are exit 2 naming the variable (``--help`` still works);
* an argument holding bytes that are not UTF-8 is exit 2 naming its option;
* an audit entry whose JSON is damaged is shown as damaged, and ``audit verify`` fails on it.

A full disk is simulated without privileges: the subprocess runs with ``RLIMIT_FSIZE`` lowered, so a
write past the limit fails with EFBIG ("File too large") exactly where a full disk fails with
ENOSPC; ``/dev/full`` gives a real ENOSPC where the program writes into it directly.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.crash import cli_env
from tests.helpers.db import file_digest

pytest.importorskip("xlsxwriter")


@pytest.fixture
def loaded(cli, small_roster, db_path):
    assert cli("import", small_roster).exit_code == 0
    gc.collect()
    return db_path


def run(db: Path, *args, env: dict | None = None, limit: int | None = None, cwd=None):
    """The CLI in a subprocess (``python -m village_gov``), optionally with a file-size limit."""
    def lower_limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "village_gov", *map(str, args)],
                          env={**cli_env(db), **(env or {})}, capture_output=True, text=True, timeout=120,
                          preexec_fn=lower_limit if limit else None, cwd=cwd)


def leftovers(folder: Path) -> list[str]:
    """Hidden files in ``folder``: every temporary file the writers use is one."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# --- outputs that cannot be written -------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ("export", "--month", "2026-10", "-o", "/proc/village-gov-test-export.xlsx"),
    ("report", "monthly", "--month", "2026-10", "-f", "xlsx", "-o", "/proc/village-gov-test-monthly.xlsx"),
    ("report", "monthly", "--month", "2026-10", "-f", "html", "-o", "/proc/village-gov-test-monthly.html"),
    ("report", "monthly", "--month", "2026-10", "-f", "csv", "-o", "/proc/village-gov-test-monthly.csv"),
    ("check", "-f", "markdown", "-o", "/proc/village-gov-test-check.md"),
])
def test_output_into_an_unwritable_folder_exit_2_naming_it(cli, loaded, args):
    # /proc refuses new files even to root (the tests run as root, who ignores permissions).
    before = file_digest(loaded)
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert args[-1] in result.stderr and "Traceback" not in result.output
    assert not Path(args[-1]).exists()
    assert file_digest(loaded) == before


def test_full_disk_names_the_file(cli, loaded):
    # /dev/full is written directly (it is not a regular file, so there is nothing to replace):
    # ENOSPC is exit 2 naming it, and the device stays a device.
    result = cli("report", "monthly", "--month", "2026-10", "-o", "/dev/full")
    assert result.exit_code == 2, result.output
    assert "/dev/full" in result.stderr and "Traceback" not in result.output
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.parametrize("args", [
    ("report", "monthly", "--month", "2026-10", "-f", "csv", "-o", "{new}/reports/m.csv"),
    ("export", "--month", "2026-10", "-o", "{new}/reports/e.xlsx"),
    ("dump", "--output", "{new}/reports/dump"),
])
def test_new_folders_are_private(cli, loaded, tmp_path, args):
    # The folders an output creates hold personal data: readable by their owner only (0700), each one.
    new = tmp_path / "new"
    result = cli(*[a.replace("{new}", str(new)) for a in args])
    assert result.exit_code == 0, result.output
    for folder in (new, new / "reports"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def hold_shared_memory(db: Path) -> sqlite3.Connection:
    """A connection kept open so the database's -shm file exists already: the subprocess under a
    file-size limit must not need to grow it."""
    conn = sqlite3.connect(db)
    conn.execute("SELECT count(*) FROM audit").fetchone()
    return conn


@pytest.mark.parametrize("args, limit", [
    (("report", "monthly", "--month", "2026-10", "-f", "json", "-o", "{out}/monthly.json"), 500),
    (("report", "micros", "-f", "markdown", "-o", "{out}/micros.md"), 200),
    (("export", "--month", "2026-10", "-o", "{out}/export.xlsx"), 4096),
    (("export", "--month", "2026-10", "-o", "{out}/export.html"), 4096),
])
def test_full_disk_leaves_no_half_file_and_keeps_the_old_one(loaded, tmp_path, args, limit):
    out = tmp_path / "out"
    out.mkdir()
    target = Path(args[-1].replace("{out}", str(out)))
    target.write_bytes(b"the file of last month")
    scratch = tmp_path / "scratch"  # the temporary folder: no library may leave its own files there either
    scratch.mkdir()
    hold = hold_shared_memory(loaded)
    try:
        result = run(loaded, *[a.replace("{out}", str(out)) for a in args], limit=limit,
                     env={"TMPDIR": str(scratch)})
    finally:
        hold.close()
    assert result.returncode == 2, result.stderr
    assert str(target) in result.stderr and "Traceback" not in result.stderr
    assert target.read_bytes() == b"the file of last month"
    assert leftovers(out) == [] and list(scratch.iterdir()) == []


def test_full_disk_during_dump_leaves_no_temporary_file(loaded, tmp_path):
    out = tmp_path / "dump"
    hold = hold_shared_memory(loaded)
    try:
        result = run(loaded, "dump", "--output", out, limit=100)
    finally:
        hold.close()
    assert result.returncode == 2, result.stderr
    assert leftovers(out) == []
    assert "Traceback" not in result.stderr and str(out) in result.stderr
    # The file that did not fit is named, and is not there.
    named = [p for p in ("villages.yaml", "households.yaml", "members.yaml") if str(out / p) in result.stderr]
    assert named and not (out / named[0]).exists()


# --- signals ------------------------------------------------------------------------------------

# The real CLI, paused once the workbook is complete in memory and its temporary file exists, so a
# signal lands while the file is being written (polling for the file, not sleeping and hoping).
PAUSED_EXPORT = """
import sys, time
import xlsxwriter.workbook

close = xlsxwriter.workbook.Workbook.close

def close_then_pause(self):
    close(self)
    time.sleep(60)

xlsxwriter.workbook.Workbook.close = close_then_pause
from village_gov.cli.app import main
sys.argv = ["village-gov", *sys.argv[1:]]
main()
"""


def start_paused_export(db: Path, output: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", PAUSED_EXPORT, "export", "--month", "2026-10", "-o", str(output)],
                            env=cli_env(db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_temporary_file(folder: Path, process: subprocess.Popen) -> list[str]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = leftovers(folder)
        if found:
            return found
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)
    process.kill()
    pytest.fail("the export never created its temporary file")


def test_sigterm_removes_the_temporary_file(loaded, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    process = start_paused_export(loaded, out / "export.xlsx")
    try:
        assert wait_for_temporary_file(out, process)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode != 0
    assert "Traceback" not in stderr
    assert leftovers(out) == [] and not (out / "export.xlsx").exists()


def test_sigkill_leftover_is_swept_and_named_by_the_next_run(loaded, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    process = start_paused_export(loaded, out / "export.xlsx")
    try:
        left = wait_for_temporary_file(out, process)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)  # reaped: its process id is no longer alive
    finally:
        if process.poll() is None:
            process.kill()
    assert leftovers(out) == left  # a killed process cannot clean up
    # A temporary file of a process still alive (this one) is another run's, still writing: kept.
    alive = out / f".other.xlsx.village-gov-tmp-{os.getpid()}"
    alive.write_bytes(b"being written")
    result = run(loaded, "export", "--month", "2026-10", "-o", out / "export.xlsx")
    assert result.returncode == 0, result.stderr
    for name in left:
        assert str(out / name) in result.stderr
    assert leftovers(out) == [alive.name]
    assert (out / "export.xlsx").stat().st_size > 0


# --- the environment ----------------------------------------------------------------------------

@pytest.mark.parametrize("name, value, args", [
    ("VILLAGE_GOV_MAX_FILE_MB", "abc", ("import", "{roster}")),
    ("VILLAGE_GOV_MAX_FILE_MB", "0", ("import", "{roster}")),
    ("VILLAGE_GOV_BUSY_TIMEOUT_MS", "abc", ("check",)),
    ("VILLAGE_GOV_BUSY_TIMEOUT_MS", "-5", ("report", "monthly", "--month", "2026-10")),
    ("VILLAGE_GOV_TODAY", "garbage", ("check",)),
    ("VILLAGE_GOV_TODAY", "2026-13-01", ("report", "micros")),
    ("VILLAGE_GOV_BACKUPS_KEEP", "ten", ("member", "list")),
    ("VILLAGE_GOV_TZ", "Mars/Olympus", ("audit", "log")),
    ("VILLAGE_GOV_TODAY", "yesterday", ("restore", "{db}")),
    ("VILLAGE_GOV_TODAY", "2026-1-5", ("merge", "{db}", "--into", "{county}")),
    ("VILLAGE_GOV_MAX_YAML_EVENTS", "lots", ("import", "{roster}")),
    ("VILLAGE_GOV_MAX_KEYS", "0", ("import", "{roster}")),
    ("VILLAGE_GOV_MAX_RECORDS", "1e6", ("check",)),
])
def test_malformed_environment_exit_2_naming_the_variable(loaded, small_roster, tmp_path, name, value, args):
    before = file_digest(loaded)
    county = tmp_path / "county.db"
    result = run(loaded, *[a.replace("{roster}", str(small_roster)).replace("{db}", str(loaded))
                           .replace("{county}", str(county)) for a in args], env={name: value})
    assert result.returncode == 2, result.stderr
    assert name in result.stderr and value in result.stderr and "Traceback" not in result.stderr
    assert file_digest(loaded) == before and not county.exists()
    # Help reads no variable: it still works.
    assert run(loaded, *args[:2 if args[0] == "report" else 1], "--help", env={name: value}).returncode == 0


# --- bytes that are not UTF-8 -------------------------------------------------------------------

def test_argument_with_bytes_not_utf8_exit_2_naming_the_option(cli, loaded):
    before = file_digest(loaded)
    bad = b"\xff\xfe".decode("utf-8", "surrogateescape")  # how Python receives such bytes from argv
    result = cli("request", "add", "--village", "V1", "--date", "2026-10-01", "--content", bad)
    assert result.exit_code == 2, result.output
    assert "--content" in result.stderr and "UTF-8" in result.stderr
    result = cli("request", "add", "--village", "V1", "--date", "2026-10-01", f"--content=路灯{bad}")
    assert result.exit_code == 2 and "--content" in result.stderr
    gc.collect()
    assert file_digest(loaded) == before


def test_argument_with_bytes_not_utf8_in_a_real_process(loaded):
    result = subprocess.run([os.fsencode(sys.executable), b"-m", b"village_gov", b"request", b"add",
                             b"--village", b"V1", b"--date", b"2026-10-01", b"--content", b"\xff\xfe"],
                            env=cli_env(loaded), capture_output=True, timeout=120)
    assert result.returncode == 2, result.stderr
    assert b"--content" in result.stderr and b"Traceback" not in result.stderr


# --- a damaged audit entry ----------------------------------------------------------------------

def damage(db: Path, entry_id: int, column: str, text: str) -> None:
    """Put ``text`` in one entry's JSON column and recompute the chain from there, as someone
    hiding the edit would: only the damage itself is left to find."""
    from village_gov.trail.chain import COLUMNS, entry_hash

    conn = sqlite3.connect(db)
    conn.execute(f"UPDATE audit SET {column} = ? WHERE id = ?", [text, entry_id])
    previous = conn.execute("SELECT hash FROM audit WHERE id < ? ORDER BY id DESC LIMIT 1",
                            [entry_id]).fetchone()
    previous = previous[0] if previous else ""
    for values in conn.execute(f"SELECT {', '.join(COLUMNS)} FROM audit WHERE id >= ? ORDER BY id",
                               [entry_id]).fetchall():
        entry = dict(zip(COLUMNS, values))
        entry["prev_hash"] = previous
        entry["hash"] = entry_hash(entry)
        conn.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", [previous, entry["hash"], entry["id"]])
        previous = entry["hash"]
    conn.commit()
    conn.close()


@pytest.mark.parametrize("column, text", [
    ("counts", "{not json"),
    ("changes", "[{\"table\": \"villages\", \"code\": "),
    ("sources", "\"a text, not a list\""),
    ("changes", "[1, 2]"),
])
def test_damaged_audit_entry_is_shown_as_damaged(cli, loaded, column, text):
    import_entry = json.loads(cli("audit", "log", "--format", "json").output)[-1]["id"]
    damage(loaded, import_entry, column, text)
    table = cli("audit", "log", "--limit", "0")
    assert table.exit_code == 0, table.output
    assert "已损坏" in table.output and column in table.output
    entries = json.loads(cli("audit", "log", "--format", "json").output)
    assert [e["id"] for e in entries if e.get("damaged")] == [import_entry]
    assert [e["damaged"] for e in entries if e.get("damaged")] == [[column]]
    for fmt in ("csv", "markdown"):
        result = cli("audit", "log", "--format", fmt, "--limit", "0")
        assert result.exit_code == 0 and "已损坏" in result.output
    # Asking for one record's history lists the damaged entry too: it may be the one that changed it.
    by_code = cli("audit", "log", "--code", "V1", "--format", "json")
    assert by_code.exit_code == 0, by_code.output
    assert import_entry in [e["id"] for e in json.loads(by_code.output)]
    verify = cli("audit", "verify")
    assert verify.exit_code == 1
    assert f"第 {import_entry} 条" in verify.stderr and "已损坏" in verify.stderr and column in verify.stderr


def test_the_systems_reason_is_said_in_the_clerks_language(cli, loaded, tmp_path):
    # /proc refuses new files: the reason is the operating system's, said in Chinese (and English).
    zh = cli("export", "--month", "2026-10", "--output", "/proc/x.xlsx")
    assert zh.exit_code == 2, zh.output
    assert "/proc/x.xlsx" in zh.stderr and "没有这个文件或文件夹" in zh.stderr and "No such file" not in zh.stderr
    en = cli("--lang", "en", "audit", "verify", "--anchors", tmp_path / "none.txt")
    assert en.exit_code == 2, en.output
    assert f"{tmp_path / 'none.txt'}: no such file or folder" in en.stderr
