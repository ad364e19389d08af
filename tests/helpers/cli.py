"""The real command line, run in-process (the ``cli`` fixture of conftest.py is one of these)."""

from __future__ import annotations

from functools import cache

import typer.main
import typer.testing
from typer.testing import CliRunner

from village_gov.cli import app
from village_gov.core.i18n import set_lang

# Typer's runner turns the app into its Click command tree on every call: the root, and (the root's
# commands load on first use) the command called, its options read from the function signatures
# again each time.  The tree holds no state between calls (the program picks the language and
# localizes the commands as the command line runs), so each test process builds it once per app.
typer.testing._get_command = cache(typer.main.get_command)


class Runner:
    """Runs the real CLI in-process; output rendered at 80 columns, no colour."""

    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args, input=None, env=None):
        set_lang(None)
        result = self.runner.invoke(app, [str(a) for a in args], input=input, env=env, catch_exceptions=False)
        return result
