"""The long fault-injection run (the tests run a bounded version of each part).

    python bench/faults.py [--kills 50] [--examples 2000] [--seed 8] [--households 60]

1. SIGKILL ``--kills`` commands at random points (random times and random
   write-ahead-log sizes), in turn: ``import`` of a changed roster, ``merge`` of
   a changed and a new township into a county, and the ledger commands of
   ``crash_support.LOG_BATCH`` (``service log``, ``consult log``, ``request
   update``), each on the state the commands before it left.  After each kill:
   integrity_check, foreign_key_check, audit chain, and exactly the before or
   after state of the killed command.
2. ``--examples`` hypothesis mutations of rosters and consultation files imported
   in-process: no traceback, exit 0 or 2, a refused import leaves the database unchanged.

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
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from crash_support import KillReport, run_kills  # noqa: E402


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

    from conftest import SMALL_ROSTER
    from consult_data import CONSULTATIONS
    from hostile_support import HostileRunner, byte_mutation, data_mutation, dump_yaml
    from village_gov.cli import app
    from village_gov.db import open_db
    from village_gov.importer import import_paths

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=60)
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--households", type=int, default=60)
    args = parser.parse_args()
    report = kill_commands(args.kills, args.seed, args.households)
    tried, _, _ = hostile(args.examples, args.seed)
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
