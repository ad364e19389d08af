"""The development ledger's vocabulary: sources, education levels, stages, the procedure's time limits."""

from __future__ import annotations

GENDERS = ("男", "女")
SOURCES = ("优秀农民工", "致富能手", "后备力量", "新乡贤", "农二代", "创客", "退役军人", "大学毕业生", "其他")
EDUCATION = ("初中及以下", "高中", "中专", "大专", "本科", "研究生")
HIGH_SCHOOL_PLUS = ("高中", "中专", "大专", "本科", "研究生")
"""高中及以上: the share the organization department asks for."""

CHAIN = ("applied", "talked", "activist", "target", "review", "committee", "prereview", "meeting", "approved",
         "sworn")
"""The stages in the procedure's order (each dated on or after the one before)."""
CONVERSION_CHAIN = ("meeting", "conversion_meeting", "conversion_approved")
STAGES = (*CHAIN, "conversion_meeting", "conversion_approved")
"""Every dated stage, in the order ``develop show`` lists them."""
LIST_STAGES = ("applicant", "activist", "target", "probationary", "full", "stopped")
"""Where a record stands (``develop list --stage``): 申请人, 积极分子, 发展对象, 预备党员, 正式党员, 终止."""

ADULT_MONTHS = 12 * 18
TALK_MONTHS = 1
ASSESSMENT_MONTHS = 6
ACTIVIST_MONTHS = 12
MIN_TRAINING_HOURS = 24
APPROVAL_MONTHS = 3
PROBATION_MONTHS = 12
CONVERSION_MONTHS = 1
EXTENSION_RANGE = (6, 12)
STALLED_MONTHS = 12
YOUNG_MONTHS = 12 * 35
FULL_STATUS, PROBATIONARY_STATUS = "正式", "预备"
