"""village-gov: rural governance ledgers (乡村治理台账) for the 一领四微 model.

The package is a library first: everything outside ``village_gov.cli`` and
``village_gov.render`` is plain Python with no Typer or rich inside, so it can be
used from scripts and tests directly.
"""

__version__ = "0.1.0"
