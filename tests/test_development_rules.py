"""Each development rule trips exactly at its boundary and not a day (or one vote) inside it.

Every test imports records on both sides of one boundary and runs ``check --rule`` for that rule only;
the expected subjects are worked out by hand in the comments.  "N months after D" is the same day N
months later, or that month's last day (2024-01-31 + 1 month = 2024-02-29).  Today is 2026-11-15.
"""

from __future__ import annotations

import json

from tests.helpers.development import applicant, clean, d, load, subjects


def test_the_clean_record_breaks_no_rule(cli, pinned_today, tmp_path):
    load(cli, tmp_path, [clean("C1")])
    result = cli("--lang", "en", "check", "--format", "json")
    assert [f for f in json.loads(result.stdout)["findings"] if f["rule"].startswith("development-")] == []


def test_underage_at_the_eighteenth_birthday(cli, pinned_today, tmp_path):
    load(cli, tmp_path, [
        applicant("U1", "2024-03-15", born=d("2006-03-15")),   # 18 that very day: passes
        applicant("U2", "2024-03-14", born=d("2006-03-15")),   # one day short: trips
        applicant("U3", "2022-02-28", born=d("2004-02-29")),   # born on 02-29: 18 on 2022-02-28, passes
        applicant("U4", "2022-02-27", born=d("2004-02-29")),   # the day before: trips
    ])
    found = subjects(cli, "development-underage")
    assert sorted(found) == ["U2", "U4"]
    assert found["U4"] == [{"born": "2004-02-29", "applied": "2022-02-27", "adult": "2022-02-28"}]


def test_talk_within_one_month_month_end_and_missing(cli, pinned_today, tmp_path):
    load(cli, tmp_path, [
        applicant("T1", "2024-01-31", talked=d("2024-02-29")),  # 01-31 + 1 month = 02-29: passes
        applicant("T2", "2024-01-31", talked=d("2024-03-01")),  # a day later: trips
        applicant("T3", "2026-10-15"),                          # deadline 11-15 = today: not yet late
        applicant("T4", "2026-10-14"),                          # deadline 11-14 < today: trips (no talk)
        # Stopped before the deadline: never late.
        applicant("T5", "2026-09-01", stopped={"date": d("2026-09-20"), "reason": "本人申请"}),
    ])
    found = subjects(cli, "development-talk-late")
    assert sorted(found) == ["T2", "T4"]
    assert found["T4"][0]["deadline"] == "2026-11-14" and found["T4"][0]["date"] is None


def test_assessment_gap_of_six_months(cli, pinned_today, tmp_path):
    base = {"talked": d("2024-01-01")}
    load(cli, tmp_path, [
        # 2024-01-31 → 07-31 (+6 months exactly) → 2025-01-31 (+6): passes.
        applicant("A1", "2023-12-01", **base, activist=d("2024-01-31"), assessments=[d("2024-07-31")],
                  target=d("2025-01-31")),
        # 2024-01-31 → 08-01: a day past 07-31, trips once (08-01 → 2025-01-31 is under 6 months).
        applicant("A2", "2023-12-01", **base, activist=d("2024-01-31"), assessments=[d("2024-08-01")],
                  target=d("2025-01-31")),
        # Still an activist, judged today: 2026-05-15 + 6 months = 11-15 = today: passes.
        applicant("A3", "2023-12-01", **base, activist=d("2026-05-15")),
        # 2026-05-14 + 6 = 11-14 < today: trips.
        applicant("A4", "2023-12-01", **base, activist=d("2026-05-14")),
        # Month end: 2023-08-31 + 6 months = 2024-02-29 (assessed that day: passes); 02-29 + 6 = 08-29
        # (assessed: passes); 08-29 + 6 = 2025-02-28 (the target: passes).
        applicant("A5", "2023-08-01", **base, activist=d("2023-08-31"),
                  assessments=[d("2024-02-29"), d("2024-08-29")], target=d("2025-02-28")),
        # 2023-08-31 → 2024-03-01: a day past 02-29, trips.
        applicant("A6", "2023-08-01", **base, activist=d("2023-08-31"),
                  assessments=[d("2024-03-01"), d("2024-08-29")], target=d("2025-02-28")),
    ])
    found = subjects(cli, "development-assessment-gap")
    assert sorted(found) == ["A2", "A4", "A6"]
    assert found["A2"] == [{"from": "2024-01-31", "to": "2024-08-01", "months": 6}]
    assert found["A4"] == [{"from": "2026-05-14", "to": "2026-11-15", "months": 6}]
    assert found["A6"] == [{"from": "2023-08-31", "to": "2024-03-01", "months": 6}]


