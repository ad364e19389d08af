"""``report development``, the four monthly columns and the sheet in ``export``, counted by hand.

Today is 2026-11-15.  The records (SMALL_ROSTER: V1 百家池村, V2 青龙村):

- F1 (V1): the clean record: admitted 2025-06-20, conversion approved 2026-05-01.
- A1 (V1): applied 2026-03-01, talked 03-10: an applicant.
- P1 (V1): woman, born 1995-01-01, 高中, 新乡贤; assembly 2026-06-01, admitted 2026-07-01 (aged 31).
- T1 (V2): activist 2024-02-01, a target since 2025-03-01 (never assessed, no contacts).
- K1 (V2): applied 2025-06-01, activist 2025-09-01 (never assessed, no contacts).
- P2 (V2): man, born 1980-01-01, 初中及以下, 致富能手; assembly 2026-02-01, admitted 2026-03-01 (aged 46).
- S1 (V2): applied 2025-05-01, never talked to, stopped 2026-02-01.
- S0 (V2): applied 2024-05-01, never talked to, stopped 2025-01-01.
- F0 (V1): applied 2026-12-01, after today: not counted anywhere yet.
"""

from __future__ import annotations

import json

from tests.helpers.development import applicant, clean, d, load

V2 = {"village": "V2", "org": "P4"}
NOT_ADMITTED = {"sworn": None, "conversion_meeting": None, "conversion_approved": None, "member": None}


def _records() -> list[dict]:
    return [
        clean("F1"),
        applicant("A1", "2026-03-01", talked=d("2026-03-10")),
        clean("P1", born=d("1995-01-01"), source="新乡贤",
              meeting={"date": d("2026-06-01"), "voting": 20, "present": 11, "approve": 11},
              approved=d("2026-07-01"), **NOT_ADMITTED),
        applicant("T1", "2024-01-01", **V2, gender="男", talked=d("2024-01-10"), activist=d("2024-02-01"),
                  target=d("2025-03-01")),
        applicant("K1", "2025-06-01", **V2, talked=d("2025-06-10"), activist=d("2025-09-01")),
        clean("P2", **V2, gender="男", born=d("1980-01-01"), education="初中及以下",
              meeting={"date": d("2026-02-01"), "voting": 20, "present": 11, "approve": 11},
              approved=d("2026-03-01"), **NOT_ADMITTED),
        applicant("S1", "2025-05-01", **V2, stopped={"date": d("2026-02-01"), "reason": "本人申请"}),
        applicant("S0", "2024-05-01", **V2, stopped={"date": d("2025-01-01")}),
        applicant("F0", "2026-12-01"),
    ]


def _sources(**counts) -> dict:
    sources = ("优秀农民工", "致富能手", "后备力量", "新乡贤", "农二代", "创客", "退役军人", "大学毕业生", "其他")
    return {s: counts.get(s, 0) for s in sources}


