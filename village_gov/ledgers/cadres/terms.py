"""The cadre ledger's fixed vocabulary (plain tuples: no pydantic, so ``check`` and the reports need none)."""

LINK_LEVELS = ("县", "乡镇")
RATINGS = ("好", "较好", "一般", "差")
EDUCATIONS = ("初中及以下", "高中", "中专", "大专", "本科", "研究生")
RESULTS = ("合格", "基本合格", "不合格")
DUTY_LISTS = ("权力清单", "责任清单", "负面清单")
COLLECTIVE_REPORTERS = ("村委会", "集体经济组织")
"""Reporters of a work report that are not micro-organizations (the villager committee, the collective)."""
