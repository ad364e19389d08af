"""The example consultation files import cleanly (against a stub of the roster codes they use) and report."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import EXAMPLES

FOLDER = EXAMPLES / "consultations"


def stub_roster() -> str:
    """Townships, villages V01–V06 and the member codes the example files name as hosts."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(FOLDER.glob("*.yaml")))
    hosts = sorted(set(re.findall(r"host: (M\d+)", text)))
    villages = [f"V{i:02d}" for i in range(1, 7)]
    lines = ["townships:", "  - {code: T01, name: 示例镇, kind: 镇}", "villages:"]
    lines += [f"  - {{code: {v}, name: {v}村, township: T01}}" for v in villages]
    lines += ["party_orgs:"] + [f"  - {{code: P{v}, name: {v}党支部, level: 党支部, village: {v}}}" for v in villages]
    lines += ["members:"] + [f"  - {{code: {m}, name: 党员{m}, org: PV01}}" for m in hosts]
    return "\n".join(lines) + "\n"


def test_examples_import_and_report(cli, write_yaml):
    roster = write_yaml(stub_roster(), "stub.yaml")
    first = cli("import", roster, FOLDER)
    assert first.exit_code == 0, first.output
    again = cli("import", roster, FOLDER)
    assert again.exit_code == 0 and "无变化" in again.output
    report = json.loads(cli("report", "monthly", "--month", "2026-10", "-f", "json").output)
    held = {v["code"]: v["secretary_meeting_held"] for v in report["villages"]}
    assert held["V06"] is False and held["V01"] is True  # V06 missed its October meeting
    assert report["total"]["referred"] >= 1 and report["total"]["open_at_month_end"] >= 1
    carried = json.loads(cli("request", "show", "R-V01-20260818-1", "-f", "json").output)
    assert carried["status"] == "办理中"  # raised in August, still open at the end of October
    trend = cli("report", "trend", "--from", "2026-08", "--to", "2026-10")
    assert trend.exit_code == 0, trend.output


def test_monthly_script_is_strict_bash():
    script = (EXAMPLES / "monthly-report.sh").read_text(encoding="utf-8")
    assert script.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in script
