"""Numbers and money in words, the way the assistant says them (pure).

One definition for every service: the action server words its replies with these,
the backend words loan reasons, and the voice gateway normalises text for speech and
biases recognition with them. English numbers come from ``num2words``, Chinese
numerals from ``cn2an``; this module only adds the shop's conventions (两 before a
measure word, 元/角/分, "1,234 yuan 50 fen").

A new way of saying money is a change to :func:`money_words` alone.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import cn2an
from num2words import num2words

from common.languages import is_english

ZH_SPOKEN_DIGITS = "零一二三四五六七八九"
"""How a digit is written when said on its own (三五七二四六)."""
ZH_PHONE_DIGITS = "零幺二三四五六七八九"
"""Digits of a phone number: 1 is 幺, as people say it."""
ZH_NUMBER_WORDS = ("零", "一", "二", "两", "三", "四", "五", "六", "七", "八", "九",
                   "十", "百", "千", "万")  # fmt: skip
"""Every character a Chinese number is said with (recognition hints)."""


def en_integer(number: int) -> str:
    """A whole number in English words: 120 → "one hundred and twenty"."""
    return str(num2words(number)).replace(",", "")


def zh_integer(number: int) -> str:
    """A whole number in Chinese numerals: 1234 → 一千二百三十四, 10 → 十."""
    return str(cn2an.an2cn(str(number)))


def zh_count(number: int) -> str:
    """A count before a measure word: 2 → 两, 200 → 两百, 12 → 十二."""
    if number == 2:
        return "两"
    words = zh_integer(number)
    # 两百/两千/两万 read more naturally than 二百 before a measure word.
    if words[:2] in ("二百", "二千", "二万"):
        words = "两" + words[1:]
    return words


def zh_digits(digits: str, *, phone: bool = False, separator: str = "") -> str:
    """Read digits one by one: 357246 → 三五七二四六; anything else ('*') is 星."""
    table = ZH_PHONE_DIGITS if phone else ZH_SPOKEN_DIGITS
    said = [table[int(c)] if c.isdigit() else "星" for c in digits if c != " "]
    return separator.join(said)


def en_counting_numbers(last: int = 99) -> list[str]:
    """English numbers 1..last as a recogniser hears them ("twenty one")."""
    return [en_integer(n).replace("-", " ") for n in range(1, last + 1)]


def money_words(amount: Decimal, language: str) -> str:
    """Word an amount of yuan: 四百八十元 / 三十二元五角 / "1,234 yuan 50 fen"."""
    cents = int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    yuan, fen = divmod(cents, 100)
    if is_english(language):
        spoken = f"{yuan:,} yuan"
        return spoken + (f" {fen} fen" if fen else "")
    jiao, fen = divmod(fen, 10)
    words = _leading_liang(zh_integer(yuan)) + "元" if yuan or not (jiao or fen) else ""
    if jiao:
        words += ZH_SPOKEN_DIGITS[jiao] + "角"
    if fen:
        words += ("零" if yuan and not jiao else "") + ZH_SPOKEN_DIGITS[fen] + "分"
    return words


def _leading_liang(words: str) -> str:
    """Money is said 两万元, 两千元, 两元, not 二万元: a leading 2 of it is 两."""
    if words == "二" or (words[:1] == "二" and words[1:2] in ("千", "万", "亿")):
        return "两" + words[1:]
    return words


def whole_yuan_words(fen: int, language: str) -> str:
    """An amount in fen rounded to whole yuan: 5000000 → 五万元 / "50,000 yuan"."""
    return money_words(Decimal(round(fen / 100)), language)
