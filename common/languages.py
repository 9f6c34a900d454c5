"""The two languages the assistant speaks, named once for every service.

Slots, requests and speech engines carry a language code: ``zh`` (Mandarin, the
default) or ``en``. Compare through these helpers rather than spelling the codes.
"""

from __future__ import annotations

from typing import Final, Literal, TypeVar

Language = Literal["zh", "en"]
ZH: Final = "zh"
EN: Final = "en"
LANGUAGES: Final[tuple[Language, ...]] = (ZH, EN)
DEFAULT_LANGUAGE: Final = ZH

T = TypeVar("T")


def is_english(language: object) -> bool:
    """Whether a language code is English (anything else is spoken in Mandarin)."""
    return language == EN


def is_chinese(language: object) -> bool:
    """Whether a language code is exactly Mandarin (``zh``)."""
    return language == ZH


def language_or_default(language: object) -> Language:
    """``en`` for English, otherwise the default, Mandarin."""
    return EN if is_english(language) else ZH


def other_language(language: object) -> Language:
    """The language to switch to: English from Mandarin and the other way round."""
    return ZH if is_english(language) else EN


def in_language(language: object, zh: T, en: T) -> T:
    """The English or the Mandarin of a pair: ``in_language(lang, "箱", "case")``."""
    return en if is_english(language) else zh
