"""``village-gov report …``: the reports sub-app.

Each report's command is a function in a module of its own (``village_gov/cli/report_<name>.py``)
that builds the report and hands it to :func:`village_gov.cli.report_runner.run_report`; the list
below adds them to :data:`app`, in the order ``village-gov report --help`` shows them.
"""

import typer

from village_gov.cli import (
    report_cadres,
    report_development,
    report_micros,
    report_monthly,
    report_party_life,
    report_reform,
)

app = typer.Typer(help="Reports: monthly, trend and more.", no_args_is_help=True)

REPORTS = (
    ("micros", report_micros.report_micros),
    ("monthly", report_monthly.monthly),
    ("trend", report_monthly.trend),
    ("party-life", report_party_life.party_life),
    ("reform", report_reform.reform),
    ("development", report_development.report_development),
    ("cadres", report_cadres.report_cadres),
)
for _name, _command in REPORTS:
    app.command(_name)(_command)
