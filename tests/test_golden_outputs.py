"""Golden outputs: the example township's reports, checks, export files and dump, byte for byte.

The stored files (``tests/data/golden/expected/``) are the outputs of the release before the
issue 13 refactor; a refactor must leave every byte as it is. On a mismatch the message names
the file and shows a short unified diff (for a workbook: the zip member that differs, and its XML
diff).
Regenerate (``python tests/data/golden/regenerate.py``) only for an intended, reviewed change.
"""

from __future__ import annotations

import difflib
import importlib.util
import io
import zipfile
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "data" / "golden"
STORED = GOLDEN / "expected"

_spec = importlib.util.spec_from_file_location("golden_regenerate", GOLDEN / "regenerate.py")
regen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regen)

FILES = sorted(p.relative_to(STORED).as_posix() for p in STORED.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def produced(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("golden")
    env = regen.build(work)
    regen.produce(env, work / "out")
    return work / "out"


def _diff(old: bytes, new: bytes, name: str, limit: int = 40) -> str:
    a = old.decode("utf-8", "replace").replace("><", ">\n<").splitlines()
    b = new.decode("utf-8", "replace").replace("><", ">\n<").splitlines()
    lines = list(difflib.unified_diff(a, b, f"stored/{name}", f"produced/{name}", n=2, lineterm=""))
    more = f"\n... {len(lines) - limit} more diff lines" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more


def _zip_diff(old: bytes, new: bytes, name: str) -> str:
    za, zb = zipfile.ZipFile(io.BytesIO(old)), zipfile.ZipFile(io.BytesIO(new))
    na, nb = za.namelist(), zb.namelist()
    if na != nb:
        return f"{name}: zip members differ: stored {na} vs produced {nb}"
    for member in na:
        ia, ib = za.getinfo(member), zb.getinfo(member)
        ma, mb = za.read(member), zb.read(member)
        if ma != mb:
            return f"{name}: member {member} differs\n" + _diff(ma, mb, f"{name}!{member}")
        if (ia.date_time, ia.compress_type, ia.external_attr) != (
            ib.date_time, ib.compress_type, ib.external_attr
        ):
            return (f"{name}: member {member} has other zip metadata: stored "
                    f"{ia.date_time} vs produced {ib.date_time}")
    return f"{name}: the zip containers differ (same members and contents)"


def test_golden_set_is_complete(produced):
    made = sorted(p.relative_to(produced).as_posix() for p in produced.rglob("*") if p.is_file())
    assert made == FILES, f"files produced {made} vs stored {FILES}"
    assert len(FILES) >= 10


@pytest.mark.parametrize("name", FILES)
def test_golden_output(produced, name):
    old, new = (STORED / name).read_bytes(), (produced / name).read_bytes()
    if old == new:
        return
    if name.endswith(".xlsx"):
        pytest.fail(_zip_diff(old, new, name), pytrace=False)
    message = f"{name} differs from the stored golden output\n" + _diff(old, new, name)
    pytest.fail(message, pytrace=False)
