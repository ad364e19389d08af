"""Procedures input: decisions with nested steps, disclosures, party meetings, red/black list, points.

Every bad record is refused with file:line:column naming the record, exit 2, database unchanged.
"""

from __future__ import annotations

import sqlite3

import pytest

from tests.helpers.db import settled_digest
from tests.helpers.procedures import FULL_STEPS, ROSTER, decision_yaml


@pytest.fixture
def roster(cli, write_yaml, db_path):
    result = cli("import", write_yaml(ROSTER, "roster.yaml"))
    assert result.exit_code == 0, result.output
    return db_path


def rows(db_path, sql):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


def refused(cli, db_path, path, *expected):
    """Import ``path``: exit 2, each expected text in stderr, database byte-for-byte unchanged."""
    before = settled_digest(db_path)
    result = cli("import", path)
    assert result.exit_code == 2, result.output
    for text in expected:
        assert text in result.stderr, result.stderr
    assert settled_digest(db_path) == before
    return result.stderr


def test_full_decision_imports_with_its_steps_and_reimports_as_no_op(cli, write_yaml, roster):
    path = write_yaml(decision_yaml(steps=FULL_STEPS), "d.yaml")
    result = cli("import", path)
    assert result.exit_code == 0, result.output
    steps = rows(roster, "SELECT step, date, due, present, approve, oppose, abstain, body FROM decision_steps "
                         "WHERE decision = 'D1' ORDER BY date")
    assert steps == [
        ("proposed", "2026-07-01", None, None, None, None, None, None),
        ("deliberated", "2026-07-05", None, None, None, None, None, None),
        ("reviewed", "2026-07-10", 12, 9, 8, 1, 0, None),
        ("resolved", "2026-07-15", 30, 24, 20, 2, 2, "村民代表会议"),
        ("resolution_published", "2026-07-16", None, None, None, None, None, None),
        ("result_published", "2026-09-30", None, None, None, None, None, None),
    ]
    before = settled_digest(roster)
    again = cli("import", "--force", path)
    assert again.exit_code == 0 and "无变化" in again.output
    assert settled_digest(roster) == before


def test_changed_step_is_rewritten_and_removed_step_deleted(cli, write_yaml, roster):
    cli("import", write_yaml(decision_yaml(steps=FULL_STEPS), "d.yaml"))
    fewer = "\n".join(FULL_STEPS.strip().splitlines()[:3]).replace("present: 9", "present: 10")
    result = cli("import", write_yaml(decision_yaml(steps=fewer), "d.yaml"))
    assert result.exit_code == 0, result.output
    assert rows(roster, "SELECT step, present FROM decision_steps ORDER BY date") == [
        ("proposed", None), ("deliberated", None), ("reviewed", 10)]


def test_chinese_step_names_and_english_aliases_accepted(cli, write_yaml, roster):
    steps = """
    党组织提议: {date: 2026-07-01}
    两委会商议: {date: 2026-07-02}
    党员大会审议: {date: 2026-07-03, due: 3, present: 3, approve: 3, oppose: 0, abstain: 0}
    resolved: {date: 2026-07-04, body: representatives_assembly, due: 3, present: 3, approve: 2, oppose: 0, abstain: 0}
    """
    result = cli("import", write_yaml(decision_yaml(steps=steps), "d.yaml"))
    assert result.exit_code == 0, result.output
    assert rows(roster, "SELECT step, body FROM decision_steps WHERE step = 'resolved'") == [
        ("resolved", "村民代表会议")
    ]


def test_step_out_of_order_is_refused_at_the_step(cli, write_yaml, roster):
    # reviewed recorded without deliberated: lines 1-6 are decisions:, code, village, title, supervisor,
    # steps:; line 7 is proposed, line 8 "      reviewed: {" whose value starts at column 17.
    steps = """
    proposed: {date: 2026-07-01}
    reviewed: {date: 2026-07-10, due: 12, present: 9, approve: 8, oppose: 1, abstain: 0}
    """
    path = write_yaml(decision_yaml(steps=steps), "d.yaml")
    refused(cli, roster, path, f"{path}:8:17:", "reviewed", "deliberated", "[D1]")


