"""The procedures' sections (event ledgers)."""

from __future__ import annotations

from village_gov.core.sections import Child, Ref, Section
from village_gov.ledgers.procedures import models as procedure_models

SECTIONS: list[Section] = [
    # Procedures (event ledgers): 四议两公开一监督, 三公开, 三会一课, 道德红黑榜, 积分制.
    Section("decisions", "decisions", procedure_models.Decision, ("village", "title", "category", "supervisor"),
            refs=(Ref("village", "villages"),), registry=False,
            children=(Child("steps", "decision_steps", "decision", "step",
                            columns=("date", "due", "present", "approve", "oppose", "abstain", "body"),
                            rows=lambda d: [procedure_models.step_row(n, s) for n, s in d.steps.recorded()]),)),
    Section("disclosures", "disclosures", procedure_models.Disclosure, ("village", "date", "kind", "items", "channel"),
            refs=(Ref("village", "villages"),), registry=False),
    Section("party_meetings", "party_meetings", procedure_models.PartyMeeting,
            ("org", "date", "kind", "due", "present", "topic"), refs=(Ref("org", "party_orgs"),), registry=False),
    Section("moral_list", "moral_list", procedure_models.MoralEntry,
            ("date", "village", "household", "list", "reason", "published"),
            refs=(Ref("village", "villages"), Ref("household", "households")), registry=False),
    Section("points", "points", procedure_models.PointsEntry, ("date", "household", "points", "reason", "rule"),
            refs=(Ref("household", "households"),), registry=False),
]
