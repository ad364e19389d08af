"""The fixed values of consultations and requests (no heavy imports: reports use them too)."""

FORMATS = ("书记坝坝会", "书记龙门阵", "村民说事", "民情恳谈", "百姓议事", "有事来协商", "其他")
SECRETARY_FORMATS = ("书记坝坝会", "书记龙门阵")
"""The monthly face-to-face meetings of the village secretary (the case's rule: one a month in every village)."""
CATEGORIES = ("干部作风", "民生实事", "环境治理", "产业发展", "矛盾纠纷", "其他")
STATUSES = ("待办", "办理中", "已办结", "已转办")
OPEN, IN_PROGRESS, RESOLVED, REFERRED = STATUSES
