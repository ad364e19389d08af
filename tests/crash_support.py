"""Fault injection shared by the crash tests and ``bench/faults.py``.

A roster "before" is imported into a database; a roster "after" (changed,
added and removed records) is then imported by a ``python -m village_gov``
subprocess that is killed with SIGKILL at a random point: either at a random
time, or as soon as the write-ahead log has grown past a random size (so that
kills land inside the write transaction and its commit too).  After every kill
the database must pass ``integrity_check`` and ``foreign_key_check``, hold
exactly the before or the after state, and keep an intact audit chain.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def cli_env(db: Path, **extra) -> dict:
    return {**os.environ, "PYTHONPATH": str(REPO_ROOT), "VILLAGE_GOV_DB": str(db), "CI": "1", **extra}


def run_cli(db: Path, *args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "village_gov", *map(str, args)], env=cli_env(db),
                          capture_output=True, text=True, **kwargs)


def generate_roster(villages: int = 4, groups: int = 5, households: int = 40, variant: str = "before",
                    prefix: str = "") -> str:
    """A township of ``villages`` × ``groups`` × ``households``; ``variant="after"`` changes it.

    The "after" roster changes the size of every third household, drops every
    tenth household (kept: a plain import never deletes), adds a group's worth
    of new households and re-links members to them.
    """
    after = variant == "after"
    p = prefix
    lines = ["townships:", f"  - {{code: {p}T1, name: 青竹镇, kind: 镇}}", "villages:"]
    for v in range(villages):
        lines.append(f"  - {{code: {p}V{v}, name: 村{v}, township: {p}T1, population: {1000 + v}, area_km2: {v + 1}.5}}")
    lines.append("groups:")
    for v in range(villages):
        for g in range(groups):
            lines.append(f"  - {{code: {p}V{v}G{g}, name: {g + 1}组, village: {p}V{v}}}")
    lines.append("party_orgs:")
    for v in range(villages):
        lines.append(f"  - {{code: {p}V{v}P, name: 村{v}党总支, level: 党总支, village: {p}V{v}, secretary: {p}V{v}M0}}")
        for g in range(groups):
            lines.append(f"  - {{code: {p}V{v}G{g}P, name: {g + 1}组党支部, level: 党支部, village: {p}V{v}, "
                         f"group: {p}V{v}G{g}, parent: {p}V{v}P}}")
    lines.append("households:")
    codes_by_group: dict[str, list[str]] = {}
    for v in range(villages):
        for g in range(groups):
            group = f"{p}V{v}G{g}"
            count = households + (households // 4 if after else 0)
            for h in range(count):
                if after and h % 10 == 9:
                    continue
                size = 1 + (h * 7 + v) % 6 + (1 if after and h % 3 == 0 else 0)
                code = f"{group}H{h}"
                lines.append(f"  - {{code: {code}, head: 户主{h}, group: {group}, size: {size}, phone: '139{v:02d}{g:02d}{h:04d}'}}")
                codes_by_group.setdefault(group, []).append(code)
    lines.append("members:")
    for v in range(villages):
        for g in range(groups):
            group = f"{p}V{v}G{g}"
            homes = codes_by_group[group]
            for m in range(4):
                linked = homes[m::4][: 10]
                org = f"{p}V{v}P" if (m == 0 and g == 0) else f"{group}P"
                code = f"{p}V{v}M0" if (m == 0 and g == 0) else f"{group}M{m}"
                lines.append(f"  - {{code: {code}, name: 党员{m}, org: {org}, households: [{', '.join(linked)}]}}")
    lines.append("cadres:")
    for v in range(villages):
        posts = "[党组织书记, 村委会主任]" if after else "[党组织书记]"
        lines.append(f"  - {{village: {p}V{v}, member: {p}V{v}M0, posts: {posts}}}")
    return "\n".join(lines) + "\n"


def table_state(path: Path) -> dict:
    """Every table's rows (the audit trail by its content columns only: times and hashes differ per run)."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        state = {}
        for name in names:
            if name == "audit":
                state[name] = conn.execute("SELECT id, command, sources, counts, changes FROM audit ORDER BY id").fetchall()
            else:
                state[name] = sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
        return state
    finally:
        conn.close()


def database_checks(path: Path) -> list[str]:
    """Problems found by ``integrity_check``, ``foreign_key_check`` and the audit chain ([] when sound)."""
    from village_gov import audit

    conn = sqlite3.connect(path)
    try:
        problems = []
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.append(f"integrity_check: {integrity[:3]}")
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append("foreign_key_check")

        class _Db:  # audit.verify needs only .conn
            pass

        holder = _Db()
        holder.conn = conn
        _, bad, reason = audit.verify(holder)
        if bad is not None:
            problems.append(f"audit chain broken at entry {bad['id']} ({reason})")
        return problems
    finally:
        conn.close()


