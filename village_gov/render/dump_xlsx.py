"""``dump --format xlsx``: the whole ledger as one workbook in the template's layout, for re-import.

The sheets, headers, notes, drop-downs and formats are those of ``village-gov template`` (the same
writer, :func:`village_gov.render.template_xlsx.write_template`), with each section's records from
row 3.  The file holds phone and ID numbers in full, like the YAML dump: it is a backup to import
again, readable by its owner only (mode 0600), and the command records the dump in the audit trail.
"""

from __future__ import annotations

from pathlib import Path

from village_gov.core.i18n import t
from village_gov.render.template_xlsx import FIRST_ROW, LAST_ROW, write_template
from village_gov.reports.template import build_template
from village_gov.trail.dump_sheets import largest_section, sheet_records

MAX_ROW = 1_048_576
"""Excel's last row."""


def dump_workbook(db, output: Path, ledger: str = "all") -> int:
    """Write the sections of ``ledger`` (``all``: every ledger) to the workbook ``output``, whole or not
    at all; returns the number of records written."""
    from village_gov.core.atomic import write_atomically

    template = build_template(ledger)
    names = [sheet.section for sheet in template.sheets]
    # The drop-downs and formats reach as far below the longest sheet as the template's reach below row 3.
    last_row = min(MAX_ROW, max(LAST_ROW, FIRST_ROW - 1 + largest_section(db, names) + LAST_ROW))
    lines = (t("export.dump_intro"), t("export.dump_personal"))
    written: list[int] = []

    def write(path: Path) -> None:
        written.append(write_template(template, path, sheet_records(db, names), lines, last_row))

    write_atomically(output, write, mode=0o600)
    return written[-1]
