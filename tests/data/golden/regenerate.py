"""Rewrites the golden outputs of the example township (``tests/data/golden/expected/``).

``tests/test_golden_outputs.py`` builds the example township (``examples/``) through the real CLI,
with the day, the time zone and the language pinned, and compares each output byte for byte with
the files stored here (the five example folders imported: roster, micros, consultations,
procedures, cadres): ``report monthly --format json`` (Chinese and English) and ``--format
markdown``, ``check --format json`` (Chinese and English), the workbook and HTML file ``export``
writes, and every file ``dump`` writes.

Regenerate ONLY when a change of output is intended and has been reviewed (the diff of the stored
files is part of the change under review). Never regenerate to make a refactor pass: a refactor
must leave these bytes as they are.

    python tests/data/golden/regenerate.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
STORED = Path(__file__).resolve().parent / "expected"

TODAY = "2026-11-01"  # the cron run of 1 November, for October
TZ = "Asia/Shanghai"
MONTH = "2026-10"
AS_OF = "2026-10-31"
OPEN_MONTH = "2026-11"  # a month not over yet on TODAY


def _env(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VILLAGE_GOV_")}
    # The audit trail records who wrote (getpass reads LOGNAME first) and that name is in the
    # chain's hash printed in reports and exports: pin it too.
    env.update(VILLAGE_GOV_DB=str(db), VILLAGE_GOV_TODAY=TODAY, VILLAGE_GOV_TZ=TZ, TZ="UTC",
               LOGNAME="clerk", USER="clerk")
    return env


# The audit trail stores the wall-clock time of each write (no option pins it), and the audit
# chain's head hash and "data last changed" are printed in reports and exports. The golden runs
# therefore start the CLI through this launcher, which fixes the stored time to the evening of
# TODAY's eve, one microsecond further per write (so the order of the trail is kept).
LAUNCHER = """
import datetime as dt, itertools, sys
import village_gov.core.clock as clock
_base = dt.datetime(2026, 10, 31, 12, 0, tzinfo=dt.timezone.utc)
_tick = itertools.count()
clock.now_stored = lambda: (_base + dt.timedelta(microseconds=next(_tick))).isoformat(
    timespec="microseconds")
from village_gov.cli import main
sys.argv[0] = "village-gov"
main()
"""


def _run(env: dict[str, str], *args: str, ok=(0,)) -> bytes:
    proc = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *args], env=env, capture_output=True, cwd=ROOT
    )
    if proc.returncode not in ok:
        raise RuntimeError(
            f"village-gov {' '.join(args)} exited {proc.returncode}: {proc.stderr.decode()[-2000:]}"
        )
    return proc.stdout


def build(work: Path) -> dict[str, str]:
    """Imports the example township into ``work/baihe.db``; returns the pinned environment."""
    env = _env(work / "baihe.db")
    # Relative paths (the runs start in the checkout): the audit trail records the command line and
    # the files' paths, and they are in the chain's hash, so an absolute path would tie the stored
    # outputs to one checkout's location.
    _run(env, "--lang", "zh", "import", *(str((EXAMPLES / d).relative_to(ROOT)) for d in
         ("roster", "micros", "consultations", "procedures", "development", "cadres")))
    return env


def produce(env: dict[str, str], out: Path) -> None:
    """Writes every golden output of the built township into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    for lang in ("zh", "en"):
        (out / f"report-monthly-{MONTH}.{lang}.json").write_bytes(
            _run(env, "--lang", lang, "report", "monthly", "--month", MONTH, "--format", "json"))
        (out / f"check-{AS_OF}.{lang}.json").write_bytes(
            _run(env, "--lang", lang, "check", "--as-of", AS_OF, "--format", "json", ok=(0, 1)))
    (out / f"report-monthly-{MONTH}.zh.md").write_bytes(
        _run(env, "--lang", "zh", "report", "monthly", "--month", MONTH, "--format", "markdown"))
    (out / f"report-monthly-{OPEN_MONTH}.zh.json").write_bytes(
        _run(env, "--lang", "zh", "report", "monthly", "--month", OPEN_MONTH, "--format", "json"))
    for ext in ("xlsx", "html"):
        _run(env, "--lang", "zh", "export", "--month", MONTH,
             "--output", str(out / f"export-{MONTH}.{ext}"))
    _run(env, "--lang", "zh", "dump", "--output", str(out / "dump"))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = build(Path(tmp))
        fresh = Path(tmp) / "out"
        produce(env, fresh)
        if STORED.exists():
            shutil.rmtree(STORED)
        shutil.copytree(fresh, STORED)
    print(f"rewrote {STORED}")


if __name__ == "__main__":
    main()
