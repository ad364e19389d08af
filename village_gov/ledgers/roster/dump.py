"""Dump hook of the reform: one mapping holding its ``townships_before`` and ``villages_before``."""

from __future__ import annotations

from village_gov.ledgers import by_name
from village_gov.trail.dump_sections import dump_hook
from village_gov.trail.records import generic_records


@dump_hook("reform")
def reform(db, section) -> list[dict]:
    records = generic_records(db, section)
    sections = by_name()
    for key in section.inner:
        inner = sections[key]
        parents = dict(db.conn.execute(f'SELECT code, "{inner.within}" FROM "{inner.table}"'))
        grouped: dict[str, list[dict]] = {}
        for item in generic_records(db, inner):
            grouped.setdefault(parents[item["code"]], []).append(item)
        for record in records:
            if grouped.get(record["code"]):
                record[key] = grouped[record["code"]]
    return records
