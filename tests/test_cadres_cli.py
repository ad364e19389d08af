"""The cadre ledger's commands through the real command line: ``cadre show`` (one page, 80 columns in
zh and en), ``cadre visit``, ``mentor meet``, ``review item-done`` (audited, refusals exit 2 and change
nothing), ``cadre list``, ``report cadres`` in every format, its sheet in ``export``, and refused imports
naming file, line and record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.helpers.cadres import load
from tests.helpers.db import file_digest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

pytestmark = pytest.mark.usefixtures("cadre_today")

LEDGER = """
    cadre_links:
      - {code: L1, leader: 王建国, level: 乡镇, post: 党委副书记, org: P1, from: 2024-01-01}
      - {code: L2, leader: 刘明, level: 县, org: P4, from: 2024-01-01, to: 2025-12-31}
    mentorships:
      - {code: T1, mentor: 老支书, secretary: M1, from: 2025-02-01}
    reviews:
      - code: R1
        year: 2025
        secretary: M1
        date: 2026-01-15
        rating: 较好
        items:
          - {text: 台账不规范, due: 2026-04-30, done: 2026-04-10}
          - {text: 走访记录缺失, due: 2026-06-30}
    """


@pytest.fixture
def township(cli):
    result = cli("import", EXAMPLES / "roster", EXAMPLES / "micros", EXAMPLES / "cadres")
    assert result.exit_code == 0, result.output
    return cli


def _audit(cli) -> list[dict]:
    result = cli("audit", "log", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cadre_show_is_one_page_within_80_columns(township, lang):
    for village in ("V01", "V02", "V03", "V04", "V05"):
        result = township("--lang", lang, "cadre", "show", village, "--as-of", "2026-11-30")
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert max(cell_len(line) for line in lines) <= 80, (village, lang)
        assert len(lines) <= 24, (village, lang)
    page = township("--lang", "en", "cadre", "show", "V04", "--as-of", "2026-11-30").output
    # 金竹村: no link leader (L04 ended), its overdue item and the one still open.
    assert "RV-2025-V04#2" in page and "RV-2025-V04#3" in page and "熊庆丰 M0091 · 2018-12-15" in page


def test_cadre_show_json_and_an_unknown_village(township):
    result = township("cadre", "show", "V03", "--as-of", "2026-11-30", "--format", "json")
    page = json.loads(result.stdout)
    assert list(page) == ["village", "secretary", "posts", "link_leader", "mentor", "reserves", "rating",
                          "open_items", "overdue_items", "supervision"]
    assert page["mentor"] == "刘德全 · 2026-03-15 · 2026-10-20"
    assert page["supervision"] == "2025-09-01～2026-08-31 集体资金管理问题"
    result = township("--lang", "en", "cadre", "show", "V99")
    assert result.exit_code == 2 and "no such village: V99" in result.output


def test_cadre_visit_and_mentor_meet_are_written_and_audited(cli, write_yaml, db_path):
    load(cli, write_yaml, LEDGER)
    result = cli("cadre", "visit", "L1", "--date", "2026-11-20", "--topic", "换届")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "L1/2026-11-20"
    # A second visit on the same day gets a code of its own.
    assert cli("cadre", "visit", "L1", "--date", "2026-11-20").stdout.strip() == "L1/2026-11-20-2"
    entry = _audit(cli)[-1]
    assert entry["command"] == "village-gov cadre visit L1 --date 2026-11-20"
    assert [(c["table"], c["code"], c["before"]) for c in entry["changes"]] == [
        ("link_visits", "L1/2026-11-20-2", None)]
    assert cli("mentor", "meet", "T1", "--date", "2026-11-21").stdout.strip() == "T1/2026-11-21"
    rows = json.loads(cli("cadre", "list", "link_visits", "--format", "json").stdout)
    assert [(r["code"], r["village"], r["date"], r["topic"]) for r in rows] == [
        ("L1/2026-11-20", "V1", "2026-11-20", "换届"), ("L1/2026-11-20-2", "V1", "2026-11-20", None)]
    assert cli("audit", "verify").exit_code == 0


@pytest.mark.parametrize(("args", "message"), [
    (["cadre", "visit", "L9", "--date", "2026-11-20"], "L9"),
    (["cadre", "visit", "L2", "--date", "2026-11-20"], "outside the period of L2"),  # L2 ended 2025-12-31
    (["cadre", "visit", "L1", "--date", "2027-01-01"], "--date"),  # after today (2026-12-31)
    (["cadre", "visit", "L1", "--date", "2026-02-30"], "--date"),
    (["mentor", "meet", "T9", "--date", "2026-11-20"], "T9"),
    (["review", "item-done", "R1", "3", "--date", "2026-11-20"], "has no item 3 (2 item(s))"),
    (["review", "item-done", "R1", "1", "--date", "2026-11-20"], "already done on 2026-04-10"),
    (["review", "item-done", "R9", "1"], "no such review: R9"),
    (["review", "item-done", "R1", "2", "--date", "2027-01-01"], "--date"),
])
def test_a_refused_command_exits_2_and_changes_nothing(cli, write_yaml, db_path, args, message):
    load(cli, write_yaml, LEDGER)
    before = file_digest(db_path)
    result = cli("--lang", "en", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert file_digest(db_path) == before


def test_review_item_done_closes_the_overdue_item(cli, write_yaml):
    load(cli, write_yaml, LEDGER)
    overdue = ["check", "--rule", "rectification-overdue", "--as-of", "2026-11-30", "--format", "json"]
    assert [f["subject"] for f in json.loads(cli(*overdue).stdout)["findings"]] == ["R1#2"]
    result = cli("--lang", "en", "review", "item-done", "R1", "2", "--date", "2026-11-22")
    assert result.exit_code == 0, result.output
    assert "R1, item 2 recorded as done on 2026-11-22" in result.output
    assert json.loads(cli(*overdue).stdout)["findings"] == []
    # Done after its due date (2026-06-30): late.
    late = json.loads(cli("check", "--rule", "rectification-late", "--as-of", "2026-11-30", "--format",
                          "json").stdout)["findings"]
    assert [(f["subject"], f["params"]["done"]) for f in late] == [("R1#2", "2026-11-22")]
    entry = _audit(cli)[-1]
    assert entry["command"] == "village-gov --lang en review item-done R1 2 --date 2026-11-22"
    items = json.loads(cli("cadre", "list", "review_items", "--format", "json").stdout)
    assert [(i["item"], i["text"], i["done"]) for i in items] == [(1, "台账不规范", "2026-04-10"),
                                                                  (2, "走访记录缺失", "2026-11-22")]


def test_lists_filter_by_village_township_and_dates(township):
    rows = json.loads(township("cadre", "list", "reserves", "--village", "V03", "--format", "json").stdout)
    assert [r["code"] for r in rows] == ["B06", "B07"]
    rows = json.loads(township("cadre", "list", "link_visits", "--from", "2026-10-01", "--to", "2026-11-05",
                               "--format", "json").stdout)
    assert [r["code"] for r in rows] == ["L05/2026-10-09", "L01/2026-10-12", "L03/2026-11-05"]
    assert len(json.loads(township("cadre", "list", "checkups", "--township", "T01", "--format",
                                   "json").stdout)) == 22
    csv = township("cadre", "list", "duty_lists", "--village", "V05", "--format", "csv").stdout.splitlines()
    assert csv[0] == "code,secretary,village,kind,items,published" and len(csv) == 4
    table = township("cadre", "list", "supervision")
    assert table.exit_code == 0 and "SV-V03-2025" in table.output
    result = township("--lang", "en", "cadre", "list", "nothing")
    assert result.exit_code == 2 and "no such list: nothing" in result.output


def test_report_cadres_in_every_format(township, tmp_path):
    csv = township("report", "cadres", "--as-of", "2026-11-30", "--format", "csv").stdout.splitlines()
    assert csv[0].startswith("code,name,link_leader,link_visits_90d,mentor,")
    # The total: 4 villages with a link leader, 4 visits in 90 days, 1 with a mentor, 1 meeting …
    assert csv[-1].startswith("total,合计,4,4,1,1,10,6,4,")
    markdown = township("report", "cadres", "--as-of", "2026-11-30", "--format", "markdown").stdout
    assert "| V04 | 金竹村 |" in markdown
    assert township("report", "cadres", "--as-of", "2026-11-30").exit_code == 0
    for fmt in ("xlsx", "html"):
        out = tmp_path / f"cadres.{fmt}"
        assert township("report", "cadres", "--as-of", "2026-11-30", "--format", fmt, "-o", out).exit_code == 0
        assert out.stat().st_size > 0
    assert township("report", "cadres", "--format", "xlsx").exit_code == 2  # no --output


def test_export_has_the_cadre_sheet_before_the_findings(township, tmp_path):
    import openpyxl

    book = tmp_path / "month.xlsx"
    assert township("--lang", "zh", "export", "--month", "2026-10", "--output", book).exit_code == 0
    names = openpyxl.load_workbook(book).sheetnames
    assert names.index("村干部") == names.index("检查") - 1
    rows = [r for r in openpyxl.load_workbook(book)["村干部"].iter_rows(values_only=True) if r[0] == "V04"]
    # As of 2026-10-31: no link leader, 2 reserves, rating 一般, 3 items, 1 overdue (due 09-30).
    assert rows[0][:3] == ("V04", "金竹村", None) and rows[0][6] == 2 and rows[0][9] == "一般"


@pytest.mark.parametrize(("text", "line", "message"), [
    ("link_visits:\n  - {link: L2, date: 2026-03-01}\n", 2, "outside the period of L2"),
    ("cadre_links:\n  - {code: L3, leader: 甲, level: 县, org: P1, from: 2026-03-01, to: 2026-02-01}\n", 2,
     "ends on 2026-02-01, before it starts on 2026-03-01"),
    ("work_reports:\n  - {org: P1, reporter: O6, date: 2026-03-01}\n", 2, "not in the village of party organization P1"),
    ("work_reports:\n  - {org: P1, reporter: 议事会, date: 2026-03-01}\n", 2, "neither a micro-organization"),
    ("checkups:\n  - {cadre: V1/无名, date: 2026-03-01, result: 合格}\n", 2, "names no member and no village cadre"),
    ("reviews:\n  - {code: R2, year: 2025, secretary: M1, date: 2026-01-15, rating: 好,\n"
     "     items: [{text: 甲, due: 2026-01-01}]}\n", 3, "item 1 is due or done before the review's date"),
    ("reviews:\n  - {code: R2, year: 2025, secretary: M1, date: 2026-01-15, rating: 优秀}\n", 2, "rating"),
])
def test_a_bad_record_is_refused_naming_file_line_and_record(cli, write_yaml, db_path, text, line, message):
    load(cli, write_yaml, LEDGER, micros=True)
    before = file_digest(db_path)
    result = cli("--lang", "en", "import", write_yaml(text, "bad.yaml"))
    assert result.exit_code == 2, result.output
    assert f"bad.yaml:{line}:" in result.output and message in result.output
    assert "Traceback" not in result.output
    assert file_digest(db_path) == before


def test_a_database_of_the_roster_alone_gets_the_cadre_tables_after_a_safety_copy(cli, small_roster, db_path):
    import sqlite3

    assert cli("import", small_roster).exit_code == 0
    conn = sqlite3.connect(db_path)
    # As a release before the development and cadre ledgers left the file: none of their tables, no
    # cadres.since, no versions.
    for table in ("development", "review_items", "link_visits", "mentor_meetings", "cadre_links", "mentorships", "reserves",
                  "reviews", "supervision", "work_reports", "checkups", "duty_lists", "ledger_versions"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("ALTER TABLE cadres DROP COLUMN since")
    conn.commit()
    conn.close()
    backups = db_path.parent / "backups"
    result = cli("report", "cadres", "--as-of", "2026-11-30", "--format", "json")
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT ledger, version FROM ledger_versions ORDER BY rowid").fetchall() == [
        ("roster", 1), ("development", 1), ("cadre", 2)]
    conn.close()
    assert len(list(backups.glob("*-migrate.db"))) == 1
