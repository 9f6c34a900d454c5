"""Mandarin text normalisation for speech: write every number and symbol as words.

The assistant's sentences mostly arrive worded already (``actions/speech_text.py``),
with the same number and money wording (``common/spoken_numbers.py``),
but prices, sizes, codes, phone numbers, dates and brand names written in Latin
letters still reach the voice. :func:`normalize` turns them into the Chinese a
person would say: ¥1,234.50 → 一千二百三十四元五角, 2箱 → 两箱, 357246 →
三五七二四六, 138****0001 → 幺三八星星星星零零零幺, Pepsi → 百事.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from common.languages import ZH
from common.spoken_numbers import (
    ZH_PHONE_DIGITS,
    ZH_SPOKEN_DIGITS,
    zh_count,
    zh_digits,
    zh_integer,
)
from common.spoken_numbers import (
    money_words as _money_words,
)
from common.vocabulary import ZH_MEASURE_WORDS, ZH_MONEY_WORDS, ZH_TERM_MONTHS

DIGITS = ZH_SPOKEN_DIGITS
PHONE_DIGITS = ZH_PHONE_DIGITS  # 1 is 幺 in phone numbers, as people say it.

# Measure words and units after which a count is read as an amount (两箱, 二十瓶): the
# shop's measure words, money and loan-term words, and counters of days, times, people.
_COUNTERS = ("天", "次", "周", "岁", "位", "家", "单", "笔", "张", "倍", "号")
MEASURE_WORDS = "|".join(
    sorted(
        {*ZH_MEASURE_WORDS, *ZH_MONEY_WORDS, *ZH_TERM_MONTHS, *_COUNTERS},
        key=lambda word: (-len(word), word),
    )
)

# Brands and words owners and the catalog write in Latin letters.
LATIN_WORDS: dict[str, str] = {
    "coca-cola": "可口可乐",
    "coca cola": "可口可乐",
    "coke": "可乐",
    "pepsi": "百事",
    "sprite": "雪碧",
    "fanta": "芬达",
    "mirinda": "美年达",
    "7up": "七喜",
    "7 up": "七喜",
    "red bull": "红牛",
    "nescafe": "雀巢咖啡",
    "budweiser": "百威",
    "oreo": "奥利奥",
    "wahaha": "娃哈哈",
    "tsingtao": "青岛",
    "master kong": "康师傅",
    "nongfu spring": "农夫山泉",
    "lays": "乐事",
    "pin": "密码",
    "ok": "好的",
    "kg": "公斤",
    "ml": "毫升",
    "wechat": "微信",
}

# How the letters of an unknown Latin word are spelt out in Mandarin syllables.
LETTERS: dict[str, str] = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        "诶 比 西 迪 伊 艾福 吉 艾尺 艾 杰 开 艾勒 艾马 恩 欧 皮 酷 艾儿 艾丝 "
        "提 优 维 达不溜 艾克斯 歪 贼德".split(),
        strict=True,
    )
)

_PUNCTUATION = str.maketrans(
    {",": "，", ".": "。", "!": "！", "?": "？", ";": "；", ":": "：", "~": "，"}
)


def integer_words(number: int) -> str:
    """Write a whole number in Chinese: 1234 → 一千二百三十四, 10 → 十."""
    return zh_integer(number)


def count_words(number: int) -> str:
    """A count before a measure word: 2 → 两, 200 → 两百, 12 → 十二."""
    return zh_count(number)


def digit_words(digits: str, phone: bool = False) -> str:
    """Read digits one by one: 357246 → 三五七二四六; '*' is 星."""
    return zh_digits(digits, phone=phone)


def decimal_words(text: str) -> str:
    """Read a decimal number: 1.25 → 一点二五, 8 → 八."""
    whole, _, fraction = text.replace(",", "").partition(".")
    spoken = integer_words(int(whole or "0"))
    return spoken + ("点" + digit_words(fraction) if fraction else "")


def money_words(amount: str) -> str:
    """Word an amount of yuan: 1,234.50 → 一千二百三十四元五角; 0.05 → 五分."""
    return _money_words(Decimal(amount.replace(",", "") or "0"), ZH)


def _sub(pattern: str, replace: Callable[[re.Match[str]], str]) -> Callable[[str], str]:
    compiled = re.compile(pattern, re.IGNORECASE)
    return lambda text: compiled.sub(replace, text)


def _date(match: re.Match[str]) -> str:
    year, month, day = match.group(1), int(match.group(2)), int(match.group(3))
    return f"{digit_words(year)}年{integer_words(month)}月{integer_words(day)}日"


def _time(match: re.Match[str]) -> str:
    hour, minute = int(match.group(1)), int(match.group(2))
    spoken = integer_words(hour) + "点"
    if minute == 30:
        return spoken + "半"
    if minute:
        spoken += ("零" if minute < 10 else "") + integer_words(minute) + "分"
    return spoken


def _latin(match: re.Match[str]) -> str:
    word = match.group(0)
    known = LATIN_WORDS.get(word.lower())
    if known is not None:
        return known
    return "".join(LETTERS.get(c.lower(), "") for c in word)


_LATIN_PATTERN = "|".join(
    re.escape(word) for word in sorted(LATIN_WORDS, key=len, reverse=True)
)

# Order matters: each rule sees what the rules before it left.
_RULES: tuple[Callable[[str], str], ...] = (
    _sub(rf"(?<![A-Za-z])(?:{_LATIN_PATTERN})(?![A-Za-z])", _latin),
    _sub(r"[¥￥]\s*(\d[\d,]*(?:\.\d{1,2})?)", lambda m: money_words(m.group(1))),
    _sub(r"(\d[\d,]*(?:\.\d{1,2})?)\s*(?:元|块钱)", lambda m: money_words(m.group(1))),
    _sub(
        r"(\d[\d,]*(?:\.\d{1,2})?)\s*(?:yuan|rmb|cny)\b",
        lambda m: money_words(m.group(1)),
    ),
    _sub(r"(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})[日号]?", _date),
    _sub(r"(\d{4})年", lambda m: digit_words(m.group(1)) + "年"),
    _sub(r"(?<!\d)(\d{1,2}):(\d{2})(?!\d)", _time),
    _sub(
        r"(?:\+?86[\s-]?)?(?<!\d)(1\d{2}[\d*]{4}\d{4})(?!\d)",
        lambda m: digit_words(m.group(1), phone=True),
    ),
    _sub(r"(\d+(?:\.\d+)?)\s*%", lambda m: "百分之" + decimal_words(m.group(1))),
    _sub(
        rf"(?<![\d.])(\d{{1,3}}(?:,\d{{3}})*|\d+)\s*(?={MEASURE_WORDS})",
        lambda m: count_words(int(m.group(1).replace(",", ""))),
    ),
    _sub(r"(?<![\d.])(\d{4,})(?![\d.])", lambda m: digit_words(m.group(1))),
    _sub(r"(\d+\.\d+)", lambda m: decimal_words(m.group(1))),
    _sub(r"(\d+)", lambda m: integer_words(int(m.group(1)))),
    _sub(r"[A-Za-z]+", _latin),
)


def normalize(text: str) -> str:
    """Return ``text`` with numbers, symbols and Latin words written as Chinese."""
    for rule in _RULES:
        text = rule(text)
    text = text.translate(_PUNCTUATION)
    text = re.sub(r"[\s*#@&_/\\|<>\[\]{}()（）【】“”\"'‘’-]+", "", text)
    return text
