"""The cadre ledger's sections: links and their visits, mentorships and their meetings, reserves,
reviews (with their 整改 items), supervision, work reports, checkups and duty lists."""

from __future__ import annotations

from village_gov.core.sections import Child, Ref, Section
from village_gov.ledgers.cadres import models

PERIOD = ("date_from", "date_to")

# ``reporter`` of a work report (a micro-organization, 村委会 or 集体经济组织) and ``cadre`` of a
# checkup (a member or a roster cadre) are resolved into foreign-key columns by
# village_gov.ledgers.cadres.rules; only the plain references are listed here.
SECTIONS: list[Section] = [
    Section("cadre_links", "cadre_links", models.CadreLink, ("leader", "level", "post", "org", *PERIOD),
            refs=(Ref("org", "party_orgs"),)),
    Section("link_visits", "link_visits", models.LinkVisit, ("link", "date", "topic"),
            refs=(Ref("link", "cadre_links"),), registry=False),
    Section("mentorships", "mentorships", models.Mentorship, ("mentor", "secretary", *PERIOD),
            refs=(Ref("secretary", "members"),)),
    Section("mentor_meetings", "mentor_meetings", models.MentorMeeting, ("mentorship", "date", "topic"),
            refs=(Ref("mentorship", "mentorships"),), registry=False),
    Section("reserves", "reserves", models.Reserve,
            ("village", "name", "born", "gender", "education", "source", "member", "since", "until"),
            refs=(Ref("village", "villages"), Ref("member", "members"))),
    Section("reviews", "reviews", models.Review, ("year", "secretary", "date", "rating"),
            refs=(Ref("secretary", "members"),), registry=False,
            children=(Child("items", "review_items", "review", "item", columns=("text", "due", "done"),
                            rows=lambda review: review.item_rows()),)),
    Section("supervision", "supervision", models.Supervision, ("village", "reason", *PERIOD, "closed"),
            refs=(Ref("village", "villages"),), registry=False),
    Section("work_reports", "work_reports", models.WorkReport, ("org", "reporter", "organization", "date", "topic"),
            refs=(Ref("org", "party_orgs"),), registry=False),
    Section("checkups", "checkups", models.Checkup, ("cadre", "member", "cadre_code", "date", "result"),
            registry=False),
    Section("duty_lists", "duty_lists", models.DutyList, ("secretary", "kind", "items", "published"),
            refs=(Ref("secretary", "members"),), registry=False),
]
