"""Pydantic models of the cadre ledger's sections: 挂联, 导师帮带, 后备力量, 述职评议,
提级监督, 工作报告, 政治体检, 三张清单.

Periods are written ``from``/``to`` (``to: null``: still running); they are kept as ``date_from``/``date_to``
(``from`` is a Python keyword), and the dump writes them back as ``from``/``to``.  Event records
need no code: one is made from what identifies them (``L01/2026-10-12`` for a visit).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

from village_gov.core.fields import Code, Count, Name, Text
from village_gov.core.records import Record
from village_gov.ledgers.cadres.fields import CheckupResult, DutyKind, Education, LinkLevel, Rating
from village_gov.ledgers.roster.fields import Gender

PERIOD_KEYS = {"from": "date_from", "to": "date_to"}


def _period_keys(data: Any) -> Any:
    if isinstance(data, dict):
        return {PERIOD_KEYS.get(k, k) if isinstance(k, str) else k: v for k, v in data.items()}
    return data


def _ordered(start: dt.date | None, end: dt.date | None, key: str = "cadre_period_reversed") -> None:
    if start is not None and end is not None and end < start:
        raise PydanticCustomError(key, "ends on {end}, before it starts on {start}",
                                  {"start": start.isoformat(), "end": end.isoformat()})


class _Period(Record):
    date_from: dt.date
    date_to: dt.date | None = None

    @model_validator(mode="before")
    @classmethod
    def _keys(cls, data: Any) -> Any:
        return _period_keys(data)

    @model_validator(mode="after")
    def _order(self) -> Any:
        _ordered(self.date_from, self.date_to)
        return self


class _Coded(BaseModel):
    """A record whose ``code`` may be left out: it is then made by :meth:`made_code`."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    code: Code | None = None

    def made_code(self) -> str:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    @model_validator(mode="after")
    def _code(self) -> Any:
        if self.code is None:
            object.__setattr__(self, "code", self.made_code())
        return self


class CadreLink(_Period):
    """挂联: a county or township leader linked to a village party organization for a period."""

    leader: Name
    level: LinkLevel
    post: Name | None = None
    org: Code


class LinkVisit(_Coded):
    link: Code
    date: dt.date
    topic: Name | None = None

    def made_code(self) -> str:
        return f"{self.link}/{self.date.isoformat()}"


class Mentorship(_Period):
    """导师帮带: a mentor (a name, or a member code) paired with a secretary (a member code)."""

    mentor: Name
    secretary: Code


class MentorMeeting(_Coded):
    mentorship: Code
    date: dt.date
    topic: Name | None = None

    def made_code(self) -> str:
        return f"{self.mentorship}/{self.date.isoformat()}"


class Reserve(Record):
    """后备力量: a reserve cadre of a village, from ``since`` until ``until`` (null: still one)."""

    village: Code
    name: Name
    born: dt.date | None = None
    gender: Gender | None = None
    education: Education | None = None
    source: Name | None = None
    member: Code | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    @model_validator(mode="after")
    def _order(self) -> Reserve:
        _ordered(self.since, self.until)
        return self


class ReviewItem(BaseModel):
    """One 整改 item of a review: what, by when, done when (null: not yet)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    text: Text = Field(min_length=1)
    due: dt.date
    done: dt.date | None = None


class Review(Record):
    """述职评议 of a village party secretary for a year, with its 整改 items (numbered from 1 in file order)."""

    year: Count = Field(ge=2000, le=2100)
    secretary: Code
    date: dt.date
    rating: Rating
    items: list[ReviewItem] = Field(default_factory=list)

    def item_rows(self) -> list[tuple]:
        return [(number, item.text, item.due, item.done) for number, item in enumerate(self.items, start=1)]


class Supervision(_Coded):
    """重点村提级监督 of a village for a period; ``closed``: the date the supervision was formally closed."""

    village: Code
    reason: Name | None = None
    date_from: dt.date
    date_to: dt.date | None = None
    closed: dt.date | None = None

    @model_validator(mode="before")
    @classmethod
    def _keys(cls, data: Any) -> Any:
        return _period_keys(data)

    @model_validator(mode="after")
    def _order(self) -> Supervision:
        _ordered(self.date_from, self.date_to)
        return self

    def made_code(self) -> str:
        return f"{self.village}/{self.date_from.isoformat()}"


class WorkReport(_Coded):
    """A village organization reporting to its village party organization (reporter: a micro-organization
    code, 村委会, or 集体经济组织)."""

    org: Code
    reporter: Name
    date: dt.date
    topic: Name | None = None

    _organization: str | None = PrivateAttr(default=None)

    @property
    def organization(self) -> str | None:
        """The reporter's micro-organization code (None for 村委会 / 集体经济组织), set by the import rule."""
        return self._organization

    def made_code(self) -> str:
        return f"{self.org}/{self.reporter}/{self.date.isoformat()}"


class Checkup(_Coded):
    """村干部政治体检: ``cadre`` is a member code, or a roster cadre code (``V01/唐芳``) for a non-member."""

    cadre: Code
    date: dt.date
    result: CheckupResult

    _member: str | None = PrivateAttr(default=None)
    _cadre_code: str | None = PrivateAttr(default=None)

    @property
    def member(self) -> str | None:
        return self._member

    @property
    def cadre_code(self) -> str | None:
        return self._cadre_code

    def made_code(self) -> str:
        return f"{self.cadre}/{self.date.isoformat()}"


class DutyList(_Coded):
    """One of a secretary's 权责三张清单 (权力清单, 责任清单, 负面清单), with its number of items."""

    secretary: Code
    kind: DutyKind
    items: Count = Field(ge=0, le=10000)
    published: dt.date

    def made_code(self) -> str:
        return f"{self.secretary}/{self.kind}"