def test_target_a_year_after_activist(cli, pinned_today, tmp_path):
    load(cli, tmp_path, [
        clean("S1", activist=d("2024-02-29"), target=d("2025-02-28"), assessments=[d("2024-08-29")]),  # passes
        clean("S2", activist=d("2024-02-29"), target=d("2025-02-27"), assessments=[d("2024-08-29")]),  # trips
    ])
    assert subjects(cli, "development-too-soon") == {
        "S2": [{"activist": "2024-02-29", "target": "2025-02-27", "earliest": "2025-02-28"}]}


def test_contacts_one_or_two_full_members(cli, pinned_today, tmp_path):
    load(cli, tmp_path, [
        clean("K1", contacts=["M2"]),              # one: passes
        clean("K2", contacts=["M2", "M3"]),        # two: passes
        clean("K3", contacts=None),                # none: trips
        clean("K4", contacts=["M2", "M3", "M5"]),  # three: trips
        clean("K5", contacts=["M2", "M4"]),        # M4 is 预备: trips
        clean("K6", contacts=["M2", "M9"]),        # M9 is not on the roster: trips
        applicant("K7", "2026-11-01"),             # not an activist yet: no contacts needed
    ])
    found = subjects(cli, "development-contacts")
    assert {code: params[0] for code, params in found.items()} == {
        "K3": {"count": 0, "not_full": ""}, "K4": {"count": 3, "not_full": ""},
        "K5": {"count": 2, "not_full": "M4"}, "K6": {"count": 2, "not_full": "M9"}}


def test_introducers_exactly_two_distinct_full_members(cli, pinned_today, tmp_path):
    load(cli, tmp_path, [
        clean("I1"),                                 # M2, M3: passes
        clean("I2", introducers=["M2"]),             # one: trips
        clean("I3", introducers=["M2", "M2"]),       # the same twice: one person, trips
        clean("I4", introducers=["M2", "M3", "M5"]),  # three: trips
        clean("I5", introducers=["M2", "M4"]),       # M4 is 预备: trips
        # No branch assembly yet: no introducers needed.
        clean("I6", introducers=None, meeting=None, approved=None, sworn=None, conversion_meeting=None,
              conversion_approved=None, member=None),
    ])
    found = subjects(cli, "development-introducers")
    assert {code: params[0]["count"] for code, params in found.items()} == {"I2": 1, "I3": 1, "I4": 3, "I5": 2}


def test_training_of_24_hours_before_the_assembly(cli, pinned_today, tmp_path):
    load(cli, tmp_path, [
        clean("H1", training_hours=24),   # passes
        clean("H2", training_hours=23),   # one hour short: trips
        clean("H3", training_hours=None),  # none recorded: trips as 0
        clean("H4", training_hours=None, meeting=None, approved=None, sworn=None, conversion_meeting=None,
              conversion_approved=None, member=None),  # no assembly yet: passes
    ])
    assert subjects(cli, "development-training") == {"H2": [{"hours": 23, "min": 24}],
                                                     "H3": [{"hours": 0, "min": 24}]}


def test_order_same_day_passes_a_day_before_trips_and_no_future_date(cli, pinned_today, tmp_path):
    load(cli, tmp_path, [
        applicant("O1", "2024-01-01", talked=d("2024-01-01")),   # same day: passes
        applicant("O2", "2024-01-01", talked=d("2023-12-31")),   # a day before: trips
        # The conversion approved a day before its meeting: trips (the conversion chain).
        clean("O3", conversion_approved=d("2026-04-09")),
        # A missing stage is skipped: talked compared with applied, activist with talked.
        applicant("O4", "2024-01-01", activist=d("2024-02-01")),
        applicant("O5", "2026-11-15"),                           # today: passes
        applicant("O6", "2026-11-16"),                           # tomorrow: trips
    ])
    found = subjects(cli, "development-order")
    assert sorted(found) == ["O2", "O3", "O6"]
    assert found["O2"][0]["stage"] == "talked" and found["O2"][0]["previous"] == "applied"
    assert found["O3"][0]["stage"] == "conversion_approved" and found["O3"][0]["previous"] == "conversion_meeting"
    assert found["O6"] == [{"stage": "applied", "stage_label": "application", "date": "2026-11-16",
                            "today": "2026-11-15"}]


