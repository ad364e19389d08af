"""Hostile stored text through every list/show/report command in every format.

Shared by ``tests/test_render_safe_property.py`` (fixed examples in CI) and ``bench/output_safety.py``
(10,000 random ones).  A *batch* of strings is written into the text fields of a small ledger
(``SLOTS``: a village's name, a household head, a request's content …) through the real import path
(YAML written by ``yaml.safe_dump``, so every string is quoted as YAML needs) — or, for a string the
importer refuses (a control character), straight into SQLite after the import, as a ledger written by
an older release, merged from one or changed outside the tool may hold it (``write_directly``) —
then every command of ``COMMANDS`` runs in every format it offers, and each output is checked:

- no exception escapes (the runner does not catch them), the exit code is the documented one;
- terminal formats (table, markdown) hold no C0 control but the newline, no DEL, no C1 control, no
  bidi override; CSV none but TAB/CR/LF inside quoted fields; JSON none at all (escaped);
- CSV re-parses into rows as long as its header, and a stored value appears in it as the
  documented neutralisation makes it (``csv_expected``); JSON parses and holds the value exactly;
- on the terminal the value appears literally once its control characters are replaced by their
  placeholders (so no markup was applied); in Markdown it appears once the escapes are read back
  (``unmarkdown``), and no ``<`` or unescaped ``[`` ``]`` is left to make HTML or a link.

The expectations here are written from the documented rules (docs/exports.md,
docs/reliability.md), not by calling the code under test.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import textwrap
import unicodedata
from pathlib import Path

import yaml
from hypothesis import strategies as st

from tests.helpers.consult import CONSULTATIONS
from tests.helpers.micros import MICROS
from tests.helpers.rosters import SMALL_ROSTER

TODAY = "2026-11-15"

PROCEDURES = """
decisions:
  - code: D1
    village: V1
    title: 道路硬化
    supervisor: 村务监督委员会
    steps:
      proposed: {date: 2026-10-01}
      deliberated: {date: 2026-10-05}
disclosures:
  - {code: DS1, village: V1, date: 2026-10-05, kind: 财务, channel: 公开栏, items: 9 月收支明细}
party_meetings:
  - {code: PM1, org: P1, date: 2026-10-08, kind: 支委会, due: 5, present: 5, topic: 学习村规民约}
moral_list:
  - {code: ML1, date: 2026-10-12, village: V1, household: H1, list: 红榜, reason: 孝老爱亲, published: true}
points:
  - {code: PT1, date: 2026-10-05, household: H1, points: 10, reason: 参加义务劳动, rule: 第四条}
