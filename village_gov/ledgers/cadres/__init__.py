"""The cadre ledger (提升运行质效): 挂联指导, 导师帮带, 后备力量, 述职评议与整改, 提级监督,
工作报告, 政治体检, 权责三张清单.

Its name is ``cadre`` (the roster already has a section ``cadres``, the village cadres themselves);
its commands are ``cadre …``, ``mentor meet``, ``review item-done``, and its report ``report cadres``.
"""

from village_gov.core.ledger import Ledger, Report

LEDGER = Ledger(
    name="cadre",
    sections="village_gov.ledgers.cadres.sections:SECTIONS",
    import_rules=("village_gov.ledgers.cadres.rules",),
    check_rules=("village_gov.ledgers.cadres.checks",),
    check_options="village_gov.ledgers.cadres.options:CadreCheckOptions",
    monthly=("village_gov.ledgers.cadres.monthly:PROVIDER",),
    reports=(Report("cadres", "village_gov.ledgers.cadres.report:cadres_report",
                    export="village_gov.ledgers.cadres.report:export_part",
                    sheet="village_gov.render.cadres:cadres_sheet"),),
    dump_hooks=("village_gov.ledgers.cadres.dump",),
    messages="village_gov.ledgers.cadres.messages:MESSAGES",
    migrations="village_gov.ledgers.cadres.migrations:MIGRATIONS",
)
