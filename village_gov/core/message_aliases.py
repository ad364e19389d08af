"""Catalog keys whose text is another key's (see :data:`village_gov.core.i18n.CATALOG`)."""

from __future__ import annotations

# Keys looked up by a name from the data (a pydantic error type, a section, a column, a sheet, a step)
# whose text is another key's: the text is written once, under the key each one points to.
ALIASES: dict[str, str] = {
    "valid.int_parsing": "valid.int_type",
    "valid.int_from_float": "valid.int_type",
    "valid.float_parsing": "valid.float_type",
    "valid.bool_parsing": "valid.bool_type",
    "valid.date_parsing": "valid.date_type",
    "valid.date_from_datetime_parsing": "valid.date_type",
    "valid.model_type": "valid.dict_type",
    "valid.value_error": "valid.unknown",
    "label.list_households": "label.liaisons",
    "audit.anchor_deleted": "audit.deleted",
    "section.townships": "label.township",
    "section.villages": "label.village",
    "section.households": "label.household",
    "section.positions": "label.position",
    "export.col_township": "label.township",
    "export.col_groups": "label.groups",
    "consult.source_cli": "label.command",
    "consult.col_consultation": "section.consultations",
    "consult.col_date": "label.date",
    "consult.col_position": "label.position",
    "consult.col_content": "label.content",
    "consult.col_category": "label.category",
    "consult.col_source": "label.source",
    "export.col_month": "consult.col_month",
    "export.col_overdue": "consult.month_overdue",
    "export.sheet_reform": "section.reform",
    "export.step_proposed": "procedures.step_proposed",
    "export.step_deliberated": "procedures.step_deliberated",
    "export.step_reviewed": "procedures.step_reviewed",
    "export.col_due": "procedures.col_due",
    "export.col_present": "procedures.col_present",
}
