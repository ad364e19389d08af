"""The four micros (四微): positions (微阵地), organizations (微组织), services (微服务), activities (微活动)."""

from village_gov.core.ledger import Ledger

LEDGER = Ledger(
    name="micros",
    sections="village_gov.ledgers.micros.sections:SECTIONS",
    import_rules=("village_gov.ledgers.micros.rules",),
    check_rules=("village_gov.ledgers.micros.checks",),
    check_options="village_gov.ledgers.micros.options:MicrosCheckOptions",
    monthly=("village_gov.ledgers.micros.reports:MONTHLY_PROVIDER",),
    reports=(("micros", "village_gov.ledgers.micros.reports:micros_report"),),
    dump_hooks=("village_gov.ledgers.micros.dump",),
    messages="village_gov.ledgers.micros.messages:MESSAGES",
)
