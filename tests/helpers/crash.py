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

REPO_ROOT = Path(__file__).resolve().parents[2]


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
        lines.append(
            f"  - {{code: {p}V{v}, name: 村{v}, township: {p}T1, population: {1000 + v}, area_km2: {v + 1}.5}}"
        )
    lines.append("groups:")
    for v in range(villages):
        for g in range(groups):
            lines.append(f"  - {{code: {p}V{v}G{g}, name: {g + 1}组, village: {p}V{v}}}")
    lines.append("party_orgs:")
    for v in range(villages):
        lines.append(
            f"  - {{code: {p}V{v}P, name: 村{v}党总支, level: 党总支, village: {p}V{v}, secretary: {p}V{v}M0}}"
        )
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
                lines.append(
                    f"  - "
                    f"{{code: {code}, head: 户主{h}, group: {group}, size: {size}, phone: '139{v:02d}{g:02d}{h:04d}'}}"
                )
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


VOLATILE = {"merge_log": ("merged_at",)}
"""Columns holding the wall-clock time of a run (two runs of one command differ only there)."""


def table_state(path: Path) -> dict:
    """Every table's rows (the audit trail by its content columns only: times and hashes differ per run)."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        state = {}
        for name in names:
            if name == "audit":
                state[name] = conn.execute(
                    "SELECT id, command, sources, counts, changes FROM audit ORDER BY id"
                ).fetchall()
            else:
                columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')
                           if r[1] not in VOLATILE.get(name, ())]
                state[name] = sorted(conn.execute(
                    f'SELECT {", ".join(f"[{c}]" for c in columns)} FROM "{name}"').fetchall(), key=repr)
        return state
    finally:
        conn.close()


def database_checks(path: Path) -> list[str]:
    """Problems found by ``integrity_check``, ``foreign_key_check`` and the audit chain ([] when sound)."""
    from village_gov.trail import chain

    conn = sqlite3.connect(path)
    try:
        problems = []
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.append(f"integrity_check: {integrity[:3]}")
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append("foreign_key_check")

        class _Db:  # chain.verify needs only .conn
            pass

        holder = _Db()
        holder.conn = conn
        _, bad, reason = chain.verify(holder)
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
    per_kind: dict = field(default_factory=dict)
    """``{kind: {tried, killed, before, after, mixed}}`` (import, merge, service log, …)."""

    @property
    def verified(self) -> int:
        return self.before_states + self.after_states

    def note(self, kind: str, what: str) -> None:
        counts = self.per_kind.setdefault(kind, {"tried": 0, "killed": 0, "before": 0, "after": 0, "mixed": 0})
        counts[what] += 1


@dataclass
class Scenario:
    """A base database and the command whose kill is tested, with the two expected states.

    ``args`` may hold ``"{db}"``: replaced by the database the kill runs on (for ``merge --into``).
    """

    kind: str
    workdir: Path
    base: Path
    args: list
    before: dict
    after: dict
    duration: float
    wal_growth: int
    env: dict = field(default_factory=dict)


def _args(args: list, db: Path) -> list[str]:
    return [str(db) if a == "{db}" else str(a) for a in args]


def measure(kind: str, workdir: Path, base: Path, args: list, env: dict | None = None) -> Scenario:
    """Run the command once on a copy of ``base`` (timed, WAL size watched) to learn the after state."""
    env = dict(env or {})
    before = table_state(base)
    # Run where the kills will run: a path in the command line (merge --into) is in the audit entry.
    reference = workdir / "work.db"
    copy_db(base, reference)
    proc = subprocess.Popen([sys.executable, "-m", "village_gov", *_args(args, reference)],
                            env=cli_env(reference, **env), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wal = Path(str(reference) + "-wal")
    started = time.monotonic()
    wal_growth = 0
    while proc.poll() is None:
        try:
            wal_growth = max(wal_growth, wal.stat().st_size)
        except FileNotFoundError:
            pass  # not made yet, or removed by the command's last close between two looks
        time.sleep(0.002)
    duration = time.monotonic() - started
    assert proc.returncode == 0, (args, proc.stderr.read())
    proc.stderr.close()
    after = table_state(reference)
    assert after != before, args
    copy_db(reference, workdir / f"reference-{base.stem}.db")
    return Scenario(kind, workdir, base, list(args), before, after, duration, max(wal_growth, 4096), env)


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
    return measure("import", workdir, base, ["import", after_yaml])


def prepare_merge_scenario(workdir: Path, households: int = 40) -> Scenario:
    """A county holding township AT1 ("before" roster); the killed command merges AT1 changed and BT1."""
    workdir.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, prefix, variant in (("a-before", "A", "before"), ("a", "A", "after"), ("b", "B", "before")):
        roster = workdir / f"{name}.yaml"
        roster.write_text(generate_roster(households=households, variant=variant, prefix=prefix), encoding="utf-8")
        files[name] = workdir / f"township-{name}.db"
        if name == "a":  # AT1 changed in its own database: its audit chain extends the one merged before
            copy_db(files["a-before"], files[name])
        result = run_cli(files[name], "import", roster)
        assert result.returncode == 0, result.stderr
    county = workdir / "county-base.db"
    result = run_cli(county, "merge", files["a-before"], "--into", county)
    assert result.returncode == 0, result.stderr
    env = {"TMPDIR": str(workdir)}  # snapshots of a killed merge stay in the work folder
    return measure("merge", workdir, county, ["merge", files["a"], files["b"], "--into", "{db}"], env)


# A batch of ledger commands on tests/helpers/full_ledger.py, each killed on the state the ones before it left.
LOG_BATCH = [
    ["service", "log", "--village", "V1", "--kind", "errand", "--provider", "M2", "--household", "H2",
     "--hours", "1", "--date", "2026-11-02"],
    ["consult", "log", "--village", "V2", "--date", "2026-11-03", "--format", "民情恳谈", "--attendees", "15"],
    ["request", "update", "R3", "--status", "in_progress", "--date", "2026-11-04", "--response", "已派人"],
    ["service", "log", "--village", "V2", "--kind", "调解", "--provider", "O6", "--date", "2026-11-05"],
    ["request", "update", "R3", "--status", "resolved", "--date", "2026-11-06", "--response", "已清淤"],
    ["consult", "log", "--village", "V1", "--date", "2026-11-07", "--format", "书记坝坝会", "--attendees", "30"],
    ["request", "update", "R7", "--status", "referred", "--to", "县农业农村局", "--date", "2026-11-08"],
]
LOG_TODAY = "2026-11-15"


def prepare_log_scenarios(workdir: Path, commands: int | None = None) -> list[Scenario]:
    """The fixture ledger imported, then each command of :data:`LOG_BATCH` (the first ``commands``
    of them if given) measured on the state the commands before it left (kept as ``log-<k>.db``)."""
    from tests.helpers.full_ledger import write_ledger

    workdir.mkdir(parents=True, exist_ok=True)
    env = {"VILLAGE_GOV_TODAY": LOG_TODAY}
    base = workdir / "log-0.db"
    result = subprocess.run([sys.executable, "-m", "village_gov", "import", str(write_ledger(workdir / "ledger"))],
                            env=cli_env(base, **env), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    scenarios = []
    for k, args in enumerate(LOG_BATCH[:commands]):
        scenario = measure(" ".join(args[:2]), workdir, base, args, env)
        scenarios.append(scenario)
        base = workdir / f"log-{k + 1}.db"
        copy_db(workdir / f"reference-log-{k}.db", base)
    return scenarios


def kill_once(scenario: Scenario, rng: random.Random, report: KillReport, index: int) -> None:
    """Run the command on a copy of the base database, SIGKILL it at a random point, check the result."""
    work = scenario.workdir / "work.db"
    copy_db(scenario.base, work)
    proc = subprocess.Popen([sys.executable, "-m", "village_gov", *_args(scenario.args, work)],
                            env=cli_env(work, **scenario.env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    report.tried += 1
    report.note(scenario.kind, "tried")
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
        report.note(scenario.kind, "killed")
    else:
        report.finished_first += 1
    proc.wait()
    problems = database_checks(work)
    state = table_state(work)
    if problems:
        report.unsound.extend(f"{scenario.kind}: {p}" for p in problems)
    if state == scenario.before:
        report.before_states += 1
        report.note(scenario.kind, "before")
    elif state == scenario.after:
        report.after_states += 1
        report.note(scenario.kind, "after")
    else:
        report.mixed += 1
        report.note(scenario.kind, "mixed")
        report.rows_lost += rows_missing(state, scenario.before, scenario.after)


def rows_missing(state: dict, before: dict, after: dict) -> int:
    """Rows of the before state that are neither kept nor replaced by the after state's version."""
    lost = 0
    for table, rows in before.items():
        have = set(map(repr, state.get(table, [])))
        expected_after = set(map(repr, after.get(table, [])))
        lost += sum(1 for r in rows if repr(r) not in have and repr(r) not in expected_after)
    return lost


