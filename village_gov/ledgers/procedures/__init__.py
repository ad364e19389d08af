"""Procedures the county audits: 四议两公开一监督 decisions, 三公开 disclosures, 三会一课 party meetings,
the moral red/black list (道德红黑榜) and household points (积分制)."""
