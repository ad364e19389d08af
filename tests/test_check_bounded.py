"""``run_checks(per_rule=N)``: every finding counted, the first N of each rule kept, in check's order;
the liaison coverage taken from ``household-unlinked``'s count; every rule's short name in zh and en.

The database is the example township (``examples/``, the golden outputs' ledger): 44 findings of
38 rules, household-unlinked the largest with 3 (tests/data/golden/expected/check-2026-10-31.zh.json).
"""

from __future__ import annotations

import pytest

from village_gov.core.checks import CheckOptions, liaison_coverage, load_rules, run_checks


def options(township: str | None = None) -> CheckOptions:
    from village_gov.ledgers.procedures.checks import procedure_options

    return CheckOptions(as_of="2026-10-31", township=township, ledgers={"procedures": procedure_options("2026-10-31")})


def first_of_each_rule(findings: list, n: int) -> list:
    kept, seen = [], {}
    for finding in findings:
        seen[finding.rule] = seen.get(finding.rule, 0) + 1
        if seen[finding.rule] <= n:
            kept.append(finding)
    return kept


def test_a_bound_keeps_the_first_findings_of_each_rule_and_counts_them_all(example_db):
    full = run_checks(example_db, options())
    assert len(full.findings) == 44 and full.left_out == 0  # the golden check JSON: 27 + 16 + 1
    for n in (1, 2, 3):
        bounded = run_checks(example_db, options(), per_rule=n)
        assert bounded.findings == first_of_each_rule(full.findings, n)
        assert bounded.counts == full.counts
        assert (bounded.errors, bounded.warnings, bounded.infos) == (27, 16, 1)
        assert bounded.as_dict()["summary"] == full.as_dict()["summary"]
        assert bounded.left_out == 44 - len(bounded.findings)
    # household-unlinked has 3 (the largest): n = 1 leaves 2 of it out; four rules have 2, each 1 out.
    one = run_checks(example_db, options(), per_rule=1)
    assert one.counts["household-unlinked"] == 3
    assert one.left_out == 2 + 4 * 1  # household-unlinked 3 → 1; four rules with 2 → 1 each
    assert run_checks(example_db, options(), per_rule=3).findings == full.findings


def test_every_rule_is_counted_even_with_no_finding(example_db):
    report = run_checks(example_db, options(), per_rule=1)
    assert set(report.counts) == {r.id for r in load_rules()}
    assert sum(report.counts.values()) == 44
    assert report.counts["duplicate-id-number"] == 0


@pytest.mark.parametrize("township", [None, "T01", "T99"])
def test_coverage_from_the_unlinked_count_is_the_coverage_query(example_db, township):
    # Archive a member who liaises (its households may become unlinked) and a household: the two
    # ways must agree on what is linked and what counts.
    example_db.execute("UPDATE members SET archived = 1 WHERE code = (SELECT member FROM liaisons LIMIT 1)")
    example_db.execute("UPDATE households SET archived = 1 WHERE code = (SELECT code FROM households LIMIT 1)")
    judged = options(township)
    unlinked = next(r for r in load_rules() if r.id == "household-unlinked")
    count = sum(1 for _ in unlinked.function(example_db, judged))
    assert liaison_coverage(example_db, judged, count) == liaison_coverage(example_db, judged)
    assert run_checks(example_db, judged).summary == liaison_coverage(example_db, judged)


def test_every_rule_has_a_short_name_in_both_languages():
    from village_gov.core import i18n

    i18n.t("file.missing", file="")  # the catalog loaded
    names = {}
    for r in load_rules():
        assert r.label and r.label in i18n.CATALOG, r.id
        names[r.id] = i18n.CATALOG[r.label]
    assert len(set(names.values())) == len(names)  # no two rules share a name
