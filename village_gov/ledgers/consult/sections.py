"""The consultation and request ledgers' sections (see :mod:`village_gov.ledgers.consult`)."""

from __future__ import annotations

from village_gov.core.sections import Nested, Ref, Section
from village_gov.ledgers.consult import models as cm
from village_gov.ledgers.consult.history import record_edit_event, record_import_events

SECTIONS: list[Section] = [
    Section("consultations", "consultations", cm.Consultation,
            ("village", "date", "format", "topics", "host", "attendees", "position", "summary"),
            refs=(Ref("village", "villages"), Ref("host", "members"), Ref("position", "positions")),
            registry=False,
            nested=(Nested("requests", "requests",
                           (("consultation", "code"), ("village", "village"), ("raised", "date"))),)),
    Section("requests", "requests", cm.Request,
            ("consultation", "village", "household", "raised", "content", "category", "answered_on_spot",
             "response", "status", "resolved", "referred", "referred_to", "public"),
            refs=(Ref("consultation", "consultations"), Ref("village", "villages"),
                  Ref("household", "households")),
            registry=False, baseline_column="imported", after_write=record_import_events,
            after_edit=record_edit_event),
]
