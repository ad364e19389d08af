"""``request edit`` keeps the request's history as ``request update`` does: a correction of its status,
response, resolution or referral adds one event (source edit, shown 更正), dated the resolution (or
referral) date, else today; an edit of another field adds none.

tests/helpers/full_ledger.py: R3 (V1, raised 2026-10-08 at C1) is 待办 with one event, 待办 on
2026-10-08 from the import; today is 2026-11-15.
"""

from __future__ import annotations

import json

import pytest

from tests.helpers.db import file_digest
from tests.helpers.full_ledger import TODAY, write_ledger


@pytest.fixture
def ledger(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)
    db = tmp_path / "t.db"
    assert cli("--db", db, "import", write_ledger(tmp_path / "in")).exit_code == 0

    def run(*args):
        return cli("--db", db, *args)

    run.db = db
    return run


def _history(ledger, code):
    shown = json.loads(ledger("request", "show", code, "--format", "json").stdout)
    return [(e["date"], e["status"], e["response"], e["note"], e["source"]) for e in shown["history"]]


def test_a_status_edit_adds_its_event(ledger):
    assert _history(ledger, "R3") == [("2026-10-08", "待办", None, None, "import")]
    result = ledger("request", "edit", "R3", "--set", "status=已办结", "--set", "resolved=2026-11-01",
                    "--set", "response=已清淤", "--yes")
    assert result.exit_code == 0, result.output
    assert _history(ledger, "R3") == [("2026-10-08", "待办", None, None, "import"),
                                      ("2026-11-01", "已办结", "已清淤", None, "edit")]
    assert "更正" in ledger("request", "show", "R3").output
    # The audit entry counts the history row it added, beside the record's before → after.
    entry = json.loads(ledger("audit", "log", "--code", "R3", "--format", "json").stdout)[-1]
    assert entry["counts"]["request_events"] == {"added": 1}


def test_a_referral_edit_is_dated_by_its_referral_and_names_where(ledger):
    result = ledger("request", "edit", "R3", "--set", "status=已转办", "--set", "referred=2026-10-20",
                    "--set", "referred_to=镇水利站", "--yes")
    assert result.exit_code == 0, result.output
    assert _history(ledger, "R3")[-1] == ("2026-10-20", "已转办", None, "镇水利站", "edit")


def test_an_open_status_edit_is_dated_today(ledger):
    assert ledger("request", "edit", "R3", "--set", "status=办理中", "--yes").exit_code == 0
    assert _history(ledger, "R3")[-1] == ("2026-11-15", "办理中", None, None, "edit")


def test_an_edit_of_another_field_adds_no_event(ledger):
    assert ledger("request", "edit", "R3", "--set", "content=水渠清淤（上段）", "--yes").exit_code == 0
    assert _history(ledger, "R3") == [("2026-10-08", "待办", None, None, "import")]


def test_a_refused_status_edit_adds_nothing(ledger):
    before = file_digest(ledger.db)
    # Resolved before it was raised (2026-10-08): refused as an import of it would be.
    result = ledger("request", "edit", "R3", "--set", "status=已办结", "--set", "resolved=2026-10-01", "--yes")
    assert result.exit_code == 2, result.output
    assert file_digest(ledger.db) == before
