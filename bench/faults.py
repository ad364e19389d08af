"""The long fault-injection run (the tests run a bounded version of each part).

    python bench/faults.py [--kills 60] [--examples 2000] [--seed 8] [--households 60]

1. SIGKILL ``--kills`` commands at random points (random times and random
   write-ahead-log sizes), in turn: ``import`` of a changed roster, ``merge`` of
   a changed and a new township into a county, and the ledger commands of
   ``tests.helpers.crash.LOG_BATCH`` (``service log``, ``consult log``, ``request
   update``), each on the state the commands before it left.  After each kill:
   integrity_check, foreign_key_check, audit chain, and exactly the before or
   after state of the killed command.
2. ``--examples`` hypothesis mutations of rosters and consultation files imported
   in-process: no traceback, exit 0 or 2, a refused import leaves the database unchanged.
3. The time hostile files take to be refused (an alias bomb, 200,000 levels of
   nesting, a 200 MB file), each beside a baseline measured in the same run: a
   bare libyaml scan of the same text, counting its brackets, ``os.stat``.
   (The tests bound the work of these refusals by memory, not by seconds.)

The tests run 6 kills (tests/test_store_crash.py) and 60 examples (tests/test_import_hostile.py).

Prints: examples tried, kills survived, states verified, rows lost (must be 0).
Exit 1 if any promise broke.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from tests.helpers.crash import KillReport, run_kills


def kill_commands(kills: int, seed: int, households: int) -> KillReport:
    with tempfile.TemporaryDirectory(prefix="faults-") as folder:
        started = time.monotonic()
        report = run_kills(Path(folder), kills=kills, seed=seed, time_budget=kills * 20, households=households,
                           kinds=("import", "merge", "log"), weights={"log": 2})
        print(f"{report.tried} kills in {time.monotonic() - started:.0f} s — "
              f"{report.killed} killed while running, {report.finished_first} finished first")
        for kind, c in report.per_kind.items():
            print(f"  {kind:15} tried {c['tried']:3}  killed {c['killed']:3}  "
                  f"before {c['before']:3}  after {c['after']:3}  mixed {c['mixed']}")
        return report


def hostile(examples: int, seed: int) -> tuple[int, int, int]:
    import yaml
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from typer.testing import CliRunner

    from tests.helpers.consult import CONSULTATIONS
    from tests.helpers.hostile import HostileRunner, byte_mutation, data_mutation, dump_yaml
    from tests.helpers.rosters import SMALL_ROSTER
    from village_gov.cli import app
    from village_gov.core.importer import import_paths
    from village_gov.store.db import open_db

    roster = yaml.safe_load(textwrap.dedent(SMALL_ROSTER))
    consultations = yaml.safe_load(textwrap.dedent(CONSULTATIONS))
    runner = CliRunner()
    with tempfile.TemporaryDirectory(prefix="hostile-") as folder:
        folder = Path(folder)
        (folder / "roster.yaml").write_text(textwrap.dedent(SMALL_ROSTER), encoding="utf-8")
        db = open_db(folder / "template.db")
        import_paths(db, [folder / "roster.yaml"], command="template")
        db.conn.close()
        work = folder / "cases"
        work.mkdir()
        hostile_runner = HostileRunner(work, folder / "template.db",
                                       lambda *a: runner.invoke(app, [str(x) for x in a], catch_exceptions=False))

        @settings(max_examples=examples, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(st.data())
        def check(data):
            source = roster if data.draw(st.booleans()) else consultations
            mutated = data.draw(data_mutation(source))
            hostile_runner.check(data.draw(byte_mutation(dump_yaml(mutated))))

        started = time.monotonic()
        check()
        print(f"hostile input: {hostile_runner.tried} examples in {time.monotonic() - started:.0f} s — "
              f"{hostile_runner.accepted} accepted, {hostile_runner.refused} refused with the database unchanged")
        return hostile_runner.tried, hostile_runner.accepted, hostile_runner.refused


def _median_ms(run, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2] * 1000


def refusals() -> None:
    """Each hostile file refused by ``import`` (in-process, exit 2), beside a baseline on the same input."""
    import os

    import yaml
    from typer.testing import CliRunner

    from village_gov.cli import app

    runner = CliRunner()
    with tempfile.TemporaryDirectory(prefix="refusals-") as folder:
        folder = Path(folder)
        env = {"VILLAGE_GOV_DB": str(folder / "ledger.db")}
        lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
        bomb = folder / "bomb.yaml"
        bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
        deep = folder / "deep.yaml"
        deep.write_text("townships: " + "[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")
        huge = folder / "huge.yaml"
        with open(huge, "wb") as handle:
            handle.truncate(200 * 1024 * 1024)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        bomb_text, deep_text = bomb.read_text(encoding="utf-8"), deep.read_text(encoding="utf-8")

        def refuse(path):
            def run():
                result = runner.invoke(app, ["import", str(path)], env=env)
                assert result.exit_code == 2, result.output
            return run

        print("hostile files refused by import, medians of 5 (baseline on the same input):")
        for name, path, baseline, what in (
                ("alias bomb (9**9 strings)", bomb, lambda: list(yaml.scan(bomb_text, Loader=loader)),
                 "libyaml token scan"),
                ("200,000 levels of [", deep, lambda: deep_text.count("["), "counting its brackets"),
                ("200 MB file (sparse)", huge, lambda: os.stat(huge), "os.stat")):
            print(f"  {name:28} {_median_ms(refuse(path)):7.1f} ms   vs {what:22} {_median_ms(baseline):7.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=60)
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--households", type=int, default=60)
    args = parser.parse_args()
    report = kill_commands(args.kills, args.seed, args.households)
    tried, _, _ = hostile(args.examples, args.seed)
    refusals()
    survived = report.verified if not report.unsound else 0
    print()
    print(f"examples tried:  {tried}")
    print(f"kills survived:  {survived} of {report.tried} ({report.killed} killed mid-run)")
    print(f"states verified: {report.verified} ({report.before_states} before, {report.after_states} after, "
          f"{report.mixed} mixed)")
    print(f"rows lost:       {report.rows_lost}")
    broken = report.unsound or report.mixed or report.rows_lost or report.verified != report.tried
    if report.unsound:
        print("unsound databases:", report.unsound[:5])
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
