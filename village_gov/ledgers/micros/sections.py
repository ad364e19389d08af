"""The micros' sections."""

from __future__ import annotations

from village_gov.core.sections import Child, Ref, Section
from village_gov.ledgers.micros import models as micro_models

# The four micros (四微).  Fields naming "a member or an organization" (provider,
# organizer), "a member or a name" (leader) and "members or households"
# (members) are resolved into separate foreign-key columns by
# village_gov.ledgers.micros.rules; only the plain references are listed here.
SECTIONS: list[Section] = [
    Section("positions", "positions", micro_models.Position,
            ("name", "village", "group", "kind", "source", "functions", "opened"),
            refs=(Ref("village", "villages"), Ref("group", "groups"))),
    Section("organizations", "organizations", micro_models.Organization,
            ("name", "village", "type", "category", "leader_member", "leader_name", "head_count", "founded",
             "charter"),
            refs=(Ref("village", "villages"),),
            children=(Child("member_codes", "organization_members", "organization", "member"),
                      Child("household_codes", "organization_households", "organization", "household"))),
    Section("services", "services", micro_models.Service,
            ("date", "village", "kind", "provider_member", "provider_org", "household", "hours", "content",
             "position"),
            refs=(Ref("village", "villages"), Ref("household", "households"), Ref("position", "positions")),
            registry=False),
    Section("activities", "activities", micro_models.Activity,
            ("date", "village", "kind", "title", "organizer_member", "organizer_org", "position", "participants"),
            refs=(Ref("village", "villages"), Ref("position", "positions")),
            registry=False),
]