def test_meeting_quorum_more_than_half_present_and_approving(cli, pinned_today, tmp_path):
    def meeting(voting, present, approve):
        return {"date": d("2025-04-01"), "voting": voting, "present": present, "approve": approve}

    load(cli, tmp_path, [
        clean("Q1", meeting=meeting(20, 11, 11)),  # 22 > 20 twice: passes
        clean("Q2", meeting=meeting(20, 10, 10)),  # exactly half present (and approving): trips twice
        clean("Q3", meeting=meeting(20, 12, 10)),  # present passes, half approving trips
        clean("Q4", meeting=meeting(21, 11, 11)),  # 22 > 21: passes
        clean("Q5", meeting=meeting(21, 10, 10)),  # 20 ≤ 21: trips twice
    ])
    found = subjects(cli, "development-meeting-quorum")
    assert {code: [(p["present"], p["approve"], p["needed"]) for p in params] for code, params in found.items()} == {
        "Q2": [(10, 10, 11), (10, 10, 11)], "Q3": [(12, 10, 11)], "Q5": [(10, 10, 11), (10, 10, 11)]}


def test_conversion_quorum_is_the_same_arithmetic(cli, pinned_today, tmp_path):
    def conversion(voting, present, approve):
        return {"date": d("2026-04-10"), "voting": voting, "present": present, "approve": approve}

    load(cli, tmp_path, [clean("V1", conversion_meeting=conversion(20, 11, 11)),
                         clean("V2", conversion_meeting=conversion(20, 11, 10))])
    assert list(subjects(cli, "development-conversion-quorum")) == ["V2"]


def test_approval_within_three_months(cli, pinned_today, tmp_path):
    def at(day):
        return {"date": d(day), "voting": 20, "present": 11, "approve": 11}

    load(cli, tmp_path, [
        # 2024-11-30 + 3 months = 2025-02-28.
        clean("P1", meeting=at("2024-11-30"), approved=d("2025-02-28"), sworn=None, conversion_meeting=None,
              conversion_approved=None, member=None),
        clean("P2", meeting=at("2024-11-30"), approved=d("2025-03-01"), sworn=None, conversion_meeting=None,
              conversion_approved=None, member=None),
        # Not approved yet: 2026-08-15 + 3 = 11-15 = today, passes; 08-14 + 3 = 11-14, trips.
        clean("P3", meeting=at("2026-08-15"), approved=None, sworn=None, conversion_meeting=None,
              conversion_approved=None, member=None),
        clean("P4", meeting=at("2026-08-14"), approved=None, sworn=None, conversion_meeting=None,
              conversion_approved=None, member=None),
    ])
    found = subjects(cli, "development-approval-late")
    assert sorted(found) == ["P2", "P4"]
    assert found["P2"][0]["deadline"] == "2025-02-28" and found["P4"][0]["deadline"] == "2026-11-14"


def _probation(code, meeting, approved, conversion=None, extension=0):
    return clean(code, meeting={"date": d(meeting), "voting": 20, "present": 11, "approve": 11},
                 approved=d(approved), sworn=None, extension_months=extension,
                 conversion_meeting=None if conversion is None else {
                     "date": d(conversion), "voting": 20, "present": 11, "approve": 11},
                 conversion_approved=None, member=None)


def test_conversion_within_a_month_of_the_probations_end(cli, pinned_today, tmp_path):
    load(cli, tmp_path, [
        # Probation 2024-01-31 → 2025-01-31; a month later is 2025-02-28.
        _probation("C1", "2024-01-31", "2024-02-15", "2025-02-28"),  # passes
        _probation("C2", "2024-01-31", "2024-02-15", "2025-03-01"),  # trips
        # No conversion yet: ends 2026-10-15, deadline 11-15 = today passes; a day earlier trips.
        _probation("C3", "2025-10-15", "2025-11-01"),
        _probation("C4", "2025-10-14", "2025-11-01"),
        # Extended 6 months: 2024-08-31 + 18 = 2026-02-28, deadline 03-28.
        _probation("C5", "2024-08-31", "2024-09-10", "2026-03-28", extension=6),  # passes
        _probation("C6", "2024-08-31", "2024-09-10", "2026-03-29", extension=6),  # trips
    ])
    found = subjects(cli, "development-conversion-late")
    assert sorted(found) == ["C2", "C4", "C6"]
    assert (found["C6"][0]["end"], found["C6"][0]["deadline"]) == ("2026-02-28", "2026-03-28")


