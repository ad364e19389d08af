"""Benchmark: what the duplicate rules add to ``check`` and to ``import``, beside the rest of each.

    python bench/duplicates_cost.py [--households 60000] [--members 3000] [--repeat 5] [--before CHECKOUT]

Generates the county roster (``county_roster.generate``: by default 60,000 households and 3,000
members, half of them with an ID number, random names from 50 surnames and 44 given-name characters)
and imports it, then prints, as medians of ``--repeat`` runs:

* ``check --format json`` as a process with every rule, beside the same command limited (``--rule``)
  to every rule but the three duplicate ones: the baseline, interleaved run by run (and, with
  ``--before``, the same command run by the code of another checkout, e.g. the main branch's);
* in process: the three duplicate rules' functions, beside the other rules' (each also beside
  household-unlinked, one scan of the households like duplicate-household's);
* in process: the import's two duplicate warning rules on the validated batch, beside the whole
  validation of the same files (``validate_documents``);
* a fresh interpreter importing pypinyin, rapidfuzz.distance, beside one importing nothing;
* how many findings and warnings each duplicate rule gives on these random names (the generator
  plants no duplicate: these are namesakes and near-namesakes born the same day).

Not a test: nothing asserts a time.  The aim (issue 14): the new rules add at most 20% to ``check``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import county_roster

DUPLICATE_RULES = ("duplicate-id-number", "duplicate-person", "duplicate-household")
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "VILLAGE_GOV_TODAY": "2026-11-01"}


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def process(args: list[str], ok=(0, 1), env: dict | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, env=env or ENV, capture_output=True)
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(args)}: exit {done.returncode}\n{done.stderr.decode()[-2000:]}")
    return time.perf_counter() - start


def timed(function, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def row(label: str, seconds: float, baseline_label: str, baseline: float) -> None:
    print(f"  {label:44} {seconds:8.3f} s   {baseline_label:38} {baseline:8.3f} s   ratio {seconds / baseline:6.3f}")


def check_figures(db: Path, repeat: int, before: Path | None = None) -> None:
    from village_gov.core.checks import CheckOptions, load_rules, rule_ids, run_checks
    from village_gov.store.db import open_db

    others = [r for r in rule_ids() if r not in DUPLICATE_RULES]
    cli = [sys.executable, "-m", "village_gov", "--db", str(db), "check", "--format", "json", "--as-of", "2026-10-31"]
    every, without, old = [], [], []
    old_env = {**ENV, "PYTHONPATH": str(before)} if before else None
    for _ in range(repeat):  # interleaved: a change of the machine's load hits each alike
        every.append(process(cli))
        without.append(process([*cli, *(a for r in others for a in ("--rule", r))]))
        if old_env:
            old.append(process(cli, env=old_env))
    print("check, as a process (median seconds)")
    row("every rule", statistics.median(every), "without the duplicate rules", statistics.median(without))
    if old:
        row("every rule", statistics.median(every), f"the code of {before}", statistics.median(old))
    conn = open_db(db, read_only=True)
    options = CheckOptions(as_of="2026-10-31")
    functions = {r.id: r.function for r in load_rules()}

    def rules(ids):
        return lambda: [list(functions[i](conn, options)) for i in ids]

    print("check, in process: the rules' functions alone, with their findings (median seconds)")
    row("the three duplicate rules", timed(rules(DUPLICATE_RULES), repeat), "the other rules",
        timed(rules(others), repeat))
    for rule_id in DUPLICATE_RULES:
        row(f"  {rule_id}", timed(rules([rule_id]), repeat), "household-unlinked (a scan of households)",
            timed(rules(["household-unlinked"]), repeat))
    report = run_checks(conn, options, only=list(DUPLICATE_RULES))
    counts = {r: sum(1 for f in report.findings if f.rule == r) for r in DUPLICATE_RULES}
    reasons: dict[str, int] = {}
    for f in report.findings:
        if f.rule == "duplicate-person":
            reasons[f.params["reason"]] = reasons.get(f.params["reason"], 0) + 1
    print(f"  findings: {json.dumps(counts)}; duplicate-person by reason: {json.dumps(reasons)}")


def import_figures(roster: Path, db: Path, repeat: int) -> None:
    from village_gov.core.batch import Lookup
    from village_gov.core.importer import load_documents
    from village_gov.core.validate import validate_documents
    from village_gov.core.yamlio import gc_paused
    from village_gov.ledgers.roster.duplicate_rules import duplicate_households, duplicate_members
    from village_gov.store.db import open_db

    conn = open_db(db)
    with gc_paused():  # as the importer runs
        _, documents, _ = load_documents([roster])
        batch, problems = validate_documents(documents, conn)
        assert not problems, problems[:3]
        whole = timed(lambda: validate_documents(documents, conn), repeat)
        # The rules get the validation's lookup, whose references check has gathered every code.
        lookup = Lookup(batch, conn)
        lookup.codes("members"), lookup.codes("households")
        rules = timed(lambda: (duplicate_members(batch, lookup), duplicate_households(batch, lookup)), repeat)
    print("import, in process, the roster again over the imported database (median seconds)")
    row("the two duplicate warning rules", rules, "the whole validation", whole)
    warnings = duplicate_members(batch, lookup) + duplicate_households(batch, lookup)
    kinds: dict[str, int] = {}
    for w in warnings:
        kinds[w.key] = kinds.get(w.key, 0) + 1
    print(f"  warnings: {json.dumps(kinds)}")


def startup_figures(repeat: int) -> None:
    bare = statistics.median(process([sys.executable, "-c", "pass"], ok=(0,)) for _ in range(repeat))
    print("a fresh interpreter (median seconds)")
    # The rule loads pypinyin without its phrase dictionary (duplicates._readings): the second line.
    for label, code in (("import pypinyin", "import pypinyin"),
                        ("import pypinyin, as the rule does", "import os; os.environ['PYPINYIN_NO_PHRASES'] = '1'; "
                         "os.environ['PYPINYIN_NO_DICT_COPY'] = '1'; import pypinyin"),
                        ("import rapidfuzz.distance", "import rapidfuzz.distance")):
        seconds = statistics.median(process([sys.executable, "-c", code], ok=(0,)) for _ in range(repeat))
        row(label, seconds, "python -c pass", bare)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=county_roster.HOUSEHOLDS)
    parser.add_argument("--members", type=int, default=county_roster.MEMBERS)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", type=Path, help="a checkout without the duplicate rules, run as a third "
                        "baseline on the same database (e.g. the main branch's)")
    args = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cpu; load average {load()} (1, 5, 15 min)")
    with tempfile.TemporaryDirectory(prefix="vg-dups-") as tmp:
        roster, db = Path(tmp) / "roster", Path(tmp) / "ledger.db"
        county_roster.generate(roster, households=args.households, members=args.members)
        process([sys.executable, "-m", "village_gov", "--db", str(db), "import", str(roster)], ok=(0,))
        print(f"{args.households:,} households, {args.members:,} members")
        check_figures(db, args.repeat, args.before)
        import_figures(roster, db, args.repeat)
    startup_figures(args.repeat)
    print(f"load average at the end {load()}")


if __name__ == "__main__":
    main()
