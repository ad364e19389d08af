"""The cadre ledger's field types: leader levels, ratings, education, checkup results, the three lists."""

from __future__ import annotations

from village_gov.core.fields import choice
from village_gov.ledgers.cadres.terms import DUTY_LISTS, EDUCATIONS, LINK_LEVELS, RATINGS, RESULTS

LinkLevel = choice(LINK_LEVELS, {"county": "县", "township": "乡镇", "县级": "县", "乡镇级": "乡镇"})
Rating = choice(RATINGS, {"good": "好", "fairly_good": "较好", "average": "一般", "poor": "差"})
Education = choice(EDUCATIONS, {"junior": "初中及以下", "senior": "高中", "vocational": "中专",
                                "college": "大专", "bachelor": "本科", "graduate": "研究生"})
CheckupResult = choice(RESULTS, {"pass": "合格", "basic": "基本合格", "fail": "不合格"})
DutyKind = choice(DUTY_LISTS, {"powers": "权力清单", "responsibilities": "责任清单", "negative": "负面清单"})
