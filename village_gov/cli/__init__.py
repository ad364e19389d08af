"""The command-line layer: Typer apps, one per noun, composed in :mod:`village_gov.cli.app`.

Commands are thin: parse options, call one library function, hand the result
to a renderer.  Heavy modules (yaml, sqlite-utils, pydantic) are imported
inside the commands that use them so ``village-gov --help`` stays fast.
"""

from village_gov.cli.app import app, main

__all__ = ["app", "main"]
