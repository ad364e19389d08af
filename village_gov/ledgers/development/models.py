"""The record of one person through the development procedure (发展党员), one record per person.

The model checks one record on its own (types, choices, a meeting's counts); the procedure's time
rules are ``check`` rules (:mod:`village_gov.ledgers.development.checks`), since a record out of time
is a finding to correct or explain, not an input that cannot be right.  A meeting is stored in four
columns (``meeting_date``, ``meeting_voting`` …) and ``stopped`` in two: the properties below.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from village_gov.core.fields import Code, Count, Name, choice
from village_gov.core.records import Record
from village_gov.ledgers.development.terms import EDUCATION, SOURCES

Gender = choice(("男", "女"), {"male": "男", "m": "男", "female": "女", "f": "女"})
Source = choice(SOURCES, {"migrant_worker": "优秀农民工", "rich_farmer": "致富能手", "reserve": "后备力量",
                          "returned_talent": "新乡贤", "second_generation": "农二代", "maker": "创客",
                          "veteran": "退役军人", "graduate": "大学毕业生", "other": "其他"})
Education = choice(EDUCATION, {"junior": "初中及以下", "high_school": "高中", "vocational": "中专",
                               "college": "大专", "bachelor": "本科", "postgraduate": "研究生"})
IsoDay = Annotated[dt.date, AfterValidator(lambda day: day.isoformat())]
"""A date in a list, kept as its ISO text (a list is stored as JSON)."""


class Meeting(BaseModel):
    """A branch assembly (支部大会) voting on the person: those with a vote due, present, approving."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date
    voting: Count = Field(ge=1, le=100000)
    present: Count = Field(ge=0, le=100000)
    approve: Count = Field(ge=0, le=100000)

    @model_validator(mode="after")
    def _counts(self) -> Meeting:
        if self.present > self.voting:
            raise PydanticCustomError("proc_present_over_due", "present {present} > due {due}",
                                      {"present": self.present, "due": self.voting})
        if self.approve > self.present:
            raise PydanticCustomError("proc_votes_over_present", "votes {votes} > present {present}",
                                      {"votes": self.approve, "present": self.present})
        return self


class Stopped(BaseModel):
    """The process ended without admission: when and why."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    date: dt.date
    reason: Name | None = None


class Development(Record):
    """One person developed towards membership, each stage's date recorded once reached."""

    name: Name
    gender: Gender
    born: dt.date
    village: Code
    org: Code
    source: Source
    education: Education
    applied: dt.date
    talked: dt.date | None = None
    activist: dt.date | None = None
    contacts: list[Code] = Field(default_factory=list, max_length=20)
    assessments: list[IsoDay] = Field(default_factory=list, max_length=100)
    target: dt.date | None = None
    review: dt.date | None = None
    training_hours: Count | None = Field(default=None, ge=0, le=10000)
    committee: dt.date | None = None
    prereview: dt.date | None = None
    introducers: list[Code] = Field(default_factory=list, max_length=20)
    meeting: Meeting | None = None
    approved: dt.date | None = None
    sworn: dt.date | None = None
    extension_months: Count = Field(default=0, ge=0, le=120)
    conversion_meeting: Meeting | None = None
    conversion_approved: dt.date | None = None
    member: Code | None = None
    stopped: Stopped | None = None

    @property
    def meeting_date(self) -> dt.date | None:
        return self.meeting.date if self.meeting else None

    @property
    def meeting_voting(self) -> int | None:
        return self.meeting.voting if self.meeting else None

    @property
    def meeting_present(self) -> int | None:
        return self.meeting.present if self.meeting else None

    @property
    def meeting_approve(self) -> int | None:
        return self.meeting.approve if self.meeting else None

    @property
    def conversion_date(self) -> dt.date | None:
        return self.conversion_meeting.date if self.conversion_meeting else None

    @property
    def conversion_voting(self) -> int | None:
        return self.conversion_meeting.voting if self.conversion_meeting else None

    @property
    def conversion_present(self) -> int | None:
        return self.conversion_meeting.present if self.conversion_meeting else None

    @property
    def conversion_approve(self) -> int | None:
        return self.conversion_meeting.approve if self.conversion_meeting else None

    @property
    def stopped_date(self) -> dt.date | None:
        return self.stopped.date if self.stopped else None

    @property
    def stopped_reason(self) -> str | None:
        return self.stopped.reason if self.stopped else None


MEETING_FIELDS = ("date", "voting", "present", "approve")
COLUMNS = ("name", "gender", "born", "village", "org", "source", "education", "applied", "talked", "activist",
           "contacts", "assessments", "target", "review", "training_hours", "committee", "prereview", "introducers",
           *(f"meeting_{f}" for f in MEETING_FIELDS), "approved", "sworn", "extension_months",
           *(f"conversion_{f}" for f in MEETING_FIELDS), "conversion_approved", "member", "stopped_date",
           "stopped_reason")
"""The ``development`` table's columns after ``code`` (and before ``archived``)."""
