"""Take a picture of one sheet of a workbook as LibreOffice Calc shows it on the screen.

Run by the Python that has LibreOffice's ``uno`` module (``/usr/bin/python3`` on Debian), on an X
display (``make_images.py`` runs it under ``xvfb-run``)::

    python3 calc_shot.py WORKBOOK SHEET CELL PICTURE.png

Calc is started with a profile of its own (no first-start dialog, no tip of the day), opens the
workbook, shows SHEET with CELL selected in a window filling the screen, and ImageMagick's
``import`` takes the screen.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]  # LibreOffice's Python only
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

PIPE = "vgcalcshot"
# No first-start wizard, no tip of the day, no "what's new" bar, no document recovery.
SETTINGS = [("/org.openoffice.Office.Common/Misc", "FirstRun", "false"),
            ("/org.openoffice.Office.Common/Misc", "ShowTipOfTheDay", "false"),
            ("/org.openoffice.Setup/Product", "ooSetupLastVersion", "99.0"),
            ("/org.openoffice.Setup/Office", "ooSetupInstCompleted", "true"),
            ("/org.openoffice.Office.Recovery/RecoveryInfo", "Enabled", "false")]
PROFILE = ('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry">\n'
           + "".join(f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value>'
                     "</prop></item>\n" for path, name, value in SETTINGS)
           + "</oor:items>\n")


def prop(name: str, value) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(office: subprocess.Popen):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        if office.poll() is not None:
            raise SystemExit(f"soffice stopped ({office.returncode})")
        try:
            return resolver.resolve(f"uno:pipe,name={PIPE};urp;StarOffice.ComponentContext")
        except Exception:
            time.sleep(0.5)
    raise SystemExit("soffice did not answer")


def main(workbook: str, sheet_name: str, cell: str, picture: str) -> None:
    profile = Path(tempfile.mkdtemp(prefix="vg-calc-"))
    (profile / "user").mkdir()
    (profile / "user" / "registrymodifications.xcu").write_text(PROFILE, encoding="utf-8")
    office = subprocess.Popen(["soffice", "--norestore", "--nologo", "--nodefault",
                               f"-env:UserInstallation={profile.as_uri()}", f"--accept=pipe,name={PIPE};urp;"])
    desktop = None
    try:
        ctx = connect(office)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(workbook)), "_blank", 0, ())
        controller = doc.getCurrentController()
        sheet = doc.getSheets().getByName(sheet_name)
        controller.setActiveSheet(sheet)
        # The cell cursor on CELL, as a click leaves it (select() would also highlight it as a range).
        dispatcher = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        dispatcher.executeDispatch(controller.getFrame(), ".uno:GoToCell", "", 0, (prop("ToPoint", cell),))
        width, height = (int(v) for v in subprocess.run(
            ["xdotool", "getdisplaygeometry"], check=True, capture_output=True, text=True).stdout.split())
        controller.getFrame().getContainerWindow().setPosSize(0, 0, width, height, 15)
        time.sleep(5)  # let Calc draw
        subprocess.run(["import", "-window", "root", picture], check=True)
        doc.close(True)
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:
                pass
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(*sys.argv[1:5])
