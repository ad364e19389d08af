"""``report cadres`` on the screen (table, Markdown, CSV, JSON), its sheet in ``export``, and ``cadre show``."""

from __future__ import annotations

import sys

from village_gov.core.i18n import label, t
from village_gov.render.document import Column, Sheet, Table
from village_gov.render.output import print_json, print_rows

FIGURES = [("link_leader", "cadre.col_link_leader", "text"), ("link_visits_90d", "cadre.col_link_visits_90d", "int"),
           ("mentor", "label.mentor", "text"), ("mentor_meetings_90d", "cadre.col_mentor_meetings_90d", "int"),
           ("reserves", "cadre.col_reserves", "int"), ("reserves_under_35", "cadre.col_reserves_under_35", "int"),
           ("reserves_women", "cadre.col_reserves_women", "int"), ("rating", "label.rating", "text"),
           ("rectification_total", "cadre.col_rectification_total", "int"),
           ("rectification_done", "cadre.col_rectification_done", "int"),
           ("rectification_open", "cadre.col_rectification_open", "int"),
           ("rectification_overdue", "cadre.col_rectification_overdue", "int"),
           ("under_supervision", "cadre.col_under_supervision", "flag"),
           ("work_reports", "cadre.col_work_reports", "int")]
COLUMNS = [("code", "label.code"), ("name", "label.village")] + [(k, lk) for k, lk, _ in FIGURES]


def _rating_counts(counts: dict) -> str:
    return "、".join(f"{rating} {count}" for rating, count in counts.items() if count)


def display_rows(report: dict) -> list[tuple[dict, bool]]:
    """The villages, then the total (villages counted for the names, ratings counted by rating)."""
    rows = [(dict(v), False) for v in report["villages"]]
    total = dict(report["total"], code="", name=label("consult.col_total"))
    total["rating"] = _rating_counts(total["rating"])
    return rows + [(total, True)]


def print_cadres_report(report: dict, fmt: str = "table", out=None) -> None:
    out = out or sys.stdout
    if fmt == "json":
        print_json(report, out=out)
        return
    rows = [row for row, _ in display_rows(report)]
    if fmt == "csv":
        rows[-1]["code"] = "total"
        print_rows([(k, k) for k, _ in COLUMNS], rows, "csv", out=out)
        return
    print_rows(COLUMNS, rows, fmt, title=t("cadre.report_title", as_of=report["as_of"]), limit=None, out=out)


def cadres_sheet(report: dict) -> Sheet:
    """The sheet of ``export`` (its tab ``cadre.sheet``): one row per village and the total."""
    columns = [Column("code", label("label.code")), Column("name", label("label.village"))]
    columns += [Column(key, label(label_key), kind) for key, label_key, kind in FIGURES]
    return Sheet("cadres", t("cadre.report_title", as_of=report["as_of"]),
                 [Table(columns, display_rows(report), key="villages")], tab="cadre.sheet")


def print_village_page(page: list[tuple[str, object]], fmt: str = "table") -> None:
    """``cadre show``: one page of ``(label key, value)`` lines, or JSON keyed by the English names."""
    if fmt == "json":
        print_json({key.split(".", 1)[1].removeprefix("show_"): value for key, value in page})
        return
    rows = [{"field": label(key), "value": value} for key, value in page]
    print_rows([("field", "label.field"), ("value", "label.value")], rows, fmt, limit=None)
