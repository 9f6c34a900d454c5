"""Numbers said or written in Chinese: codes, counts with measure words, money, terms.

Pure, no Rasa. Works on :class:`~bot.components.number_found.Compacted` text (the
recogniser's spaces inside Chinese removed). Arabic digits are handled here only when
Chinese follows them (``20箱``, ``5万块``, ``745号``); everything else with Arabic
digits is the English scanner's.

Numerals themselves are read by :mod:`bot.components.number_zh_numerals` (cn2an, with
its gaps handled there); this module decides what a numeral counts from the words
around it.
"""

from __future__ import annotations

import re
from decimal import Decimal

from bot.components.number_found import (
    ABOUT,
    AMOUNT,
    CJK,
    DIGITS,
    DOZEN,
    MORE_THAN,
    QUANTITY,
    RANGE,
    TERM,
    UNIT,
    Found,
    count_info,
    money_value,
)
from bot.components.number_zh_numerals import read_range, zh_number
from common.vocabulary import (
    EN_MEASURE_WORDS,
    UNITS,
    ZH_DIGITS,
    ZH_DOZEN,
    ZH_MAGNITUDES,
    ZH_MEASURE_WORDS,
    ZH_MONEY_WORDS,
    ZH_TERM_MONTHS,
    zh_digit_string,
)

_READINGS = "".join(ZH_DIGITS)
_NUMERAL = _READINGS + "".join(ZH_MAGNITUDES)
_CORE = re.compile(
    r"(?<![A-Za-z0-9.,])(?P<ascii>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
    r"(?P<mag>[万千])?"
    rf"|(?P<zh>[{_NUMERAL}]+(?:点[{_READINGS}]+[万千]?)?)"
    r"|(?P<half>半)"
)
_COUNT_WORDS = sorted(
    (w for w, unit in ZH_MEASURE_WORDS.items() if UNITS[unit].kind == "count"),
    key=len,
    reverse=True,
)
_SIZE_WORDS = sorted(
    (w for w, unit in ZH_MEASURE_WORDS.items() if UNITS[unit].kind != "count"),
    key=len,
    reverse=True,
)
_TERM = re.compile(r"(?P<word>个多月|个半月|个月|年|期)(?P<half>半)?")
_UNIT = re.compile(rf"(?P<word>{'|'.join(_COUNT_WORDS)})(?P<half>半)?")
_SIZE = re.compile("|".join(_SIZE_WORDS))
_ASKED_UNIT = re.compile(rf"(?:几|多少)(?P<word>{'|'.join(_COUNT_WORDS)})(?!月)")
_TIME = re.compile("个多?(?:礼拜|星期|小时|钟头|工作日)")
# 两块五 and 三块二毛: a digit after 块 is tenths, unless a count or a term follows
# (两块 五箱, 三万块钱 一年还完).
_MONEY = re.compile(
    rf"(?:{'|'.join(ZH_MONEY_WORDS)})"
    rf"(?:(?P<tenths>[{_READINGS}])(?:[毛角]钱?)?"
    rf"(?![{_NUMERAL}]|{'|'.join(_COUNT_WORDS)}|个|年|期|月))?"
)
_LATIN_UNIT = re.compile(r"\s*(?P<word>[A-Za-z]+)")
_PREFIX_ABOUT = ("大概", "大约", "差不多", "估计", "约")
_PREFIX_MORE = ("至少", "超过")
_SUFFIX = re.compile(r"(?P<about>左右|上下)|以上")
# Characters that may stand next to a count said without a measure word ("改成十吧",
# "一共二十"); any other Chinese neighbour makes it part of a word (一下, 看一看).
_BARE_BEFORE = frozenset("要来订买进补拿成是就再加剩给共到为各")
_BARE_AFTER = frozenset("吧啊呢了呀吗嘛哈就好行够么")
_NOT_COUNT_AFTER = frozenset("点号天日岁次分秒周")
_CJK_CHAR = re.compile(f"[{CJK}]")
_NOT_GOODS = re.compile("个(?:快递|包裹|件|人|订单|单|问题|事)")


def _is_count_word(word: str) -> bool:
    unit = EN_MEASURE_WORDS.get(word.lower())
    return unit is not None and UNITS[unit].kind == "count"


def _bare_allowed(text: str, start: int, end: int, core: str) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if after in _NOT_COUNT_AFTER:
        return False
    before_ok = not _CJK_CHAR.match(before) or before in _BARE_BEFORE
    after_ok = not _CJK_CHAR.match(after) or after in _BARE_AFTER
    if core == "一":  # "a/one" inside a phrase: only a lone 一 is a count
        before_ok = before_ok and not _CJK_CHAR.match(before)
        after_ok = after_ok and not _CJK_CHAR.match(after)
    return before_ok and after_ok