def prepare(workdir: Path, kinds=("import",), households: int = 40, log_commands: int | None = None
            ) -> list[Scenario]:
    """The scenarios of ``kinds`` (``import``, ``merge``, ``log``)."""
    scenarios = []
    if "import" in kinds:
        scenarios.append(prepare_import_scenario(workdir / "import", households=households))
    if "merge" in kinds:
        scenarios.append(prepare_merge_scenario(workdir / "merge", households=households))
    if "log" in kinds:
        scenarios.extend(prepare_log_scenarios(workdir / "log", log_commands))
    return scenarios


def run_kills(workdir: Path, kills: int, seed: int = 8, time_budget: float | None = None,
              households: int = 40, kinds=("import",), weights: dict | None = None,
              log_commands: int | None = None) -> KillReport:
    """Prepare the scenarios and kill ``kills`` commands (fewer if a ``time_budget`` in seconds is
    given and runs out: the long run in bench/faults.py; the tests run every kill they ask for).

    Kills go round the kinds in turn (``weights`` = {kind: share} to favour some), and within the
    log batch round its commands (the first ``log_commands`` of :data:`LOG_BATCH` if given).
    """
    scenarios = prepare(workdir, kinds, households, log_commands)
    groups: dict[str, list[Scenario]] = {}
    for scenario in scenarios:
        groups.setdefault("log" if scenario.workdir.name == "log" else scenario.kind, []).append(scenario)
    order = [k for k in kinds for _ in range((weights or {}).get(k, 1))]
    rng = random.Random(seed)
    report = KillReport()
    stop = None if time_budget is None else time.monotonic() + time_budget
    turns: dict[str, int] = {}
    for index in range(kills):
        if stop is not None and time.monotonic() > stop:
            break
        kind = order[index % len(order)]
        turn = turns.get(kind, 0)
        turns[kind] = turn + 1
        members = groups[kind]
        kill_once(members[turn % len(members)], rng, report, index // len(order) + turn)
    return report
