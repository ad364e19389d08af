"""Masking of personal data (phone and resident ID numbers) for output."""

from __future__ import annotations

PERSONAL_FIELDS = ("phone", "id_number")


def mask_phone(value: str | None) -> str | None:
    """``13800000001`` → ``138****0001``; short numbers keep only their last two digits."""
    if not value:
        return value
    digits = str(value)
    if len(digits) >= 8:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return "*" * max(len(digits) - 2, 0) + digits[-2:]


def mask_id_number(value: str | None) -> str | None:
    """``510102199001011234`` → ``5101**********1234``."""
    if not value:
        return value
    text = str(value)
    if len(text) <= 8:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 8) + text[-4:]


_MASKERS = {"phone": mask_phone, "id_number": mask_id_number}


def mask_row(row: dict, unmask: bool = False) -> dict:
    """A copy of ``row`` with its personal fields masked (unless ``unmask``)."""
    if unmask:
        return row
    masked = dict(row)
    for key, masker in _MASKERS.items():
        if key in masked:
            masked[key] = masker(masked[key])
    return masked
