"""The procedures' fixed vocabularies: step names, kinds, lists (no heavy imports: used by --help paths)."""

# The six steps of 四议两公开, in order.  Stored and keyed by these English names.
STEPS = ("proposed", "deliberated", "reviewed", "resolved", "resolution_published", "result_published")
STEP_ALIASES = {
    "党组织提议": "proposed", "提议": "proposed", "propose": "proposed",
    "两委会商议": "deliberated", "商议": "deliberated", "deliberate": "deliberated",
    "党员大会审议": "reviewed", "审议": "reviewed", "review": "reviewed",
    "村民会议决议": "resolved", "村民代表会议决议": "resolved", "决议": "resolved", "resolve": "resolved",
    "决议公开": "resolution_published", "实施结果公开": "result_published", "结果公开": "result_published",
}
RESOLVING_BODIES = ("村民会议", "村民代表会议")
DISCLOSURE_KINDS = ("党务", "村务", "财务")
DISCLOSURE_ALIASES = {"party": "党务", "party_affairs": "党务", "village": "村务", "village_affairs": "村务",
                      "finance": "财务", "finances": "财务"}
CHANNELS = ("公开栏", "村民微信群", "会议", "其他")
MEETING_KINDS = ("支部党员大会", "支委会", "党小组会", "党课", "主题党日")
MEETING_KEYS = {"支部党员大会": "members_assembly", "支委会": "branch_committee", "党小组会": "group_meeting",
                "党课": "party_lecture", "主题党日": "party_day"}
MEETING_KIND_KEYS = tuple(MEETING_KEYS.values())
"""The kinds of party meeting as keyed in reports, JSON and labels (``procedures.kind_<key>``), in order."""
MORAL_LISTS = ("红榜", "黑榜")
