"""The fixtures every test module can name: a temporary database, a YAML-writing helper, the CLI
runner, the small roster, the micros ledger loaded.  Plain builders and data are in ``tests.helpers``."""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers.cli import Runner
from tests.helpers.micros import MICROS, TODAY
from tests.helpers.rosters import SMALL_ROSTER
from tests.helpers.toy_ledger import add_toy
from village_gov.core.i18n import set_lang


class _FileLines:
    """On a terminal, a line naming each test file as its first test starts (-q prints only dots);
    off a terminal (CI, a pipe) nothing is added."""

    def __init__(self, config):
        self.reporter = config.pluginmanager.get_plugin("terminalreporter")
        self.seen: set[str] = set()

    def pytest_runtest_logstart(self, nodeid, location):
        path = nodeid.split("::", 1)[0]
        if path not in self.seen:
            self.seen.add(path)
            self.reporter.write_line(f"{path} …")


@pytest.hookimpl(trylast=True)  # after the terminal reporter is registered
def pytest_configure(config):
    worker = hasattr(config, "workerinput")  # xdist workers print nothing; the controller does
    if (not worker and config.get_verbosity() <= 0 and sys.stdout.isatty() and not os.environ.get("CI")
            and config.pluginmanager.get_plugin("terminalreporter") is not None):
        config.pluginmanager.register(_FileLines(config), "village-gov-file-lines")


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Every test gets its own database and the default language."""
    monkeypatch.setenv("VILLAGE_GOV_DB", str(tmp_path / "test.db"))
    monkeypatch.delenv("VILLAGE_GOV_LANG", raising=False)
    monkeypatch.delenv("VILLAGE_GOV_TZ", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    set_lang(None)
    yield
    set_lang(None)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def write_yaml(tmp_path):
    """Write dedented YAML text to a file under tmp_path and return its path."""

    def write(text: str, name: str = "roster.yaml", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding=encoding)
        return path

    return write


@pytest.fixture
def cli() -> Runner:
    return Runner()


@pytest.fixture
def small_roster(write_yaml) -> Path:
    return write_yaml(SMALL_ROSTER)


@pytest.fixture
def pinned_today(monkeypatch):
    """Today is TODAY for the test, so the 'not in the future' rules and --as-of defaults are fixed."""
    monkeypatch.setenv("VILLAGE_GOV_TODAY", TODAY)


@pytest.fixture
def cadre_today(monkeypatch):
    """Today is after every date of the cadre ledger's tests (tests.helpers.cadres.TODAY)."""
    from tests.helpers.cadres import TODAY as CADRE_TODAY

    monkeypatch.setenv("VILLAGE_GOV_TODAY", CADRE_TODAY)


@pytest.fixture
def micros_loaded(cli, small_roster, write_yaml):
    """The small roster with the micros ledger imported; returns the CLI runner."""
    result = cli("import", small_roster, write_yaml(MICROS, "micros.yaml"))
    assert result.exit_code == 0, result.output
    return cli


@pytest.fixture
def toy_ledger(tmp_path, monkeypatch):
    """``add()`` adds the toy ledger (when the test chooses); afterwards it is gone, its texts too."""
    from village_gov.core import i18n

    i18n.t("file.missing", file="")  # the catalog as it is without the toy ledger
    known = set(i18n.CATALOG)
    yield lambda: add_toy(tmp_path, monkeypatch)
    for name in [m for m in sys.modules if m == "toytrees" or m.startswith("toytrees.")]:
        del sys.modules[name]
    for key in set(i18n.CATALOG) - known:  # the toy's texts leave with it
        del i18n.CATALOG[key]
    i18n._loaded_ledgers.discard("trees")


@pytest.fixture
def toy(toy_ledger):
    """The toy ledger's package on sys.path, and LEDGERS with it appended."""
    return toy_ledger()


@pytest.fixture
def findings_ledger(cli, tmp_path, monkeypatch):
    """helpers/exports.findings_roster() imported, October over (today 2026-11-20); returns the CLI runner."""
    from tests.helpers.exports import findings_roster
    from tests.helpers.rosters import dump

    monkeypatch.setenv("VILLAGE_GOV_TODAY", "2026-11-20")
    result = cli("import", dump(findings_roster(), tmp_path / "roster.yaml"))
    assert result.exit_code == 0, result.output
    return cli


@pytest.fixture(scope="session")
def _example_file(tmp_path_factory) -> Path:
    """The example township (examples/: the golden outputs' folders) imported once per session."""
    root = Path(__file__).resolve().parent.parent / "examples"
    path = tmp_path_factory.mktemp("example") / "example.db"
    folders = ["roster", "micros", "consultations", "procedures", "cadres", "development"]
    result = Runner()("import", *(root / f for f in folders),
                      env={"VILLAGE_GOV_DB": str(path), "VILLAGE_GOV_TODAY": "2026-11-01"})
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def example_db(_example_file, db_path):
    """A copy of the example township's database at db_path, opened (sqlite_utils)."""
    import sqlite3

    from village_gov.store.db import open_db

    source, target = sqlite3.connect(_example_file), sqlite3.connect(db_path)
    source.backup(target)
    source.close()
    target.close()
    db = open_db(db_path)
    yield db
    db.conn.close()
