"""Benchmark: the 60,000-household roster as one .xlsx workbook, imported, beside its baselines.

    python bench/spreadsheet_scale.py [--repeat 3] [--seed 2024]

Generates the county roster of ``bench/county_roster.py`` (60,000 households, 3,000 members, 81 YAML
files), writes the same records into one workbook laid out as ``village-gov template`` (one sheet
per section, the Chinese headers in row 1, the template's note row 2, records from row 3, numbers as
numbers, list cells joined by 、), then prints medians of ``--repeat`` runs:

* the bare read of every sheet of the workbook by python-calamine (``to_python``) and by openpyxl's
  read-only mode (``iter_rows(values_only=True)``): the two readers compared, the faster one the
  baseline of the import;
* ``import_paths`` of the workbook into a fresh database, next to that bare read and next to
  ``import_paths`` of the same roster as YAML (same run);
* the floor under any import of the workbook (:func:`floor_import`): calamine's bare read, then the rows
  written by raw ``sqlite3`` ``executemany`` into the same schema in one transaction, next to the import
  and to the bare read (how much of the aim's 2× is there at all), and the import's phases (load,
  validate, diff, write) beside the floor's read and write;
* peak memory (VmHWM) of child processes: the workbook's import, the calamine bare read, the YAML
  import.

Not a test: nothing here asserts a time.  The aims are those of issue 14: the import ≤ 2× the
fastest bare read and ≤ 2× the YAML import, peak memory < 600 MB.
"""

from __future__ import annotations

import argparse
import gc
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
import yaml
from import_scale import fresh_db, line, peak_rss_mb


def write_workbook(roster: Path, out: Path) -> dict[str, int]:
    """The roster's YAML records written into one workbook in the template's layout; records per sheet."""
    import xlsxwriter

    from village_gov.reports.template import build_template

    records: dict[str, list] = {}
    for path in county_roster.yaml_files(roster):
        for section, items in (yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader) or {}).items():
            records.setdefault(section, []).extend(items)
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True, "strings_to_numbers": False,
                                          "strings_to_formulas": False, "strings_to_urls": False})
    counts = {}
    for sheet in build_template("roster").sheets:
        items = records.get(sheet.section)
        if not items:
            continue
        ws = book.add_worksheet(sheet.title)
        # constant_memory writes row by row: a row is final once the next one is begun.
        ws.write_row(0, 0, [column.header for column in sheet.columns])
        ws.write_row(1, 0, [column.note for column in sheet.columns])
        for row, item in enumerate(items, start=2):
            for col, column in enumerate(sheet.columns):
                value = item.get(column.key)
                if value is None:
                    continue
                if isinstance(value, list):
                    value = "、".join(map(str, value))
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    ws.write_string(row, col, str(value))
                else:
                    ws.write_number(row, col, value)
        counts[sheet.title] = len(items)
    book.close()
    return counts


def read_calamine(path: Path) -> int:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    cells = sum(len(r) for name in book.sheet_names for r in book.get_sheet_by_name(name).to_python())
    book.close()
    return cells


