"""Helpers for the export tests: the ledger they use, an HTML table reader and a PNG decoder."""

from __future__ import annotations

import re
import sqlite3
import struct
import zlib
from html.parser import HTMLParser

from tests.helpers.consult import CONSULTATIONS, EXTRA_VILLAGE

# R2 (路灯维修, V1) is marked public; every other request is not.
PUBLIC_CONSULTATIONS = CONSULTATIONS.replace(
    "{code: R2, content: 路灯维修,", "{code: R2, public: true, content: 路灯维修,"
)

# V1 in October 2026: D1 is under way (its latest step, reviewed, is dated 10-12); D2 finished in
# September (not on October's notice); D3 finished in October (on it, at its last stage).  Two
# disclosures, one of whose items names the black-listed head 陈二 and a household phone (the
# notice must mask both).  The black list holds H2 (陈二); the red list H3 (陈三).
PROCEDURES = """
decisions:
  - code: D1
    village: V1
    title: 二组道路硬化
    category: 村级公益事业
    supervisor: 村务监督委员会
    steps:
      proposed: {date: 2026-10-02}
      deliberated: {date: 2026-10-06}
      reviewed: {date: 2026-10-12, due: 6, present: 5, approve: 5, oppose: 0, abstain: 0}
  - code: D2
    village: V1
    title: 村委会办公楼维修
    supervisor: 村务监督委员会
    steps:
      proposed: {date: 2026-07-01}
      deliberated: {date: 2026-07-05}
      reviewed: {date: 2026-07-10, due: 6, present: 5, approve: 5, oppose: 0, abstain: 0}
      resolved: {date: 2026-07-15, body: 村民代表会议, due: 30, present: 24, approve: 20, oppose: 2, abstain: 2}
      resolution_published: {date: 2026-07-16}
      result_published: {date: 2026-09-30}
  - code: D3
    village: V1
    title: 集体林地流转
    supervisor: 村务监督委员会
    steps:
      proposed: {date: 2026-06-01}
      deliberated: {date: 2026-06-05}
      reviewed: {date: 2026-06-10, due: 6, present: 5, approve: 5, oppose: 0, abstain: 0}
      resolved: {date: 2026-06-15, body: 村民代表会议, due: 30, present: 24, approve: 20, oppose: 2, abstain: 2}
      resolution_published: {date: 2026-06-16}
      result_published: {date: 2026-10-20}
disclosures:
  - {code: DS1, village: V1, date: 2026-10-08, kind: 财务, channel: 公开栏, items: 9 月收支明细}
  - {code: DS2, village: V1, date: 2026-10-21, kind: 村务, channel: 会议, items: "整改通报：陈二（电话 139-0000-0002）乱倒垃圾"}
  - {code: DS3, village: V1, date: 2026-09-08, kind: 财务, channel: 公开栏, items: 8 月收支明细}
moral_list:
  - {code: ML1, date: 2026-10-12, village: V1, household: H2, list: 黑榜, reason: 乱倒垃圾, published: true}
  - {code: ML2, date: 2026-10-12, village: V1, household: H3, list: 红榜, reason: 孝老爱亲, published: true}
"""


# The findings-bound ledger (tests/test_export_findings_bound.py): the clean roster with five households
# no member liaises with (household-unlinked: H5…H9) and a group without a party organization (G3).
UNLINKED = ["H5", "H6", "H7", "H8", "H9"]


def findings_roster() -> dict:
    from tests.helpers.rosters import clean_roster

    roster = clean_roster()
    roster["groups"].append({"code": "G3", "name": "三组", "village": "V1"})
    roster["households"] += [{"code": code, "head": f"刘{code}", "group": "G1", "size": 2} for code in UNLINKED]
    return roster


def import_ledger(cli, write_yaml, small_roster) -> None:
    """The small township with October's consultations, requests and procedures imported."""
    extra = write_yaml(EXTRA_VILLAGE, "v3.yaml")
    consult = write_yaml(PUBLIC_CONSULTATIONS, "consultations.yaml")
    procedures = write_yaml(PROCEDURES, "procedures.yaml")
    result = cli("import", small_roster, extra, consult, procedures)
    assert result.exit_code == 0, result.output


class TableReader(HTMLParser):
    """Reads every ``<table data-table=…>``: rows of ``{data-k: text}`` with the row's class and code."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[str, list[dict]]] = []
        self.sections: list[str] = []
        self.svgs = 0
        self._row: dict | None = None
        self._cell: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append((attrs.get("data-table", ""), []))
        elif tag == "section" and "data-sheet" in attrs:
            self.sections.append(attrs["data-sheet"])
        elif tag == "svg":
            self.svgs += 1
        elif tag == "tr" and self.tables:
            self._row = {"_class": attrs.get("class"), "_code": attrs.get("data-code")}
        elif tag in ("td", "th") and self._row is not None:
            self._cell, self._text = attrs.get("data-k"), []

    def handle_data(self, data):
        if self._cell is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row[self._cell] = "".join(self._text)
            self._row["_th"] = tag == "th"
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if not self._row.pop("_th", False):
                self.tables[-1][1].append(self._row)
            self._row = None

    def table(self, key: str, index: int = 0) -> list[dict]:
        return [rows for name, rows in self.tables if name == key][index]


def read_html(path) -> TableReader:
    reader = TableReader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader


def png_colours(data: bytes, limit: int = 50) -> int:
    """Distinct pixel colours of an 8-bit RGB/RGBA PNG (counting stops at ``limit``), decoded with zlib."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour_type in (2, 6), (depth, colour_type)
            channels = 3 if colour_type == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    colours: set[bytes] = set()
    for y in range(height):
        line = raw[y * (stride + 1):(y + 1) * (stride + 1)]
        kind, row = line[0], bytearray(line[1:])
        for i in range(stride):
            left = row[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                row[i] = (row[i] + left) & 255
            elif kind == 2:
                row[i] = (row[i] + up) & 255
            elif kind == 3:
                row[i] = (row[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                row[i] = (row[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        previous = row
        if y % 16 == 0:  # every 16th line is plenty to tell a page from a blank one
            for x in range(0, stride, channels * 4):
                colours.add(bytes(row[x:x + 3]))
            if len(colours) >= limit:
                return len(colours)
    return len(colours)


def masked_values(db_path) -> list[str]:
    """Every value the notice must never show, read straight from the database (not by the code under test):
    all phones and ID numbers (as stored and as bare digits), every person's name (members, heads of
    households, cadres, leaders of organizations), the texts of requests not marked public."""
    conn = sqlite3.connect(db_path)
    values = [r[0] for r in conn.execute(
        "SELECT phone FROM members UNION SELECT id_number FROM members UNION SELECT phone FROM households "
        "UNION SELECT name FROM members UNION SELECT head FROM households UNION SELECT name FROM cadres "
        "UNION SELECT leader_name FROM organizations "
        "UNION SELECT content FROM requests WHERE public = 0")]
    conn.close()
    values = [v for v in values if v]
    values += [re.sub(r"\D", "", v) for v in values if len(re.sub(r"\D", "", v)) >= 7]
    return values
