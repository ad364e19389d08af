"""The development ledger's one section: ``development``, one record per person."""

from __future__ import annotations

from village_gov.core.sections import Ref, Section
from village_gov.ledgers.development.models import COLUMNS, Development

# contacts, introducers and member name roster members, but are not refused at import: a code missing
# from the roster, or not a full member, is what the check rules report (development-contacts …).
SECTIONS: list[Section] = [
    Section("development", "development", Development, COLUMNS,
            refs=(Ref("village", "villages"), Ref("org", "party_orgs")), registry=False),
]
