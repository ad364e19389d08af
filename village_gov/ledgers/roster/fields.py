"""The roster's field vocabulary: kinds, levels, statuses, posts, ID numbers and phones.

Custom failures raise ``PydanticCustomError`` whose ``type`` is a message key in
the catalog, so validation messages print in the user's language.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

from village_gov.core.fields import choice

TOWNSHIP_KINDS = ("镇", "乡", "街道")
TownshipKind = choice(TOWNSHIP_KINDS, {"town": "镇", "township": "乡", "subdistrict": "街道"})
VILLAGE_KINDS = ("建制村", "社区")
VillageKind = choice(VILLAGE_KINDS, {"village": "建制村", "administrative_village": "建制村", "community": "社区"})
ORG_LEVELS = ("党委", "党总支", "党支部", "党小组")
OrgLevel = choice(ORG_LEVELS, {"committee": "党委", "general_branch": "党总支", "branch": "党支部", "group": "党小组"})
ORG_SETUPS = ("单建", "联建", "区域统建")
OrgSetup = choice(ORG_SETUPS, {"single": "单建", "joint": "联建", "regional": "区域统建", "area": "区域统建"})
Gender = choice(("男", "女"), {"male": "男", "m": "男", "female": "女", "f": "女"})
MemberStatus = choice(("正式", "预备"), {"full": "正式", "probationary": "预备"})
CADRE_POSTS = ("党组织书记", "村委会主任", "集体经济组织负责人", "村务监督委员会主任", "委员")
CadrePost = choice(CADRE_POSTS, {
    "secretary": "党组织书记", "director": "村委会主任", "collective_head": "集体经济组织负责人",
    "supervision_head": "村务监督委员会主任", "member": "委员",
})

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_PHONE_RE = re.compile(r"^[0-9+\-() ]{5,20}$")


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits of a resident ID number."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


def _valid_id_number(value: str) -> str:
    value = value.strip().upper()
    if not _ID_RE.match(value):
        raise PydanticCustomError("id_number_format", "ID number must be 17 digits and a check digit or X")
    if id_check_digit(value[:17]) != value[17]:
        raise PydanticCustomError("id_number_checksum", "ID number check digit does not match")
    return value


def _valid_phone(value: str) -> str:
    value = value.strip()
    if not _PHONE_RE.match(value):
        raise PydanticCustomError("phone_format", "phone number has characters other than digits")
    return value


def _phone_to_text(value: Any) -> Any:
    # A phone written without quotes arrives as an int; keep its digits.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


IdNumber = Annotated[str, AfterValidator(_valid_id_number)]
Phone = Annotated[str, BeforeValidator(_phone_to_text), AfterValidator(_valid_phone)]
