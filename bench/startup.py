"""Benchmark: start-up of ``village-gov --help`` and of real commands, next to bare Typer apps.

    python bench/startup.py [--repeat 15]

The bare app is generated here from village-gov's own command tree (same
groups, command names, arguments and options, empty bodies), so it stays a fair
baseline as commands are added.  Both run as ``python … --help`` subprocesses,
interleaved; medians are printed with their ratio (aim: ≤ 1.3×).  Then a
``python -X importtime`` summary of what the CLI imports at start-up, flagging
any heavy library (yaml, pydantic, sqlite-utils, rich, xlsxwriter…) that should
only be imported inside the commands that use it.

Then what users run: ``report monthly --format json``, ``check --format json``, ``org tree --village
V01`` and ``household list`` on the example township (imported into a temporary database first),
each next to a bare Typer app whose one command opens the same database with ``sqlite3`` and prints
one row; both as processes, interleaved, medians and ratios (aim: ≤ 1.5×), with the machine's load.
The machine is shared: beside the wall-clock medians, the medians of each process's CPU time (user +
system, from ``getrusage``), which another program's load disturbs less.

village-gov's modules are compiled to bytecode first (``compileall``), as an installed package is:
with ``PYTHONDONTWRITEBYTECODE`` set and no ``__pycache__``, a checkout would time the compiler.
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
HEAVY = ("yaml", "pydantic", "pydantic_core", "sqlite_utils", "rich", "xlsxwriter", "openpyxl", "jinja2",
         "matplotlib", "pandas")


def bare_app_source() -> str:
    """Python source of a Typer app with village-gov's command tree and nothing behind it."""
    import typer

    from village_gov.cli import app

    root = typer.main.get_command(app)
    lines = ["from typing import List, Optional", "import typer", ""]
    counter = iter(range(10_000))

    def params_source(command) -> str:
        out = []
        for param in command.params:
            if param.name in ("help",):
                continue
            name = f"p_{param.name}"
            if param.param_type_name == "argument":
                kind = "List[str]" if param.nargs == -1 else "str"
                out.append(f"{name}: {kind} = typer.Argument({'...' if param.required else 'None'})")
            elif getattr(param, "is_flag", False):
                out.append(f"{name}: bool = typer.Option(False, {', '.join(map(repr, param.opts))})")
            else:
                kind = "Optional[List[str]]" if param.multiple else "Optional[str]"
                out.append(f"{name}: {kind} = typer.Option(None, {', '.join(map(repr, param.opts))})")
        return ", ".join(out)

    def emit(group, var: str) -> None:
        for name, command in sorted(group.commands.items()):
            doc = (command.help or "").splitlines()[0] if command.help else ""
            if hasattr(command, "commands"):  # a group (duck-typed: typer may vendor click)
                sub = f"g{next(counter)}"
                lines.append(f"{sub} = typer.Typer(help={doc!r}, no_args_is_help=True)")
                emit(command, sub)
                lines.append(f"{var}.add_typer({sub}, name={name!r})")
            else:
                fn = f"c{next(counter)}"
                lines.append(f"@{var}.command({name!r})")
                lines.append(f"def {fn}({params_source(command)}):")
                lines.append(f"    {doc!r}")
                lines.append("")

    lines.append(f"app = typer.Typer(help={root.help!r}, no_args_is_help=True, add_completion=False, "
                 f"rich_markup_mode=None)")
    lines.append("@app.callback()")
    lines.append(f"def root({params_source(root)}):")
    lines.append("    pass")
    emit(root, "app")
    lines.append('if __name__ == "__main__":\n    app()')
    return "\n".join(lines) + "\n"


BARE_RUN_SOURCE = """\
import sqlite3
import typer

app = typer.Typer(add_completion=False, rich_markup_mode=None)


@app.callback()
def root(db: str = typer.Option(..., "--db")):
    app.db = db


@app.command()
def one(village: str = typer.Option("V01", "--village")):
    conn = sqlite3.connect(app.db)
    print(conn.execute("SELECT code, name FROM villages WHERE code = ?", [village]).fetchone())
    conn.close()


if __name__ == "__main__":
    app()
"""

# What users run, on the example township (October 2026, judged as of 31 October).
REAL_COMMANDS = [
    ["report", "monthly", "--month", "2026-10", "--format", "json"],
    ["check", "--format", "json", "--as-of", "2026-10-31"],
    ["org", "tree", "--village", "V01"],
    ["household", "list"],
]
EXAMPLES = [ROOT / "examples" / name for name in ("roster", "micros", "consultations", "procedures")]


CPU: dict[str, list[float]] = {}
"""CPU seconds (user + system) of each command's runs, by the command's text."""


def run(command: list[str], ok: tuple[int, ...] = (0,)) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.setdefault(" ".join(command), []).append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(command)}: exit {done.returncode}")
    return elapsed


