"""Understand spoken quantities, ordinals, pickup codes and PINs (pure functions).

Chinese numerals go through cn2an, English number words through text2num; this
module only decides which span is the number and what its unit is. Measure words and
digit readings are the shared ones of :mod:`common.vocabulary`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import cn2an
from text_to_num import alpha2digit

from common.vocabulary import (
    COUNT_UNITS,
    EN_DIGIT_HOMOPHONES,
    EN_DIGITS,
    EN_MEASURE_WORDS,
    EN_MONEY_WORDS,
    ZH_DIGITS,
    ZH_DOZEN,
    ZH_MONEY_WORDS,
    en_words_for,
    zh_words_for,
)

# Counted units and 斤 (rice and eggs are ordered by the jin), one character each.
ZH_UNITS = "".join(w for w in zh_words_for((*COUNT_UNITS, "jin")) if len(w) == 1)
EN_UNITS = EN_MEASURE_WORDS
_ZH_DIGIT = {word: str(digit) for word, digit in ZH_DIGITS.items()}
# A code is read with "oh" for zero too; other homophones only count before a unit.
_EN_DIGIT = {word: str(digit) for word, digit in EN_DIGITS.items()} | {
    word: str(EN_DIGIT_HOMOPHONES[word]) for word in ("oh", "o")
}
# Numerals said as a number; 洞 is only ever a digit read in a code.
_ZH_NUMERAL = "".join(c for c in ZH_DIGITS if c != "洞") + "十百千万"
_ZH_QUANTITY = re.compile(
    rf"(?P<num>[{_ZH_NUMERAL}]+|\d+(?:\.\d+)?)(?P<about>来|多|几)?"
    rf"(?P<unit>[{ZH_UNITS}{ZH_DOZEN}])?(?P<half>半)?"
)
_DIGITS = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[a-z]+)?")
_ABOUT_EN = re.compile(r"\b(about|around|roughly|some|or so|approximately)\b")


@dataclass(frozen=True)
class Quantity:
    """A spoken quantity; ``approximate`` or fractional ones must be asked again."""

    value: Decimal
    unit: str | None = None
    approximate: bool = False

    @property
    def whole(self) -> int | None:
        """Return the quantity as a whole count, or None when it must be asked."""
        if self.approximate or self.value <= 0 or self.value != int(self.value):
            return None
        return int(self.value)


def _zh_number(text: str) -> Decimal | None:
    if text.isdigit() or re.fullmatch(r"\d+\.\d+", text):
        return Decimal(text)
    try:
        return Decimal(str(cn2an.cn2an(text.replace("幺", "一"), "smart")))
    except (ValueError, KeyError):
        return None


def _parse_zh(text: str) -> Quantity | None:
    if re.search(rf"半[{ZH_UNITS}{ZH_DOZEN}]", text) and not _ZH_QUANTITY.search(
        text.split("半")[0]
    ):
        return Quantity(Decimal("0.5"), None, approximate=False)
    match = _ZH_QUANTITY.search(text)
    if not match:
        return None
    value = _zh_number(match.group("num"))
    if value is None:
        return None
    unit = match.group("unit")
    if unit == ZH_DOZEN:
        value, unit = value * 12, None
    if match.group("half") or text[match.end() :].startswith("个半"):
        value += Decimal("0.5")
    return Quantity(value, unit, approximate=bool(match.group("about")))


# Recogniser spellings of small numbers, read as numbers only right before a unit:
# "for cases of pepsi", "gimme too cases", "won case".
_EN_ORDER_UNITS = sorted(
    en_words_for(("case", "pack", "bag", "bottle", "can", "bundle")),
    key=lambda word: (-len(word), word),
)
_HOMOPHONE_WORDS = ("for", "fore", "too", "to", "won", "ate")
_HOMOPHONES = re.compile(
    rf"\b({'|'.join(_HOMOPHONE_WORDS)})\s+(?=(?:{'|'.join(_EN_ORDER_UNITS)})\b)"
)
_MAKE_IT = re.compile(rf"\bmake it ({'|'.join(_HOMOPHONE_WORDS)})\b")
_HOMOPHONE_DIGITS = {word: str(EN_DIGIT_HOMOPHONES[word]) for word in _HOMOPHONE_WORDS}


def _parse_en(text: str) -> Quantity | None:
    lowered = _HOMOPHONES.sub(
        lambda m: _HOMOPHONE_DIGITS[m.group(1)] + " ", text.lower()
    )
    lowered = _MAKE_IT.sub(
        lambda m: "make it " + _HOMOPHONE_DIGITS[m.group(1)], lowered
    )
    approximate = bool(_ABOUT_EN.search(lowered))
    if re.search(r"\bhalf\b", lowered) and not re.search(r"\d|and a half", lowered):
        return Quantity(Decimal("0.5"), None)
    lowered = re.sub(r"\b(a|one)\s+dozen\b", "12", lowered)
    lowered = re.sub(r"\b(a|one)\s+couple\s+of\b", "2", lowered)
    digits = alpha2digit(lowered, "en", threshold=0)
    if re.fullmatch(r"(\d\s+){2,}\d", digits.strip()):
        return None  # digits said one by one are a code, not a quantity
    digits = re.sub(r"(\d+)\s+dozens?\b", lambda m: str(int(m.group(1)) * 12), digits)
    match = _DIGITS.search(digits)
    if not match:
        if re.search(r"\ban?\s+(case|bag|bottle|pack|box)\b", lowered):
            return Quantity(Decimal(1), None, approximate)
        return None
    value = Decimal(match.group("num"))
    if "and a half" in digits[match.start() :][:30]:
        value += Decimal("0.5")
    unit = EN_UNITS.get(match.group("unit") or "")
    return Quantity(value, unit, approximate)


def parse_quantity(text: str) -> Quantity | None:
    """Read a quantity from Chinese or English words or digits (None if absent)."""
    text = text.strip()
    if not text:
        return None
    if re.search(r"[\u4e00-\u9fff]", text):
        return _parse_zh(text)
    return _parse_en(text)


def parse_code(text: str) -> str | None:
    """Read a code said digit by digit or as one number; None when there is none.

    Digit by digit: 三五七二四六 (幺 = 1, 洞 = 0), "three five seven", "double five".
    """
    lowered = text.lower().strip()
    if re.search(r"[十百千万]", lowered):
        match = re.search(rf"[{_ZH_NUMERAL}]+", lowered)
        number = _zh_number(match.group(0)) if match else None
        return None if number is None else str(int(number))
    if re.search(r"\b(hundred|thousand|million)\b", lowered):
        converted = alpha2digit(lowered, "en", threshold=0)
        digits = "".join(re.findall(r"\d", converted))
        return digits or None
    out: list[str] = []
    for token in re.findall(r"[a-z]+|\d|[\u4e00-\u9fff]", lowered):
        if token.isdigit():
            out.append(token)
        elif token in _ZH_DIGIT:
            out.append(_ZH_DIGIT[token])
        elif token in _EN_DIGIT:
            out.append(_EN_DIGIT[token])
        elif token in ("double", "triple"):
            out.append(token)
    digits = _expand_repeats(out)
    return digits or None


def _expand_repeats(tokens: list[str]) -> str:
    """Expand "double five" → 55 and "triple oh" → 000."""
    result: list[str] = []
    repeat = 1
    for token in tokens:
        if token == "double":
            repeat = 2
        elif token == "triple":
            repeat = 3
        else:
            result.append(token * repeat)
            repeat = 1
    return "".join(result)


_ZH_ORDINALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_EN_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
    "fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "last": -1,
}  # fmt: skip


def parse_ordinal(text: str) -> int | None:
    """Return a 1-based choice from "第二个" / "the second one" (-1 = last)."""
    match = re.search(r"第\s*([一二两三四五12345])", text)
    if match:
        token = match.group(1)
        return int(token) if token.isdigit() else _ZH_ORDINALS[token]
    if "最后" in text:
        return -1
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word in _EN_ORDINALS:
            return _EN_ORDINALS[word]
    return None


_MONEY_WORDS = re.compile(
    "|".join(
        re.escape(word)
        for word in sorted(
            {*ZH_MONEY_WORDS, *EN_MONEY_WORDS}, key=lambda word: (-len(word), word)
        )
    )
)


def parse_amount(text: str) -> Decimal | None:
    """Read a sum of money: 三万, 5万, 一万五, 30,000, "thirty thousand", 50k."""
    lowered = text.lower().replace(",", "").replace("，", "").strip()
    lowered = _MONEY_WORDS.sub("", lowered).strip()
    match = re.search(r"(\d+(?:\.\d+)?)\s*(万|千|k\b|thousand\b)?", lowered)
    if match and not re.search(r"[十百千万零〇一二两三四五六七八九]{2,}", lowered):
        scale = {"万": 10_000, "千": 1_000, "k": 1_000, "thousand": 1_000}.get(
            match.group(2) or "", 1
        )
        return Decimal(match.group(1)) * scale
    zh = re.search(rf"[{_ZH_NUMERAL}]+", lowered)
    if zh:
        spoken = zh.group(0)
        # 一万五 is 15,000: cn2an reads a trailing digit after 万 as 万's tenth.
        short = re.fullmatch(rf"([{_ZH_NUMERAL}]+)万([一二两三四五六七八九])", spoken)
        if short:
            whole = _zh_number(short.group(1) + "万")
            tenth = _zh_number(short.group(2))
            return None if whole is None or tenth is None else whole + tenth * 1000
        return _zh_number(spoken)
    converted = alpha2digit(lowered, "en", threshold=0)
    digits = re.search(r"\d+(?:\.\d+)?", converted)
    return Decimal(digits.group(0)) if digits else None
