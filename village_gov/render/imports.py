"""The summary printed after an import: per section, added / changed / unchanged / absent / archived."""

from __future__ import annotations

import sys

from village_gov.core.i18n import label, t
from village_gov.render.output import print_json, print_rows

COLUMNS = [("section", "label.section"), ("added", "label.added"), ("changed", "label.changed"),
           ("unchanged", "label.unchanged"), ("absent", "label.absent"), ("archived", "label.archived")]


def print_import_result(result, fmt: str = "table", plans=None) -> None:
    """The import's summary; for a dry run, its ``plans`` (:func:`village_gov.core.plan.build_plan`) first,
    or in JSON each section's plan in place of its counts."""
    from village_gov.render.safe import terminal

    for key, params in getattr(result, "notes", ()):
        # What a reader found (a CSV read as GB18030): on stderr, so JSON and CSV on stdout stay clean.
        sys.stderr.write(terminal(t(key, **params), one_line=True) + "\n")
    if result.safety_copy:
        # On stderr in every format, so a script's JSON or CSV stays clean and the path is still seen.
        sys.stderr.write(t("store.safety_copy_taken", path=result.safety_copy) + "\n")
    if fmt == "json":
        if plans is not None:
            from village_gov.render.plan import plan_json

            print_json(plan_json(result, plans))
        else:
            print_json(result.as_dict())
        return
    if plans is not None and fmt in ("table", "markdown"):
        from village_gov.render.plan import print_plan

        print_plan(plans)
    if result.unchanged_files:
        if fmt == "csv":
            print_rows(COLUMNS, [], fmt, limit=None)
        else:
            sys.stdout.write(t("import.unchanged_files") + "\n")
        return
    rows = []
    for s in result.sections:
        row = s.as_dict()
        if fmt in ("table", "markdown"):
            row["section"] = label("section." + s.section, s.section)
        rows.append(row)
    print_rows(COLUMNS, rows, fmt, limit=None)
    if fmt in ("csv",):
        print_warnings(result.warnings)
        return
    absent = sum(len(s.absent) for s in result.sections if not s.archived)
    if result.dry_run:
        sys.stdout.write(t("import.dry") + "\n")
    elif not result.changed_anything:
        sys.stdout.write(t("import.nothing") + "\n")
    else:
        sys.stdout.write(t("import.done", files=len(result.files)) + "\n")
    if absent:
        from village_gov.render.safe import terminal

        sys.stdout.write(terminal(absent_hint(result, absent), one_line=True) + "\n")  # may name codes: data
    print_warnings(result.warnings)


def print_warnings(warnings: list) -> None:
    """The import's warnings after its summary, on stderr like its problems (``file:line:column: …``)."""
    if not warnings:
        return
    from village_gov.core.errors import Problem, capped
    from village_gov.render.output import print_problems

    sys.stdout.flush()
    sys.stderr.write(t("import.warnings", count=len(warnings)) + "\n")
    print_problems(capped(sorted(warnings, key=Problem.sort_key), more="import.warnings_more"))


def absent_hint(result, absent: int) -> str:
    """Records left out were kept: suggest ``--prune`` only when the import is a full roster."""
    if result.prunable:
        return t("import.absent_hint", count=absent)
    sep = t("cmd.list_sep")
    kept = sep.join(t("import.kept_count", section=label("section." + s.section, s.section), count=len(s.absent))
                    for s in result.sections if s.absent and not s.archived)
    missing = sep.join(label("section." + name, name) for name in result.uncovered)
    return t("import.absent_partial", count=absent, kept=kept, missing=missing)
