"""Procedures the county audits: 四议两公开一监督 decisions, 三公开 disclosures, 三会一课 party meetings,
the moral red/black list (道德红黑榜) and household points (积分制)."""

from village_gov.core.ledger import Ledger, Report

LEDGER = Ledger(
    name="procedures",
    sections="village_gov.ledgers.procedures.sections:SECTIONS",
    import_rules=("village_gov.ledgers.procedures.rules",),
    check_rules=("village_gov.ledgers.procedures.checks",),
    # ``check`` has always listed the micros' rules before the procedures'.
    check_rules_order=200,
    check_options="village_gov.ledgers.procedures.checks:ProcedureCheckOptions",
    monthly=("village_gov.ledgers.procedures.monthly:PROVIDER",),
    reports=(Report("party-life", "village_gov.ledgers.procedures.party_life:party_life",
                    export="village_gov.ledgers.procedures.party_life:export_part",
                    sheet="village_gov.render.document:party_life_sheet", sheet_order=20),),
    dump_hooks=("village_gov.ledgers.procedures.dump",),
    messages="village_gov.ledgers.procedures.messages:MESSAGES",
)
