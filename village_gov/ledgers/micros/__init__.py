"""The four micros (四微): positions (微阵地), organizations (微组织), services (微服务), activities (微活动)."""

from village_gov.core.ledger import Ledger, Report

LEDGER = Ledger(
    name="micros",
    sections="village_gov.ledgers.micros.sections:SECTIONS",
    import_rules=("village_gov.ledgers.micros.rules",),
    check_rules=("village_gov.ledgers.micros.checks",),
    check_options="village_gov.ledgers.micros.options:MicrosCheckOptions",
    monthly=("village_gov.ledgers.micros.reports:MONTHLY_PROVIDER",),
    # ``export`` has always put, after the trend: micros (10), party-life (20), reform (30).
    reports=(Report("micros", "village_gov.ledgers.micros.reports:micros_report",
                    export="village_gov.ledgers.micros.reports:export_part",
                    sheet="village_gov.render.document:micros_sheet", sheet_order=10),),
    dump_hooks=("village_gov.ledgers.micros.dump",),
    messages="village_gov.ledgers.micros.messages:MESSAGES",
)
