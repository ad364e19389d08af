"""Development records for the tests: a clean record (every stage in time) to change one thing in, the
records written as YAML beside ``rosters.SMALL_ROSTER``, and the findings of one rule read back.

Today is 2026-11-15 in these tests.  In SMALL_ROSTER, M2, M3 and M5 are full members (正式) and M4 is
probationary (预备); P2 is a party branch of V1.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import yaml

from tests.helpers.rosters import SMALL_ROSTER

TODAY = "2026-11-15"


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# Every stage in time, worked out by hand: talked 26 days after applying (deadline 2024-02-10);
# assessed 5 and 5½ months apart (2024-03-01 → 08-01 → 2025-01-15 → target 03-01); named a target
# exactly a year after becoming an activist; approved 80 days after the assembly (deadline 07-01);
# probation ends 2026-04-01, conversion discussed 9 days later (deadline 05-01); member M5 is 正式.
_CLEAN = {
    "code": "X", "name": "张晓梅", "gender": "女", "born": d("1990-06-15"), "village": "V1", "org": "P2",
    "source": "致富能手", "education": "高中", "applied": d("2024-01-10"), "talked": d("2024-02-05"),
    "activist": d("2024-03-01"), "contacts": ["M2", "M3"], "assessments": [d("2024-08-01"), d("2025-01-15")],
    "target": d("2025-03-01"), "review": d("2025-03-10"), "training_hours": 24, "committee": d("2025-03-20"),
    "prereview": d("2025-03-25"), "introducers": ["M2", "M3"],
    "meeting": {"date": d("2025-04-01"), "voting": 20, "present": 11, "approve": 11},
    "approved": d("2025-06-20"), "sworn": d("2025-06-25"),
    "conversion_meeting": {"date": d("2026-04-10"), "voting": 20, "present": 11, "approve": 11},
    "conversion_approved": d("2026-05-01"), "member": "M5",
}
_APPLICANT = ("code", "name", "gender", "born", "village", "org", "source", "education", "applied")


def clean(code: str, **changes) -> dict:
    """The clean record under ``code`` with ``changes`` (a value of None removes the field)."""
    record = {**copy.deepcopy(_CLEAN), "code": code, **changes}
    return {k: v for k, v in record.items() if v is not None}


def applicant(code: str, applied: str, **changes) -> dict:
    """Only the application of the clean record (applied on ``applied``), with ``changes``."""
    record = {k: v for k, v in clean(code).items() if k in _APPLICANT}
    return {**record, "applied": d(applied), **changes}


class _Plain(yaml.SafeDumper):
    """Writes a value shared by two records twice (the import refuses anchors and aliases)."""

    def ignore_aliases(self, data) -> bool:
        return True


def write(folder: Path, records: list[dict]) -> list[Path]:
    """SMALL_ROSTER and the development section in ``folder``: the files to import."""
    import textwrap

    folder.mkdir(parents=True, exist_ok=True)
    roster = folder / "roster.yaml"
    roster.write_text(textwrap.dedent(SMALL_ROSTER), encoding="utf-8")
    development = folder / "development.yaml"
    development.write_text(yaml.dump({"development": records}, Dumper=_Plain, allow_unicode=True,
                                     sort_keys=False), encoding="utf-8")
    return [roster, development]


def subjects(cli, rule: str, *args) -> dict[str, list[dict]]:
    """``{subject: [params]}`` of one rule's findings (``check --rule``)."""
    result = cli("--lang", "en", "check", "--format", "json", "--rule", rule, *args)
    assert result.exit_code in (0, 1), result.output
    found: dict[str, list[dict]] = {}
    for finding in json.loads(result.stdout)["findings"]:
        found.setdefault(finding["subject"], []).append(finding["params"])
    return found


def load(cli, folder: Path, records: list[dict]) -> None:
    """Import SMALL_ROSTER and ``records``."""
    result = cli("import", *write(folder, records))
    assert result.exit_code == 0, result.output