"""

# (section, code, field): where a hostile string is written; the SQLite table and column have the same names.
SLOTS = [
    ("villages", "V1", "name"),
    ("households", "H1", "head"),
    ("members", "M2", "name"),
    ("requests", "R1", "content"),
    ("groups", "G1", "name"),
    ("party_orgs", "P2", "name"),
    ("households", "H2", "head"),
    ("consultations", "C1", "summary"),
    ("positions", "PS2", "name"),
    ("activities", "A1", "title"),
    ("decisions", "D1", "title"),
    ("disclosures", "DS1", "items"),
    ("party_meetings", "PM1", "topic"),
    ("moral_list", "ML1", "reason"),
    ("points", "PT1", "reason"),
    ("townships", "T1", "name"),
    # Every other name and content of the small ledger, so a batch checks many strings at once.
    ("villages", "V2", "name"),
    *[("households", f"H{i}", "head") for i in range(3, 8)],
    *[("members", f"M{i}", "name") for i in (1, *range(3, 9))],
    *[("requests", f"R{i}", "content") for i in range(2, 9)],
    ("groups", "G2", "name"), ("groups", "G3", "name"),
    *[("party_orgs", f"P{i}", "name") for i in (1, 3, 4, 5)],
]


def every(section: str) -> list[tuple[str, str]]:
    """The slots of a section: a list shows every record of it."""
    return [(s, code) for s, code, _ in SLOTS if s == section]

ALL = ("table", "json", "csv", "markdown")
TREE = ("table", "json")
# (arguments, formats, exit codes, slots whose value must appear[, formats showing them if not all]):
# every list/show/report command.
COMMANDS = [
    (["check"], ALL, (0, 1), []),
    (["report", "monthly", "--month", "2026-10"], ALL, (0,), [("villages", "V1"), ("townships", "T1")],
     ("table", "json", "markdown")),  # CSV: the township's code
    (["report", "trend", "--from", "2026-08", "--to", "2026-10"], ALL, (0,), []),
    (["report", "micros", "--as-of", "2026-11-01"], ALL, (0,), [("villages", "V1")]),
    (["report", "party-life", "--quarter", "2026Q4"], ALL, (0,), [("party_orgs", "P2")]),
    (["report", "reform"], ALL, (0,), []),
    (["org", "tree", "--households", "--positions"], TREE, (0,),
     [("villages", "V1"), ("party_orgs", "P2"), ("members", "M2"), ("households", "H1"), ("households", "H2")]),
    (["org", "list"], ALL, (0,), every("party_orgs")),
    (["org", "show", "P2"], ALL, (0,), [("party_orgs", "P2")]),
    (["village", "list"], ALL, (0,), every("villages")),
    (["village", "show", "V1"], ALL, (0,), [("villages", "V1")]),
    (["group", "list"], ALL, (0,), every("groups")),
    (["group", "show", "G1"], ALL, (0,), [("groups", "G1")]),
    (["member", "list"], ALL, (0,), every("members")),
    (["member", "show", "M2"], ALL, (0,), [("members", "M2")]),
    (["household", "list"], ALL, (0,), every("households")),
    (["household", "show", "H1"], ALL, (0,), [("households", "H1")]),
    (["consult", "list"], ALL, (0,), []),
    (["consult", "show", "C1"], ALL, (0,), [("consultations", "C1"), ("requests", "R1")]),
    (["request", "list"], ALL, (0,), every("requests")),
    (["request", "show", "R1"], ALL, (0,), [("requests", "R1")]),
    (["position", "list"], ALL, (0,), [("positions", "PS2")]),
    (["organization", "list"], ALL, (0,), []),
    (["service", "list"], ALL, (0,), []),
    (["activity", "list"], ALL, (0,), [("activities", "A1")]),
    (["decision", "show", "D1"], ALL, (0,), [("decisions", "D1")], ("table", "json", "markdown")),  # CSV: the steps
    (["decision", "list"], ALL, (0,), [("decisions", "D1")]),
    (["disclose", "list"], ALL, (0,), [("disclosures", "DS1")]),
    (["party-meeting", "list"], ALL, (0,), [("party_meetings", "PM1")]),
    (["points", "ranking", "--village", "V1", "--month", "2026-10"], ALL, (0,), []),
    (["points", "show", "H1"], ALL, (0,), [("points", "PT1")]),
    (["moral", "list", "--unmask"], ALL, (0,), [("moral_list", "ML1")]),
    (["audit", "log"], ALL, (0,), []),
]

# --- the documented rules, written out independently of village_gov.render.safe -----------------------

C1 = set(range(0x80, 0xA0))
BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))


def placeholder(char: str, keep: str = "\n") -> str:
    """The documented placeholder of one character: C0 and DEL → control picture, C1 and bidi → U+FFFD."""
    code = ord(char)
    if char in keep:
        return char
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if code in C1 or code in BIDI:
        return "\ufffd"
    return char


def on_terminal(value: str) -> str:
    return "".join(placeholder(c) for c in value)


def csv_expected(value: str) -> str:
    """docs/exports.md: controls but TAB/CR/LF as on the terminal; a leading = + - @ TAB CR ' gets a '."""
    cleaned = "".join(placeholder(c, keep="\t\r\n") for c in value)
    return "'" + cleaned if cleaned[:1] in ("=", "+", "-", "@", "\t", "\r", "'") else cleaned


def unmarkdown(text: str) -> str:
    """Markdown text read back: backslash escapes and the three entities undone."""
    text = re.sub(r"\\(.)", r"\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def bad_controls(text: str, allowed: str) -> list[str]:
    return sorted({repr(c) for c in text
                   if (ord(c) < 0x20 and c not in allowed) or ord(c) == 0x7F or ord(c) in C1 or ord(c) in BIDI})


# --- hostile strings ------------------------------------------------------------------------------

FRAGMENTS = [
    "[/x]", "[/]", "[bold]", "[link=http://evil.example]点我[/link]", "[urgent] 路灯不亮", "[red on white]",
    ":thumbs_up:", "\x1b]0;pwned\x07", "\x1b[2J", "\x1b[8m", "\x1b]8;;http://evil\x1b\\链接\x1b]8;;\x1b\\", "\x1b[0m",
    "\x9b31m", "\x90q\x9c", "\u202e", "\u2066", "\x7f", "\x08\x08", "\r", "\n", "\r\n", "\t", "\x01", "=", "+", "-",
    "@", "'", "=HYPERLINK(\"http://x\",\"y\")", "=cmd|' /C "
                                                "calc'!A0", "-2+3", "+1", "@SUM(A1)", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "![i](http://x/y.png)", "<http://x>", "|", "\\", "\\[",
    "&lt;", "&amp;", "`", "**", "_", '"', ",", ";", "%s", "{0}", "{name}", "柳塘村", "陈一", "\u3000", " ", "ｘ",
]

_characters = st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Lo", "Ll", "Lu", "Nd", "Po",
                                                      "Ps", "Pe", "Pd", "Sm", "Sc", "So", "Mn"])


def _usable(value: str) -> str:
    """The importer refuses (rightly) empty names and NUL bytes: keep the string importable."""
    value = value.replace("\x00", "")
    return value if value.strip() else value + "名"


hostile_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(_characters, max_size=8)),
                        min_size=1, max_size=6).map("".join).map(_usable)


def importable(value: str) -> bool:
    """False for text the importer refuses: a control character (C0, DEL, C1; tab and newline included,
    which codes and names may not hold)."""
    return not any(unicodedata.category(char) == "Cc" for char in value)


def write_directly(db: Path, values: dict) -> None:
    """Put ``{(table, code, column): text}`` straight into SQLite: text the importer refuses but a ledger
    may still hold (written by an older release, merged from one, or changed outside the tool)."""
    conn = sqlite3.connect(db)
    try:
        with conn:
            for (table, code, column), value in values.items():
                assert conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE code = ?', [value, code]).rowcount == 1
    finally:
        conn.close()


def batch_yaml(strings: list[str]) -> str:
    """The ledger with ``strings`` in its text slots (cycled over ``SLOTS``), as one YAML document;
    a string the importer refuses keeps the slot's own value (``run_batch`` writes it afterwards)."""
    data: dict = {}
    for text in (SMALL_ROSTER, CONSULTATIONS, MICROS, PROCEDURES):
        for section, items in yaml.safe_load(textwrap.dedent(text)).items():
            data.setdefault(section, [])
            data[section] += items or []
    records = {(section, r.get("code")): r for section, items in data.items() for r in items if isinstance(r, dict)}
    for c in data["consultations"]:
        for r in c.get("requests") or []:
            records[("requests", r["code"])] = r
    for (section, code, field), value in zip(SLOTS, strings):
        if importable(value):
            records[(section, code)][field] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def stored(db: Path) -> dict:
    """What SQLite holds in each slot (the value every output is compared with)."""
    conn = sqlite3.connect(db)
    try:
        return {(section, code): conn.execute(f'SELECT "{field}" FROM "{section}" WHERE code = ?', [code]).fetchone()[0]
                for section, code, field in SLOTS}
    finally:
        conn.close()


