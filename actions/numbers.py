"""Understand spoken quantities, ordinals, pickup codes and PINs (pure functions).

Chinese numerals go through cn2an, English number words through text2num; this
module only decides which span is the number and what its unit is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import cn2an
from text_to_num import alpha2digit

ZH_UNITS = "箱袋瓶包件桶盒罐条斤个听提扎卷"
EN_UNITS = {
    "case": "case", "cases": "case", "box": "case", "boxes": "case",
    "carton": "case", "cartons": "case", "bag": "bag", "bags": "bag",
    "sack": "bag", "sacks": "bag", "bottle": "bottle", "bottles": "bottle",
    "pack": "pack", "packs": "pack", "packet": "pack", "packets": "pack",
    "barrel": "barrel", "barrels": "barrel", "can": "can", "cans": "can",
    "unit": "unit", "units": "unit",
}  # fmt: skip
_ZH_DIGIT = {
    "零": "0", "〇": "0", "洞": "0", "一": "1", "幺": "1", "二": "2", "两": "2",
    "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9",
}  # fmt: skip
_EN_DIGIT = {
    "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3",
    "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip
_ZH_NUMERAL = "零〇一二两三四五六七八九十百千万幺"
_ZH_QUANTITY = re.compile(
    rf"(?P<num>[{_ZH_NUMERAL}]+|\d+(?:\.\d+)?)(?P<about>来|多|几)?"
    rf"(?P<unit>[{ZH_UNITS}打])?(?P<half>半)?"
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
    if re.search(r"半[箱袋瓶包件桶盒罐条打]", text) and not _ZH_QUANTITY.search(
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
    if unit == "打":  # a dozen
        value, unit = value * 12, None
    if match.group("half") or text[match.end() :].startswith("个半"):
        value += Decimal("0.5")
    return Quantity(value, unit, approximate=bool(match.group("about")))


# Recogniser spellings of small numbers, read as numbers only right before a unit:
# "for cases of pepsi", "gimme too cases", "won case".
_HOMOPHONES = re.compile(
    r"\b(for|fore|too|to|won|ate)\s+(?=(?:cases?|boxes|box|cartons?|packs?|bags?"
    r"|bottles?|cans?|bundles?)\b)"
)
_MAKE_IT = re.compile(r"\bmake it (for|fore|too|to|won|ate)\b")
_HOMOPHONE_DIGITS = {"for": "4", "fore": "4", "too": "2", "to": "2", "won": "1",
                     "ate": "8"}  # fmt: skip


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


def parse_amount(text: str) -> Decimal | None:
    """Read a sum of money: 三万, 5万, 一万五, 30,000, "thirty thousand", 50k."""
    lowered = text.lower().replace(",", "").replace("，", "").strip()
    lowered = re.sub(r"(块钱|块|元|人民币|yuan|rmb|¥)", "", lowered).strip()
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
