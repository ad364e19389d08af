"""Import in a stream: each file is validated as it is read and its parsed document freed, while the
import stays all-or-nothing (one transaction; nothing written when any file has a problem) and
references across files are still checked; positions of problems found after a file was freed
(references, cross-record rules) are still exact.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers.rosters import places
from village_gov.core.batch import Entry
from village_gov.core.yamlio import parse_yaml

BASE = places(population=800, area_km2=2.5)

# Read first (a.yaml sorts before b.yaml): its households point at G2, which only b.yaml defines.
FIRST = """
households:
  - code: H1
    head: 陈一
    group: G2
    size: 3
"""
SECOND = """
groups:
  - {code: G2, name: 二组, village: V1}
"""
# b.yaml with a bad record: size must be ≥ 1.
SECOND_BAD = SECOND + """households:
  - {code: H2, head: 陈二, group: G2, size: 0}
"""


def _db_bytes(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes())
    wal = Path(f"{path}-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()


def test_reference_to_a_record_of_a_later_file(cli, write_yaml, db_path):
    assert cli("import", write_yaml(BASE, "base.yaml")).exit_code == 0
    first, second = write_yaml(FIRST, "a.yaml"), write_yaml(SECOND, "b.yaml")
    result = cli("import", first, second)
    assert result.exit_code == 0, result.output


def test_problem_in_the_second_file_writes_nothing(cli, write_yaml, db_path):
    assert cli("import", write_yaml(BASE, "base.yaml")).exit_code == 0
    before = _db_bytes(db_path)
    result = cli("import", write_yaml(FIRST, "a.yaml"), write_yaml(SECOND_BAD, "b.yaml"))
    assert result.exit_code == 2
    assert "b.yaml:4:" in result.output and "H2" in result.output
    assert _db_bytes(db_path) == before  # a.yaml was valid and validated first: still nothing written


def test_dangling_reference_named_at_its_line_after_the_file_was_freed(cli, write_yaml, db_path):
    assert cli("import", write_yaml(BASE, "base.yaml")).exit_code == 0
    # Without b.yaml, G2 is nowhere: the reference is checked once every file is read, and named at
    # a.yaml line 4 ("    group: G2"), column 12 (the value after 11 characters).
    result = cli("import", write_yaml(FIRST, "a.yaml"))
    assert result.exit_code == 2
    assert "a.yaml:4:12" in result.output and "G2" in result.output


def test_an_unreadable_file_is_reported_alone(cli, write_yaml, db_path):
    # a.yaml has a validation problem (size 0), b.yaml is not YAML: as when every file was read before
    # any was validated, only the reading problem is listed.
    assert cli("import", write_yaml(BASE, "base.yaml")).exit_code == 0
    bad = FIRST.replace("size: 3", "size: 0")
    result = cli("import", write_yaml(bad, "a.yaml"), write_yaml("households: [\n", "b.yaml"))
    assert result.exit_code == 2
    assert "b.yaml" in result.output and "a.yaml" not in result.output


def test_entry_answers_positions_as_the_mapping_did():
    data, problems = parse_yaml("households:\n  - code: H1\n    steps:\n      提议: 2026-01-02\n    size: 3\n", "x.yaml")
    assert problems == []
    item = data["households"][0]
    where = Entry(None, item).source
    for key in ("code", "steps", "size", "missing"):
        assert where.mark_of(key) == item.mark_of(key)
        assert where.key_mark(key) == item.key_mark(key)
    assert (where.file, where.line, where.column) == ("x.yaml", 2, 5)
    assert where.get("steps") is item["steps"]  # a nested mapping is kept, with its own positions
    assert where.get("code") is None  # a plain value is not


def test_unchanged_reimport_loads_no_importer(tmp_path, small_roster):
    """The second import of the same files answers before yaml, sqlite_utils or the importer load."""
    env = {**os.environ, "VILLAGE_GOV_DB": str(tmp_path / "light.db"), "VILLAGE_GOV_LANG": "en"}
    subprocess.run([sys.executable, "-m", "village_gov", "import", str(small_roster)], check=True, env=env,
                   capture_output=True)
    probe = ("import sys\nfrom village_gov.cli import main\nsys.argv = ['village-gov', 'import', sys.argv[1]]\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('yaml', 'sqlite_utils', 'village_gov.core.importer', "
             "'village_gov.core.validate') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", probe, str(small_roster)], env=env, capture_output=True,
                         text=True, check=True).stdout
    assert out == "the files are the same as at the last import; nothing changed\n[]\n"
