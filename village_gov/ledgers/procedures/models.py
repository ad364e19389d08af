"""Pydantic models of the procedure sections: decisions (with their steps), disclosures,
party meetings, the moral red/black list and household points.

Each model checks one record on its own; the rules across steps (order, dates)
and across records (a household of the named village) are in
:mod:`village_gov.ledgers.procedures.rules`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from village_gov.core.fields import Code, Name, Text, choice
from village_gov.core.records import Record
from village_gov.ledgers.procedures.terms import (
    CHANNELS,
    DISCLOSURE_ALIASES,
    DISCLOSURE_KINDS,
    MEETING_KEYS,
    MEETING_KINDS,
    MORAL_LISTS,
    RESOLVING_BODIES,
    STEP_ALIASES,
    STEPS,
)

ResolvingBody = choice(RESOLVING_BODIES, {
    "villagers_assembly": "村民会议", "assembly": "村民会议",
    "representatives_assembly": "村民代表会议", "representatives": "村民代表会议",
})
DisclosureKind = choice(DISCLOSURE_KINDS, DISCLOSURE_ALIASES)
Channel = choice(CHANNELS, {"board": "公开栏", "notice_board": "公开栏", "wechat": "村民微信群",
                            "meeting": "会议", "other": "其他"})
MeetingKind = choice(MEETING_KINDS, {**{v: k for k, v in MEETING_KEYS.items()},
                                     "assembly": "支部党员大会", "committee": "支委会", "lecture": "党课",
                                     "党员大会": "支部党员大会"})
MoralList = choice(MORAL_LISTS, {"red": "红榜", "black": "黑榜"})
Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]


class Step(BaseModel):
    """A step with only a date (提议, 商议, 决议公开, 实施结果公开)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    date: dt.date


class VoteStep(Step):
    """A meeting that votes (党员大会审议): 应到, 实到, 赞成, 反对, 弃权."""

    due: int = Field(ge=1)
    present: int = Field(ge=0)
    approve: int = Field(ge=0)
    oppose: int = Field(ge=0)
    abstain: int = Field(ge=0)

    @model_validator(mode="after")
    def _counts(self):
        check_votes(self.due, self.present, self.approve, self.oppose, self.abstain)
        return self


class ResolveStep(VoteStep):
    """村民会议 or 村民代表会议决议: a vote plus the body that resolved."""

    body: ResolvingBody


def check_votes(due: int, present: int, approve: int, oppose: int, abstain: int) -> None:
    """Raise when more are present than due, or more voted than were present."""
    if present > due:
        raise PydanticCustomError("proc_present_over_due", "present {present} > due {due}",
                                  {"present": present, "due": due})
    votes = approve + oppose + abstain
    if votes > present:
        raise PydanticCustomError("proc_votes_over_present", "votes {votes} > present {present}",
                                  {"votes": votes, "present": present})


class Steps(BaseModel):
    """The steps recorded so far, keyed by step name (English, or the Chinese step names)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    proposed: Step | None = None
    deliberated: Step | None = None
    reviewed: VoteStep | None = None
    resolved: ResolveStep | None = None
    resolution_published: Step | None = None
    result_published: Step | None = None

    @model_validator(mode="before")
    @classmethod
    def _aliases(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {STEP_ALIASES.get(k, k) if isinstance(k, str) else k: v for k, v in data.items()}
        return data

    def recorded(self) -> list[tuple[str, Step]]:
        """The recorded steps in procedure order."""
        return [(name, getattr(self, name)) for name in STEPS if getattr(self, name) is not None]


def step_row(name: str, step: Step) -> tuple:
    """A step as a ``decision_steps`` row (after the decision code)."""
    return (name, step.date.isoformat(), getattr(step, "due", None), getattr(step, "present", None),
            getattr(step, "approve", None), getattr(step, "oppose", None), getattr(step, "abstain", None),
            getattr(step, "body", None))


class Decision(Record):
    """A major village matter decided through 四议两公开一监督."""

    village: Code
    title: Name
    category: Name | None = None
    supervisor: Name | None = None
    steps: Steps = Field(default_factory=Steps)


class Disclosure(Record):
    """One 三公开 disclosure: what was made public, where and when."""

    village: Code
    date: dt.date
    kind: DisclosureKind
    items: Text | None = None
    channel: Channel = "公开栏"


class PartyMeeting(Record):
    """One meeting of 三会一课 held by a party organization."""

    org: Code
    date: dt.date
    kind: MeetingKind
    due: int = Field(ge=0)
    present: int = Field(ge=0)
    topic: Text | None = None

    @model_validator(mode="after")
    def _counts(self):
        if self.present > self.due:
            raise PydanticCustomError("proc_present_over_due", "present {present} > due {due}",
                                      {"present": self.present, "due": self.due})
        return self


class MoralEntry(Record):
    """An entry of the village code's moral red/black list (道德红黑榜)."""

    date: dt.date
    village: Code
    household: Code
    list: MoralList
    reason: Reason | None = None
    published: bool = False


class PointsEntry(Record):
    """Points given to (or taken from) a household under the village's points system (积分制)."""

    date: dt.date
    household: Code
    points: int = Field(ge=-100000, le=100000)
    reason: Reason | None = None
    rule: Code | None = None