def copy_db(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(source, target)
    os.chmod(target, 0o600)


@dataclass
class KillReport:
    tried: int = 0
    killed: int = 0
    finished_first: int = 0
    before_states: int = 0
    after_states: int = 0
    mixed: int = 0
    unsound: list[str] = field(default_factory=list)
    rows_lost: int = 0

    @property
    def verified(self) -> int:
        return self.before_states + self.after_states


@dataclass
class Scenario:
    """A base database and the command whose kill is tested, with the two expected states."""

    workdir: Path
    base: Path
    args: list
    before: dict
    after: dict
    duration: float
    wal_growth: int


def prepare_import_scenario(workdir: Path, households: int = 40) -> Scenario:
    """Base database (roster "before" imported, WAL checkpointed) and the expected states."""
    workdir.mkdir(parents=True, exist_ok=True)
    before_yaml = workdir / "before.yaml"
    after_yaml = workdir / "after.yaml"
    before_yaml.write_text(generate_roster(households=households), encoding="utf-8")
    after_yaml.write_text(generate_roster(households=households, variant="after"), encoding="utf-8")
    base = workdir / "base.db"
    result = run_cli(base, "import", before_yaml)
    assert result.returncode == 0, result.stderr
    before = table_state(base)
    reference = workdir / "reference.db"
    copy_db(base, reference)
    args = ["import", after_yaml]
    proc = subprocess.Popen([sys.executable, "-m", "village_gov", *map(str, args)], env=cli_env(reference),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wal = Path(str(reference) + "-wal")
    started = time.monotonic()
    wal_growth = 0
    while proc.poll() is None:
        if wal.exists():
            wal_growth = max(wal_growth, wal.stat().st_size)
        time.sleep(0.002)
    duration = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr.read()
    proc.stderr.close()
    after = table_state(reference)
    assert after != before
    return Scenario(workdir, base, args, before, after, duration, max(wal_growth, 4096))


def kill_once(scenario: Scenario, rng: random.Random, report: KillReport, index: int) -> None:
    """Run the command on a copy of the base database, SIGKILL it at a random point, check the result."""
    work = scenario.workdir / "work.db"
    copy_db(scenario.base, work)
    proc = subprocess.Popen([sys.executable, "-m", "village_gov", *map(str, scenario.args)], env=cli_env(work),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    report.tried += 1
    wal = Path(str(work) + "-wal")
    deadline = time.monotonic() + scenario.duration * 3 + 5
    if index % 2 == 0:
        # Kill at a random time within the command's run.
        time.sleep(rng.uniform(0.0, scenario.duration * 1.05))
    else:
        # Kill once the write-ahead log has grown past a random size: inside the write or its commit.
        threshold = rng.randint(1, scenario.wal_growth)
        while proc.poll() is None and time.monotonic() < deadline:
            if wal.exists() and wal.stat().st_size >= threshold:
                break
            time.sleep(0.0005)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
        report.killed += 1
    else:
        report.finished_first += 1
    proc.wait()
    problems = database_checks(work)
    state = table_state(work)
    if problems:
        report.unsound.extend(problems)
    if state == scenario.before:
        report.before_states += 1
    elif state == scenario.after:
        report.after_states += 1
    else:
        report.mixed += 1
        report.rows_lost += rows_missing(state, scenario.before, scenario.after)


def rows_missing(state: dict, before: dict, after: dict) -> int:
    """Rows of the before state that are neither kept nor replaced by the after state's version."""
    lost = 0
    for table, rows in before.items():
        have = set(map(repr, state.get(table, [])))
        expected_after = set(map(repr, after.get(table, [])))
        lost += sum(1 for r in rows if repr(r) not in have and repr(r) not in expected_after)
    return lost


def run_kills(workdir: Path, kills: int, seed: int = 8, time_budget: float = 60.0,
              households: int = 40) -> KillReport:
    """Prepare the scenario and kill the command ``kills`` times (fewer if the time budget runs out)."""
    scenario = prepare_import_scenario(workdir, households=households)
    rng = random.Random(seed)
    report = KillReport()
    stop = time.monotonic() + time_budget
    for index in range(kills):
        if time.monotonic() > stop:
            break
        kill_once(scenario, rng, report, index)
    return report
