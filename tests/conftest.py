"""Shared fixtures: a temporary database, a YAML-writing helper, the CLI runner."""

from __future__ import annotations

import hashlib
import os
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from village_gov.cli import app
from village_gov.core.i18n import set_lang

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


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


class Runner:
    """Runs the real CLI in-process; output rendered at 80 columns, no colour."""

    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args, input=None, env=None):
        set_lang(None)
        result = self.runner.invoke(app, [str(a) for a in args], input=input, env=env, catch_exceptions=False)
        return result


@pytest.fixture
def cli() -> Runner:
    return Runner()


def table_contents(path, skip=("audit",)) -> dict:
    """Every table's rows (sorted) by name, except ``skip``: compares two databases' records."""
    import sqlite3

    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    data = {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names if n not in skip}
    conn.close()
    return data


def file_digest(path: Path) -> str | None:
    """sha256 of a file (and its -wal), or None if missing: proves a database was not touched."""
    path = Path(path)
    if not path.exists():
        return None
    digest = hashlib.sha256(path.read_bytes())
    wal = Path(str(path) + "-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()


SMALL_ROSTER = """
townships:
  - {code: T1, name: 青竹镇, kind: 镇}
villages:
  - {code: V1, name: 百家池村, township: T1, population: 2000, area_km2: 5.5}
  - {code: V2, name: 青龙村, township: T1, population: 1500, area_km2: 4.0}
groups:
  - {code: G1, name: 一组, village: V1}
  - {code: G2, name: 二组, village: V1}
  - {code: G3, name: 一组, village: V2}
party_orgs:
  - {code: P1, name: 百家池村党总支, level: 党总支, village: V1, secretary: M1}
  - {code: P2, name: 一组党支部, level: 党支部, village: V1, group: G1, parent: P1}
  - {code: P3, name: 二组党小组, level: 党小组, village: V1, group: G2, parent: P1}
  - {code: P4, name: 青龙村党支部, level: 党支部, village: V2, secretary: M6}
  - {code: P5, name: 一组党小组, level: 党小组, village: V2, group: G3, parent: P4}
members:
  - {code: M1, name: 张三, gender: 男, born: 1970-03-01, joined: 1995-07-01, org: P1, phone: "13800000001", id_number: "11010519491231002X", households: [H1]}
  - {code: M2, name: 李四, gender: 男, org: P2, households: [H2]}
  - {code: M3, name: 王芳, gender: 女, org: P2, households: [H3]}
  - {code: M4, name: 赵六, org: P2, status: 预备, households: [H4]}
  - {code: M5, name: 钱七, org: P3, households: [H4]}
  - {code: M6, name: 孙八, org: P4, households: [H5]}
  - {code: M7, name: 周九, org: P5, households: [H6]}
  - {code: M8, name: 吴十, org: P5, households: []}
households:
  - {code: H1, head: 陈一, group: G1, size: 4, phone: "13900000002"}
  - {code: H2, head: 陈二, group: G1, size: 3}
  - {code: H3, head: 陈三, group: G1, size: 2}
  - {code: H4, head: 陈四, group: G2, size: 5}
  - {code: H5, head: 陈五, group: G3, size: 1}
  - {code: H6, head: 陈六, group: G3, size: 6}
  - {code: H7, head: 陈七, group: G3, size: 2}
cadres:
  - {village: V1, member: M1, posts: [党组织书记, 村委会主任, 集体经济组织负责人]}
  - {village: V2, member: M6, posts: [党组织书记]}
  - {village: V2, name: 郑十一, posts: [村委会主任]}
"""


@pytest.fixture
def small_roster(write_yaml) -> Path:
    return write_yaml(SMALL_ROSTER)
