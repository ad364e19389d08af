"""The notice-board sheet (村务公开): what it shows, and that no personal detail of the data is in it."""

from __future__ import annotations

import json
import re

import pytest

from tests.helpers.exports import import_ledger, masked_values, read_html


@pytest.fixture
def notice(cli, write_yaml, small_roster, tmp_path):
    import_ledger(cli, write_yaml, small_roster)
    out = tmp_path / "notice-V1.html"
    result = cli("notice", "--village", "V1", "--month", "2026-10", "--output", out)
    assert result.exit_code == 0, result.output
    return out


def test_notice_holds_no_masked_value(notice, db_path):
    raw = notice.read_bytes()
    values = masked_values(db_path)
    # the small roster has 2 phones and 1 ID number on members, 1 on a household (13900000002, which
    # the DS2 disclosure also names, as 139-0000-0002), black-listed 陈二, red-listed 陈三, members
    # 张三…吴十, cadre 郑十一, and 7 non-public requests
    assert "陈二" in values and "13900000002" in values and "11010519491231002X" in values
    assert {"陈三", "李四", "郑十一"} <= set(values)
    assert "垃圾清运" in values and "路灯维修" not in values
    for value in values:
        assert value.encode("utf-8") not in raw, value
    digits = re.sub(rb"\D", b"", raw)  # also with every separator gone
    for value in values:
        if value.isdigit():
            assert value.encode() not in digits, value
    assert b"139-0000-0002" not in raw


def test_notice_shows_the_public_summary(cli, notice):
    reader = read_html(notice)
    # consultations of V1 in October: C1 (10-08, 书记坝坝会, 40) and C2 (10-31, 村民说事, 12)
    rows = reader.table("consultations")
    assert [(r["date"], r["format"], r["attendees"]) for r in rows] == [
        ("2026-10-08", "书记坝坝会", "40"), ("2026-10-31", "村民说事", "12")]
    assert rows[0]["topics"] == "环境治理、民生实事"
    # the request counts are the monthly report's for V1 (helpers/consult.py: 4 raised, 1 on the spot, 2 resolved)
    monthly = json.loads(cli("report", "monthly", "--month", "2026-10", "--village", "V1", "-f", "json").output)
    counts = reader.table("request_counts")[0]
    v1 = monthly["villages"][0]
    assert (counts["requests_raised"], counts["answered_on_spot"], counts["requests_resolved"]) == (
        str(v1["requests_raised"]), str(v1["answered_on_spot"]), str(v1["requests_resolved"])) == ("4", "1", "2")
    # only R2 is public: its text is shown, no other request's
    public = reader.table("public_requests")
    assert [(r["raised"], r["content"]) for r in public] == [("2026-10-08", "路灯维修")]
    # decisions: D1 under way (reviewed 10-12), D3 finished in October (result published 10-20);
    # D2 finished in September is not October's news
    decisions = reader.table("decisions")
    assert [(r["title"], r["stage"], r["stage_date"]) for r in decisions] == [
        ("二组道路硬化", "党员大会审议", "2026-10-12"), ("集体林地流转", "实施结果公开", "2026-10-20")]
    # disclosures of October only (DS3 is September's); DS2's personal details masked, the rest kept
    disclosures = reader.table("disclosures")
    assert [r["date"] for r in disclosures] == ["2026-10-08", "2026-10-21"]
    assert disclosures[0]["items"] == "9 月收支明细"
    assert "整改通报" in disclosures[1]["items"] and "陈二" not in disclosures[1]["items"]


def test_notice_in_english(cli, write_yaml, small_roster, tmp_path):
    import_ledger(cli, write_yaml, small_roster)
    out = tmp_path / "n.html"
    assert cli("--lang", "en", "notice", "--village", "V2", "--month", "2026-10", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "public notice" in text and 'lang="en"' in text
