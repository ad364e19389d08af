"""The test suite: a package, so that shared builders and data are imported as ``tests.helpers.…``."""
