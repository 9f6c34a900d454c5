"""The shop's counting vocabulary: measure words, digit readings, money and term words.

One definition for every service (pure data and tiny helpers, no I/O at import).
Owners count stock in measure words (两箱, "twenty cases"), read codes digit by digit
in either language (幺三五七, "won three five seven"), and name money and loan terms
(三万块, 六个月). Recognisers add their own spellings: 幺 and 洞 for 1 and 0, 两 for 2
even inside a code, and English homophones (won, to, for, ate).

Every measure word maps to one canonical unit name (``case``, ``bag``...). The names of
the catalog's ordering units agree with the English word the catalog prints
(``Product.unit_en``); see :data:`UNITS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Unit:
    """A canonical unit.

    Attributes:
        name: Canonical name, the value every service compares (``case``).
        zh: The Chinese word printed for it (``箱``).
        en: English singular (``case``).
        en_plural: English plural (``cases``).
        kind: ``count`` for ordering units; ``weight`` and ``volume`` units describe a
            product's size (五公斤的大米, 330ml) rather than how many are ordered.
    """

    name: str
    zh: str
    en: str
    en_plural: str
    kind: str = "count"


def _units(*units: Unit) -> Mapping[str, Unit]:
    return MappingProxyType({unit.name: unit for unit in units})


UNITS: Mapping[str, Unit] = _units(
    Unit("case", "箱", "case", "cases"),
    Unit("bag", "袋", "bag", "bags"),
    Unit("bottle", "瓶", "bottle", "bottles"),
    Unit("pack", "包", "pack", "packs"),
    Unit("tub", "桶", "tub", "tubs"),
    Unit("box", "盒", "box", "boxes"),
    Unit("bundle", "提", "bundle", "bundles"),
    Unit("can", "罐", "can", "cans"),
    Unit("strip", "条", "strip", "strips"),
    Unit("roll", "卷", "roll", "rolls"),
    Unit("card", "板", "card", "cards"),
    Unit("row", "排", "row", "rows"),
    Unit("stick", "支", "stick", "sticks"),
    Unit("bunch", "串", "bunch", "bunches"),
    Unit("portion", "份", "portion", "portions"),
    Unit("piece", "件", "piece", "pieces"),
    Unit("jin", "斤", "jin", "jin", "weight"),
    Unit("kg", "公斤", "kg", "kg", "weight"),
    Unit("g", "克", "gram", "grams", "weight"),
    Unit("l", "升", "litre", "litres", "volume"),
    Unit("ml", "毫升", "ml", "ml", "volume"),
)
"""Canonical units by name.

``piece`` is generic: "one of whatever the product is sold in" (件, 个, "items").
"""

ZH_MEASURE_WORDS: Mapping[str, str] = MappingProxyType(
    {unit.zh: unit.name for unit in UNITS.values()}
    | {
        "听": "can",  # 一听可乐: a can
        "个": "piece",
        "节": "piece",  # 两节电池
        "扎": "bundle",  # 一扎啤酒
        "捆": "bundle",
        "千克": "kg",
    }
)
"""Chinese measure word → canonical unit name (longest words are matched first)."""

# Owners say "box" and "carton" for the wholesaler's case; 盒 is a small box.
_EN_OTHER_MEASURE_WORDS = {
    "box": "case", "boxes": "case", "carton": "case", "cartons": "case",
    "crate": "case", "crates": "case", "ctn": "case", "ctns": "case",
    "sack": "bag", "sacks": "bag", "packet": "pack", "packets": "pack",
    "bucket": "tub", "buckets": "tub", "barrel": "tub", "barrels": "tub",
    "tin": "can", "tins": "can", "item": "piece", "items": "piece",
    "unit": "piece", "units": "piece", "pc": "piece", "pcs": "piece",
    "kilo": "kg", "kilos": "kg", "kilogram": "kg", "kilograms": "kg",
    "liter": "l", "liters": "l", "millilitre": "ml", "millilitres": "ml",
    "milliliter": "ml", "milliliters": "ml",
}  # fmt: skip
EN_MEASURE_WORDS: Mapping[str, str] = MappingProxyType(
    {unit.en: unit.name for unit in UNITS.values()}
    | {unit.en_plural: unit.name for unit in UNITS.values()}
    | _EN_OTHER_MEASURE_WORDS
)
"""English measure word (singular and plural) → canonical unit name."""

ZH_DOZEN = "打"
EN_DOZEN = ("dozen", "dozens")
"""A dozen is a count (12), not a unit: 两打 = 24 of the product's own unit."""

