"""examples/micros/ imports cleanly on top of a stand-in roster with the example township's code convention.

The example roster (examples/roster/) is kept separately; this stand-in has just
the codes the micros examples point at (villages V01–V06, groups V0n-G01…G03,
members M00nn, households H00nnn), so the micros examples are checked on their own.
"""

from __future__ import annotations

import json

from conftest import EXAMPLES

MEMBERS = {"V01": [1, 2, 3, 4, 5], "V02": [11, 12, 13], "V03": [21, 22, 23, 24], "V04": [31, 32, 33],
           "V05": [41, 42, 43, 44], "V06": [51, 52, 53]}
HOUSEHOLDS = {"V01": range(1, 13), "V02": range(101, 109), "V03": range(201, 211), "V04": range(301, 307),
              "V05": range(401, 407), "V06": range(501, 505)}


def stand_in_roster() -> str:
    lines = ["townships:", "  - {code: T01, name: 青竹镇, kind: 镇}", "villages:"]
    lines += [f"  - {{code: {v}, name: 村{v}, township: T01}}" for v in MEMBERS]
    lines += ["groups:"] + [f"  - {{code: {v}-G0{g}, name: {g}组, village: {v}}}" for v in MEMBERS for g in (1, 2, 3)]
    lines += ["party_orgs:"] + [f"  - {{code: {v}-P, name: {v}党支部, level: 党支部, village: {v}}}" for v in MEMBERS]
    lines += ["members:"] + [f"  - {{code: M{m:04d}, name: 党员{m}, org: {v}-P}}" for v, ms in MEMBERS.items()
                             for m in ms]
    lines += ["households:"] + [f"  - {{code: H{h:05d}, head: 户主{h}, group: {v}-G0{1 + i % 3}, size: 3}}"
                                for v, hs in HOUSEHOLDS.items() for i, h in enumerate(hs)]
    return "\n".join(lines) + "\n"


def test_micros_examples_import_and_report(cli, write_yaml, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", "2026-11-01")
    roster = write_yaml(stand_in_roster(), "standin.yaml")
    result = cli("import", roster, EXAMPLES / "micros", "--format", "json")
    assert result.exit_code == 0, result.stderr
    sections = {s["section"]: s["added"] for s in json.loads(result.output)["sections"]}
    assert sections["positions"] >= 10 and sections["organizations"] >= 20
    assert sections["services"] > 0 and sections["activities"] > 0
    orgs = json.loads(cli("organization", "list", "--format", "json").output)
    # Every type and every category appears somewhere.
    assert {o["type"] for o in orgs} == {"自治组织", "群众组织", "社会组织"}
    assert len({o["category"] for o in orgs}) == 12
    positions = json.loads(cli("position", "list", "--format", "json").output)
    assert any(p["name"] == "邻里百家" and p["source"] == "废弃圈舍" for p in positions)
    months = {s["date"][:7] for s in json.loads(cli("service", "list", "--format", "json").output)}
    assert months == {"2026-08", "2026-09", "2026-10"}
