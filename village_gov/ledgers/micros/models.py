"""Pydantic models of the four micro sections: positions, organizations, services, activities.

Fields that may name one of two kinds of record ("member code or organization
code", "member code or name") are read as one text field and *resolved* after
validation (:mod:`village_gov.ledgers.micros.rules`) into separate columns, each a real
foreign key: ``provider`` → ``provider_member`` or ``provider_org``; ``leader`` →
``leader_member`` or ``leader_name``; ``members`` → rows of
``organization_members`` / ``organization_households``.  The resolved values
are private attributes exposed as read-only properties, so the importer's
``Section.row`` reads them like any other column.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import Field, PlainValidator, PrivateAttr
from pydantic_core import PydanticCustomError

from village_gov.core.fields import Code, Name, Text
from village_gov.core.records import Record
from village_gov.ledgers.micros.fields import (
    ActivityKind,
    OrgCategory,
    OrgType,
    PositionFunction,
    PositionKind,
    PositionSource,
    ServiceKind,
)


class Position(Record):
    """A micro-position (微阵地) or a village main position (主阵地, the 党群服务中心)."""

    name: Name
    village: Code
    group: Code | None = None
    kind: PositionKind
    source: PositionSource | None = None
    functions: list[PositionFunction] = Field(default_factory=list)
    opened: dt.date | None = None


def _org_members(value: Any) -> Any:
    """``members``: a list of member/household codes, or a head count (int ≥ 0)."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise PydanticCustomError("micro_members_negative", "the head count must be ≥ 0")
        return value
    if isinstance(value, list):
        codes = []
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise PydanticCustomError("micro_members_item", "members must be codes (text)")
            codes.append(item.strip())
        return codes
    raise PydanticCustomError("micro_members_type", "members must be a list of codes or a head count")


OrgMembers = Annotated[Any, PlainValidator(_org_members)]


class Organization(Record):
    """A micro-organization (微组织): self-governance, mass or social organization of a village."""

    name: Name
    village: Code
    type: OrgType
    category: OrgCategory
    leader: Name | None = None
    members: OrgMembers = None
    founded: dt.date | None = None
    charter: bool = False

    _leader_member: str | None = PrivateAttr(default=None)
    _leader_name: str | None = PrivateAttr(default=None)
    _member_codes: tuple = PrivateAttr(default=())
    _household_codes: tuple = PrivateAttr(default=())

    @property
    def leader_member(self) -> str | None:
        return self._leader_member

    @property
    def leader_name(self) -> str | None:
        return self._leader_name

    @property
    def head_count(self) -> int | None:
        """The head count given, or the number of listed codes."""
        if isinstance(self.members, int):
            return self.members
        return len(set(self.members)) if self.members is not None else None

    @property
    def member_codes(self) -> tuple:
        return self._member_codes

    @property
    def household_codes(self) -> tuple:
        return self._household_codes


class Service(Record):
    """A micro-service (微服务) delivered on a date: an errand, volunteer help, assistance, mediation."""

    date: dt.date
    village: Code
    kind: ServiceKind
    provider: Code
    household: Code | None = None
    hours: float | None = Field(default=None, ge=0, le=1000)
    content: Text | None = None
    position: Code | None = None

    _provider_member: str | None = PrivateAttr(default=None)
    _provider_org: str | None = PrivateAttr(default=None)

    @property
    def provider_member(self) -> str | None:
        return self._provider_member

    @property
    def provider_org(self) -> str | None:
        return self._provider_org


class Activity(Record):
    """A micro-activity (微活动) held on a date: 百家讲堂, a selection, a clean-up, a festival…"""

    date: dt.date
    village: Code
    kind: ActivityKind
    title: Name
    organizer: Code | None = None
    position: Code | None = None
    participants: int = Field(ge=0, le=1_000_000)

    _organizer_member: str | None = PrivateAttr(default=None)
    _organizer_org: str | None = PrivateAttr(default=None)

    @property
    def organizer_member(self) -> str | None:
        return self._organizer_member

    @property
    def organizer_org(self) -> str | None:
        return self._organizer_org
