"""Consultations (协商议事) and villagers' requests (诉求): input format, lifecycle, rules."""

from village_gov.core.ledger import Ledger

LEDGER = Ledger(
    name="consult",
    sections="village_gov.ledgers.consult.sections:SECTIONS",
    import_rules=("village_gov.ledgers.consult.rules",),
    # An import has always reported the requests' problems before the roster's.
    import_rules_order=10,
    monthly=("village_gov.reports.consultations:CONSULTATION_PROVIDER",
             "village_gov.reports.consultations:REQUEST_PROVIDER"),
    dump_hooks=("village_gov.ledgers.consult.dump",),
    messages="village_gov.ledgers.consult.messages:MESSAGES",
)
