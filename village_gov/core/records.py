"""The base of every record model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from village_gov.core.fields import Code


class Record(BaseModel):
    """Base of every record: strict about unknown keys, lenient about surrounding spaces."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    code: Code
