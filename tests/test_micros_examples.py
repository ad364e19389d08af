"""examples/micros/ imports cleanly on the example township's roster (examples/roster/) and holds what it promises."""

from __future__ import annotations

import json

from tests.helpers.paths import EXAMPLES


def test_micros_examples_import_and_report(cli, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", "2026-11-01")
    result = cli("import", EXAMPLES / "roster", EXAMPLES / "micros", "--format", "json")
    assert result.exit_code == 0, result.stderr
    sections = {s["section"]: s["added"] for s in json.loads(result.stdout)["sections"]}
    # 5 主阵地 + 37 微阵地; 8 + 4 + 6 + 2 + 4 organizations.
    assert sections["positions"] == 42 and sections["organizations"] == 24
    assert sections["services"] > 0 and sections["activities"] > 0
    orgs = json.loads(cli("organization", "list", "--format", "json").output)
    # Every type and every category appears somewhere.
    assert {o["type"] for o in orgs} == {"自治组织", "群众组织", "社会组织"}
    assert len({o["category"] for o in orgs}) == 12
    positions = json.loads(cli("position", "list", "--format", "json").output)
    assert any(p["name"] == "邻里百家" and p["source"] == "废弃圈舍" and p["group"] == "V01-G03" for p in positions)
    assert sorted(p["village"] for p in positions if p["kind"] == "主阵地") == ["V01", "V02", "V03", "V04", "V05"]
    months = {s["date"][:7] for s in json.loads(cli("service", "list", "--format", "json").output)}
    assert months == {"2026-08", "2026-09", "2026-10"}


def test_providers_and_households_belong_to_the_village(cli, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", "2026-11-01")
    assert cli("import", EXAMPLES / "roster", EXAMPLES / "micros").exit_code == 0
    import os

    from village_gov.store.db import open_db

    db = open_db(os.environ["VILLAGE_GOV_DB"])
    # A member provider, organizer or leader is a member of a party organization of the same village.
    stray = db.execute("""
        SELECT e.code FROM (SELECT code, village, provider_member AS member FROM services
                            UNION ALL SELECT code, village, organizer_member FROM activities
                            UNION ALL SELECT code, village, leader_member FROM organizations) e
        JOIN members m ON m.code = e.member JOIN party_orgs o ON o.code = m.org
        WHERE o.village <> e.village""").fetchall()
    assert stray == []
    db.conn.close()
