"""The import's fast paths: set-based reference checks, row building, child-row diffs, the paused collector."""

from __future__ import annotations

import datetime as dt
import gc

import pytest

from tests.helpers.rosters import SMALL_ROSTER
from village_gov.core.errors import InputError
from village_gov.core.importer import import_paths
from village_gov.core.validate import validate_documents
from village_gov.core.yamlio import parse_yaml
from village_gov.ledgers import by_name
from village_gov.ledgers.roster import models
from village_gov.store.db import open_db


def _problems(text: str, db=None):
    data, problems = parse_yaml(text, "r.yaml")
    assert problems == []
    return validate_documents([("r.yaml", data)], db)[1]


def test_dangling_codes_listed_in_file_order_with_positions():
    text = ("townships:\n"
            "  - {code: T1, name: 镇, kind: 镇}\n"
            "villages:\n"
            "  - {code: V1, name: 村, township: T9}\n"      # dangling township (line 4, value at col 35)
            "  - {code: V2, name: 村, township: T1}\n"
            "groups:\n"
            "  - {code: G1, name: 组, village: V1}\n"
            "households:\n"
            "  - {code: H1, head: 户, group: G1, size: 1}\n"
            "party_orgs:\n"
            "  - {code: P1, name: 支部, level: 党支部, village: V2}\n"
            "members:\n"
            "  - {code: M1, name: 甲, org: P1, households: [H1, H8, H9]}\n"   # H8, H9 dangling
            "  - {code: M2, name: 乙, org: P7, households: [H8]}\n")          # P7, H8 dangling
    found = [(p.line, p.column, p.params["field"], p.params["code"], p.record)
             for p in _problems(text) if p.key == "import.dangling_ref"]
    assert sorted(found) == sorted([
        (4, 35, "township", "T9", "V1"),
        (13, 46, "households", "H8", "M1"),   # the list's `[` is column 46
        (13, 46, "households", "H9", "M1"),
        (14, 30, "org", "P7", "M2"),
        (14, 46, "households", "H8", "M2"),
    ])


def test_codes_in_the_database_are_not_dangling(tmp_path, small_roster):
    db = open_db(tmp_path / "x.db")
    import_paths(db, [small_roster])
    # H1 and P2 exist only in the database now
    assert _problems("members:\n  - {code: M9, name: 新, org: P2, households: [H1]}\n", db) == []
    problems = _problems("members:\n  - {code: M9, name: 新, org: P2, households: [H1, H99]}\n", db)
    assert [(p.key, p.params["code"]) for p in problems] == [("import.dangling_ref", "H99")]


def test_row_values_as_sqlite_stores_them():
    sections = by_name()
    member = models.Member(code="M1", name="甲", org="P1", born=dt.date(1970, 3, 1), households=["H2", "H1"])
    # columns: name, gender, born, joined, status, org, phone, id_number
    assert sections["members"].row(member) == ("甲", None, "1970-03-01", None, "正式", "P1", None, None)
    assert sections["members"].child_rows(member) == {"liaisons": ("H1", "H2")}
    cadre = models.Cadre(village="V1", name="郑", posts=["村委会主任", "委员"])
    assert sections["cadres"].row(cadre) == ("V1", None, "郑", '["村委会主任", "委员"]', None)
    household = models.Household(code="H1", head="户", group="G1", size=3)
    assert sections["households"].row(household) == ("户", "G1", 3, None)


def test_changed_liaisons_replace_the_old_ones(tmp_path, write_yaml):
    db = open_db(tmp_path / "x.db")
    import_paths(db, [write_yaml(SMALL_ROSTER)])
    # M1 now liaises with H2 and H3 instead of H1; a new member M9 with H7
    changed = SMALL_ROSTER.replace("households: [H1]}", "households: [H3, H2]}").replace(
        "  - {code: M8, name: 吴十, org: P5, households: []}\n",
        "  - {code: M8, name: 吴十, org: P5, households: []}\n"
        "  - {code: M9, name: 冯九, org: P5, households: [H7]}\n")
    result = import_paths(db, [write_yaml(changed, "changed.yaml")])
    members = next(s for s in result.sections if s.section == "members")
    assert (members.added, members.changed, members.unchanged) == (["M9"], ["M1"], 7)
    rows = db.execute("SELECT member, household FROM liaisons WHERE member IN ('M1', 'M9') ORDER BY 1, 2").fetchall()
    assert rows == [("M1", "H2"), ("M1", "H3"), ("M9", "H7")]
    # the same files again: nothing to write
    before = db.conn.total_changes
    again = import_paths(db, [write_yaml(changed, "changed.yaml")])
    assert not again.written and db.conn.total_changes == before


@pytest.mark.parametrize("valid", [True, False])
def test_collector_back_on_after_an_import(tmp_path, write_yaml, valid):
    db = open_db(tmp_path / "x.db")
    path = write_yaml(SMALL_ROSTER if valid else "townships:\n  - {code: T1}\n")
    assert gc.isenabled()
    if valid:
        import_paths(db, [path])
    else:
        with pytest.raises(InputError):
            import_paths(db, [path])
    assert gc.isenabled()


def test_phase_timings_reported(tmp_path, small_roster):
    timings: dict[str, float] = {}
    import_paths(open_db(tmp_path / "x.db"), [small_roster], timings=timings)
    assert set(timings) == {"load", "validate", "diff", "write"}
    # Each phase is reported as a number of seconds; how long it took is measured in bench/, not here.
    assert all(isinstance(value, float) for value in timings.values())
