"""Reading one ``VILLAGE_GOV_*`` variable, and the input error for a malformed one.

Used by :mod:`village_gov.core.config` and :mod:`village_gov.core.clock` (which config checks in
turn), so neither imports the other for it.
"""

from __future__ import annotations

import os


def read_env(name: str) -> str | None:
    """The variable's value stripped, None when unset or empty; refused if it holds non-UTF-8 bytes."""
    value = os.environ.get(name)
    if value is None:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        from village_gov.core.errors import InputError

        raise InputError("env.not_utf8", name=name) from None
    return value.strip() or None


def invalid_env(name: str, value: str, expected: str) -> Exception:
    from village_gov.core.errors import InputError
    from village_gov.core.i18n import t

    return InputError("env.invalid", name=name, value=repr(value), expected=t(expected))
