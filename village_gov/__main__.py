"""``python -m village_gov`` and the ``village-gov`` command.

An import of files unchanged since the last import is answered first, before the command line
(Typer, rich, the command tree) is loaded (:mod:`village_gov.core.quick_import`); everything else
goes to :func:`village_gov.cli.main`.
"""

import sys


def main() -> None:
    """Console-script entry point."""
    from village_gov.core.quick_import import answer

    if answer(sys.argv[1:]) is None:
        from village_gov.cli import main as command_line

        command_line()


if __name__ == "__main__":
    main()
