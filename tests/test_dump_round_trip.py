"""Round-trip dump: database → YAML → empty database gives the same rows; dumping again gives the same files."""

from __future__ import annotations

import sqlite3
import stat

import yaml

from tests.helpers.db import table_contents
from tests.helpers.rosters import SMALL_ROSTER

# Every section, optional fields present and absent, English aliases (stored canonical), quoted codes that
# look like numbers and booleans, a date-like name, escapes and SQL-like text.
FULL_ROSTER = SMALL_ROSTER.replace("""villages:
""", """  - {code: T2, name: 新城街道, kind: subdistrict}
villages:
  - {code: V3, name: "社区: 三 #1", township: T2, kind: community}
""").replace("""party_orgs:
""", """  - {code: "007", name: "yes", village: V3}
party_orgs:
  - {code: P6, name: 社区党委, level: committee, village: V3, setup: regional, secretary: M9}
  - {code: P7, name: "2020-01-01", level: group, village: V3, group: "007", parent: P6, setup: joint}
""").replace("""households:
""", """  - {code: M9, name: "Ann \\u00e9 Bell", gender: f, born: 1980-02-29, joined: 2001-07-01, status: probationary,
     org: P6, phone: 028-1234567, households: [H8, "no"]}
households:
  - {code: H8, head: 周八, group: "007", size: 3, phone: 13512345678}
  - {code: "no", head: "SELECT * FROM households", group: "007", size: 100}
""") + """  - {code: "V3/cadre", village: V3, name: "O'Brien; DROP TABLE cadres;--", posts: [member, supervision_head]}
  - {village: V3, member: M9, posts: [secretary, director]}
"""


def read_files(folder) -> dict:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def round_trip(cli, db_path, tmp_path):
    first = tmp_path / "dump1"
    result = cli("dump", "--output", first)
    assert result.exit_code == 0, result.output
    copy = tmp_path / "copy.db"
    result = cli("--db", copy, "import", first)
    assert result.exit_code == 0, result.output
    assert table_contents(copy) == table_contents(db_path)
    second = tmp_path / "dump2"
    assert cli("--db", copy, "dump", "-o", second).exit_code == 0
    assert read_files(first) == read_files(second)
    return first


def test_small_roster_round_trips(cli, small_roster, db_path, tmp_path):
    assert cli("import", small_roster).exit_code == 0
    folder = round_trip(cli, db_path, tmp_path)
    # One file per section that holds records: the small roster fills the seven roster sections.
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{name}.yaml" for name in ("townships", "villages", "groups", "party_orgs", "households", "members", "cadres"))
    members = yaml.safe_load((folder / "members.yaml").read_text(encoding="utf-8"))["members"]
    # Ordered by code, keys in model order, dates as dates, None left out, households from liaisons.
    assert [m["code"] for m in members] == ["M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8"]
    assert list(members[0]) == ["code", "name", "gender", "born", "joined", "status", "org", "phone",
                                "id_number", "households"]
    assert "born: 1970-03-01\n" in (folder / "members.yaml").read_text(encoding="utf-8")
    assert members[1] == {"code": "M2", "name": "李四", "gender": "男", "status": "正式", "org": "P2",
                          "households": ["H2"]}
    assert "households" not in members[7]  # M8 liaises with nobody
    assert stat.S_IMODE((folder / "members.yaml").stat().st_mode) == 0o600


def test_every_section_with_archived_records_round_trips(cli, write_yaml, db_path, tmp_path):
    path = write_yaml(FULL_ROSTER)
    result = cli("import", path)
    assert result.exit_code == 0, result.output
    # Archive H7 and the non-party cadre of V2.
    write_yaml(FULL_ROSTER.replace("  - {code: H7, head: 陈七, group: G3, size: 2}\n", "")
               .replace("  - {village: V2, name: 郑十一, posts: [村委会主任]}\n", ""))
    assert cli("import", path, "--prune", "--yes").exit_code == 0
    folder = round_trip(cli, db_path, tmp_path)
    households = yaml.safe_load((folder / "households.yaml").read_text(encoding="utf-8"))["households"]
    assert {"code": "H7", "head": "陈七", "group": "G3", "size": 2, "archived": True} in households
    conn = sqlite3.connect(tmp_path / "copy.db")
    assert conn.execute("SELECT code FROM cadres WHERE archived = 1").fetchall() == [("V2/郑十一",)]
    assert conn.execute("SELECT name FROM party_orgs WHERE code = 'P7'").fetchone() == ("2020-01-01",)
    assert conn.execute("SELECT name FROM members WHERE code = 'M9'").fetchone() == ("Ann \u00e9 Bell",)


def test_archived_key_unarchives_and_rejects_non_booleans(cli, write_yaml, db_path):
    path = write_yaml(SMALL_ROSTER.replace("G3, size: 2}", "G3, size: 2, archived: true}"))
    assert cli("import", path).exit_code == 0
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT archived FROM households WHERE code='H7'").fetchone() == (1,)
    write_yaml(SMALL_ROSTER)
    result = cli("import", path)
    assert result.exit_code == 0 and conn.execute("SELECT archived FROM households WHERE code='H7'").fetchone() == (0,)
    write_yaml(SMALL_ROSTER.replace("G3, size: 2}", "G3, size: 2, archived: maybe}"))
    result = cli("--lang", "en", "import", path)
    assert result.exit_code == 2
    # H7 is on line 32 of the file; its archived value starts in column 56.
    assert "roster.yaml:32:56: archived should be true or false, got maybe [H7]" in result.output


