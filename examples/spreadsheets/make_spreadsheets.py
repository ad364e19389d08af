"""Make the example township's roster as a clerk's spreadsheets: ``花名册.xlsx`` and ``村民小组.csv``.

The workbook is what ``village-gov dump --format xlsx --ledger roster`` writes for the roster in
``examples/roster``, then edited the way clerks edit such files (with openpyxl, as Excel would save it):

* a merged title row above the 党员 sheet's header (「白鹤镇党员花名册」 across the columns);
* a blank row in the middle of the 农户 sheet;
* ID numbers typed as text (as the dump writes them; Excel keeps them only that way);
* the 村民小组 sheet taken out and kept as a CSV saved by an old Excel in GBK (GB18030), as a
  predecessor's file would be.

Importing both files into an empty database gives the same roster as importing ``examples/roster``.
Run from the repository root: ``python examples/spreadsheets/make_spreadsheets.py``.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "examples" / "spreadsheets"


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="vg-sheets-"))
    env = {**os.environ, "VILLAGE_GOV_DB": str(work / "roster.db"), "VILLAGE_GOV_LANG": "zh"}
    run = [sys.executable, "-m", "village_gov"]
    subprocess.run([*run, "import", str(ROOT / "examples" / "roster")], env=env, check=True, capture_output=True)
    dumped = work / "roster.xlsx"
    subprocess.run([*run, "dump", "--format", "xlsx", "--ledger", "roster", "--output", str(dumped)],
                   env=env, check=True, capture_output=True)
    book = openpyxl.load_workbook(dumped)
    _groups_to_gbk_csv(book["村民小组"], HERE / "村民小组.csv")
    del book["村民小组"]
    members = book["党员"]
    members.insert_rows(1)
    members["A1"] = "白鹤镇党员花名册"
    members.merge_cells(start_row=1, start_column=1, end_row=1, end_column=members.max_column)
    households = book["农户"]
    households.insert_rows(3 + (households.max_row - 2) // 2)  # a blank row half-way down the records
    book.save(HERE / "花名册.xlsx")


def _groups_to_gbk_csv(sheet, path: Path) -> None:
    """The sheet's header and records (the note row left out) as a GB18030 CSV."""
    rows = [[("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True)]
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows([rows[0], *[r for r in rows[2:] if any(r)]])
    path.write_bytes(text.getvalue().encode("gb18030"))


if __name__ == "__main__":
    main()
