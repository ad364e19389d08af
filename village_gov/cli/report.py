"""``village-gov report …``: the reports sub-app.

Each report lives in a module of its own (``village_gov/cli/report_<name>.py``)
that adds its command to :data:`app` with ``@app.command("<name>")``; the
modules are imported in :mod:`village_gov.cli.app`.
"""

import typer

app = typer.Typer(help="Reports: monthly, trend and more.", no_args_is_help=True)
