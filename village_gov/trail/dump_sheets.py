"""The whole database as the sheets of the import template (``dump --format xlsx``): per section, its
records in the import format, ordered by code, each section on its own sheet.

The records are those of the YAML dump (:func:`village_gov.trail.dump.section_records`, hooks
included), laid flat: the records a section writes inside its own (a consultation's ``requests``) go
back to their section's sheet with the keys they inherit filled in (``consultation``, ``village``,
``raised``), and the lists a mapping section holds (the reform's ``townships_before`` and
``villages_before``) to theirs.  Archived records keep ``archived: true``, as in the YAML dump.
One section's records are in memory at a time (plus those lifted out of it for a later sheet).
"""

from __future__ import annotations

from collections.abc import Iterator

from village_gov.ledgers import by_name
from village_gov.trail.dump import section_records

SHORT_KEYS = {"from": "date_from", "to": "date_to"}
"""Keys the import format writes short for a model's field (a cadre ledger period's ``from``/``to``): the
template's columns are the fields, so a record's short key goes in its field's column."""


def _field_keys(section, records: list[dict]) -> list[dict]:
    fields = section.model.model_fields
    renames = {short: name for short, name in SHORT_KEYS.items() if name in fields and short not in fields}
    if not renames:
        return records
    return [{renames.get(key, key): value for key, value in record.items()} for record in records]


def sheet_records(db, names: list[str]) -> Iterator[tuple[str, list[dict]]]:
    """``(section, records)`` for each section of ``names`` (in the template's order)."""
    sections = by_name()
    lifted: dict[str, list[dict]] = {}
    for name in names:
        section = sections[name]
        stored = not section.within and db[section.table].exists()
        records = _field_keys(section, section_records(db, section)) if stored else []
        for nest in section.nested:
            for record in records:
                for child in record.pop(nest.field, None) or []:
                    for key, parent_key in nest.inherit:
                        child.setdefault(key, record.get(parent_key))
                    lifted.setdefault(nest.target, []).append(child)
        for key in section.inner:
            for record in records:
                lifted.setdefault(key, []).extend(record.pop(key, None) or [])
        if name in lifted:
            records = sorted([*records, *lifted.pop(name)], key=lambda record: str(record.get("code")))
        yield name, records


def largest_section(db, names: list[str]) -> int:
    """The number of records of the largest of these sections (how far the sheets' drop-downs reach)."""
    sections = by_name()
    counts = [db.conn.execute(f'SELECT count(*) FROM "{sections[name].table}"').fetchone()[0]
              for name in names if db[sections[name].table].exists()]
    return max(counts, default=0)
