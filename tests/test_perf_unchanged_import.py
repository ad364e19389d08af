"""``import`` of files unchanged since the last import, with nothing written since: hashed, not parsed.

The audit trail's last entry already records each imported file's sha256; when it is an import of
files with exactly the contents given now, and the ledger still matches the digest that entry
recorded, the import says so and writes nothing without reading any YAML.  Any write in between
(another import that wrote, a ``consult log``, a change made outside village-gov) means reading again.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

import village_gov.core.importer as importer_module

EXTRA = """
households:
  - {code: H8, head: 陈八, group: G3, size: 3}
"""

UNCHANGED_ZH = "文件与上次导入相同，未作任何修改"
UNCHANGED_EN = "the files are the same as at the last import; nothing changed"


def _db_bytes(path: Path) -> str:
    """sha256 of the database and its WAL: proves nothing was written."""
    digest = hashlib.sha256(path.read_bytes())
    wal = Path(f"{path}-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()


def _audit_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def files(small_roster, write_yaml) -> list[Path]:
    return [small_roster, write_yaml(EXTRA, "extra.yaml")]


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The files the importer reads as YAML (the real reader, counted)."""
    seen: list[str] = []
    real = importer_module.read_yaml

    def counting(path, *args, **kwargs):
        seen.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(importer_module, "read_yaml", counting)
    return seen


def _no_parsing(monkeypatch) -> None:
    def fail(*args, **kwargs):
        raise AssertionError("the YAML parser was called")

    monkeypatch.setattr(importer_module, "read_yaml", fail)


def test_unchanged_reimport_writes_nothing_and_says_so(cli, files, db_path, monkeypatch):
    first = cli("import", *files)
    assert first.exit_code == 0, first.output
    entries, before = _audit_count(db_path), _db_bytes(db_path)
    _no_parsing(monkeypatch)
    again = cli("import", *files)
    assert again.exit_code == 0, again.output
    assert again.stdout == UNCHANGED_ZH + "\n"
    assert "已写入数据库" not in again.output
    assert _db_bytes(db_path) == before and _audit_count(db_path) == entries
    # English, JSON, CSV; the same files named from another folder (relative names) are the same contents.
    assert cli("--lang", "en", "import", *files).stdout == UNCHANGED_EN + "\n"
    report = json.loads(cli("import", "--format", "json", *files).stdout)
    assert report["unchanged_files"] is True and report["written"] is False and report["sections"] == []
    assert report["files"] == [str(f) for f in files]
    assert cli("import", "--format", "csv", *files).stdout.splitlines() == [
        "section,added,changed,unchanged,absent,archived"]
    monkeypatch.chdir(files[0].parent)
    assert cli("import", files[1].name, files[0].name).stdout == UNCHANGED_ZH + "\n"
    assert _db_bytes(db_path) == before


def test_a_changed_byte_reimports(cli, files, db_path, reads):
    assert cli("import", *files).exit_code == 0
    assert reads == ["roster.yaml", "extra.yaml"]
    reads.clear()
    # One byte: H8's size 3 → 4.
    files[1].write_text(EXTRA.replace("size: 3", "size: 4").lstrip("\n"), encoding="utf-8")
    result = cli("--lang", "en", "import", *files)
    assert result.exit_code == 0, result.output
    assert reads == ["roster.yaml", "extra.yaml"]
    assert UNCHANGED_EN not in result.stdout
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT size FROM households WHERE code = 'H8'").fetchone() == (4,)
    conn.close()
    # That import wrote: the next one of the same files is unchanged again.
    reads.clear()
    assert cli("import", *files).stdout == UNCHANGED_ZH + "\n"
    assert reads == []


def test_another_set_of_files_is_read(cli, files, reads):
    assert cli("import", *files).exit_code == 0
    reads.clear()
    # The roster alone is not the set last imported (H8 is now absent, kept).
    result = cli("import", files[0])
    assert reads == ["roster.yaml"]
    assert UNCHANGED_ZH not in result.stdout and "无变化" in result.stdout
    # The same file twice is still one file.
    reads.clear()
    assert cli("import", *files, files[1]).stdout == UNCHANGED_ZH + "\n"
    assert reads == []


def test_a_write_in_between_makes_the_import_read_again(cli, files, db_path, reads):
    assert cli("import", *files).exit_code == 0
    logged = cli("consult", "log", "--village", "V1", "--date", "2026-10-08", "--format", "书记坝坝会",
                 "--attendees", "12")
    assert logged.exit_code == 0, logged.output
    reads.clear()
    entries = _audit_count(db_path)
    result = cli("import", *files)
    assert result.exit_code == 0, result.output
    assert reads == ["roster.yaml", "extra.yaml"]
    # Read and compared: nothing of the roster changed, so nothing is written either.
    assert "无变化：数据库已是最新，未写入任何内容" in result.stdout
    assert _audit_count(db_path) == entries


def test_a_change_made_outside_village_gov_is_put_back(cli, files, db_path, reads):
    assert cli("import", *files).exit_code == 0
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE households SET size = 9 WHERE code = 'H8'")
    conn.close()
    reads.clear()
    result = cli("import", *files)
    assert result.exit_code == 0, result.output
    assert reads == ["roster.yaml", "extra.yaml"]
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT size FROM households WHERE code = 'H8'").fetchone() == (3,)
    conn.close()


def test_force_reads_and_dry_run_reads(cli, files, reads):
    assert cli("import", *files).exit_code == 0
    reads.clear()
    forced = cli("import", "--force", *files)
    assert forced.exit_code == 0 and "无变化：数据库已是最新，未写入任何内容" in forced.stdout
    assert reads == ["roster.yaml", "extra.yaml"]
    reads.clear()
    dry = cli("import", "--dry-run", *files)
    assert dry.exit_code == 0 and reads == ["roster.yaml", "extra.yaml"]


def test_prune_with_nothing_absent_is_unchanged_too(cli, files, reads):
    # The roster alone first, then both files (H8 added): nothing of the roster is absent from them,
    # so --prune has nothing to archive and the same two files are unchanged.
    assert cli("import", files[0]).exit_code == 0
    assert cli("import", *files).exit_code == 0
    reads.clear()
    assert cli("import", "--prune", "--yes", *files).stdout == UNCHANGED_ZH + "\n"
    assert reads == []


def test_prune_after_an_import_that_left_records_absent(cli, files, reads):
    # The roster with H8 from a first import of both files, then an import of the roster alone
    # that writes (a changed head) and leaves H8 absent: --prune of the same file must read and archive.
    assert cli("import", *files).exit_code == 0
    files[0].write_text(files[0].read_text(encoding="utf-8").replace("陈一", "陈壹"), encoding="utf-8")
    assert cli("import", files[0]).exit_code == 0  # writes; H8 absent, kept
    reads.clear()
    assert cli("import", files[0]).stdout == UNCHANGED_ZH + "\n"  # without --prune: nothing to do
    assert reads == []
    pruned = cli("import", "--prune", "--yes", files[0])
    assert pruned.exit_code == 0, pruned.output
    assert reads == ["roster.yaml"]
    assert UNCHANGED_ZH not in pruned.stdout