def test_dump_removes_files_of_sections_now_empty(cli, write_yaml, tmp_path):
    path = write_yaml(SMALL_ROSTER)
    assert cli("import", path).exit_code == 0
    folder = tmp_path / "out"
    assert cli("dump", "-o", folder).exit_code == 0
    stale = folder / "cadres.yaml"
    assert stale.exists()
    assert cli("--db", tmp_path / "other.db", "import", folder / "townships.yaml").exit_code == 0
    assert cli("--db", tmp_path / "other.db", "dump", "-o", folder).exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["townships.yaml"]


def test_dump_into_a_file_is_refused(cli, small_roster, tmp_path):
    assert cli("import", small_roster).exit_code == 0
    target = tmp_path / "file.txt"
    target.write_text("x")
    assert cli("dump", "-o", target).exit_code == 2


# --- every section of every ledger ----------------------------------------------------------------

def ledger_tables(path) -> dict:
    """Every table but the audit trail and the request history, without the requests' import baseline
    (those do not round-trip: see village_gov/trail/dump_sections.py)."""
    data = table_contents(path, skip=("audit", "request_events"))
    conn = sqlite3.connect(path)
    names = [r[1] for r in conn.execute("PRAGMA table_info(requests)")]
    conn.close()
    at = names.index("imported")
    data["requests"] = sorted((row[:at] + row[at + 1:] for row in data["requests"]), key=repr)
    return data


def test_every_ledger_section_round_trips(cli, tmp_path, db_path, monkeypatch):
    from tests.helpers.full_ledger import TODAY, write_ledger

    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    result = cli("import", write_ledger(tmp_path / "in"))
    assert result.exit_code == 0, result.output
    # Changes made on the command line after the import must round-trip too.
    for args in (["request", "update", "R3", "--status", "in_progress", "--date", "2026-11-02", "--response", "已派人"],
                 ["request", "update", "R5", "--status", "resolved", "--date", "2026-11-03"],
                 ["request", "update", "R2", "--status", "in_progress", "--date", "2026-11-04"],
                 ["request", "add", "--village", "V2", "--date", "2026-11-05", "--content", "路"
                                                                                            "灯", "--household",
                  "H6"],
                 ["consult", "log", "--village", "V2", "--date", "2026-11-06", "--format", "民情恳"
                                                                                           "谈", "--attendees",
                  "9"],
                 ["request", "add", "--consultation", "C-V2-20261106-1", "--content", "修桥", "--on-spot",
                  "--response", "已答复", "--date", "2026-11-07"],
                 ["service", "log", "--village", "V2", "--kind", "调解", "--provider", "O6", "--date", "2026-11-08"],
                 ["activity", "log", "--village", "V1", "--kind", "节庆", "--title", "重阳", "--participants", "30",
                  "--date", "2026-11-09", "--organizer", "M2"],
                 ["decision", "step", "D2", "deliberated", "--date", "2026-11-10"],
                 ["disclose", "add", "--village", "V1", "--date", "2026-11-11", "--kind", "村务"],
                 ["party-meeting", "log", "--org", "P2", "--date", "2026-11-12", "--kind", "党课", "--due", "3",
                  "--present", "3"],
                 ["cadre", "visit", "L1", "--date", "2026-11-13", "--topic", "调研"],
                 ["mentor", "meet", "T1M", "--date", "2026-11-13"],
                 ["review", "item-done", "RV1", "2", "--date", "2026-11-14"],
                 # A voided record (with its history rows) is kept by the dump and voided again by the import.
                 ["request", "void", "R5", "--reason", "误录", "--yes"]):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
    first = tmp_path / "dump1"
    result = cli("dump", "--output", first)
    assert result.exit_code == 0, result.output
    copy = tmp_path / "copy.db"
    result = cli("--db", copy, "import", first)
    assert result.exit_code == 0, result.output
    original, copied = ledger_tables(db_path), ledger_tables(copy)
    assert set(original) == set(copied)
    for table in original:
        assert copied[table] == original[table], table
    # Every table holding rows in the fixture is compared, not skipped as empty.
    assert [t for t, rows in original.items() if not rows] == ["merge_log"]
    second = tmp_path / "dump2"
    assert cli("--db", copy, "dump", "-o", second).exit_code == 0
    assert read_files(first) == read_files(second)
    # Section files: the reform mapping holds its inner lists; nested requests carry no inherited keys.
    assert not (first / "villages_before.yaml").exists()
    reform = yaml.safe_load((first / "reform.yaml").read_text(encoding="utf-8"))["reform"]
    assert [v["code"] for v in reform["villages_before"]] == ["VB1", "VB2", "VB3", "VB4"]
    meetings = yaml.safe_load((first / "consultations.yaml").read_text(encoding="utf-8"))["consultations"]
    c1 = next(c for c in meetings if c["code"] == "C1")
    assert [r["code"] for r in c1["requests"]] == ["R1", "R2", "R3"]
    assert not any(k in r for r in c1["requests"] for k in ("consultation", "village", "raised"))
    outside = yaml.safe_load((first / "requests.yaml").read_text(encoding="utf-8"))["requests"]
    assert [r["code"] for r in outside] == ["R-V2-20261105-1", "R7", "R8"]
    services = yaml.safe_load((first / "services.yaml").read_text(encoding="utf-8"))["services"]
    assert {s["code"]: s["provider"] for s in services}["S2"] == "O5"
    assert not any("provider_member" in s or "provider_org" in s for s in services)
    orgs = {o["code"]: o for o in yaml.safe_load((first / "organizations.yaml").read_text(encoding="utf-8"))[
                                                                                                             "organizations"]}
    assert orgs["O1"]["members"] == ["H3", "M2"] and orgs["O2"]["members"] == 12 and "members" not in orgs["O4"]
    assert orgs["O2"]["leader"] == "陈大姐" and orgs["O1"]["leader"] == "M1"