_ZH_DIGITS = {
    "零": 0, "〇": 0, "洞": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "三": 3,
    "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
ZH_DIGITS: Mapping[str, int] = MappingProxyType(_ZH_DIGITS)
"""Chinese digit readings. 幺 (yao) and 洞 (dong) are how 1 and 0 are read aloud in
codes and phone numbers; 两 is how recognisers often write a spoken 2."""

ZH_MAGNITUDES: Mapping[str, int] = MappingProxyType(
    {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
)
"""Chinese numeral magnitudes (a number said as a number, not digit by digit)."""

_EN_DIGITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9,
}  # fmt: skip
EN_DIGITS: Mapping[str, int] = MappingProxyType(_EN_DIGITS)
"""English digit words."""

_EN_DIGIT_HOMOPHONES = {
    "oh": 0, "o": 0, "nought": 0, "naught": 0, "nil": 0, "won": 1, "to": 2,
    "too": 2, "tree": 3, "for": 4, "fore": 4, "ate": 8,
}  # fmt: skip
EN_DIGIT_HOMOPHONES: Mapping[str, int] = MappingProxyType(_EN_DIGIT_HOMOPHONES)
"""Words a recogniser writes for a spoken digit ("won three five seven"). They are
ordinary words too, so they count as digits only among other digits."""

EN_DIGIT_PREPOSITIONS = frozenset({"to", "too", "for"})
"""Homophones that usually are what they say before a number ("code for 3 5 7")."""

EN_NUMBER_MISSPELLINGS: Mapping[str, str] = MappingProxyType(
    {"fourty": "forty", "ninty": "ninety", "fivety": "fifty", "twelf": "twelve",
     "fourtheen": "fourteen", "eightteen": "eighteen", "tweny": "twenty"}
)  # fmt: skip
"""Number words as owners who learnt English late type them; read as meant."""

PIN_DIGITS = 4
PICKUP_CODE_DIGITS = 6
"""How long a shop PIN and a parcel pickup code are (order numbers vary)."""

EN_CODE_CUES = frozenset({"number", "no", "code", "pin", "password", "order", "#"})
"""Words right before digits said one by one that make them a code: after "order
number", "seven for five" is 745, where alone "one for three" may be a count and a
price."""

ZH_MONEY_WORDS = ("块钱", "元钱", "块", "元", "人民币")
EN_MONEY_WORDS = frozenset({"yuan", "rmb", "kuai", "renminbi", "cny", "¥", "￥"})
"""Words that make a number an amount of yuan (块 also counts soap bars; in this shop
it means money)."""

ZH_TERM_MONTHS: Mapping[str, int] = MappingProxyType(
    {"个月": 1, "个多月": 1, "期": 1, "年": 12}
)
EN_TERM_MONTHS: Mapping[str, int] = MappingProxyType(
    {"month": 1, "months": 1, "year": 12, "years": 12}
)
"""Loan-term words → months per unit (六个月 = 6, 两年 = 24, "two years" = 24)."""

ZH_NOT_NUMBERS = (
    "一下", "一点", "一起", "一样", "一些", "一直", "一定", "一共", "一般", "一会",
    "一边", "一切", "一旦", "一遍", "一次", "一口气", "一个一个", "一个字", "统一",
    "万一", "唯一", "千万", "万万", "十分", "一模一样", "乱七八糟", "一五一十",
    "独一无二", "看一看", "试一试", "等一等", "想一想", "说一说", "听一听", "问一问",
    "查一查",
)  # fmt: skip
"""Chinese words that contain numerals but are not numbers (一下, 统一, 万一...).

Idioms made only of digit readings (一一, 三三两两) are left out on purpose: a pickup
code can contain them (七七八八六六)."""


def canonical_unit(word: str) -> str | None:
    """Return the canonical unit of a Chinese or English measure word, or None."""
    return ZH_MEASURE_WORDS.get(word) or EN_MEASURE_WORDS.get(word.lower())


def is_measure_word(word: str) -> bool:
    """Whether ``word`` is a measure word or dozen, either language (箱, cases, 打)."""
    lowered = word.lower()
    return (
        word in ZH_MEASURE_WORDS
        or word == ZH_DOZEN
        or lowered in EN_MEASURE_WORDS
        or lowered in EN_DOZEN
    )


def zh_digit_string(text: str) -> str | None:
    """Read Chinese digits said one by one: ``幺三五洞`` → ``"1350"``.

    Returns:
        The digit string, or None when any character is not a digit reading.
    """
    if not text or any(char not in ZH_DIGITS for char in text):
        return None
    return "".join(str(ZH_DIGITS[char]) for char in text)


def en_digit(word: str, *, homophones: bool = False) -> int | None:
    """Return the digit an English word reads as ("seven" → 7), or None.

    Args:
        word: One word, any case.
        homophones: Also accept recogniser homophones ("won" → 1, "ate" → 8).
    """
    lowered = word.lower()
    if lowered in EN_DIGITS:
        return EN_DIGITS[lowered]
    if homophones:
        return EN_DIGIT_HOMOPHONES.get(lowered)
    return None


def zh_words_for(names: Iterable[str]) -> tuple[str, ...]:
    """The Chinese measure words of the named units, longest first (箱, 个, 公斤...)."""
    wanted = set(names)
    words = (word for word, unit in ZH_MEASURE_WORDS.items() if unit in wanted)
    return tuple(sorted(words, key=len, reverse=True))


def en_words_for(names: Iterable[str]) -> frozenset[str]:
    """The English measure words (singular and plural) of the named units."""
    wanted = set(names)
    return frozenset(word for word, unit in EN_MEASURE_WORDS.items() if unit in wanted)


COUNT_UNITS = tuple(name for name, unit in UNITS.items() if unit.kind == "count")
"""Names of the units stock is ordered in (not a product's weight or volume)."""
