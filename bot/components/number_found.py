"""What the number extractor finds, and the bookkeeping both language scanners share.

Pure, no Rasa. A :class:`Found` becomes one Rasa entity dict (see
:meth:`Found.as_entity`); the representation is documented in
:mod:`bot.components.number_extractor`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

DIGITS = "digits"
QUANTITY = "quantity"
UNIT = "unit"
AMOUNT = "amount"
TERM = "term"
ENTITY_NAMES = (DIGITS, QUANTITY, UNIT, AMOUNT, TERM)
DOZEN = "dozen"
"""The unit entity of 打/dozen; the quantity's value is counted already (24)."""

ABOUT = "about"
MORE_THAN = "more_than"
RANGE = "range"

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# The last digit of one said apart ("5 0 2 9 3 1 密码") stays apart: it ends a code.
_GAP = re.compile(
    rf"(?<=[{CJK}])\s+(?=[{CJK}0-9])|(?<=[0-9])(?<![0-9]\s[0-9])\s+(?=[{CJK}])"
)


@dataclass(frozen=True)
class Found:
    """One extracted entity.

    Attributes:
        entity: One of :data:`ENTITY_NAMES`.
        start: Offset of the first character in the original text.
        end: Offset after the last character.
        value: The normalised value (see the extractor's module docstring).
        info: Rasa's ``additional_info`` (quantities and amounts), else None.
    """

    entity: str
    start: int
    end: int
    value: int | str
    info: dict[str, Any] | None = field(default=None, compare=False)

    def as_entity(self, text: str) -> dict[str, Any]:
        """Return the Rasa entity dict for this find in ``text``."""
        entity: dict[str, Any] = {
            "entity": self.entity,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "text": text[self.start : self.end],
            "confidence_entity": 1.0,
        }
        if self.info is not None:
            entity["additional_info"] = dict(self.info)
        return entity


def count_info(
    *,
    unit: str | None = None,
    qualifier: str | None = None,
    upper: int | None = None,
    half: bool = False,
    dozen: bool = False,
) -> dict[str, Any]:
    """The ``additional_info`` of a quantity (and, without unit/half/dozen, an amount).

    Args:
        unit: Canonical unit said with it, or None.
        qualifier: None (exact), ``about``, ``more_than`` or ``range``.
        upper: The upper end of a range (两三箱 → value 2, upper 3).
        half: A half more than the value was said (半箱 → 0 + half, 一箱半 → 1 + half).
        dozen: The value was said in dozens and is already multiplied by 12.
    """
    return {
        "approximate": qualifier is not None,
        "qualifier": qualifier,
        "upper": upper,
        "unit": unit,
        "half": half,
        "dozen": dozen,
    }


def money_value(value: Decimal) -> int | str:
    """An amount of yuan: an int when whole, else a plain decimal string ("2.5")."""
    if value == value.to_integral_value():
        return int(value)
    return format(value.normalize(), "f")


class Compacted:
    """Text with the recogniser's spaces inside Chinese removed, offsets kept.

    Recognisers write "二 十 箱 可口 可乐" and "取件码 三 五 七"; those spaces mean
    nothing. Spaces between Latin words are kept.
    """

    def __init__(self, text: str) -> None:
        """Compact ``text`` and remember where each kept character came from."""
        self.text = text
        pieces: list[str] = []
        self._origin: list[int] = []
        position = 0
        for gap in _GAP.finditer(text):
            pieces.append(text[position : gap.start()])
            self._origin.extend(range(position, gap.start()))
            position = gap.end()
        pieces.append(text[position:])
        self._origin.extend(range(position, len(text)))
        self.compact = "".join(pieces)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the compact text back to the original text."""
        return self._origin[start], self._origin[end - 1] + 1


def merge(*groups: Iterable[Found]) -> list[Found]:
    """Join finds of several scanners; earlier groups win where spans overlap.

    Returns:
        Non-overlapping finds ordered by start.
    """
    kept: list[Found] = []
    for group in groups:
        for found in group:
            if not any(found.start < k.end and k.start < found.end for k in kept):
                kept.append(found)
    return sorted(kept, key=lambda found: (found.start, found.end))