def floor_import(workbook: Path, db_path: Path) -> tuple[float, float]:
    """The floor under any import of the workbook: calamine's bare read of every sheet, then its rows
    written by raw ``sqlite3`` ``executemany`` into the same schema (a fresh village-gov database: the
    same tables, indexes and foreign keys, checked at the commit), in one transaction.  Only what SQLite
    needs is done to the cells: an empty cell is NULL, a whole float an integer, a list cell stored as
    the importer stores it (a JSON list, or the child table's rows: a member's 联系户 in ``liaisons``),
    an empty cell of a field with a default that default,
    a blank generated code (a cadre's) numbered; no header matching by name, no model, no check, no
    comparison with the database, no audit entry.  Returns (read seconds, write seconds)."""
    import sqlite3

    import python_calamine

    from village_gov.ledgers import by_name
    from village_gov.reports.template import build_template

    gc.collect()
    start = time.perf_counter()
    book = python_calamine.CalamineWorkbook.from_path(str(workbook))
    grids = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    book.close()
    read = time.perf_counter() - start
    sections = by_name()
    conn = sqlite3.connect(db_path, isolation_level=None)
    for pragma in ("foreign_keys = ON", "journal_mode = WAL", "synchronous = NORMAL"):
        conn.execute(f"PRAGMA {pragma}")
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.execute("PRAGMA defer_foreign_keys = ON")  # sheets in template order: a secretary is a later member
    for sheet in build_template("roster").sheets:
        grid = grids.get(sheet.title)
        if not grid:
            continue
        section = sections[sheet.section]
        table_columns = {row[1] for row in conn.execute(f'PRAGMA table_info("{section.table}")')}
        children = {child.field: child for child in section.children}
        keys = [column.key for column in sheet.columns]
        own = [i for i, key in enumerate(keys) if key in table_columns]
        lists = {i for i in own if sheet.columns[i].many}
        defaults = [_default(section.model, keys[i]) for i in own]
        rows, child_rows = [], {field: [] for field in children}
        for number, cells in enumerate(grid[2:], start=1):
            values = [_sql_cell(cells[i], i in lists, default) for i, default in zip(own, defaults)]
            code = values[0] or f"{section.table}-{number}"
            values[0] = code
            rows.append(values)
            for i, key in enumerate(keys):
                if key in children and cells[i]:
                    child_rows[key] += [(code, item) for item in cells[i].split("、")]
        names = ", ".join(f'"{keys[i]}"' for i in own)
        conn.executemany(f'INSERT INTO "{section.table}" ({names}) VALUES ({", ".join("?" for _ in own)})', rows)
        for field, items in child_rows.items():
            child = children[field]
            conn.executemany(f'INSERT INTO "{child.table}" ("{child.parent_column}", "{child.child_column}") '
                             "VALUES (?, ?)", items)
    conn.execute("COMMIT")
    write = time.perf_counter() - start
    conn.close()
    return read, write


def _default(model, key: str):
    """The field's default as SQLite stores it (a village's kind when its cell is empty), else None."""
    info = model.model_fields.get(key)
    default = None if info is None or info.is_required() else info.get_default(call_default_factory=True)
    return json.dumps(default, ensure_ascii=False) if isinstance(default, list) else default


def _sql_cell(value, many: bool, default):
    if value == "":
        return default
    if many:
        return json.dumps(value.split("、"), ensure_ascii=False)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def read_openpyxl(path: Path) -> int:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    cells = sum(len(r) for ws in book.worksheets for r in ws.iter_rows(values_only=True))
    book.close()
    return cells


def timed(work, *args) -> float:
    gc.collect()
    start = time.perf_counter()
    work(*args)
    return time.perf_counter() - start


def timed_import(db_path: Path, source: Path, phases: list | None = None) -> float:
    from village_gov.core.importer import import_paths
    from village_gov.store.db import open_db

    db = open_db(db_path)
    gc.collect()
    start = time.perf_counter()
    timings: dict[str, float] = {}
    try:
        result = import_paths(db, [source], timings=timings)
    except Exception as exc:
        for problem in getattr(exc, "problems", [])[:10]:
            print("  !", problem)
        raise
    seconds = time.perf_counter() - start
    assert result.written, "nothing written"
    db.conn.close()
    if phases is not None:
        phases.append(timings)
    return seconds


def print_floor(imported: float, fastest: float, floors: list[tuple[float, float]], phases: list[dict]) -> None:
    """The floor beside the import and its phases: how much of the aim (≤2× the bare read) is there at all."""
    read = statistics.median(r for r, _ in floors)
    write = statistics.median(w for _, w in floors)
    floor = statistics.median(r + w for r, w in floors)
    print("floor: calamine's bare read + raw sqlite3 executemany of the same rows (same schema, one transaction)")
    line("import_paths, workbook", imported, "floor: read + executemany", floor)
    line("floor: read + executemany", floor, "fastest bare read", fastest, "≤2×")
    print(f"  of the aim's 2× the bare read ({2 * fastest:.3f} s), the floor leaves {2 * fastest - floor:+.3f} s "
          "for everything the import does beyond it")
    print("  the import's phases beside the floor's parts (validate and diff have none: the floor checks nothing)")
    median = {name: statistics.median(p.get(name, 0.0) for p in phases)
              for name in ("load", "validate", "diff", "write")}
    line("  phase: load, workbook", median["load"], "floor: read (calamine)", read)
    line("  phase: validate, workbook", median["validate"], "import_paths, workbook", imported)
    line("  phase: diff, workbook", median["diff"], "import_paths, workbook", imported)
    line("  phase: write, workbook", median["write"], "floor: executemany", write)


