"""The real command line, run in-process (the ``cli`` fixture of conftest.py is one of these)."""

from __future__ import annotations

from typer.testing import CliRunner

from village_gov.cli import app
from village_gov.core.i18n import set_lang


class Runner:
    """Runs the real CLI in-process; output rendered at 80 columns, no colour."""

    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args, input=None, env=None):
        set_lang(None)
        result = self.runner.invoke(app, [str(a) for a in args], input=input, env=env, catch_exceptions=False)
        return result
