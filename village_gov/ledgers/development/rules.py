"""Cross-record rules of the development ledger that make an import (or a command) invalid.

Only what cannot be right is refused here; the procedure's time rules are ``check`` findings.
"""

from __future__ import annotations

from village_gov.core.batch import Batch, Lookup
from village_gov.core.errors import Problem
from village_gov.core.validate import semantic_check


@semantic_check
def development_org_in_village(batch: Batch, lookup: Lookup) -> list[Problem]:
    """The party organization developing a person is one of the person's village."""
    problems = []
    for code, entry in batch.section("development").items():
        org = lookup.get("party_orgs", entry.record.org)
        if org and org["village"] != entry.record.village:
            problems.append(Problem(*entry.at("org"), "development.org_other_village",
                                    {"org": entry.record.org, "village": entry.record.village}, record=code))
    return problems
