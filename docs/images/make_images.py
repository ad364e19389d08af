"""Draw the README's pictures of the October 2026 workbook and HTML report of the example township.

Needs Debian's chromium, fonts-noto-cjk, libreoffice-calc-nogui and poppler-utils.  Run from the
repository root: ``python docs/images/make_images.py``.  The database is built in a temporary folder
from the example township's roster and all its ledgers.
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


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="vg-images-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VILLAGE_GOV_DB": str(work / "example.db")}
    vg("import", *(ROOT / "examples" / name for name in ("roster", "micros", "consultations", "procedures")), env=env)
    html, xlsx = work / "monthly-2026-10.html", work / "monthly-2026-10.xlsx"
    vg("export", "--month", "2026-10", "--output", html, env=env)
    vg("export", "--month", "2026-10", "--output", xlsx, env=env)
    # The HTML: the first screen of the page, at A4 proportions, then scaled down.
    shot = work / "html.png"
    subprocess.run([*CHROMIUM, f"--user-data-dir={work / 'profile'}", f"--screenshot={shot}",
                    "--window-size=1240,1500", html.as_uri()], check=True, capture_output=True)
    _shrink(shot, IMAGES / "monthly-report-html.png", 900)
    # The workbook: LibreOffice prints it to PDF; page 2 is the trend sheet with its three charts.
    subprocess.run(["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(xlsx)],
                   check=True, capture_output=True, env={**os.environ, "HOME": str(work)})
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", "2", "-l", "2", "-x", "55", "-y", "65", "-W", "1020",
                    "-H", "360", "-singlefile", str(work / "monthly-2026-10.pdf"), str(IMAGES / "monthly-report-xlsx")],
                   check=True)
    for name in ("monthly-report-html.png", "monthly-report-xlsx.png"):
        print(name, (IMAGES / name).stat().st_size, "bytes")


def _shrink(source: Path, target: Path, width: int) -> None:
    """Scale the screenshot down with chromium itself (no imaging library needed): an HTML page showing it."""
    page = source.with_suffix(".html")
    page.write_text(f'<html><body style="margin:0"><img src="{source.as_uri()}" style="width:{width}px"></body></html>')
    height = int(width * 1500 / 1240)
    subprocess.run([*CHROMIUM, f"--user-data-dir={source.parent / 'profile2'}", f"--screenshot={target}",
                    f"--window-size={width},{height}", page.as_uri()], check=True, capture_output=True)


if __name__ == "__main__":
    main()
