"""Word numbers, money and dates so text-to-speech reads them right (pure).

Numbers and money in words come from :mod:`common.spoken_numbers`, shared with the
backend and the voice gateway; this module words the replies built from them.

Chinese: 二十箱, 四百八十元, 两箱 (never 二箱). English: "twenty cases", "480 yuan".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from common.languages import in_language, is_english
from common.spoken_numbers import (
    en_integer as english_number,
)
from common.spoken_numbers import (
    money_words,
    zh_digits,
    zh_integer,
)
from common.spoken_numbers import (
    zh_count as chinese_number,
)

__all__ = [
    "chinese_number",
    "choice_words",
    "code_words",
    "date_words",
    "english_number",
    "item_words",
    "join_words",
    "money_words",
    "months_words",
    "options_words",
    "ordinal_words",
    "plural",
    "quantity_words",
    "telling_apart",
]

_MONTHS_EN = (
    "January February March April May June July August September October "
    "November December"
).split()


def code_words(code: str, language: str, spaced: bool = False) -> str:
    """Say a code digit by digit: 三五七二四六 / "3 5 7 2 4 6".

    ``spaced`` puts a pause between the Mandarin digits too (a code to write down).
    """
    if is_english(language):
        return " ".join(code)
    digits = "".join(digit for digit in code if digit.isdigit())
    return zh_digits(digits, separator=" " if spaced else "")


def quantity_words(quantity: int, unit_zh: str, unit_en: str, language: str) -> str:
    """Word a counted quantity: 二十箱 / "twenty cases"."""
    if is_english(language):
        unit = unit_en if quantity == 1 else plural(unit_en)
        return f"{english_number(quantity)} {unit}"
    return f"{chinese_number(quantity)}{unit_zh}"


def plural(noun: str) -> str:
    """Pluralise a unit noun ("case" → "cases", "box" → "boxes")."""
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def date_words(day: date, today: date, language: str) -> str:
    """Word a delivery date relative to today: 明天 / "tomorrow" / 十一月二十四日."""
    delta = (day - today).days
    relative = {
        0: ("今天", "today"),
        1: ("明天", "tomorrow"),
        2: ("后天", "the day after tomorrow"),
    }
    if delta in relative:
        zh, en = relative[delta]
        return in_language(language, zh, en)
    if is_english(language):
        return f"{_MONTHS_EN[day.month - 1]} {day.day}"
    return f"{zh_integer(day.month)}月{zh_integer(day.day)}日"


def join_words(parts: Sequence[str], language: str) -> str:
    """Join list items: 甲、乙和丙 / "a, b and c"."""
    items = list(parts)
    if len(items) <= 1:
        return "".join(items)
    if is_english(language):
        return ", ".join(items[:-1]) + " and " + items[-1]
    return "、".join(items[:-1]) + "和" + items[-1]


def item_words(
    quantity: int, unit_zh: str, unit_en: str, name_zh: str, name_en: str, language: str
) -> str:
    """Word one order line: 二十箱可口可乐 / "twenty cases of Coca-Cola"."""
    amount = quantity_words(quantity, unit_zh, unit_en, language)
    if is_english(language):
        return f"{amount} of {name_en}"
    return f"{amount}{name_zh}"


def months_words(months: int, language: str) -> str:
    """Word a loan term: 十二个月 / "twelve months"."""
    if is_english(language):
        return f"{english_number(months)} month" + ("" if months == 1 else "s")
    return f"{chinese_number(months)}个月"


_EN_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth")


def ordinal_words(position: int, language: str) -> str:
    """Word a 1-based position in a list read out: 第二个 / "second"."""
    if is_english(language):
        if position <= len(_EN_ORDINAL_WORDS):
            return _EN_ORDINAL_WORDS[position - 1]
        return f"number {english_number(position)}"
    return f"第{zh_integer(position)}个"  # 第二个, never 第两个


def choice_words(position: int, number: str, items: str, language: str) -> str:
    """One order in a list read out: 第一个，745号订单，二十箱可口可乐."""
    if is_english(language):
        return f"{ordinal_words(position, language)}, order {number}: {items}"
    return f"{ordinal_words(position, language)}，{number}号订单，{items}"


def telling_apart(names: Sequence[str]) -> tuple[str, list[str]]:
    """What the names share, and what tells each apart.

    ``["乐事薯片 原味 70克", "乐事薯片 烧烤味 70克"]`` → ``("乐事薯片", ["原味",
    "烧烤味"])``. Names that only differ in what is shared are given whole.
    """
    tokens = [name.split() for name in names]
    shared = [t for t in tokens[0] if all(t in other for other in tokens[1:])]
    parts = [" ".join(t for t in own if t not in shared) for own in tokens]
    if all(parts) and len(set(parts)) == len(parts):
        return " ".join(t for t in shared if not any(c.isdigit() for c in t)), parts
    return "", list(names)


def options_words(names: Sequence[str], language: str) -> str:
    """Choices read out by what tells them apart: 乐事薯片：原味、烧烤味还是黄瓜味."""
    shared, parts = telling_apart(names)
    english = is_english(language)
    comma, last, colon = (", ", " or ", ": ") if english else ("、", "还是", "：")
    listed = comma.join(parts[:-1]) + last + parts[-1] if len(parts) > 1 else parts[0]
    return f"{shared}{colon}{listed}" if shared else listed