def cpu(command: list[str]) -> float:
    """The median CPU seconds of the runs of ``command`` so far."""
    return statistics.median(CPU[" ".join(command)])


def real_commands(tmp: Path, repeat: int) -> None:
    """Each real command on the example township against the bare app that opens it and prints a row."""
    db = tmp / "baihe.db"
    subprocess.run([sys.executable, "-m", "village_gov", "--db", str(db), "import", *map(str, EXAMPLES)],
                   env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    bare = tmp / "bare_run.py"
    bare.write_text(BARE_RUN_SOURCE, encoding="utf-8")
    bare_cmd = [sys.executable, str(bare), "--db", str(db), "one"]
    commands = [[sys.executable, "-m", "village_gov", "--db", str(db), *args] for args in REAL_COMMANDS]
    for command in commands:  # warm the file cache and bytecode
        run(command, ok=(0, 1))
    run(bare_cmd)
    ours: list[list[float]] = [[] for _ in commands]
    base: list[float] = []
    for _ in range(repeat):
        for i, command in enumerate(commands):
            ours[i].append(run(command, ok=(0, 1)))  # check exits 1: the example has errors to find
            base.append(run(bare_cmd))
    b, b_cpu = statistics.median(base), cpu(bare_cmd)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nreal commands on the example township, medians of {repeat} runs each (interleaved with "
          f"{len(base)} runs of the bare app); load average {load}")
    print(f"  {'':52} {'wall':>9}   {'ratio':>6}   {'cpu':>8}   {'ratio':>6}")
    print(f"  {'bare Typer app: open the database, print one row':52} {b * 1000:6.1f} ms   {'':6}   "
          f"{b_cpu * 1000:5.1f} ms")
    for args, times, command in zip(REAL_COMMANDS, ours, commands):
        o, o_cpu = statistics.median(times), cpu(command)
        print(f"  {'village-gov ' + ' '.join(args):52} {o * 1000:6.1f} ms   {o / b:5.2f}×   {o_cpu * 1000:5.1f} ms   "
              f"{o_cpu / b_cpu:5.2f}×   aim ≤1.5×  {'met' if o / b <= 1.5 else 'NOT met'} (wall)")


def import_summary() -> None:
    """What ``village-gov --help`` imports, by top-level package, from ``-X importtime``."""
    err = subprocess.run([sys.executable, "-X", "importtime", "-m", "village_gov", "--help"], env=ENV,
                         capture_output=True, text=True).stderr
    totals: dict[str, int] = {}
    own: list[tuple[int, str]] = []
    for text in err.splitlines():
        parts = text[len("import time:"):].split("|") if text.startswith("import time:") else []
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue
        self_us, name = int(parts[0]), parts[2].strip()
        top = name.split(".")[0]
        totals[top] = totals.get(top, 0) + self_us
        if top == "village_gov":
            own.append((self_us, name))
    print("\nimports at start-up (python -X importtime -m village_gov --help), self time by top-level package:")
    for top, us in sorted(totals.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {top:<28} {us / 1000:7.1f} ms")
    print(f"  {'(all)':<28} {sum(totals.values()) / 1000:7.1f} ms in {len(totals)} packages")
    heavy = sorted(set(totals) & set(HEAVY))
    print(f"  heavy libraries imported at start-up: {', '.join(heavy) if heavy else 'none'}")
    print(f"  village_gov modules imported: {len(own)} ("
          + ", ".join(name.replace('village_gov.', '') for _, name in sorted(own, reverse=True)[:8]) + ", …)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    compileall.compile_dir(str(ROOT / "village_gov"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="vg-startup-") as tmp:
        bare = Path(tmp) / "bare_app.py"
        bare.write_text(bare_app_source(), encoding="utf-8")
        ours_cmd = [sys.executable, "-m", "village_gov", "--help"]
        bare_cmd = [sys.executable, str(bare), "--help"]
        floor_cmd = [sys.executable, "-c", "pass"]
        run(ours_cmd), run(bare_cmd)  # warm the file cache and bytecode
        ours, base, floor = [], [], []
        for _ in range(args.repeat):
            ours.append(run(ours_cmd))
            base.append(run(bare_cmd))
            floor.append(run(floor_cmd))
        o, b, f = (statistics.median(v) for v in (ours, base, floor))
        print(f"start-up, medians of {args.repeat} runs (interleaved); Python {sys.version.split()[0]}; "
              f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"  village-gov --help          {o * 1000:7.1f} ms   vs bare Typer app --help {b * 1000:7.1f} ms"
              f"   = {o / b:4.2f}×   aim ≤1.3×  {'met' if o / b <= 1.3 else 'NOT met'}")
        print(f"  (python -c pass             {f * 1000:7.1f} ms: the interpreter alone)")
        print(f"  above the interpreter: village-gov {(o - f) * 1000:.1f} ms, bare app {(b - f) * 1000:.1f} ms")
        real_commands(Path(tmp), args.repeat)
    import_summary()


if __name__ == "__main__":
    main()
