"""Pydantic models of the ``consultations`` and ``requests`` sections.

Models check each record on its own (types, choices, ranges, unknown keys).
Rules that look at dates against each other or at other records (a resolution
dated before the request was raised, a household of another village…) are in
:mod:`village_gov.ledgers.consult.rules`, so each problem points at the offending field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field, model_validator

from village_gov.core.fields import Code, Name, Text, choice
from village_gov.core.records import Record
from village_gov.ledgers.consult.choices import (
    CATEGORIES,
    FORMATS,
    IN_PROGRESS,
    OPEN,
    REFERRED,
    RESOLVED,
    STATUSES,
)

ConsultFormat = choice(FORMATS, {
    "secretary_courtyard": "书记坝坝会", "bababa": "书记坝坝会",
    "secretary_chat": "书记龙门阵", "longmenzhen": "书记龙门阵",
    "villagers_talk": "村民说事", "heart_to_heart": "民情恳谈", "public_deliberation": "百姓议事",
    "consult_platform": "有事来协商", "other": "其他",
})
Category = choice(CATEGORIES, {
    "cadre_conduct": "干部作风", "livelihood": "民生实事", "environment": "环境治理",
    "industry": "产业发展", "dispute": "矛盾纠纷", "other": "其他",
})
Status = choice(STATUSES, {"open": OPEN, "in_progress": IN_PROGRESS, "resolved": RESOLVED, "referred": REFERRED})


class Consultation(Record):
    """One consultation meeting.  Its ``requests`` are read into the ``requests`` section."""

    village: Code
    date: dt.date
    format: ConsultFormat
    topics: list[Category] = Field(default_factory=list)
    host: Code | None = None
    attendees: int = Field(default=0, ge=0, le=100000)
    position: Code | None = None
    summary: Text | None = None


class Request(Record):
    """One villager's request, raised at a consultation or outside one."""

    village: Code
    raised: dt.date
    consultation: Code | None = None
    household: Code | None = None
    content: Text = Field(min_length=1)
    category: Category = "其他"
    answered_on_spot: bool = False
    response: Text | None = None
    status: Status = OPEN
    resolved: dt.date | None = None
    referred: dt.date | None = None
    referred_to: Name | None = None
    public: bool = False

    @model_validator(mode="before")
    @classmethod
    def _status_from_dates(cls, data: Any) -> Any:
        """With no status written, a resolution date means 已办结 and a referral date 已转办."""
        if isinstance(data, dict) and data.get("status") is None:
            if data.get("resolved") is not None:
                data = {**data, "status": RESOLVED}
            elif data.get("referred") is not None:
                data = {**data, "status": REFERRED}
        return data
