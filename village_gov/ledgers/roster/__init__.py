"""The roster and ledger input formats: record models, sections and validation."""

from village_gov.core.ledger import Ledger, Report

LEDGER = Ledger(
    name="roster",
    sections="village_gov.ledgers.roster.sections:SECTIONS",
    import_rules=("village_gov.ledgers.roster.rules", "village_gov.ledgers.roster.duplicate_rules"),
    check_rules=("village_gov.ledgers.roster.checks", "village_gov.ledgers.roster.duplicate_checks"),
    check_options="village_gov.ledgers.roster.checks:RosterCheckOptions",
    reports=(Report("reform", "village_gov.reports.reform:reform_table",
                    export="village_gov.reports.reform:export_part",
                    sheet="village_gov.render.document:reform_sheet", sheet_order=30),),
    dump_hooks=("village_gov.ledgers.roster.dump",),
    messages="village_gov.ledgers.roster.messages:MESSAGES",
    migrations="village_gov.ledgers.roster.migrations:MIGRATIONS",
)