def test_report_2026_is_the_hand_count(cli, pinned_today, tmp_path):
    load(cli, tmp_path, _records())
    result = cli("report", "development", "--year", "2026", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["as_of"] == "2026-11-15"  # the year is not over: judged today
    # V1: applicant A1; probationary P1 (admitted 07-01, a woman of 31 with 高中); F1 converted 05-01.
    v1 = {"code": "V1", "name": "百家池村", "applicants": 1, "activists": 0, "targets": 0, "probationary": 1,
          "admitted": 1, "converted": 1, "stopped": 0, "by_source": _sources(新乡贤=1),
          "share_under_35": 1.0, "share_women": 1.0, "share_high_school_plus": 1.0}
    # V2: activist K1, target T1, probationary P2 (admitted 03-01, a man of 46, 初中及以下), S1 stopped
    # this year (S0 stopped in 2025 is not counted).
    v2 = {"code": "V2", "name": "青龙村", "applicants": 0, "activists": 1, "targets": 1, "probationary": 1,
          "admitted": 1, "converted": 0, "stopped": 1, "by_source": _sources(致富能手=1),
          "share_under_35": 0.0, "share_women": 0.0, "share_high_school_plus": 0.0}
    assert report["villages"] == [v1, v2]
    # The township: shares of the 2 admitted (P1 yes, P2 no on each count) = 0.5, from the summed counts.
    assert report["total"] == {"applicants": 1, "activists": 1, "targets": 1, "probationary": 2, "admitted": 2,
                               "converted": 1, "stopped": 1, "by_source": _sources(新乡贤=1, 致富能手=1),
                               "share_under_35": 0.5, "share_women": 0.5, "share_high_school_plus": 0.5}


def test_a_year_without_admissions_has_null_shares_and_earlier_years_are_judged_at_their_end(
        cli, pinned_today, tmp_path):
    load(cli, tmp_path, _records())
    report = json.loads(cli("report", "development", "--year", "2025", "--format", "json").stdout)
    assert report["as_of"] == "2025-12-31"
    # At 2025-12-31: F1 probationary (admitted 2025-06-20); P1 and P2 targets (since 2025-03-01); T1 a
    # target; K1 an activist; S1 an applicant; S0 stopped in 2025.  Admitted in 2025: F1 only.
    total = report["total"]
    assert (total["applicants"], total["activists"], total["targets"], total["probationary"], total["admitted"],
            total["stopped"]) == (1, 1, 3, 1, 1, 1)
    empty = json.loads(cli("report", "development", "--year", "2023", "--format", "json").stdout)["total"]
    assert empty["admitted"] == 0 and empty["share_under_35"] is None and empty["share_women"] is None


def test_every_screen_format(cli, pinned_today, tmp_path):
    load(cli, tmp_path, _records())
    table = cli("--lang", "zh", "report", "development", "--year", "2026")
    assert table.exit_code == 0 and "2026 年发展党员" in table.output and "50.0%" in table.output
    markdown = cli("--lang", "en", "report", "development", "--year", "2026", "--format", "markdown").stdout
    assert "| 百家池村 |" in markdown and "Sources of the members admitted in 2026" in markdown
    csv = cli("report", "development", "--year", "2026", "--format", "csv").stdout.splitlines()
    assert csv[0].startswith("code,name,applicants,activists,targets,probationary,admitted,converted,stopped,")
    assert csv[-1].startswith("total,合计,1,1,1,2,2,1,1,0.5,0.5,0.5,")
    book = tmp_path / "dev.xlsx"
    assert cli("report", "development", "--year", "2026", "--format", "xlsx", "--output", book).exit_code == 0


def test_the_four_monthly_columns(cli, pinned_today, tmp_path):
    load(cli, tmp_path, _records())

    def month(text):
        report = json.loads(cli("report", "monthly", "--month", text, "--format", "json").stdout)
        keys = ("development_applied", "development_admitted", "development_converted", "development_overdue")
        return {v["code"]: tuple(v[k] for k in keys) for v in report["villages"]}

    # March: A1 applied (V1); P2 admitted (V2).  May: F1 converted (V1).  July: P1 admitted (V1).
    assert month("2026-03")["V1"][:3] == (1, 0, 0) and month("2026-03")["V2"][:3] == (0, 1, 0)
    assert month("2026-05")["V1"][:3] == (0, 0, 1) and month("2026-07")["V1"][:3] == (0, 1, 0)
    # Overdue at 2026-05-31, on the records as they stood: in V2, T1 and K1 were never assessed within six
    # months nor given contacts; S1 and S0 were never talked to within a month.  V1's are in time (P1's
    # assembly of 06-01 had not happened; F0 had not applied).
    assert month("2026-05")["V1"][3] == 0 and month("2026-05")["V2"][3] == 4


def test_the_sheet_in_export_only_with_records(cli, pinned_today, tmp_path, write_yaml):
    import openpyxl

    load(cli, tmp_path, _records())
    book = tmp_path / "month.xlsx"
    assert cli("--lang", "zh", "export", "--month", "2026-10", "--output", book).exit_code == 0
    workbook = openpyxl.load_workbook(book)
    assert "发展党员" in workbook.sheetnames
    assert workbook.sheetnames.index("发展党员") < workbook.sheetnames.index("检查")
    rows = [r for r in workbook["发展党员"].iter_rows(values_only=True) if any(v is not None for v in r)]
    assert rows[0][0] == "2026 年发展党员（截至 2026-10-31）"
    empty = tmp_path / "empty.db"
    assert cli("--db", empty, "import", tmp_path / "roster.yaml").exit_code == 0
    other = tmp_path / "other.xlsx"
    assert cli("--db", empty, "export", "--month", "2026-10", "--output", other).exit_code == 0
    assert "发展党员" not in openpyxl.load_workbook(other).sheetnames
