"""The ledger contract: a toy ledger in a package of its own plus one entry in LEDGERS.

The toy ledger (``trees``: code, village, species, planted) is written to a temporary folder put
on ``sys.path``; nothing outside that folder is edited.  Through the real command line it is
imported (and a bad record refused), checked, reported, dumped and imported back, and merged; its
report has a sheet of its own in the month's ``export`` (workbook and HTML).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers.db import table_contents
from tests.helpers.rosters import SMALL_ROSTER
from tests.helpers.toy_ledger import TREES


@pytest.fixture
def imported(cli, toy, write_yaml, db_path):
    result = cli("import", write_yaml(SMALL_ROSTER), write_yaml(TREES, "trees.yaml"))
    assert result.exit_code == 0, result.output
    return db_path


def _rows(path: Path, sql: str) -> list[tuple]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_the_toy_section_is_imported(imported):
    assert _rows(imported, "SELECT code, village, species, planted, archived FROM trees ORDER BY code") == [
        ("TR1", "V1", "银杏", "2026-10-03", 0), ("TR2", "V1", "樟树", "2026-10-20", 0),
        ("TR3", "V2", "桂花", "2026-09-30", 0)]
    # The ledger's migration ran once and is recorded, with its audit entry (after the roster's own
    # and the later ledgers', which every new database gets first).
    assert _rows(imported, "SELECT ledger, version FROM ledger_versions ORDER BY rowid") == [
        ("roster", 1), ("development", 1), ("cadre", 2), ("trees", 1)]
    assert _rows(imported, "SELECT count(*) FROM audit WHERE counts LIKE '%trees:m001_trees%'") == [(1,)]


def test_a_bad_toy_record_is_refused_naming_file_line_and_record(cli, toy, write_yaml, db_path):
    assert cli("import", write_yaml(SMALL_ROSTER)).exit_code == 0
    before = table_contents(db_path)
    bad = write_yaml("""
        trees:
          - {code: TR1, village: V1, species: 银杏, planted: 2026-10-03}
          - {code: TR9, village: V1, species: 古柏, planted: 1900-05-01}
        """, "bad.yaml")
    result = cli("--lang", "en", "import", bad)
    assert result.exit_code == 2
    assert "bad.yaml:3:52: planted on 1900-05-01, before 1949-10-01 [TR9]" in result.output
    # A reference to an unknown village is refused by the section's own refs.
    dangling = write_yaml("trees:\n  - {code: TR5, village: V7, species: 银杏, planted: 2026-10-03}\n", "dangling.yaml")
    result = cli("--lang", "en", "import", dangling)
    assert result.exit_code == 2 and "dangling.yaml:2:" in result.output and "V7" in result.output
    assert table_contents(db_path) == before


def test_the_toy_check_rule_fires(cli, imported):
    result = cli("--lang", "en", "check", "--format", "json", "--rule", "village-few-trees")
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["findings"]
    # V1 has two trees, V2 one: only V2 is below the default minimum of 2.
    assert [(f["rule"], f["severity"], f["subject"], f["params"]) for f in findings] == [
        ("village-few-trees", "warning", "V2", {"count": 1, "min": 2})]
    assert findings[0]["message"] == "only 1 tree(s) in the village (at least 2)"
    assert "village-few-trees" in cli("check", "--rule", "no-such-rule").output


def test_the_toy_column_is_in_the_monthly_report(cli, imported):
    result = cli("report", "monthly", "--month", "2026-10", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    # October: TR1 and TR2 in V1 (10-03, 10-20); TR3 (09-30) is September's.
    assert {v["code"]: v["trees_planted"] for v in report["villages"]} == {"V1": 2, "V2": 0}
    assert report["total"]["trees_planted"] == 2
    # The column comes after every ledger of today (its order 60 is the highest).
    assert list(report["villages"][0])[-1] == "trees_planted"
    table = cli("--lang", "zh", "report", "monthly", "--month", "2026-10")
    assert table.exit_code == 0 and "植树" in table.output


def test_dump_writes_the_toy_section_and_imports_back(cli, imported, tmp_path):
    out = tmp_path / "dump"
    assert cli("dump", "--output", out).exit_code == 0
    text = (out / "trees.yaml").read_text(encoding="utf-8")
    assert text.startswith("trees:\n") and "TR3" in text and "桂花" in text
    again = tmp_path / "again.db"
    result = cli("--db", again, "import", out)
    assert result.exit_code == 0, result.output
    assert _rows(again, "SELECT * FROM trees ORDER BY code") == _rows(imported, "SELECT * FROM trees ORDER BY code")


def test_merge_carries_the_toy_rows(cli, toy, tmp_path):
    files = {}
    for township, trees in (("T1", TREES), ("T2", "trees:\n  - {code: TR1, village: V2, species: 松, planted: 2026-10-09}\n")):
        roster = tmp_path / f"{township}.yaml"
        roster.write_text(textwrap.dedent(SMALL_ROSTER).replace("code: T1", f"code: {township}")
                          .replace("township: T1", f"township: {township}") + textwrap.dedent(trees),
                          encoding="utf-8")
        files[township] = tmp_path / f"{township}.db"
        result = cli("--db", files[township], "import", roster)
        assert result.exit_code == 0, result.output
    county = tmp_path / "county.db"
    result = cli("merge", *files.values(), "--into", county)
    assert result.exit_code == 0, result.output
    assert _rows(county, "SELECT code, village, species FROM trees ORDER BY code") == [
        ("T1/TR1", "T1/V1", "银杏"), ("T1/TR2", "T1/V1", "樟树"), ("T1/TR3", "T1/V2", "桂花"),
        ("T2/TR1", "T2/V2", "松")]
    # The county's figures count both townships' October trees: 2 in T1, 1 in T2.
    report = json.loads(cli("--db", county, "report", "monthly", "--month", "2026-10", "--format", "json").stdout)
    assert report["total"]["trees_planted"] == 3


def test_the_toy_sheet_is_in_the_export(cli, imported, tmp_path):
    import openpyxl

    book = tmp_path / "month.xlsx"
    result = cli("--lang", "zh", "export", "--month", "2026-10", "--output", book)
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(book)
    # The toy's sheet comes after the ledgers' sheets of today (no reform data here: no reform
    # sheet) and before the check findings; its tab is named by the toy's own message.
    assert workbook.sheetnames == ["月报", "趋势", "四微", "三会一课", "植树台账", "检查", "说明"]
    rows = [row for row in workbook["植树台账"].iter_rows(values_only=True) if any(v is not None for v in row)]
    assert rows[0][0] == "2026-10 植树"
    cells = {row[0]: row[1:4] for row in rows if row[0] in ("V1", "V2") or row[1] == "total"}
    # October: V1 planted TR1 (10-03) and TR2 (10-20); V2's TR3 (09-30) stands but is September's.
    assert cells == {"V1": ("百家池村", 2, 2), "V2": ("青龙村", 0, 1), "": ("total", 2, 3)}
    page = tmp_path / "month.html"
    assert cli("--lang", "en", "export", "--month", "2026-10", "--output", page).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert '<section class="sheet" data-sheet="trees">' in html and "Trees planted, 2026-10" in html
    assert html.index('data-sheet="party-life"') < html.index('data-sheet="trees"') < html.index('data-sheet="check"')


def test_the_ledger_list_imports_no_pydantic_nor_yaml():
    code = ("import sys; import village_gov.ledgers as l; l.LEDGERS; "
            "bad = [m for m in ('pydantic', 'yaml', 'sqlite_utils') if m in sys.modules]; print(bad)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_no_registry_outside_the_ledger_list():
    root = Path(__file__).resolve().parents[1] / "village_gov"
    # The old registries' names, spelled in parts: this file must not match the issue's git grep.
    words = tuple("_".join(parts) for parts in (("RULE", "MODULES"), ("PROVIDER", "MODULES"), ("MESSAGE", "MODULES"),
                                                ("SEMANTIC", "CHECKS"), ("DUMP", "HOOKS"), ("register", "monthly")))
    words += ("noqa" + ": E402",)
    found = [(p.relative_to(root).as_posix(), w) for p in root.rglob("*.py")
             for w in words if w in p.read_text(encoding="utf-8")]
    assert found == []


def test_rule_order_is_todays():
    # Refactor guard: the order ``check`` lists its rules in (an unknown --rule names them all) is
    # the one of the rule modules before the contract: the roster's, the micros', the procedures'
    # (the roster's duplicate rules, a module of their own, follow its first ones).
    from village_gov.core.checks import rule_ids

    assert rule_ids() == [
        "group-without-party-org", "branch-too-small", "org-level-mismatch", "village-without-party-org",
        "village-without-secretary", "not-one-shoulder", "household-unlinked", "member-overloaded",
        "cross-village-liaison", "duplicate-id-number", "duplicate-person", "duplicate-household",
        "village-without-main-position", "group-without-position", "position-unused",
        "village-missing-self-governance-org", "organization-without-leader",
        # The cadre ledger's (issue 16), at the default order: after the micros', before the procedures'.
        "village-without-link-leader", "link-without-visit", "new-secretary-without-mentor",
        "mentor-without-meeting", "reserves-too-few", "review-missing", "rectification-overdue",
        "rectification-late", "supervision-unclosed", "work-report-missing", "checkup-missing",
        "duty-lists-incomplete",
        "decision-quorum", "decision-unpublished", "decision-stalled", "decision-no-supervisor", "disclosure-overdue",
        # The development ledger's, after the procedures' (check_rules_order=300).
        "development-underage", "development-talk-late", "development-assessment-gap", "development-too-soon",
        "development-contacts", "development-introducers", "development-training", "development-order",
        "development-meeting-quorum", "development-conversion-quorum", "development-approval-late",
        "development-conversion-late", "development-conversion-early", "development-extension",
        "development-roster-mismatch", "development-stalled"]


def test_check_options_are_typed_per_ledger():
    from village_gov.core.checks import CheckOptions
    from village_gov.ledgers.micros.options import MicrosCheckOptions
    from village_gov.ledgers.roster.checks import RosterCheckOptions

    options = CheckOptions(as_of="2026-10-31", ledgers={"roster": RosterCheckOptions(min_branch_members=5)})
    assert options.for_ledger("roster", RosterCheckOptions).min_branch_members == 5
    # A ledger not given gets its defaults.
    assert options.for_ledger("micros", MicrosCheckOptions) == MicrosCheckOptions(unused_days=90, self_governance=None)
    with pytest.raises(TypeError):
        options.for_ledger("roster", MicrosCheckOptions)


def test_import_rule_order_is_todays():
    # Refactor guard: an import lists its cross-record problems in the order the rules ran before
    # the contract: the consultations' rules first (import_rules_order=10), then the roster's, the
    # procedures' and the micros' (the roster's duplicate warnings, a module of their own, follow
    # its first rules: they refuse nothing, so they change no problem's place).
    from village_gov.ledgers import import_rules

    assert [f"{f.__module__.split('.')[-2]}.{f.__name__}" for f in import_rules()] == [
        "consult.request_dates_and_status", "consult.request_place", "consult.consultation_place",
        "consult.consultation_dates", "roster.party_org_placement", "roster.cadre_member_village",
        "roster.duplicate_members", "roster.duplicate_households",
        "procedures.decision_steps_in_order", "procedures.moral_entry_household_in_village",
        "procedures.no_future_dates", "micros.micro_records", "development.development_org_in_village",
        "cadres.cadre_records"]


def test_a_file_recording_an_unknown_ledger_is_refused(cli, tmp_path):
    # A township file whose ledger_versions names a ledger this release does not have (with a text
    # version, as a hostile file could) is refused by the schema check, naming the extra table.
    import sqlite3

    township = tmp_path / "T1.db"
    roster = tmp_path / "T1.yaml"
    roster.write_text(textwrap.dedent(SMALL_ROSTER), encoding="utf-8")
    assert cli("--db", township, "import", roster).exit_code == 0
    conn = sqlite3.connect(township)
    conn.execute("CREATE TABLE IF NOT EXISTS ledger_versions (ledger TEXT PRIMARY KEY, version INTEGER NOT NULL)")
    conn.execute("INSERT INTO ledger_versions VALUES ('trees', 'one')")
    conn.commit()
    conn.close()
    result = cli("--lang", "en", "merge", township, "--into", tmp_path / "county.db")
    assert result.exit_code == 3, result.output
    assert "ledger_versions" in result.output


def test_every_part_of_every_ledger_resolves():
    from village_gov import ledgers

    names = [ledger.name for ledger in ledgers.LEDGERS]
    assert names == ["roster", "procedures", "consult", "micros", "development", "cadre"]
    sections = [s.name for s in ledgers.sections()]
    assert len(sections) == len(set(sections))
    for ledger in ledgers.LEDGERS:
        assert ledger.load_sections(), ledger.name
        assert ledger.load_import_rules(), ledger.name
        if ledger.check_rules:
            assert ledger.load_check_rules() and ledger.default_check_options() is not None, ledger.name
        for provider in ledger.load_monthly():
            assert provider.fields, ledger.name
        for report in ledger.reports:
            assert callable(ledger.report(report.key)), (ledger.name, report.key)
            if report.export:
                assert callable(report.load_export()) and callable(report.load_sheet()), (ledger.name, report.key)
        assert set(ledger.load_dump_hooks()) <= set(sections), ledger.name
        assert any(key.startswith(ledger.name + ".") for key in ledger.load_messages()), ledger.name
    # The four first ledgers keep their tables in the global migrations; the roster has one of its own
    # since (issue 16: cadres.since), the later ledgers their tables.
    assert {ledger.name: [f.__name__ for _, f in ledger.load_migrations()] for ledger in ledgers.LEDGERS} == {
        "roster": ["m001_cadre_since"], "procedures": [], "consult": [], "micros": [],
        "development": ["m001_development"], "cadre": ["m001_cadres", "m002_live_indexes"]}


def test_a_ledger_added_later_migrates_an_existing_file_after_a_safety_copy(cli, toy_ledger, write_yaml, db_path):
    assert cli("import", write_yaml(SMALL_ROSTER)).exit_code == 0
    backups = db_path.parent / "backups"
    before = sorted(backups.glob("*")) if backups.exists() else []
    toy_ledger()
    result = cli("report", "monthly", "--month", "2026-10", "--format", "json")
    assert result.exit_code == 0, result.output
    assert {v["code"]: v["trees_planted"] for v in json.loads(result.stdout)["villages"]} == {"V1": 0, "V2": 0}
    assert _rows(db_path, "SELECT ledger, version FROM ledger_versions ORDER BY rowid") == [
        ("roster", 1), ("development", 1), ("cadre", 2), ("trees", 1)]
    # The file held the roster: one safety copy was taken before the ledger's table was created,
    # and the copy has no trees table.
    copies = [p for p in sorted(backups.glob("*")) if p not in before and p.suffix == ".db"]
    assert len(copies) == 1
    assert _rows(copies[0], "SELECT count(*) FROM sqlite_master WHERE name = 'trees'") == [(0,)]
    # Opened again, nothing is pending: no second copy.
    assert cli("report", "monthly", "--month", "2026-10").exit_code == 0
    assert [p for p in sorted(backups.glob("*")) if p not in before and p.suffix == ".db"] == copies
