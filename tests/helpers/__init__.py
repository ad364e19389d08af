"""Plain builders and data shared by the test modules, one module per thing they hold.

``rosters`` (the small roster and others), ``consult``, ``micros``, ``procedures`` (each ledger's
hand-worked month), ``full_ledger`` (every section at once), ``county`` and ``reform`` (the county),
``toy_ledger`` (a ledger added to LEDGERS by a test), ``exports``, ``crash``, ``hostile``, ``safe_out``
(what those test files and bench/ share), ``db``
(digests and rows of a database file), ``cli`` (the in-process runner), ``paths``.

No fixture lives here: fixtures are in ``tests/conftest.py``, and a test module imports helpers, never
another test module (``tests/test_infra_layout.py`` checks it).
"""