def child_peak(mode: str, source: Path, db_path: Path | None) -> float:
    command = [sys.executable, __file__, "--child", mode, "--source", str(source)]
    if db_path:
        command += ["--db", str(db_path)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])["maxrss_mb"]


def run_child(mode: str, source: Path, db_path: Path | None) -> None:
    if mode == "read":
        read_calamine(source)
    else:
        from village_gov.core.importer import import_paths
        from village_gov.store.db import open_db

        import_paths(open_db(db_path), [source])
    print(json.dumps({"maxrss_mb": peak_rss_mb()}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--child", choices=("read", "import"), help=argparse.SUPPRESS)
    parser.add_argument("--source", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child, args.source, args.db)
        return
    with tempfile.TemporaryDirectory(prefix="vg-bench-") as tmp:
        tmp = Path(tmp)
        roster = tmp / "roster"
        county_roster.generate(roster, args.seed)
        workbook = tmp / "花名册.xlsx"
        counts = write_workbook(roster, workbook)
        print(f"workbook: {workbook.stat().st_size / 1048576:.1f} MB, "
              + ", ".join(f"{n} {title}" for title, n in counts.items()))
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} (1, 5, 15 min)")
        print(f"medians of {args.repeat} runs; Python {sys.version.split()[0]}, {os.cpu_count()} cpu")
        calamine, openpyxl_ro, sheet_imports, yaml_imports, floors = [], [], [], [], []
        sheet_phases: list[dict] = []
        yaml_phases: list[dict] = []
        for _ in range(args.repeat):
            calamine.append(timed(read_calamine, workbook))
            openpyxl_ro.append(timed(read_openpyxl, workbook))
            sheet_imports.append(timed_import(fresh_db(tmp, "sheet"), workbook, sheet_phases))
            yaml_imports.append(timed_import(fresh_db(tmp, "yaml"), roster, yaml_phases))
            floors.append(floor_import(workbook, fresh_db(tmp, "floor")))
        peak_sheet = child_peak("import", workbook, fresh_db(tmp, "peak"))
        peak_read = child_peak("read", workbook, None)
        peak_yaml = child_peak("import", roster, fresh_db(tmp, "peak-yaml"))
        fastest = min(statistics.median(calamine), statistics.median(openpyxl_ro))
        print("\nbare read of the workbook (the readers compared)")
        line("python-calamine to_python", statistics.median(calamine), "openpyxl read-only iter_rows",
             statistics.median(openpyxl_ro))
        print("import")
        line("import_paths, workbook", statistics.median(sheet_imports), "fastest bare read", fastest, "≤2×")
        line("import_paths, workbook", statistics.median(sheet_imports), "import_paths, YAML (81 files)",
             statistics.median(yaml_imports), "≤2×")
        print("  phases (workbook | YAML); the load phase is the reading, the rest the same for both")
        for phase in ("load", "validate", "diff", "write"):
            line(f"  phase: {phase}, workbook", statistics.median(p.get(phase, 0.0) for p in sheet_phases),
                 f"phase: {phase}, YAML", statistics.median(p.get(phase, 0.0) for p in yaml_phases))
        line("load phase, workbook", statistics.median(p.get("load", 0.0) for p in sheet_phases),
             "fastest bare read", fastest)
        print_floor(statistics.median(sheet_imports), fastest, floors, sheet_phases)
        print("peak memory (VmHWM of a child process)")
        line("import, workbook", peak_sheet, "bare read (calamine)", peak_read, unit="MB")
        line("import, workbook", peak_sheet, "import, YAML", peak_yaml, unit="MB")
        print(f"  aim: workbook import peak < 600 MB: {'met' if peak_sheet < 600 else 'NOT met'}")


if __name__ == "__main__":
    main()
