"""Mask personal data before it reaches a log line."""

from __future__ import annotations

import re

_PHONE = re.compile(r"\+?\d[\d\- ]{6,}\d")


def mask_phone(phone: str) -> str:
    """Hide the middle of a number: ``+8613800000001`` → ``+86138****0001``."""
    digits = phone.strip()
    if len(digits) <= 7:
        return "*" * len(digits)
    return digits[:-8] + "****" + digits[-4:]


def mask_phones_in(text: str) -> str:
    """Mask every phone-number-looking run in free text."""
    return _PHONE.sub(lambda match: mask_phone(match.group(0)), text)
