"""白鹤镇's cadre ledger (examples/cadres/, with examples/roster/ and examples/micros/), judged at 2026-11-30.

The planted findings (examples/README.md) and nothing else of the cadre ledger's rules; ``report cadres``
against the table worked out by hand below.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.cadres import CADRE_RULES

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

pytestmark = pytest.mark.usefixtures("cadre_today")


@pytest.fixture
def township(cli):
    result = cli("import", EXAMPLES / "roster", EXAMPLES / "micros", EXAMPLES / "cadres")
    assert result.exit_code == 0, result.output
    return cli


def test_check_finds_the_planted_findings_and_nothing_else_of_the_cadre_rules(township):
    result = township("--lang", "en", "check", "--as-of", "2026-11-30", "--format", "json")
    assert result.exit_code == 1
    found = [(f["rule"], f["subject"]) for f in json.loads(result.stdout)["findings"] if f["rule"] in CADRE_RULES]
    assert sorted(found) == sorted([
        # 金竹村: its link (L04) ended on 2026-06-30, no other.
        ("village-without-link-leader", "V04-P00"),
        # 白鹤社区's secretary since 2024-12-30 (23 months), no mentorship; 石桥村's, since 2024-11-30
        # (exactly 24 months), is not new.
        ("new-secretary-without-mentor", "M0111"),
        # 石桥村: B04 only (B05 left on 2026-05-31).
        ("reserves-too-few", "V02"),
        # RV-2025-V04 item 2, due 2026-09-30, open: 61 days overdue; RV-2025-V05's item due on the day is not.
        ("rectification-overdue", "RV-2025-V04#2"),
        # 青杠村's supervision ended 2026-08-31, not closed.
        ("supervision-unclosed", "SV-V03-2025"),
    ])


# report cadres --as-of 2026-11-30, worked out by hand from examples/cadres/cadres.yaml:
#   link_leader: current links (period covers 11-30): V01 王建国 (L01), V02 李春华 (L02), V03 张卫东 (L03),
#     V04 none (L04 ended 06-30), V05 周敏 (L05)                                 → total 4 villages
#   link_visits_90d (after 2026-09-01, up to 11-30): V01 10-12 → 1; V02 08-31 is not → 0; V03 11-05 → 1;
#     V04 → 0; V05 10-09, 11-18 → 2                                              → total 4
#   mentor: only 青杠村's secretary M0072 has a current one (T01 刘德全); T02 (M0091) ended in 2020
#     → total 1; mentor_meetings_90d: T01's 10-20 → 1 (07-15 and 04-10 are older)
#   reserves (current on 11-30) / under 35 (born after 1991-11-30) / women:
#     V01 B01 B02 B03 → 3 / 2 (1996, 1993) / 1;  V02 B04 (B05 left) → 1 / 0 (1990) / 0;
#     V03 B06 B07 → 2 / 1 (B07 born 1991-11-30 is 35 on the day) / 1;  V04 B08 B09 → 2 / 1 / 1;
#     V05 B10 B11 → 2 / 2 / 1                                                      → 10 / 6 / 4
#   rating (current secretary's last review): V01 好, V02 较好, V03 none (M0072 new in 2026), V04 一般,
#     V05 较好 → {好: 1, 较好: 2, 一般: 1, 差: 0}
#   整改 total / done / open / overdue: V01 2/2/0/0; V02 1/1/0/0; V03 0; V04 3/1/2/1 (item 2 due 09-30;
#     item 3 due 12-31); V05 1/0/1/0 (due on the day)                               → 7 / 4 / 3 / 1
#   under_supervision (period covers 11-30, not closed): V01 only (SV-V01-2026 to 12-31); V03's ended
#     08-31, V02's closed                                                          → 1
#   work_reports in 2026 (01-01 to 11-30): V01 6 (5 organizations + 村委会; 2025-12-10 is last year);
#     V02 4; V03 3 (V03-O04's is 2025-12-01); V04 2; V05 4                          → 19
HAND = {
    "V01": ("柳塘村", "王建国", 1, None, 0, 3, 2, 1, "好", 2, 2, 0, 0, True, 6),
    "V02": ("石桥村", "李春华", 0, None, 0, 1, 0, 0, "较好", 1, 1, 0, 0, False, 4),
    "V03": ("青杠村", "张卫东", 1, "刘德全", 1, 2, 1, 1, None, 0, 0, 0, 0, False, 3),
    "V04": ("金竹村", None, 0, None, 0, 2, 1, 1, "一般", 3, 1, 2, 1, False, 2),
    "V05": ("白鹤社区", "周敏", 2, None, 0, 2, 2, 1, "较好", 1, 0, 1, 0, False, 4),
}
KEYS = ("name", "link_leader", "link_visits_90d", "mentor", "mentor_meetings_90d", "reserves", "reserves_under_35",
        "reserves_women", "rating", "rectification_total", "rectification_done", "rectification_open",
        "rectification_overdue", "under_supervision", "work_reports")


def test_report_cadres_is_the_hand_worked_table(township):
    result = township("report", "cadres", "--as-of", "2026-11-30", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) >= {"villages", "total"}
    assert {v["code"]: tuple(v[k] for k in KEYS) for v in report["villages"]} == HAND
    assert report["total"] == {
        "villages": 5, "link_leader": 4, "mentor": 1, "under_supervision": 1,
        "rating": {"好": 1, "较好": 2, "一般": 1, "差": 0},
        "link_visits_90d": 1 + 0 + 1 + 0 + 2, "mentor_meetings_90d": 1, "reserves": 3 + 1 + 2 + 2 + 2,
        "reserves_under_35": 2 + 0 + 1 + 1 + 2, "reserves_women": 1 + 0 + 1 + 1 + 1,
        "rectification_total": 2 + 1 + 0 + 3 + 1, "rectification_done": 2 + 1 + 0 + 1 + 0,
        "rectification_open": 0 + 0 + 0 + 2 + 1, "rectification_overdue": 1, "work_reports": 6 + 4 + 3 + 2 + 4}


def test_the_monthly_columns_of_october_and_november(township):
    # October: visits V01 10-12, V05 10-09; meetings V03 10-20; open 整改 due before 10-31: V04 item 2.
    # November: visits V03 11-05, V05 11-18; no meeting; still V04 item 2 (V05's is due on 11-30 itself).
    for month, expected in (("2026-10", {"V01": (1, 0, 0), "V02": (0, 0, 0), "V03": (0, 1, 0), "V04": (0, 0, 1),
                                         "V05": (1, 0, 0)}),
                            ("2026-11", {"V01": (0, 0, 0), "V02": (0, 0, 0), "V03": (1, 0, 0), "V04": (0, 0, 1),
                                         "V05": (1, 0, 0)})):
        report = json.loads(township("report", "monthly", "--month", month, "--format", "json").stdout)
        assert {v["code"]: (v["link_visits"], v["mentor_meetings"], v["rectification_overdue"])
                for v in report["villages"]} == expected, month
        assert report["total"]["link_visits"] == sum(v[0] for v in expected.values())
