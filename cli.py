"""Entry point kept at the top of the source tree: ``python cli.py …`` runs village-gov.

The installed console script ``village-gov`` and ``python -m village_gov`` run
the same app, built in :mod:`village_gov.cli.app`.
"""

from village_gov.cli import app, main

if __name__ == "__main__":
    main()

__all__ = ["app", "main"]