def _suffix_end(text: str, match: re.Match[str]) -> int:
    """Where a numeral ends, 来/多/几 after a round number included (二十来, 三万多)."""
    end = match.end()
    round_number = match["ascii"] or match.group()[-1] in "十百千万"
    if round_number and text.startswith(("多", "来", "几"), end):
        return end + 1
    return end


def _qualifier(text: str, start: int, end: int, tail: int) -> str | None:
    if tail > end:
        return ABOUT if text[end] == "来" else MORE_THAN
    if text.endswith(_PREFIX_MORE, 0, start):
        return MORE_THAN
    if text.endswith(_PREFIX_ABOUT, 0, start):
        return ABOUT
    return None


def _hedge(text: str, at: int) -> str | None:
    """The qualifier of 左右/上下 (about) or 以上 (more than) at ``at``, if any."""
    suffix = _SUFFIX.match(text, at)
    if suffix is None:
        return None
    return ABOUT if suffix["about"] else MORE_THAN


def scan_chinese(text: str) -> list[Found]:
    """Find numbers in compacted ``text``; offsets are into ``text`` itself.

    Protected words (一下, 百事, 六个核桃) are expected masked out of ``text`` with
    NUL characters of the same length.
    """
    found: list[Found] = []
    position = 0
    while True:
        match = _CORE.search(text, position)
        if match is None:
            break
        finds, position = _read(text, match)
        found.extend(finds)
    for asked in _ASKED_UNIT.finditer(text):  # 一箱几瓶, 多少包: a unit, no count
        if not _TIME.match(text, asked.start("word")):
            word = asked["word"]
            found.append(Found(UNIT, *asked.span("word"), ZH_MEASURE_WORDS[word]))
    return sorted(found, key=lambda f: f.start)


def _read(text: str, match: re.Match[str]) -> tuple[list[Found], int]:
    """Read one numeral and what follows it; return the finds and where to go on."""
    start, end = match.span()
    core = match.group()
    before = text[start - 1] if start else ""
    if text.endswith(("第", "几", "星期", "礼拜", "周"), 0, start):
        return [], end  # 第二个, 几十, 星期三: ordinals and days, not counts
    if core == "一" and before and before in "这那哪每上下后":
        return [], end  # 这一箱, 上一个, 最后一个: which one, not how many
    if core == "一" and _NOT_GOODS.match(text, end):
        return [], end  # 一个快递, 一个人: one of something the shop does not order
    if match["ascii"] and not match["mag"] and not _CJK_CHAR.match(text[end : end + 1]):
        return [], end  # Arabic digits before Latin or nothing: the English scanner
    if match["zh"] and (digits := zh_digit_string(core)) and len(core) >= 3:
        return [Found(DIGITS, start, end, digits)], end
    bounds = read_range(core) if match["zh"] else None
    if bounds is not None:
        value: Decimal | None = Decimal(bounds[0])
    elif match["half"]:
        value = Decimal(0)
    elif match["ascii"]:
        value = Decimal((core[:-1] if match["mag"] else core).replace(",", ""))
        value *= {"万": 10_000, "千": 1000}.get(match["mag"] or "", 1)
    else:
        value = zh_number(core)
    if value is None:  # 五万十二 (五万 十二个月 without its space) reads as no number
        term = _TERM.match(text, end)
        return (_amount_then_term(text, match, term) if term else []), end
    return _after(text, match, value, bounds)


def _after(
    text: str, match: re.Match[str], value: Decimal, bounds: tuple[int, int] | None
) -> tuple[list[Found], int]:
    """Decide what a read numeral is from the words after it."""
    start, end = match.span()
    core, half = match.group(), bool(match["half"])
    tail = _suffix_end(text, match)
    qualifier = RANGE if bounds else _qualifier(text, start, end, tail)
    upper = bounds[1] if bounds else None
    if text.startswith("几", end) and not core.endswith("十"):
        return [], end + 1
    if (term := _TERM.match(text, tail)) and term["word"] == "个半月":
        return [], term.end()  # one and a half months: no whole term
    if term:
        months = value * ZH_TERM_MONTHS[term["word"]] + (6 if term["half"] else 0)
        if half:
            months = Decimal(ZH_TERM_MONTHS[term["word"]]) / 2
        if months == int(months) and 1 <= months <= 120 and not bounds:
            return [Found(TERM, start, term.end(), int(months))], term.end()
        return _amount_then_term(text, match, term), term.end()
    if text.startswith(ZH_DOZEN, tail):
        dozens = (value + Decimal("0.5") * half) * 12
        info = count_info(qualifier=qualifier, upper=upper and upper * 12, dozen=True)
        dozen = Found(UNIT, tail, tail + 1, DOZEN)
        return [Found(QUANTITY, start, tail, int(dozens), info), dozen], tail + 1
    if spell := _TIME.match(text, tail):
        return [], spell.end()  # 一个礼拜, 两个小时: a time, not stock
    if size := _SIZE.match(text, tail):
        return [], size.end()  # 五公斤, 330毫升: a product's size, not a count
    if unit := _UNIT.match(text, tail):
        return _count(text, match, value, bounds, unit.span("word"), bool(unit["half"]))
    if money := _MONEY.match(text, tail):
        return _money(text, match, value, qualifier, money)
    if text.startswith("号", tail):  # 745号: an order number; 十五号 is a date
        if value >= 100 and value == int(value) and not qualifier:
            digits = core if match["ascii"] else str(int(value))
            return [Found(DIGITS, start, end, digits)], tail + 1
        return [], tail + 1
    if re.search("[万亿]", core) or (value >= 1000 and "千" in core):
        qualifier = qualifier or _hedge(text, tail)
        info = count_info(qualifier=qualifier)
        return [Found(AMOUNT, start, tail, money_value(value), info)], tail
    latin = _LATIN_UNIT.match(text, tail)
    if latin and _is_count_word(latin["word"]):  # 二十 cases
        return _count(text, match, value, bounds, latin.span("word"), False)
    return _bare(text, match, value, qualifier, tail), tail


