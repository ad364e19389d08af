"""``village-gov check``: run the rules over the stored ledger."""

from typing import Annotated

import typer

from village_gov.cli.common import open_database
from village_gov.cli.options import (
    AsOfCheckOption,
    CadenceOption,
    LimitOption,
    NameDistanceOption,
    ReportFormatOption,
    ReportOutputOption,
    SelfGovernanceOption,
    StampOption,
    TownshipOption,
    UnmaskOption,
)
from village_gov.cli.report_runner import run_report
from village_gov.core.errors import EXIT_FINDINGS


def check(
    fmt: ReportFormatOption = "table",
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    rule: Annotated[list[str] | None, typer.Option("--rule", help="Run only this rule (repeatable).")] = None,
    township: TownshipOption = None,
    min_branch_members: Annotated[
        int, typer.Option(min=0, help="branch-too-small: fewest full members of a party branch (党支部).")
    ] = 3,
    max_branch_members: Annotated[
        int, typer.Option(min=0, help="org-level-mismatch: most members of a party branch (党支部).")
    ] = 50,
    max_households: Annotated[int, typer.Option(min=0, help="member-overloaded: most households per member.")] = 10,
    name_distance: NameDistanceOption = 1,
    as_of: AsOfCheckOption = None,
    stalled_days: Annotated[int, typer.Option(help="decision-stalled: days without a step.")] = 30,
    publish_days: Annotated[int, typer.Option(help="decision-unpublished: days to publish a resolution.")] = 7,
    cadence: CadenceOption = None,
    unused_days: Annotated[int, typer.Option(min=1, help="position-unused: days without any event.")] = 90,
    self_governance: SelfGovernanceOption = None,
    visit_months: Annotated[int, typer.Option(min=1, help="link-without-visit: months without a visit.")] = 3,
    meeting_months: Annotated[
        int, typer.Option(min=1, help="mentor-without-meeting: months without a meeting.")] = 3,
    new_secretary_months: Annotated[
        int, typer.Option(min=1, help="new-secretary-without-mentor: months a secretary counts as new.")] = 24,
    min_reserves: Annotated[int, typer.Option(min=0, help="reserves-too-few: fewest reserve cadres.")] = 2,
    limit: LimitOption = 200,
    output: ReportOutputOption = None,
    stamp: StampOption = False,
    unmask: UnmaskOption = False,
) -> None:
    """Check the ledger against the rules; exit 1 if any finding is an error.

    Each finding has a stable rule id, a severity, the subject's code and a message.
    """
    from village_gov.core.checks import CheckOptions, run_checks
    from village_gov.render.checks import print_check_report

    _refuse_unknown_rules(rule)
    from village_gov.core.periods import parse_as_of
    from village_gov.ledgers.cadres.options import CadreCheckOptions
    from village_gov.ledgers.micros.options import micros_options
    from village_gov.ledgers.procedures.checks import procedure_options
    from village_gov.ledgers.roster.checks import RosterCheckOptions

    as_of = parse_as_of(as_of)
    options = CheckOptions(township=township, as_of=as_of, ledgers={
        "roster": RosterCheckOptions(min_branch_members, max_branch_members, max_households,
                                     name_distance=name_distance, unmask=unmask),
        "procedures": procedure_options(as_of, stalled_days, publish_days, cadence),
        "micros": micros_options(unused_days, self_governance),
        "cadre": CadreCheckOptions(visit_months, meeting_months, new_secretary_months, min_reserves)})
    db = open_database(township=township, read_only=True)
    report = run_checks(db, options, only=rule)
    if unmask:  # the full ID numbers are about to be shown: say so in the audit trail first
        _record_unmask(len(report.findings))
    run_report(db, fmt, output, township=township, period=as_of or "", stamp=stamp,
               sheet=lambda: _sheet(report, as_of),
               show=lambda: print_check_report(report, fmt, limit=limit))
    if report.errors or (strict and report.warnings):
        raise typer.Exit(EXIT_FINDINGS)


def _sheet(report, as_of: str | None):
    from village_gov.render.check_sheet import check_sheet

    return check_sheet(report.as_dict(), as_of)


def _refuse_unknown_rules(rule: list[str] | None) -> None:
    from village_gov.core.checks import rule_ids
    from village_gov.core.errors import InputError

    unknown = [r for r in rule or [] if r not in rule_ids()]
    if unknown:
        raise InputError("check.unknown_rule", rule=", ".join(unknown), rules=", ".join(rule_ids()))


def _record_unmask(findings: int) -> None:
    from village_gov.cli.common import command_line
    from village_gov.trail import audit

    audit.record_unmask(open_database(), command_line(), "check", findings)
