"""白鹤镇's development records (examples/development, with examples/roster): ``check`` finds every planted
error and nothing else, and ``report development --year 2026`` is the count worked out by hand below.

The story ends on 2026-10-31; the clerk runs the reports on 1 November (today 2026-11-01).
"""

from __future__ import annotations

import json

import pytest

from tests.helpers.paths import EXAMPLES

FOLDERS = [EXAMPLES / "roster", EXAMPLES / "development"]

# (rule, subject): one record per rule, each one day (or one vote) past its boundary, marked 问题.
PLANTED = {
    ("development-underage", "DV-V02-01"),            # applied 2026-05-09, 18 on 05-10
    ("development-talk-late", "DV-V02-02"),           # applied 01-31, deadline 02-28, talked 03-01
    ("development-assessment-gap", "DV-V03-02"),      # activist 2025-01-31, six months 07-31, assessed 08-01
    ("development-too-soon", "DV-V04-01"),            # activist 2025-02-28, a year 2026-02-28, target 02-27
    ("development-contacts", "DV-V05-02"),            # contact M0119 is 预备
    ("development-introducers", "DV-V01-03"),         # introducer M0014 is 预备
    ("development-training", "DV-V01-04"),            # 23 hours
    ("development-order", "DV-V02-03"),               # committee 05-10 before review 05-12
    ("development-meeting-quorum", "DV-V04-02"),      # 9 of 18 for: exactly half
    ("development-conversion-quorum", "DV-V02-04"),   # 7 of 15 for: not more than half
    ("development-approval-late", "DV-V05-03"),       # assembly 04-30, three months 07-30, approved 07-31
    ("development-conversion-late", "DV-V04-03"),     # probation ends 2025-06-30, deadline 07-30, held 07-31
    ("development-conversion-early", "DV-V01-05"),    # probation ends 2025-05-31, held 05-30
    ("development-extension", "DV-V03-03"),           # extended 5 months
    ("development-roster-mismatch", "DV-V01-06"),     # member M0125 is not on the roster
    ("development-stalled", "DV-V05-04"),             # last step 2025-10-30: twelve months ran out 10-30
}


@pytest.fixture
def baihe(cli, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", "2026-11-01")
    result = cli("import", *FOLDERS)
    assert result.exit_code == 0, result.output
    return cli


def test_check_finds_every_planted_error_and_nothing_else(baihe):
    result = baihe("check", "--as-of", "2026-10-31", "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    found = [(f["rule"], f["subject"]) for f in findings if f["rule"].startswith("development-")]
    assert len(found) == len(set(found)) and set(found) == PLANTED


def test_the_readme_lists_the_planted_errors():
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for rule, subject in PLANTED:
        assert f"`{rule}`" in text and f"`{subject}`" in text, (rule, subject)
    marked = (EXAMPLES / "development" / "development.yaml").read_text(encoding="utf-8").count("# 问题")
    assert marked == len(PLANTED)


def _sources(**counts) -> dict:
    names = ("优秀农民工", "致富能手", "后备力量", "新乡贤", "农二代", "创客", "退役军人", "大学毕业生", "其他")
    return {name: counts.get(name, 0) for name in names}


def test_report_2026_is_the_hand_worked_count(baihe):
    # Judged on 2026-11-01 (today; the year is not over).  Per village:
    # V01 柳塘村: targets DV-V01-03 (its assembly of 09-20 not yet approved); probationary and admitted in
    #   2026: DV-V01-01 (男 23, 大专, 农二代), DV-V01-02 (男 23, 高中, 优秀农民工), DV-V01-04 (女 34 on
    #   10-20, 初中及以下, 致富能手); converted: DV-V01-07 (04-10, after a 6-month extension).
    #   Shares of 3: under 35 3/3 = 1.0, women 1/3 = 0.3333, 高中+ 2/3 = 0.6667.
    # V02 石桥村: applicants DV-V02-01, DV-V02-02; target DV-V02-03; DV-V02-04 converted in 2025.
    # V03 青杠村: activist DV-V03-02; admitted DV-V03-01 (女 26, 本科, 大学毕业生); stopped DV-V03-04 (04-01).
    # V04 金竹村: activist DV-V04-04; target DV-V04-01; admitted DV-V04-02 (女 31, 大专, 后备力量).
    # V05 白鹤社区: applicant DV-V05-04; activist DV-V05-02; admitted DV-V05-01 (男 27, 中专, 退役军人) and
    #   DV-V05-03 (男 47, 本科, 新乡贤): under 35 1/2, women 0/2, 高中+ 2/2.
    report = json.loads(baihe("report", "development", "--year", "2026", "--format", "json").stdout)
    assert report["as_of"] == "2026-11-01"
    rows = {v["code"]: v for v in report["villages"]}

    def counts(row):
        return tuple(row[k] for k in ("applicants", "activists", "targets", "probationary", "admitted", "converted",
                                      "stopped"))

    assert {code: counts(row) for code, row in rows.items()} == {
        "V01": (0, 0, 1, 3, 3, 1, 0), "V02": (2, 0, 1, 0, 0, 0, 0), "V03": (0, 1, 0, 1, 1, 0, 1),
        "V04": (0, 1, 1, 1, 1, 0, 0), "V05": (1, 1, 0, 2, 2, 0, 0)}
    assert (rows["V01"]["share_under_35"], rows["V01"]["share_women"], rows["V01"]["share_high_school_plus"]) == (
        1.0, 0.3333, 0.6667)
    assert rows["V02"]["share_women"] is None  # none admitted
    assert (rows["V05"]["share_under_35"], rows["V05"]["share_women"], rows["V05"]["share_high_school_plus"]) == (
        0.5, 0.0, 1.0)
    # The township: 3 applicants, 3 activists, 3 targets, 7 probationary = 7 admitted, 1 converted, 1 stopped;
    # of the 7 admitted, 6 under 35 (all but DV-V05-03) = 0.8571, 3 women (DV-V01-04, DV-V03-01, DV-V04-02)
    # = 0.4286, 6 with 高中 or above (all but DV-V01-04) = 0.8571; one from each of seven sources.
    assert report["total"] == {
        "applicants": 3, "activists": 3, "targets": 3, "probationary": 7, "admitted": 7, "converted": 1,
        "stopped": 1, "by_source": _sources(优秀农民工=1, 致富能手=1, 后备力量=1, 新乡贤=1, 农二代=1, 退役军人=1,
                                            大学毕业生=1),
        "share_under_35": 0.8571, "share_women": 0.4286, "share_high_school_plus": 0.8571}
