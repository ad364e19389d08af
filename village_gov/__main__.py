"""Allow ``python -m village_gov``."""

from village_gov.cli import main

if __name__ == "__main__":
    main()
