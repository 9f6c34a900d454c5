"""Word numbers, money and dates so text-to-speech reads them right (pure).

Chinese: 二十箱, 四百八十元, 两箱 (never 二箱). English: "twenty cases", "480 yuan".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import cn2an

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ZH_DIGITS = "零一二三四五六七八九"
_MONTHS_EN = (
    "January February March April May June July August September October "
    "November December"
).split()


def english_number(n: int) -> str:
    """Spell a whole number in English words ("one hundred and twenty")."""
    if n < 0:
        return "minus " + english_number(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + ("-" + _ONES[ones] if ones else "")
    for size, word in ((1_000_000, "million"), (1000, "thousand"), (100, "hundred")):
        if n >= size:
            head, rest = divmod(n, size)
            spoken = f"{english_number(head)} {word}"
            if rest:
                spoken += (" and " if rest < 100 else " ") + english_number(rest)
            return spoken
    raise AssertionError("unreachable")


def chinese_number(n: int) -> str:
    """Write a whole number in Chinese numerals, with 两 for a lone two."""
    if n == 2:
        return "两"
    words = str(cn2an.an2cn(str(n)))
    # 两百/两千/两万 read more naturally than 二百 before a measure word.
    if words[:2] in ("二百", "二千", "二万"):
        words = "两" + words[1:]
    return words


def code_words(code: str, language: str, spaced: bool = False) -> str:
    """Say a code digit by digit: 三五七二四六 / "3 5 7 2 4 6".

    ``spaced`` puts a pause between the Mandarin digits too (a code to write down).
    """
    if language == "en":
        return " ".join(code)
    digits = [_ZH_DIGITS[int(digit)] for digit in code if digit.isdigit()]
    return (" " if spaced else "").join(digits)


def quantity_words(quantity: int, unit_zh: str, unit_en: str, language: str) -> str:
    """Word a counted quantity: 二十箱 / "twenty cases"."""
    if language == "en":
        unit = unit_en if quantity == 1 else plural(unit_en)
        return f"{english_number(quantity)} {unit}"
    return f"{chinese_number(quantity)}{unit_zh}"


def plural(noun: str) -> str:
    """Pluralise a unit noun ("case" → "cases", "box" → "boxes")."""
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def money_words(amount: Decimal, language: str) -> str:
    """Word an amount of yuan: 四百八十元 / 三十二元五角 / "480 yuan"."""
    cents = int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    yuan, fen = divmod(cents, 100)
    if language == "en":
        spoken = f"{yuan:,} yuan"
        return spoken + (f" {fen} fen" if fen else "")
    words = str(cn2an.an2cn(str(yuan))) + "元"
    jiao, fen_left = divmod(fen, 10)
    if jiao:
        words += str(cn2an.an2cn(str(jiao))) + "角"
    if fen_left:
        words += ("零" if not jiao else "") + str(cn2an.an2cn(str(fen_left))) + "分"
    return words


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
        return en if language == "en" else zh
    if language == "en":
        return f"{_MONTHS_EN[day.month - 1]} {day.day}"
    return f"{cn2an.an2cn(str(day.month))}月{cn2an.an2cn(str(day.day))}日"


def join_words(parts: Sequence[str], language: str) -> str:
    """Join list items: 甲、乙和丙 / "a, b and c"."""
    items = list(parts)
    if len(items) <= 1:
        return "".join(items)
    if language == "en":
        return ", ".join(items[:-1]) + " and " + items[-1]
    return "、".join(items[:-1]) + "和" + items[-1]


def item_words(
    quantity: int, unit_zh: str, unit_en: str, name_zh: str, name_en: str, language: str
) -> str:
    """Word one order line: 二十箱可口可乐 / "twenty cases of Coca-Cola"."""
    amount = quantity_words(quantity, unit_zh, unit_en, language)
    if language == "en":
        return f"{amount} of {name_en}"
    return f"{amount}{name_zh}"


def months_words(months: int, language: str) -> str:
    """Word a loan term: 十二个月 / "twelve months"."""
    if language == "en":
        return f"{english_number(months)} month" + ("" if months == 1 else "s")
    return f"{chinese_number(months)}个月"


_EN_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth")


def ordinal_words(position: int, language: str) -> str:
    """Word a 1-based position in a list read out: 第二个 / "second"."""
    if language == "en":
        if position <= len(_EN_ORDINAL_WORDS):
            return _EN_ORDINAL_WORDS[position - 1]
        return f"number {english_number(position)}"
    return f"第{cn2an.an2cn(str(position))}个"  # 第二个, never 第两个


def choice_words(position: int, number: str, items: str, language: str) -> str:
    """One order in a list read out: 第一个，745号订单，二十箱可口可乐."""
    if language == "en":
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
    english = language == "en"
    comma, last, colon = (", ", " or ", ": ") if english else ("、", "还是", "：")
    listed = comma.join(parts[:-1]) + last + parts[-1] if len(parts) > 1 else parts[0]
    return f"{shared}{colon}{listed}" if shared else listed
