"""The example consultation files import cleanly on the example township (roster + positions) and report."""

from __future__ import annotations

import json

from tests.helpers.paths import EXAMPLES

FOLDER = EXAMPLES / "consultations"
# Consultations name the villages' positions (examples/micros/positions.yaml) as well as roster codes.
NEEDED = [EXAMPLES / "roster", EXAMPLES / "micros"]


def test_examples_import_and_report(cli):
    first = cli("import", *NEEDED, FOLDER)
    assert first.exit_code == 0, first.output
    again = cli("import", "--force", *NEEDED, FOLDER)  # --force: read and compared again
    assert again.exit_code == 0 and "无变化" in again.output
    report = json.loads(cli("report", "monthly", "--month", "2026-10", "-f", "json").output)
    held = {v["code"]: v["secretary_meeting_held"] for v in report["villages"]}
    # 白鹤社区 held only 有事来协商 and 百姓议事 in October; the four villages held their 书记坝坝会/龙门阵.
    assert held == {"V01": True, "V02": True, "V03": True, "V04": True, "V05": False}
    september = json.loads(cli("report", "monthly", "--month", "2026-09", "-f", "json").output)
    # 青杠村 held no consultation at all in September.
    assert [v["code"] for v in september["villages"] if not v["secretary_meeting_held"]] == ["V03"]
    assert report["total"]["referred"] >= 1 and report["total"]["open_at_month_end"] >= 1
    carried = json.loads(cli("request", "show", "R-V01-20260818-1", "-f", "json").output)
    assert carried["status"] == "办理中"  # raised in August, still open at the end of October
    trend = cli("report", "trend", "--from", "2026-08", "--to", "2026-10")
    assert trend.exit_code == 0, trend.output


def test_hosts_are_the_village_secretaries(cli):
    assert cli("import", *NEEDED, FOLDER).exit_code == 0
    consultations = json.loads(cli("consult", "list", "--format", "json").output)
    secretaries = {"V01": "M0001", "V02": "M0053", "V03": "M0072", "V04": "M0091", "V05": "M0111"}
    hosted = [(c["village"], c["host"]) for c in consultations if c.get("host")]
    assert hosted and all(secretaries[village] == host for village, host in hosted)


def test_monthly_script_is_strict_bash():
    script = (EXAMPLES / "monthly-report.sh").read_text(encoding="utf-8")
    assert script.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in script
