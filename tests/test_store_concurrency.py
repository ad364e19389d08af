"""Two writers at once lose nothing; a database held locked past the busy timeout gives exit 3, no traceback."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from tests.helpers.crash import cli_env, database_checks, generate_roster, run_cli, table_state


def start(db, *args, **env):
    return subprocess.Popen([sys.executable, "-m", "village_gov", *map(str, args)], env=cli_env(db, **env),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_imports_at_once_lose_nothing(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(generate_roster(households=30, prefix="A"), encoding="utf-8")
    b.write_text(generate_roster(households=30, prefix="B"), encoding="utf-8")
    shared = tmp_path / "shared.db"
    from village_gov.store.db import open_db

    open_db(shared).conn.close()  # created and migrated before the race
    first, second = start(shared, "import", a), start(shared, "import", b)
    outputs = [p.communicate(timeout=120) for p in (first, second)]
    assert (first.returncode, second.returncode) == (0, 0), outputs
    # The same two imports one after the other give the same rows.
    sequential = tmp_path / "sequential.db"
    assert run_cli(sequential, "import", a).returncode == 0
    assert run_cli(sequential, "import", b).returncode == 0
    together, apart = table_state(shared), table_state(sequential)
    assert {k: v for k, v in together.items() if k != "audit"} == {k: v for k, v in apart.items() if k != "audit"}
    # 4 villages × (5 groups × 30 households) = 600 households from each roster.
    assert len(together["households"]) == 1200
    commands = [row[1] for row in together["audit"] if row[1].startswith("village-gov import")]
    assert sorted(commands) == [f"village-gov import {a}", f"village-gov import {b}"]
    assert database_checks(shared) == []


def _locked(db, exclusive_mode: bool):
    holder = sqlite3.connect(db, isolation_level=None)
    if exclusive_mode:
        # Held so that even readers wait (a WAL database otherwise lets readers through).
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE households SET size = size")
    return holder


def _run_locked(db, *args):
    return subprocess.run([sys.executable, "-m", "village_gov", "--lang", "en", *map(str, args)],
                          env=cli_env(db, VILLAGE_GOV_BUSY_TIMEOUT_MS="300"), capture_output=True, text=True,
                          timeout=60)


def test_write_to_a_locked_database_waits_then_exits_3(tmp_path):
    db, roster = tmp_path / "t.db", tmp_path / "r.yaml"
    roster.write_text(generate_roster(households=3), encoding="utf-8")
    assert run_cli(db, "import", roster).returncode == 0
    roster.write_text(generate_roster(households=3, variant="after"), encoding="utf-8")
    holder = _locked(db, exclusive_mode=False)
    try:
        before = table_state(db)
        result = _run_locked(db, "import", roster)
        assert result.returncode == 3, result.stderr
        assert "is locked by another program (waited 0.3 s)" in result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        # Readers are not blocked by a writer in WAL mode.
        read = _run_locked(db, "member", "list", "--format", "csv")
        assert read.returncode == 0 and read.stdout.startswith("code,")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert table_state(db) == before


def test_read_of_a_database_held_exclusively_exits_3(tmp_path):
    db, roster = tmp_path / "t.db", tmp_path / "r.yaml"
    roster.write_text(generate_roster(households=3), encoding="utf-8")
    assert run_cli(db, "import", roster).returncode == 0
    holder = _locked(db, exclusive_mode=True)
    try:
        for args in (["member", "list"], ["org", "tree"], ["audit", "verify"], ["import", roster]):
            result = _run_locked(db, *args)
            assert result.returncode == 3, (args, result.stderr)
            assert "is locked by another program" in result.stderr, args
            assert "Traceback" not in result.stderr + result.stdout
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_import_and_a_stream_of_request_updates_lose_nothing(tmp_path):
    """An import of another township runs while request updates arrive one after another: every update
    lands (its row, its history event, its audit entry) and the import is complete."""
    import json
    import threading

    from tests.helpers.full_ledger import TODAY, write_ledger

    db = tmp_path / "shared.db"
    ledger = write_ledger(tmp_path / "ledger")
    assert run_cli_env(db, {"VILLAGE_GOV_TODAY": TODAY}, "import", ledger).returncode == 0
    roster = tmp_path / "other.yaml"
    roster.write_text(generate_roster(households=30, prefix="B"), encoding="utf-8")
    # R3 (待办) and R7 (办理中) get a progress note each, alternately, on 2026-11-16 … 2026-11-21 (six
    # writes, one after the other: the stream overlaps the import from the first one on).
    updates = [["request", "update", "R3" if i % 2 == 0 else "R7", "--status", "in_progress",
                "--response", f"进展{i}", "--date", f"2026-11-{16 + i}"] for i in range(6)]
    results, order = [], []

    def stream():
        for args in updates:
            if "update started" not in order:
                order.append("update started")
            results.append(run_cli(db, *args))

    importer = start(db, "import", roster)
    thread = threading.Thread(target=stream)
    thread.start()
    out, err = importer.communicate(timeout=120)
    order.append("import done")
    thread.join(timeout=120)
    assert importer.returncode == 0, err
    assert [r.returncode for r in results] == [0] * 6, [r.stderr for r in results if r.returncode]
    # The two writers overlapped: the first update started before the import finished.
    assert order.index("update started") < order.index("import done"), order
    state = table_state(db)
    assert len([h for h in state["households"] if h[0].startswith("B")]) == 600  # 4 × 5 × 30
    conn = sqlite3.connect(db)
    notes = conn.execute("SELECT request, response FROM request_events WHERE source = 'cli' ORDER BY id").fetchall()
    assert notes == [(args[2], args[6]) for args in updates]
    # The last note of each: R3's the fifth (进展4), R7's the sixth (进展5).
    assert conn.execute("SELECT response FROM requests WHERE code = 'R3'").fetchone() == ("进展4",)
    assert conn.execute("SELECT response FROM requests WHERE code = 'R7'").fetchone() == ("进展5",)
    commands = [json.loads(c) for (c,) in conn.execute(
        "SELECT counts FROM audit WHERE command LIKE 'village-gov request update%'")]
    conn.close()
    assert len(commands) == 6 and all(c["requests"] == {"changed": 1} for c in commands)
    assert database_checks(db) == []


def run_cli_env(db, env, *args):
    return subprocess.run([sys.executable, "-m", "village_gov", *map(str, args)], env=cli_env(db, **env),
                          capture_output=True, text=True)
