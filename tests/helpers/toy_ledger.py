"""A toy ledger (trees planted in a village) written as a package into a temporary folder and added to
``village_gov.ledgers.LEDGERS``: one section, one import rule, one check rule, one monthly column,
its migration and its messages.  The ``toy_ledger`` and ``toy`` fixtures of conftest.py use it."""

from __future__ import annotations

import textwrap
from pathlib import Path

TOY = {
    "__init__.py": '''
        from village_gov.core.ledger import Ledger, Report

        LEDGER = Ledger(
            name="trees",
            sections="toytrees.sections:SECTIONS",
            import_rules=("toytrees.rules",),
            check_rules=("toytrees.checks",),
            check_options="toytrees.checks:TreeCheckOptions",
            monthly=("toytrees.monthly:PROVIDER",),
            reports=(Report("trees", "toytrees.report:trees_report", export="toytrees.report:export_part",
                            sheet="toytrees.sheet:trees_sheet"),),
            messages="toytrees.messages:MESSAGES",
            migrations="toytrees.migrations:MIGRATIONS",
        )
        ''',
    "models.py": '''
        import datetime as dt

        from village_gov.core.fields import Code, Name
        from village_gov.core.records import Record


        class Tree(Record):
            village: Code
            species: Name
            planted: dt.date
        ''',
    "sections.py": '''
        from village_gov.core.sections import Ref, Section
        from toytrees.models import Tree

        SECTIONS = [Section("trees", "trees", Tree, ("village", "species", "planted"),
                            refs=(Ref("village", "villages"),), registry=False)]
        ''',
    "rules.py": '''
        import datetime as dt

        from village_gov.core.errors import Problem
        from village_gov.core.validate import semantic_check


        @semantic_check
        def planted_after_founding(batch, lookup):
            """No tree of the ledger was planted before 1949-10-01."""
            return [Problem(*entry.at("planted"), "trees.planted_too_early", {"date": entry.record.planted.isoformat()},
                            record=code)
                    for code, entry in batch.section("trees").items()
                    if entry.record.planted < dt.date(1949, 10, 1)]
        ''',
    "checks.py": '''
        from dataclasses import dataclass

        from village_gov.core.checks import WARNING, rule, township_scope


        @dataclass
        class TreeCheckOptions:
            min_trees: int = 2


        @rule("village-few-trees", WARNING)
        def village_few_trees(db, options):
            """A village with fewer trees than the minimum."""
            least = options.for_ledger("trees", TreeCheckOptions).min_trees
            scope, params = township_scope(options, "v.code")
            for code, count in db.execute(f"""
                    SELECT v.code, (SELECT count(*) FROM trees t WHERE t.village = v.code AND t.archived = 0)
                    FROM villages v WHERE v.archived = 0 {scope} ORDER BY v.code""", params):
                if count < least:
                    yield code, "trees.rule_few_trees", {"count": count, "min": least}
        ''',
    "monthly.py": '''
        import json

        from village_gov.reports.registry import MonthlyFigures

        FIELDS = [("trees_planted", "trees.month_planted")]


        def compute(db, period, villages, options):
            rows = db.execute("""SELECT village, count(*) FROM trees
                                 WHERE archived = 0 AND planted BETWEEN ? AND ?
                                 AND village IN (SELECT value FROM json_each(?)) GROUP BY village""",
                              [period.start.isoformat(), period.end.isoformat(), json.dumps(villages)])
            return {village: {"trees_planted": count} for village, count in rows}


        PROVIDER = MonthlyFigures(name="trees", fields=FIELDS, compute=compute, order=60)
        ''',
    "report.py": '''
        from village_gov.reports.registry import ExportPart


        def trees_report(db, period, township=None):
            """Per village: trees planted in the period, and trees standing at its end."""
            scope, params = ("AND v.township = ?", [township]) if township else ("", [])
            rows = db.execute(f"""SELECT v.code, v.name,
                                         (SELECT count(*) FROM trees t WHERE t.village = v.code AND t.archived = 0
                                          AND t.planted BETWEEN ? AND ?),
                                         (SELECT count(*) FROM trees t WHERE t.village = v.code AND t.archived = 0
                                          AND t.planted <= ?)
                                  FROM villages v WHERE v.archived = 0 {scope} ORDER BY v.code""",
                              [period.start.isoformat(), period.end.isoformat(), period.end.isoformat(), *params])
            villages = [{"code": c, "name": n, "planted": p, "standing": s} for c, n, p, s in rows]
            total = {"code": "", "name": "total", "planted": sum(v["planted"] for v in villages),
                     "standing": sum(v["standing"] for v in villages)}
            return {"month": period.label, "villages": villages, "total": total}


        def export_part(db, month):
            return ExportPart(trees_report(db, month.period, month.township))
        ''',
    "sheet.py": '''
        from village_gov.core.i18n import label, t
        from village_gov.render.document import Column, Sheet, Table


        def trees_sheet(report):
            columns = [Column("code", label("label.code")), Column("name", label("label.village")),
                       Column("planted", t("trees.col_planted"), "int"),
                       Column("standing", t("trees.col_standing"), "int")]
            rows = [(v, False) for v in report["villages"]] + [(report["total"], True)]
            return Sheet("trees", t("trees.sheet_title", month=report["month"]),
                         [Table(columns, rows, key="villages")], tab="trees.sheet")
        ''',
    "messages.py": '''
        MESSAGES = {
            "section.trees": ("树木", "trees"),
            "trees.planted_too_early": ("种植日期 {date} 早于 1949-10-01", "planted on {date}, before 1949-10-01"),
            "trees.rule_few_trees": ("村里只有 {count} 棵树（至少 {min} 棵）", "only {count} tree(s) in the village (at least {min})"),
            "trees.month_planted": ("植树", "trees planted"),
            "trees.sheet": ("植树台账", "trees"),
            "trees.sheet_title": ("{month} 植树", "Trees planted, {month}"),
            "trees.col_planted": ("本月种植", "planted"),
            "trees.col_standing": ("月末现有", "standing"),
        }
        ''',
    "migrations.py": '''
        def m001_trees(db):
            db["trees"].create({"code": str, "village": str, "species": str, "planted": str, "archived": int},
                               pk="code", foreign_keys=[("village", "villages", "code")],
                               not_null={"village", "species", "planted"}, defaults={"archived": 0})


        MIGRATIONS = [(1, m001_trees)]
        ''',
}


TREES = """
trees:
  - {code: TR1, village: V1, species: 银杏, planted: 2026-10-03}
  - {code: TR2, village: V1, species: 樟树, planted: 2026-10-20}
  - {code: TR3, village: V2, species: 桂花, planted: 2026-09-30}
"""


def add_toy(tmp_path: Path, monkeypatch) -> Path:
    """Write the toy package, put it on sys.path and append its ledger to LEDGERS: the one line."""
    package = tmp_path / "toy" / "toytrees"
    package.mkdir(parents=True)
    for name, text in TOY.items():
        (package / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    monkeypatch.syspath_prepend(str(package.parent))
    import importlib

    importlib.invalidate_caches()
    from village_gov import ledgers

    toytrees = importlib.import_module("toytrees")
    monkeypatch.setattr(ledgers, "LEDGERS", (*ledgers.LEDGERS, toytrees.LEDGER))
    return package