def test_conversion_not_before_the_probations_end(cli, pinned_today, tmp_path):
    load(cli, tmp_path, [
        _probation("E1", "2024-01-31", "2024-02-15", "2025-01-31"),  # the end itself: passes
        _probation("E2", "2024-01-31", "2024-02-15", "2025-01-30"),  # a day before: trips
    ])
    assert subjects(cli, "development-conversion-early") == {
        "E2": [{"meeting": "2024-01-31", "extension": 0, "end": "2025-01-31", "date": "2025-01-30"}]}


def test_extension_none_or_six_to_twelve_months(cli, pinned_today, tmp_path):
    load(cli, tmp_path, [clean(f"X{m}", extension_months=m) for m in (0, 5, 6, 12, 13)])
    assert sorted(subjects(cli, "development-extension")) == ["X13", "X5"]


def test_roster_status_matches_the_conversion(cli, pinned_today, tmp_path):
    load(cli, tmp_path, [
        clean("R1"),                                       # M5 正式, conversion approved: passes
        clean("R2", conversion_approved=None),             # M5 正式 but not converted: trips
        clean("R3", member="M4", conversion_approved=None),  # M4 预备, not converted: passes
        clean("R4", member="M4"),                          # M4 预备 after conversion: trips
        clean("R5", member="M9"),                          # not on the roster: trips
    ])
    found = subjects(cli, "development-roster-mismatch")
    assert {code: (p[0]["member"], p[0]["status"]) for code, p in found.items()} == {
        "R2": ("M5", "正式"), "R4": ("M4", "预备"), "R5": ("M9", "")}


def test_stalled_after_twelve_months_without_a_step(cli, pinned_today, tmp_path):
    load(cli, tmp_path, [
        applicant("W1", "2025-11-15"),   # + 12 months = today: passes
        applicant("W2", "2025-11-14"),   # trips (a warning)
        applicant("W3", "2024-01-01", stopped={"date": d("2024-06-01")}),  # stopped: never stalled
        clean("W4"),                     # converted: finished
    ])
    result = cli("--lang", "en", "check", "--format", "json", "--rule", "development-stalled")
    findings = json.loads(result.stdout)["findings"]
    assert [(f["subject"], f["severity"]) for f in findings] == [("W2", "warning")]
    assert result.exit_code == 0  # a warning alone does not fail check


def test_as_of_judges_the_records_as_they_stood(cli, pinned_today, tmp_path):
    # On 2024-02-20 the talk of 2024-02-25 had not happened: applied 01-10, deadline 02-10, so it is
    # missing then; the dates after that day are not "in the future" of a past day either.
    load(cli, tmp_path, [applicant("J1", "2024-01-10", talked=d("2024-02-25"))])
    assert subjects(cli, "development-talk-late", "--as-of", "2024-02-20")["J1"][0]["date"] is None
    assert subjects(cli, "development-talk-late")["J1"][0]["date"] == "2024-02-25"


def test_a_county_file_finds_the_members_named_in_lists(cli, pinned_today, tmp_path):
    # merge qualifies coded columns (T1/V1, T1/M2) but not codes inside JSON lists or plain columns: the
    # rules look a record's contacts, introducers and member up in its own township.  The clean record
    # (M2, M3, M5: full members) breaks no rule in the county file either; K1's contact M4 (预备) still does.
    load(cli, tmp_path, [clean("C1"), clean("K1", contacts=["M2", "M4"])])
    county = tmp_path / "county.db"
    assert cli("merge", tmp_path / "test.db", "--into", county).exit_code == 0
    for rule in ("development-contacts", "development-introducers", "development-roster-mismatch"):
        expected = {"K1"} if rule == "development-contacts" else set()
        assert set(subjects(cli, rule)) == expected, rule
        result = cli("--db", county, "--lang", "en", "check", "--format", "json", "--rule", rule)
        assert {f["subject"] for f in json.loads(result.stdout)["findings"]} == {f"T1/{c}" for c in expected}, rule
