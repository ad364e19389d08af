"""Mutations of a valid roster or consultation file, shared by ``tests/test_import_hostile.py`` and ``bench/faults.py``.

A mutation is drawn with hypothesis: first changes to the parsed data (a value
of the wrong type, a huge number, control characters, a very long string, a
missing or unknown key, a wrong or duplicated code, a section that is not a
list), then changes to the bytes (another encoding or a mix of two, a key
repeated in one mapping, a stray control byte, a cut, CRLF, a BOM).
"""

from __future__ import annotations

import copy
import datetime as dt
import gc
import shutil
from pathlib import Path

import yaml
from hypothesis import strategies as st

from tests.helpers.db import file_digest

SQL_TEXT = ["'; DROP TABLE members;--", "x' OR '1'='1", "Robert\"); DELETE FROM households; --", "%_*"]

values = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([2**63, -(2**63) - 1, 10**30, 0, -1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Lo", "Ll", "Nd", "Po"]),
            max_size=30),
    st.sampled_from([65, 201, 20_001, 100_000]).map(lambda n: "长" * n),
    st.sampled_from(SQL_TEXT),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.lists(st.sampled_from(["H1", "H2", "nope", 7]), max_size=3),
    st.dictionaries(st.sampled_from(["a", "code"]), st.integers(), max_size=2),
)


@st.composite
def data_mutation(draw, roster: dict):
    """A copy of ``roster`` with one to three changes to its parsed data."""
    data = copy.deepcopy(roster)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        section = draw(st.sampled_from(sorted(data)))
        items = data[section]
        kind = draw(st.sampled_from(["set", "set", "delete", "unknown", "code", "section"]))
        if kind == "section" or not isinstance(items, list) or not items:
            data[section] = draw(values)
            continue
        index = draw(st.integers(min_value=0, max_value=len(items) - 1))
        record = items[index]
        if not isinstance(record, dict):
            continue
        nested = [k for k, v in record.items() if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)]
        if nested and draw(st.booleans()):
            # A record written inside another (a consultation's requests): mutate the inner one.
            inner = record[draw(st.sampled_from(sorted(nested)))]
            record = inner[draw(st.integers(min_value=0, max_value=len(inner) - 1))]
            items = inner
        key = draw(st.sampled_from(sorted(record)))
        if kind == "set":
            record[key] = draw(values)
        elif kind == "delete":
            del record[key]
        elif kind == "unknown":
            record[draw(st.sampled_from(["nmae", "archived", "植物", "code "]))] = draw(values)
        else:
            other = [r.get("code") for r in items if isinstance(r, dict)]
            record["code"] = draw(st.sampled_from([c for c in other if c is not None] + SQL_TEXT + [" ", 7]))
    return data


@st.composite
def byte_mutation(draw, text: str) -> bytes:
    """The YAML text as bytes, possibly in another encoding or with damage done to it."""
    kind = draw(st.sampled_from(["none", "none", "utf16", "gbk", "mixed", "dupkey", "control", "cut", "crlf", "bom"]))
    if kind == "utf16":
        return text.encode(draw(st.sampled_from(["utf-16", "utf-16-le", "utf-16-be"])))
    if kind == "gbk":
        return text.encode("gb18030", errors="replace")
    if kind == "mixed":
        cut = draw(st.integers(min_value=0, max_value=len(text)))
        return text[:cut].encode("utf-8") + text[cut:].encode("gb18030", errors="replace")
    if kind == "dupkey":
        lines = text.split("\n")
        candidates = [i for i, line in enumerate(lines) if line.startswith("  ") and ":" in line]
        if candidates:
            i = draw(st.sampled_from(candidates))
            lines.insert(i + 1, lines[i].replace("- ", "  ", 1))
        return "\n".join(lines).encode("utf-8")
    raw = text.encode("utf-8")
    if kind == "control":
        at = draw(st.integers(min_value=0, max_value=len(raw)))
        return raw[:at] + bytes([draw(st.sampled_from([0, 1, 7, 8, 0x1B, 0x7F, 0xFF]))]) + raw[at:]
    if kind == "cut":
        return raw[: draw(st.integers(min_value=0, max_value=len(raw)))]
    if kind == "crlf":
        return raw.replace(b"\n", b"\r\n")
    if kind == "bom":
        return b"\xef\xbb\xbf" + raw
    return raw


def dump_yaml(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


class HostileRunner:
    """Runs ``import`` of mutated files against fresh copies of a template database, in-process."""

    def __init__(self, workdir: Path, template: Path, invoke):
        self.workdir = workdir
        self.template = template
        self.invoke = invoke
        self.tried = 0
        self.accepted = 0
        self.refused = 0

    def check(self, payload: bytes) -> None:
        """Import ``payload``: no exception may escape, exit 0 or 2, and on 2 the database unchanged."""
        self.tried += 1
        if self.tried % 25 == 0:
            gc.collect()  # close connections of earlier runs
        case = self.workdir / f"case{self.tried}"
        case.mkdir()
        db = case / "ledger.db"
        shutil.copyfile(self.template, db)
        roster = case / "roster.yaml"
        roster.write_bytes(payload)
        before = file_digest(db)
        result = self.invoke("--db", db, "import", roster)
        assert result.exit_code in (0, 2), (result.exit_code, result.output)
        assert "Traceback" not in result.output
        if result.exit_code == 2:
            self.refused += 1
            assert file_digest(db) == before, "a refused import changed the database"
        else:
            self.accepted += 1
        shutil.rmtree(case, ignore_errors=True)
