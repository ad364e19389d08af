"""Category sets of the micro-organizations (plain constants, importable without pydantic)."""

# Categories that are self-governance organizations (自治组织) by nature.
SELF_GOVERNANCE_CATEGORIES = ("村民议事会", "老年协会", "道德评议会", "红白理事会", "禁毒禁赌会")
# The self-governance organizations every village should have (village-missing-self-governance-org).
REQUIRED_SELF_GOVERNANCE = ("村民议事会", "红白理事会", "道德评议会", "禁毒禁赌会")