class Batch:
    """Counts of what a batch checked (for the bench's figures)."""

    def __init__(self):
        self.runs = 0
        self.values_found = 0


def _walk(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)
    else:
        yield value


def check_output(args, fmt: str, output: str, values: list[str], counts: Batch) -> None:
    """Every promise of the module docstring for one command's output in ``fmt``."""
    where = f"{' '.join(args)} --format {fmt}"
    if fmt == "json":
        assert not bad_controls(output, "\n"), (where, bad_controls(output, "\n"))
        data = json.loads(output)
        found = set(_walk(data))
        for value in values:
            assert value in found, (where, value)
    elif fmt == "csv":
        assert not bad_controls(output, "\t\r\n"), (where, bad_controls(output, "\t\r\n"))
        rows = list(csv.reader(io.StringIO(output, newline="")))
        assert rows, where
        # A list is one table; a record view is its fields, then the rows hanging off it (two tables).
        widths = {len(row) for row in rows}
        assert len(widths) <= (2 if "show" in args else 1), (where, widths)
        cells = {cell for row in rows for cell in row}
        for value in values:
            assert csv_expected(value) in cells, (where, value, csv_expected(value))
    elif fmt == "markdown":
        assert not bad_controls(output, "\n"), (where, bad_controls(output, "\n"))
        assert "<" not in output, (where, output)
        assert not re.search(r"(?<!\\)[\[\]]", re.sub(r"\\\\", "", output)), (where, output)
        readable = unmarkdown(output)
        for value in values:
            assert on_terminal(value).replace("\n", " ") in readable, (where, value)
    else:
        assert not bad_controls(output, "\n"), (where, bad_controls(output, "\n"))
        for value in values:
            for line in on_terminal(value).split("\n"):
                assert line.strip() in output, (where, value, line)
    counts.values_found += len(values)


def run_batch(invoke, folder: Path, strings: list[str], commands=None, counts: Batch | None = None) -> Batch:
    """Import ``strings`` into a fresh ledger under ``folder`` and check every command in every format.

    ``invoke(*args)``: the CLI in-process (a CliRunner result with ``exit_code`` and ``stdout``).
    """
    counts = counts or Batch()
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "ledger.db"
    source = folder / "ledger.yaml"
    source.write_text(batch_yaml(strings), encoding="utf-8")
    result = invoke("--db", db, "import", source)
    assert result.exit_code == 0, result.output
    write_directly(db, {slot: value for slot, value in zip(SLOTS, strings) if not importable(value)})
    values = stored(db)
    for args, formats, exits, slots, *shown_in in commands or COMMANDS:
        for fmt in formats:
            shown = slots if not shown_in or fmt in shown_in[0] else []
            result = invoke("--db", db, *args, "--format", fmt)
            counts.runs += 1
            assert result.exit_code in exits, (args, fmt, result.exit_code, result.output)
            # The bytes, not result.stdout: Click's Result turns CRLF into LF, hiding a CR in a CSV field.
            check_output(args, fmt, result.stdout_bytes.decode("utf-8"), [values[s] for s in shown], counts)
            assert not bad_controls(result.stderr_bytes.decode("utf-8"), "\n"), (args, fmt, result.stderr)
    return counts
