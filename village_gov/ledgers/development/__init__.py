"""Party-member development (发展党员): one record per person through the procedure's five stages,
checked against the time rules of 《中国共产党发展党员工作细则》."""

from village_gov.core.ledger import Ledger, Report

LEDGER = Ledger(
    name="development",
    sections="village_gov.ledgers.development.sections:SECTIONS",
    import_rules=("village_gov.ledgers.development.rules",),
    check_rules=("village_gov.ledgers.development.checks",),
    # ``check`` lists these rules after the procedures' (order 200).
    check_rules_order=300,
    check_options="village_gov.ledgers.development.options:DevelopmentCheckOptions",
    monthly=("village_gov.ledgers.development.monthly:PROVIDER",),
    reports=(Report("development", "village_gov.ledgers.development.report:development_report",
                    export="village_gov.ledgers.development.report:export_part",
                    sheet="village_gov.render.development:development_sheet"),),
    dump_hooks=("village_gov.ledgers.development.dump",),
    messages="village_gov.ledgers.development.messages:MESSAGES",
    migrations="village_gov.ledgers.development.migrations:MIGRATIONS",
)