def test_dates_going_backwards_are_refused(cli, write_yaml, roster):
    steps = """
    proposed: {date: 2026-07-01}
    deliberated: {date: 2026-06-30}
    """
    path = write_yaml(decision_yaml(steps=steps), "d.yaml")
    refused(cli, roster, path, f"{path}:8:20:", "2026-06-30", "proposed", "[D1]")


def test_same_day_steps_are_fine(cli, write_yaml, roster):
    steps = """
    proposed: {date: 2026-07-01}
    deliberated: {date: 2026-07-01}
    """
    assert cli("import", write_yaml(decision_yaml(steps=steps), "d.yaml")).exit_code == 0


@pytest.mark.parametrize("counts, expected", [
    ("due: 12, present: 13, approve: 8, oppose: 1, abstain: 0", "实到 13 人多于应到 12 人"),
    ("due: 12, present: 9, approve: 8, oppose: 1, abstain: 1", "合计 10 票，多于实到 9 人"),
    ("due: 12, present: 9, approve: 8, oppose: 1", "缺少必填字段 steps.reviewed.abstain"),
    ("due: 12, present: -1, approve: 0, oppose: 0, abstain: 0", "steps.reviewed.present"),
])
def test_bad_counts_are_refused(cli, write_yaml, roster, counts, expected):
    steps = f"""
    proposed: {{date: 2026-07-01}}
    deliberated: {{date: 2026-07-05}}
    reviewed: {{date: 2026-07-10, {counts}}}
    """
    path = write_yaml(decision_yaml(steps=steps), "d.yaml")
    refused(cli, roster, path, f"{path}:9:", expected, "[D1]")


def test_unknown_step_and_missing_body_are_refused(cli, write_yaml, roster):
    steps = """
    proposed: {date: 2026-07-01}
    deliberated: {date: 2026-07-05}
    reviewed: {date: 2026-07-10, due: 3, present: 3, approve: 3, oppose: 0, abstain: 0}
    resolved: {date: 2026-07-15, due: 3, present: 3, approve: 3, oppose: 0, abstain: 0}
    publish: {date: 2026-07-16}
    """
    path = write_yaml(decision_yaml(steps=steps), "d.yaml")
    refused(cli, roster, path, "steps.resolved.body", "steps.publish", "[D1]")


def test_other_sections_import_and_validate(cli, write_yaml, roster):
    good = write_yaml("""
    disclosures:
      - {code: DS1, village: V01, date: 2026-10-05, kind: finance, items: 9月收支, channel: wechat}
    party_meetings:
      - {code: PM1, org: V02-P00, date: 2026-10-08, kind: branch_committee, due: 5, present: 5}
    moral_list:
      - {code: ML1, date: 2026-10-12, village: V01, household: H00003, list: black, reason: 乱倒垃圾}
    points:
      - {code: PT1, date: 2026-10-12, household: H00003, points: -10, reason: 乱倒垃圾}
    """, "ok.yaml")
    result = cli("import", good)
    assert result.exit_code == 0, result.output
    assert rows(roster, "SELECT kind, channel FROM disclosures") == [("财务", "村民微信群")]
    assert rows(roster, "SELECT kind FROM party_meetings") == [("支委会",)]
    assert rows(roster, "SELECT list, published FROM moral_list") == [("黑榜", 0)]
    assert rows(roster, "SELECT points FROM points") == [(-10,)]


def test_bad_records_of_other_sections_each_named(cli, write_yaml, roster):
    path = write_yaml("""
    disclosures:
      - {code: DS1, village: V09, date: 2026-10-05, kind: 财物}
    party_meetings:
      - {code: PM1, org: V02-P00, date: 2026-10-08, kind: 支委会, due: 5, present: 6}
    moral_list:
      - {code: ML1, date: 2026-10-12, village: V02, household: H00003, list: 黑榜}
    points:
      - {code: PT1, date: 2026-13-01, household: H00003, points: 5}
    """, "bad.yaml")
    err = refused(cli, roster, path, "[DS1]", "[PM1]", "[ML1]", "[PT1]", "财物", "实到 6 人多于应到 5 人",
                  "H00003 属于 V01，不属于 V02", f"{path}:8:")
    assert err.count(str(path)) == 4
