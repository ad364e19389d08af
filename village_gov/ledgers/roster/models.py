"""Pydantic models of the roster sections (format v1): one model per record kind.

Models check each record on its own (types, choices, ranges, unknown keys).
Checks across records (codes that must exist, duplicates) are in
:mod:`village_gov.core.validate`.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from village_gov.core.fields import Code, Count, Name, Number
from village_gov.core.records import Record
from village_gov.ledgers.roster.fields import (
    CadrePost,
    Gender,
    IdNumber,
    MemberStatus,
    OrgLevel,
    OrgSetup,
    Phone,
    TownshipKind,
    VillageKind,
)


class Township(Record):
    name: Name
    kind: TownshipKind


class Village(Record):
    name: Name
    township: Code
    kind: VillageKind = "建制村"
    # The upper bound keeps the value within SQLite's 64-bit integers (a larger one failed at write time).
    population: Count | None = Field(default=None, ge=0, le=100_000_000)
    area_km2: Number | None = Field(default=None, gt=0.0)


class Group(Record):
    name: Name
    village: Code


class PartyOrg(Record):
    name: Name
    level: OrgLevel
    village: Code
    group: Code | None = None
    parent: Code | None = None
    setup: OrgSetup = "单建"
    secretary: Code | None = None

    @model_validator(mode="after")
    def _placed(self) -> PartyOrg:
        if self.parent == self.code:
            raise PydanticCustomError("org_own_parent", "a party organization cannot be its own parent")
        return self


class Member(Record):
    name: Name
    gender: Gender | None = None
    born: dt.date | None = None
    joined: dt.date | None = None
    status: MemberStatus = "正式"
    org: Code
    phone: Phone | None = None
    id_number: IdNumber | None = None
    households: list[Code] = Field(default_factory=list)

    @field_validator("born")
    @classmethod
    def _born_past(cls, born: dt.date | None) -> dt.date | None:
        from village_gov.core.clock import today

        if born is not None and born > today():
            raise PydanticCustomError("member_born_future", "born after today")
        return born

    @model_validator(mode="after")
    def _dates(self) -> Member:
        if self.born and self.joined and self.joined < self.born:
            raise PydanticCustomError("member_joined_before_born", "joined before born")
        return self


class Household(Record):
    head: Name
    group: Code
    size: Count = Field(ge=1, le=100)
    phone: Phone | None = None


class Cadre(BaseModel):
    """A member of the village two committees; ``code`` may be left out (village/member or village/name)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    code: Code | None = None
    village: Code
    member: Code | None = None
    name: Name | None = None
    posts: list[CadrePost] = Field(min_length=1)
    since: dt.date | None = None
    """The date the person took the post (a secretary's tells whether they are new: see the cadre ledger)."""

    @model_validator(mode="after")
    def _who(self) -> Cadre:
        if not self.member and not self.name:
            raise PydanticCustomError("cadre_no_person", "a cadre needs a member code or a name")
        if self.code is None:
            object.__setattr__(self, "code", f"{self.village}/{self.member or self.name}")
        return self


class Reform(Record):
    """The two reforms (两项改革): one mapping; its ``townships_before`` and ``villages_before`` lists
    are read as sections of their own (see :mod:`village_gov.ledgers.roster.sections`)."""

    code: Code = "reform"
    name: Name = "两项改革"
    effective: dt.date | None = None


class TownshipBefore(Record):
    """A township as it was before the restructuring."""

    name: Name
    kind: TownshipKind | None = None


class VillageBefore(Record):
    """A village as it was before the restructuring, and the current village it was merged into."""

    name: Name
    township_before: Code
    population: Count | None = Field(default=None, ge=0)
    area_km2: Number | None = Field(default=None, gt=0.0)
    party_orgs: Count = Field(default=1, ge=0)
    merged_into: Code | None = None
