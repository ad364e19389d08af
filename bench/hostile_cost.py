"""Time and peak memory of importing hostile files, beside a valid roster of the same size.

Each case runs ``village-gov import`` in a subprocess of its own under ``/usr/bin/time``
(elapsed seconds, maximum resident set size).  The files are generated into a temporary folder:

* ``- {}`` lines under ``households:`` (1 MB and 16 MB): empty records, four problems each;
* a flow list ``[0,0,…]`` of 16 MB and 63 MB (under the 64 MB file limit);
* nesting 10,000 levels deep, one mapping of 500,000 keys, one 16 MB string;
* a valid roster (one file of households) of 1 MB and 16 MB, imported into a fresh database.

Target: every hostile case refused (exit 2) within 5 s and 500 MB.

    python bench/hostile_cost.py [--keep FOLDER] [--only NAME]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

MB = 1024 * 1024
HEADER = ("townships:\n  - {code: T1, name: 青竹镇, kind: 镇}\n"
          "villages:\n  - {code: V1, name: 百家池村, township: T1}\n"
          "groups:\n  - {code: G1, name: 一组, village: V1}\n")


def valid_roster(path: Path, size: int) -> None:
    record = "  - code: H{:07d}\n    head: 陈一\n    group: G1\n    size: 4\n    phone: '139{:08d}'\n"
    per = len(record.format(0, 0).encode("utf-8"))
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "households:\n")
        for i in range(max(1, (size - len(HEADER)) // per)):
            out.write(record.format(i, i))


def empty_records(path: Path, size: int) -> None:
    path.write_text("households:\n" + "- {}\n" * (size // 5), encoding="utf-8")


def flow_list(path: Path, size: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("households: [")
        chunk = "0," * (MB // 2)
        for _ in range(size // MB):
            out.write(chunk)
        out.write("0]\n")


def deep(path: Path, size: int) -> None:
    path.write_text("households: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")


def many_keys(path: Path, size: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("households:\n  - code: H1\n")
        for i in range(500_000):
            out.write(f"    k{i}: 1\n")


def long_string(path: Path, size: int) -> None:
    path.write_text("households:\n  - {code: H1, head: " + "长" * (size // 3) + ", group: G1, size: 1}\n",
                    encoding="utf-8")


CASES = [
    ("valid roster 1 MB", valid_roster, 1 * MB, 0),
    ("- {} lines 1 MB", empty_records, 1 * MB, 2),
    ("valid roster 16 MB", valid_roster, 16 * MB, 0),
    ("- {} lines 16 MB", empty_records, 16 * MB, 2),
    ("flow list 16 MB", flow_list, 16 * MB, 2),
    ("flow list 63 MB", flow_list, 63 * MB, 2),
    ("nesting 10,000 deep", deep, 0, 2),
    ("500,000 keys", many_keys, 0, 2),
    ("16 MB string", long_string, 16 * MB, 2),
]


def measure(folder: Path, path: Path) -> tuple[int, float, float]:
    db = folder / f"{path.stem}.db"
    command = ["/usr/bin/time", "-f", "%e %M", sys.executable, "-m", "village_gov", "--db", str(db),
               "import", str(path)]
    done = subprocess.run(command, capture_output=True, text=True)
    seconds, kb = done.stderr.strip().splitlines()[-1].split()
    code = done.returncode
    return code, float(seconds), int(kb) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="generate the files here and keep them")
    parser.add_argument("--only", help="run only the cases whose name contains this")
    args = parser.parse_args()
    if not shutil.which("/usr/bin/time"):
        sys.exit("needs /usr/bin/time (GNU time)")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="vg-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'case':<22} {'size':>9} {'exit':>4} {'seconds':>8} {'peak MB':>8}")
    try:
        for index, (name, make, size, expected) in enumerate(CASES):
            if args.only and args.only not in name:
                continue
            path = folder / f"case{index}.yaml"
            make(path, size)
            code, seconds, peak = measure(folder, path)
            mark = "" if code == expected else f"  ! exit {code}, expected {expected}"
            if expected and (seconds > 5 or peak > 500):
                mark += "  ! over 5 s / 500 MB"
            print(f"{name:<22} {path.stat().st_size / MB:>7.1f}MB {code:>4} {seconds:>8.2f} {peak:>8.0f}{mark}")
            if not args.keep:
                path.unlink()
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
