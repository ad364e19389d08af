"""Draw the pictures of the docs: the October 2026 workbook and HTML report of the example township
(README) and the template's 农户 sheet in LibreOffice Calc (docs/spreadsheets.md).

Run from the repository root: ``python docs/images/make_images.py [html] [xlsx] [template]`` (no
argument: all three).  The report pictures need Debian's chromium, fonts-noto-cjk,
libreoffice-calc-nogui and poppler-utils; the database is built in a temporary folder from the
example township's roster and all its ledgers.  The template picture needs LibreOffice with its
Python ``uno`` module (libreoffice-calc, python3-uno: ``/usr/bin/python3``), xvfb, xdotool,
imagemagick and fonts-wqy-zenhei: ``village-gov template`` writes the workbook, and
``calc_shot.py`` opens it in Calc on a 1280×720 virtual screen, shows the 农户 sheet with the cursor
on C2 and takes the screen.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IMAGES = ROOT / "docs" / "images"
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def vg(*args, env):
    subprocess.run([sys.executable, "-m", "village_gov", *map(str, args)], env=env, check=True)


PICTURES = {"html": "monthly-report-html.png", "xlsx": "monthly-report-xlsx.png",
            "template": "template-households.png"}


def main(which: list[str]) -> None:
    which = which or list(PICTURES)
    work = Path(tempfile.mkdtemp(prefix="vg-images-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VILLAGE_GOV_DB": str(work / "example.db")}
    if "html" in which or "xlsx" in which:
        vg("import", *(ROOT / "examples" / name for name in ("roster", "micros", "consultations", "procedures")),
           env=env)
    if "html" in which:
        html = work / "monthly-2026-10.html"
        vg("export", "--month", "2026-10", "--output", html, env=env)
        # The first screen of the page, at A4 proportions, then scaled down.
        shot = work / "html.png"
        subprocess.run([*CHROMIUM, f"--user-data-dir={work / 'profile'}", f"--screenshot={shot}",
                        "--window-size=1240,1500", html.as_uri()], check=True, capture_output=True)
        _shrink(shot, IMAGES / PICTURES["html"], 900)
    if "xlsx" in which:
        xlsx = work / "monthly-2026-10.xlsx"
        vg("export", "--month", "2026-10", "--output", xlsx, env=env)
        # LibreOffice prints the workbook to PDF; page 2 is the trend sheet with its three charts.
        subprocess.run(["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(xlsx)],
                       check=True, capture_output=True, env={**os.environ, "HOME": str(work)})
        subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", "2", "-l", "2", "-x", "55", "-y", "65", "-W", "1020",
                        "-H", "360", "-singlefile", str(work / "monthly-2026-10.pdf"),
                        str(IMAGES / "monthly-report-xlsx")], check=True)
    if "template" in which:
        _template_picture(work, env)
    for name in which:
        print(PICTURES[name], (IMAGES / PICTURES[name]).stat().st_size, "bytes")


def _template_picture(work: Path, env: dict) -> None:
    """The blank template's 农户 sheet as LibreOffice Calc shows it, cursor on C2 (the note of 村民小组)."""
    template = work / "台账模板.xlsx"
    vg("template", "--output", template, env=env)
    shot = work / "template.png"
    subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x720x24", "/usr/bin/python3",
                    str(IMAGES / "calc_shot.py"), str(template), "农户", "C2", str(shot)],
                   check=True, capture_output=True, env={**os.environ, "HOME": str(work)})
    # Without the time of writing, so a picture that did not change stays the same bytes.
    subprocess.run(["convert", str(shot), "-strip", str(IMAGES / PICTURES["template"])], check=True)


def _shrink(source: Path, target: Path, width: int) -> None:
    """Scale the screenshot down with chromium itself (no imaging library needed): an HTML page showing it."""
    page = source.with_suffix(".html")
    page.write_text(f'<html><body style="margin:0"><img src="{source.as_uri()}" style="width:{width}px"></body></html>')
    height = int(width * 1500 / 1240)
    subprocess.run([*CHROMIUM, f"--user-data-dir={source.parent / 'profile2'}", f"--screenshot={target}",
                    f"--window-size={width},{height}", page.as_uri()], check=True, capture_output=True)


if __name__ == "__main__":
    main(sys.argv[1:])
