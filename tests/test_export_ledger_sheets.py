"""``export``'s sheets come from the ledgers: each ledger's ``Report`` parts name how the month's
report is gathered and which sheet builder lays it out, in their ``sheet_order``.

The toy ledger of ``tests/test_core_ledger_contract.py`` shows a ledger added later gets its sheet;
here: the four ledgers of today give exactly today's sheets, in today's order, the reform sheet
(which the golden files do not cover: the example township has no reform data) keeps its title
and figures, and the library gathers it all without importing render, rich or Typer.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.helpers.reform import SMALL_REFORM as REFORM

openpyxl = pytest.importorskip("openpyxl")

# The small reform of tests/helpers/reform.py, as in tests/test_county_reform.py (one old township, two old villages, one merged into V1),
# figures worked out by hand: average population before (1000 + 2000) / 2 = 1500, after V1's
# 3000: +100 %; average area before (3 + 5) / 2 = 4, after 8: +100 %.


def test_the_ledgers_name_todays_export_sheets_in_todays_order():
    # Refactor guard: after the monthly report and the trend, export has always written the
    # micros, party-life and reform sheets, in this order, whatever the order of LEDGERS.
    from village_gov import ledgers

    reports = ledgers.sheet_reports()
    assert [(r.key, r.sheet) for r in reports] == [
        ("micros", "village_gov.render.document:micros_sheet"),
        ("party-life", "village_gov.render.document:party_life_sheet"),
        ("reform", "village_gov.render.document:reform_sheet"),
        # Ledgers added later: their sheets at the default order, after those of today, in LEDGERS order.
        ("development", "village_gov.render.development:development_sheet"),
        ("cadres", "village_gov.render.cadres:cadres_sheet")]
    assert [ledger.name for ledger in ledgers.LEDGERS] == ["roster", "procedures", "consult", "micros", "development",
                                                           "cadre"]


def test_a_report_names_its_export_and_its_sheet_together():
    from village_gov.core.ledger import Report

    with pytest.raises(ValueError, match="'trees'"):
        Report("trees", "toy.report:build", export="toy.report:export_part")
    with pytest.raises(ValueError, match="'trees'"):
        Report("trees", "toy.report:build", sheet="toy.sheet:trees_sheet")
    only_built = Report("trees", "toy.report:build")
    with pytest.raises(LookupError):
        only_built.load_sheet()


def test_the_reform_sheet_keeps_its_place_title_and_figures(cli, write_yaml, tmp_path):
    assert cli("import", write_yaml(REFORM)).exit_code == 0
    book = tmp_path / "month.xlsx"
    result = cli("--lang", "zh", "export", "--month", "2026-10", "--output", book)
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(book)
    assert workbook.sheetnames == ["月报", "趋势", "四微", "三会一课", "两项改革", "检查", "说明"]
    rows = [row for row in workbook["两项改革"].iter_rows(values_only=True) if any(v is not None for v in row)]
    # Titled like ``report reform``: the reform's name (the default 两项改革) and its effective date.
    assert rows[0][0] == "两项改革（2019-12-01）"
    figures = {row[0]: row[1:4] for row in rows}
    # Percentages are written as fractions: +100 % is 1.
    assert figures["村均户籍人口"] == (1500, 3000, 1)
    assert figures["村均幅员面积(km²)"] == (4, 8, 1)
    # Villages: 2 old ones (OV1, OV2) → V1: (1 − 2) / 2 = −50 %.
    assert figures["建制村"] == (2, 1, -0.5)
    # Without reform data there is no reform sheet (tests/test_export_workbooks.py, on another ledger).


def test_the_library_gathers_the_export_without_render_rich_or_typer(cli, write_yaml, db_path):
    # Refactor guard: the ledgers name their sheet builders (in render/) as text; only the command
    # line resolves them.  Gathering the month's reports imports no part of render, nor rich or Typer.
    assert cli("import", write_yaml(REFORM)).exit_code == 0
    code = (
        "import json, sys\n"
        "from village_gov.store.db import open_db\n"
        "from village_gov.reports.exports.gather import export_reports\n"
        f"data = export_reports(open_db({str(db_path)!r}), '2026-10')\n"
        "print(json.dumps({'reports': list(data.reports),\n"
        "                  'loaded': sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'typer')\n"
        "                                   or m.startswith('village_gov.render') or m.startswith('village_gov.cli'))}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    out = json.loads(result.stdout)
    assert out == {"reports": ["monthly", "trend", "micros", "party-life", "reform", "check"], "loaded": []}
