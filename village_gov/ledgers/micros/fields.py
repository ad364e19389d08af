"""Choice types of the four micros, each Chinese value with English aliases."""

from __future__ import annotations

from village_gov.core.fields import choice

POSITION_KINDS = ("主阵地", "微阵地")
PositionKind = choice(POSITION_KINDS, {"main": "主阵地", "micro": "微阵地"})

POSITION_SOURCES = ("闲置集体土地", "农户闲置房屋", "废弃圈舍", "村民活动广场", "新建", "其他")
PositionSource = choice(POSITION_SOURCES, {
    "idle_land": "闲置集体土地", "idle_collective_land": "闲置集体土地", "idle_house": "农户闲置房屋",
    "abandoned_pen": "废弃圈舍", "pen": "废弃圈舍", "square": "村民活动广场", "new": "新建", "other": "其他",
})

POSITION_FUNCTIONS = ("议事", "活动", "服务", "接访")
PositionFunction = choice(POSITION_FUNCTIONS, {
    "deliberation": "议事", "activity": "活动", "activities": "活动", "service": "服务", "services": "服务",
    "reception": "接访",
})

ORG_TYPES = ("自治组织", "群众组织", "社会组织")
OrgType = choice(ORG_TYPES, {"self_governance": "自治组织", "mass": "群众组织", "social": "社会组织"})

ORG_CATEGORIES = ("村民议事会", "老年协会", "道德评议会", "红白理事会", "禁毒禁赌会", "纠纷调解", "养老育幼",
                  "产业发展", "婚丧嫁娶", "公益服务", "互助", "其他")
OrgCategory = choice(ORG_CATEGORIES, {
    "villagers_council": "村民议事会", "elderly_association": "老年协会", "ethics_council": "道德评议会",
    "weddings_funerals_council": "红白理事会", "anti_drug_gambling": "禁毒禁赌会", "mediation": "纠纷调解",
    "care": "养老育幼", "elderly_child_care": "养老育幼", "industry": "产业发展", "weddings_funerals": "婚丧嫁娶",
    "public_benefit": "公益服务", "mutual_aid": "互助", "other": "其他",
})

SERVICE_KINDS = ("代办服务", "志愿服务", "帮扶", "调解", "其他")
ServiceKind = choice(SERVICE_KINDS, {
    "errand": "代办服务", "paperwork": "代办服务", "volunteer": "志愿服务", "assistance": "帮扶", "aid": "帮扶",
    "mediation": "调解", "other": "其他",
})

ACTIVITY_KINDS = ("文体活动", "百家讲堂", "评选表彰", "环境整治", "节庆", "志愿活动", "其他")
ActivityKind = choice(ACTIVITY_KINDS, {
    "culture_sports": "文体活动", "lecture": "百家讲堂", "selection": "评选表彰", "awards": "评选表彰",
    "environment": "环境整治", "cleanup": "环境整治", "festival": "节庆", "volunteer": "志愿活动", "other": "其他",
})
