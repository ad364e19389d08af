"""The command-line layer: Typer apps, one per noun, composed in :mod:`village_gov.cli.app`.

Commands are thin: parse options, call one library function, hand the result
to a renderer.  Heavy modules (yaml, sqlite-utils, pydantic) are imported
inside the commands that use them so ``village-gov --help`` stays fast.  The command modules
do not use ``from __future__ import annotations``: Typer would then compile and evaluate every
option's annotation string at start-up, which cost more than a third of ``--help``.
"""

from village_gov.cli.app import app, main

__all__ = ["app", "main"]