def _amount_then_term(
    text: str, match: re.Match[str], term: re.Match[str]
) -> list[Found]:
    """An amount and a term run together once spaces are gone (五万 十二个月).

    一 after the amount before 个月 is "per month" (借三万一个月还多少): no term.
    """
    core, start = match.group(), match.start()
    cut = max(core.rfind("万"), core.rfind("千")) + 1
    if not match["zh"] or cut == 0 or cut == len(core) or term["half"]:
        return []
    amount, rest = zh_number(core[:cut]), zh_number(core[cut:])
    if amount is None or rest is None:
        return []
    finds = [Found(AMOUNT, start, start + cut, money_value(amount), count_info())]
    months = rest * ZH_TERM_MONTHS[term["word"]]
    per_month = core[cut:] == "一" and term["word"] == "个月"
    if months == int(months) and 1 <= months <= 120 and not per_month:
        finds.append(Found(TERM, start + cut, term.end(), int(months)))
    return finds


def _count(
    text: str,
    match: re.Match[str],
    value: Decimal,
    bounds: tuple[int, int] | None,
    unit_span: tuple[int, int],
    half_after: bool,
) -> tuple[list[Found], int]:
    """A count with its measure word: 二十箱, 两三箱, 半箱, 一箱半, 二十箱左右."""
    start, end = match.span()
    unit_start, unit_end = unit_span
    word = text[unit_start:unit_end]
    unit = ZH_MEASURE_WORDS.get(word) or EN_MEASURE_WORDS[word.lower()]
    resume = unit_end + half_after
    tail = _suffix_end(text, match)
    qualifier = RANGE if bounds else _qualifier(text, start, end, tail)
    if qualifier is None and (suffix := _SUFFIX.match(text, resume)):
        qualifier, resume = _hedge(text, resume), suffix.end()
    if value != int(value):
        return [], resume
    info = count_info(
        unit=unit,
        qualifier=qualifier,
        upper=bounds[1] if bounds else None,
        half=bool(match["half"]) or half_after,
    )
    return [
        Found(QUANTITY, start, tail, int(value), info),
        Found(UNIT, unit_start, unit_end, unit),
    ], resume


def _money(
    text: str,
    match: re.Match[str],
    value: Decimal,
    qualifier: str | None,
    money: re.Match[str],
) -> tuple[list[Found], int]:
    """An amount of yuan: 五万块, 三千元, 两块五 (2.5; the span then covers 块五)."""
    start, tail = match.start(), _suffix_end(text, match)
    if money["tenths"]:
        value += Decimal(ZH_DIGITS[money["tenths"]]) / 10
        tail = money.end()
    info = count_info(qualifier=qualifier)
    return [Found(AMOUNT, start, tail, money_value(value), info)], money.end()


def _bare(
    text: str, match: re.Match[str], value: Decimal, qualifier: str | None, tail: int
) -> list[Found]:
    """A count said without a measure word ("改成十吧", "二十来"), if it is one."""
    start = match.start()
    if match["ascii"]:
        return _arabic(match, value)
    if match["half"] or qualifier == RANGE:
        return []
    if value != int(value) or not 1 <= value <= 999:
        return []
    if not _bare_allowed(text, start, tail, match.group()):
        return []
    qualifier = qualifier or _hedge(text, tail)
    return [Found(QUANTITY, start, tail, int(value), count_info(qualifier=qualifier))]


def _arabic(match: re.Match[str], value: Decimal) -> list[Found]:
    """Arabic digits before Chinese that says nothing about them (8026 对吧, 5681哈)."""
    start, end, core = match.start(), match.end(), match.group()
    if "," in core and value == int(value):
        return [Found(AMOUNT, start, end, money_value(value), count_info())]
    if core.isdigit() and len(core) >= 3:
        return [Found(DIGITS, start, end, core)]
    if core.isdigit() and not core.startswith("0") and 1 <= value <= 99:
        return [Found(QUANTITY, start, end, int(value), count_info())]
    return []
