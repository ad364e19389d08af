"""Field types shared by the record models of every ledger: codes, names, text, numbers, choices.

Custom failures raise ``PydanticCustomError`` whose ``type`` is a message key in
the catalog, so validation messages print in the user's language.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, StringConstraints
from pydantic_core import PydanticCustomError

# C0 control characters (NUL and the like) and DEL; a tab or line break is allowed in free text only.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _no_control(value: str) -> str:
    # A printable text holds no control character (the test in C, then the pattern only for the others).
    if not value.isprintable() and _CONTROL.search(value):
        raise PydanticCustomError("text_control_char", "text holds a control character")
    return value


def _no_control_in_text(value: str) -> str:
    if not value.isprintable() and _CONTROL_IN_TEXT.search(value):
        raise PydanticCustomError("text_control_char", "text holds a control character")
    return value


def _no_bool(value: Any) -> Any:
    """YAML ``true``/``false`` is no number (pydantic would take it as 1/0)."""
    if isinstance(value, bool):
        raise PydanticCustomError("bool_not_number", "a number is expected, not true/false")
    return value


Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64),
                 AfterValidator(_no_control)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
                 AfterValidator(_no_control)]
Text = Annotated[str, StringConstraints(max_length=20000), AfterValidator(_no_control_in_text)]
Count = Annotated[int, BeforeValidator(_no_bool)]
"""An integer that refuses ``true``/``false``."""
Number = Annotated[float, BeforeValidator(_no_bool)]
"""A number that refuses ``true``/``false``."""


def choice(values: tuple[str, ...], aliases: dict[str, str] | None = None) -> Any:
    """A ``Literal`` of Chinese values that also accepts the given English aliases (any case)."""
    lookup = {k.lower(): v for k, v in (aliases or {}).items()}

    def to_canonical(value: Any) -> Any:
        if isinstance(value, str):
            stripped = value.strip()
            return lookup.get(stripped.lower(), stripped)
        return value

    return Annotated[Literal[values], BeforeValidator(to_canonical)]
