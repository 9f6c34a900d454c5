"""English words around numbers: tokens, units after a count, and "a", "an", "half".

Pure helpers of :mod:`bot.components.number_en`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from bot.components.number_found import (
    ABOUT,
    AMOUNT,
    CJK,
    MORE_THAN,
    QUANTITY,
    TERM,
    UNIT,
    Found,
    count_info,
    money_value,
)
from common.vocabulary import (
    EN_DIGIT_HOMOPHONES,
    EN_DIGITS,
    EN_DOZEN,
    EN_MEASURE_WORDS,
    EN_NUMBER_MISSPELLINGS,
    EN_TERM_MONTHS,
    UNITS,
    ZH_MEASURE_WORDS,
)

ONES = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty "
    "sixty seventy eighty ninety".split()
)
"""Number words below a hundred that text2num reads (besides scales)."""

SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

NOT_BEFORE = frozenset("at by number no page top since until till before after".split())
"""A bare number after these is a time or a label, not a count ("at five")."""

NOT_AFTER = frozenset(
    "minute minutes hour hours day days week weeks oclock o'clock am pm percent "
    "times degrees people persons digit digits letters characters up".split()
)
"""A bare number before these counts something other than stock ("five minutes",
"four digit pin") or is part of a name ("7 Up")."""

RISKY = frozenset(EN_DIGIT_HOMOPHONES) - {"oh", "o", "nought", "naught", "nil"}
"""Homophones that are ordinary words too often to be digits alone (won, for, ate)."""

_TOKEN = re.compile(
    r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<word>[A-Za-z]+(?:['’][A-Za-z]+)?)|(?P<sym>[¥￥])"
)
_CJK_AFTER = re.compile(rf"\s*[{CJK}]")
_ZH_COUNT_WORD = re.compile(
    r"\s*(?P<word>"
    + "|".join(
        sorted(
            (w for w, u in ZH_MEASURE_WORDS.items() if UNITS[u].kind == "count"),
            key=len,
            reverse=True,
        )
    )
    + ")"
)


@dataclass(frozen=True)
class Token:
    """A word or digit group with its offsets.

    Attributes:
        text: Lower-cased text.
        start: Offset of the first character.
        end: Offset after the last character.
        kind: ``num``, ``word`` or ``sym``.
        joined: Only spaces or hyphens separate it from the previous token.
        glued: Nothing separates it from the previous token (``330ml``, ``7up``).
        cjk_after: Chinese follows, after spaces at most (``20 箱``, ``745号``): digits
            before Chinese are the Chinese scanner's.
    """

    text: str
    start: int
    end: int
    kind: str
    joined: bool
    glued: bool
    cjk_after: bool


def tokens(text: str) -> list[Token]:
    """Cut ``text`` into words and digit groups (Chinese characters are skipped)."""
    out: list[Token] = []
    previous_end = -1
    for match in _TOKEN.finditer(text):
        gap = text[previous_end : match.start()] if previous_end >= 0 else "."
        joined = gap.strip(" \t-") == ""
        kind = str(match.lastgroup)
        cjk_after = _CJK_AFTER.match(text, match.end()) is not None
        word = match.group().lower()
        word = EN_NUMBER_MISSPELLINGS.get(word, word)
        out.append(Token(word, *match.span(), kind, joined, gap == "", cjk_after))
        previous_end = match.end()
    return out


def is_size_word(word: str) -> bool:
    """Whether ``word`` is a weight or volume (a product's size, not a count)."""
    unit = EN_MEASURE_WORDS.get(word)
    return word in ("l", "g") or (unit is not None and UNITS[unit].kind != "count")


def count_unit(
    text: str, words: Sequence[Token], index: int, after: int
) -> tuple[Found, int] | None:
    """The ordering unit right after a count: "20 cases", "twenty 箱".

    Args:
        text: The original text.
        words: Its tokens.
        index: Index of the token after the count.
        after: Offset where the count ends.

    Returns:
        The unit find and the index of the token after it, or None.
    """
    if index + 1 < len(words) and words[index].text == "more" and words[index].joined:
        index += 1  # "two more cases"
    if index < len(words) and words[index].joined:
        word = words[index]
        unit = EN_MEASURE_WORDS.get(word.text)
        if unit is not None and UNITS[unit].kind == "count":
            return Found(UNIT, word.start, word.end, unit), index + 1
    match = _ZH_COUNT_WORD.match(text, after)
    if match:
        unit = ZH_MEASURE_WORDS[match["word"]]
        return Found(UNIT, *match.span("word"), unit), index
    return None


def follow(text: str, words: Sequence[Token], i: int) -> tuple[list[Found], int] | None:
    """Read "a case", "a dozen", "a year", "a couple of bags", "half a case".

    Args:
        text: The original text.
        words: Its tokens; ``words[i]`` is "a", "an" or "half".
        i: Index of that word.

    Returns:
        The finds and the index to go on from, or None when nothing is counted.
    """
    first = words[i]
    half = first.text == "half"
    j = i + 1
    if half and j < len(words) and words[j].text in ("a", "an") and words[j].joined:
        j += 1
    if j >= len(words) or not words[j].joined:
        return None
    word = words[j]
    if word.text in EN_DOZEN[:1]:
        value = 6 if half else 12
        finds, end = _with_unit(text, words, j + 1, word.end)
        info = count_info(unit=_unit_of(finds), dozen=True)
        return [Found(QUANTITY, first.start, word.end, value, info), *finds], end
    if word.text in EN_TERM_MONTHS:
        months = EN_TERM_MONTHS[word.text] // (2 if half else 1)
        if half and EN_TERM_MONTHS[word.text] == 1:
            return [], j + 1
        return [Found(TERM, first.start, word.end, months)], j + 1
    if word.text == "couple" and not half:
        k = j + 1 + (j + 1 < len(words) and words[j + 1].text == "of")
        finds, end = _with_unit(text, words, k, word.end)
        info = count_info(unit=_unit_of(finds), qualifier=ABOUT)
        return [Found(QUANTITY, first.start, word.end, 2, info), *finds], end
    counted = count_unit(text, words, j, first.end)
    if counted is None or counted[1] == j:
        return None
    unit_find, end = counted
    info = count_info(unit=str(unit_find.value), half=half)
    return [
        Found(QUANTITY, first.start, first.end, 0 if half else 1, info),
        unit_find,
    ], end


def _with_unit(
    text: str, words: Sequence[Token], index: int, after: int
) -> tuple[list[Found], int]:
    counted = count_unit(text, words, index, after)
    if counted is None:
        return [], index
    return [counted[0]], counted[1]


def _unit_of(finds: Sequence[Found]) -> str | None:
    return str(finds[0].value) if finds else None


def glued(words: Sequence[Token], i: int) -> tuple[list[Found], int]:
    """Digits glued to letters: ``50k`` is money, ``20ish`` a rough count, else none."""
    number, suffix = words[i], words[i + 1]
    if suffix.text == "k" and number.text.replace(",", "").isdigit():
        value = Decimal(number.text.replace(",", "")) * 1000
        info = count_info()
        return [
            Found(AMOUNT, number.start, suffix.end, money_value(value), info)
        ], i + 2
    if suffix.text == "ish" and number.text.isdigit() and 1 <= int(number.text) <= 999:
        info = count_info(qualifier=ABOUT)
        return [
            Found(QUANTITY, number.start, suffix.end, int(number.text), info)
        ], i + 2
    return [], i + 2  # 330ml, 7up, 20th: not a count


def hedge_length(words: Sequence[Token], end: int) -> int:
    """How many words after a number only hedge it ("or so", "ish", "odd", "plus")."""
    after = [w.text for w in words[end : end + 2]]
    if after == ["or", "so"]:
        return 2
    return 1 if after[:1] in (["ish"], ["odd"], ["plus"]) else 0


def qualifier_around(words: Sequence[Token], i: int, end: int) -> str | None:
    """How a number at ``words[i:end]`` is hedged: about, more_than or None."""
    before = [w.text for w in words[max(0, i - 2) : i]]
    after = [w.text for w in words[end : end + 2]]
    if before[-1:] in (["about"], ["around"], ["roughly"], ["approximately"]):
        return ABOUT
    if before[-1:] in (["approx"], ["maybe"], ["some"]):
        return ABOUT
    if before[-2:] in (["more", "than"], ["at", "least"]) or before[-1:] == ["over"]:
        return MORE_THAN
    if after == ["or", "so"] or after[:1] in (["ish"], ["odd"]):
        return ABOUT
    if after[:1] == ["plus"]:
        return MORE_THAN
    return None


def spell_digits(
    run: Sequence[Token], homophones_are_digits: bool = False
) -> str | None:
    """Digits said one by one: "won three five seven", "3 0 2", "double five".

    Args:
        run: The words, each a digit, a digit homophone, double or triple.
        homophones_are_digits: A code was just named ("order number seven for
            five"): won, for and ate count as real digits.

    Returns:
        The digits, or None for fewer than three, or for fewer than three real digits
        among homophones ("one for three").
    """
    out: list[str] = []
    repeat = 1
    real = 0
    for token in run:
        if token.text in ("double", "triple"):
            repeat = 2 if token.text == "double" else 3
            continue
        if token.kind == "num":
            digit, real = token.text, real + 1
        elif token.text in EN_DIGITS:
            digit, real = str(EN_DIGITS[token.text]), real + 1
        else:
            digit = str(EN_DIGIT_HOMOPHONES[token.text])
            real += homophones_are_digits or token.text not in RISKY
        out.append(digit * repeat)
        repeat = 1
    digits = "".join(out)
    homophones = any(token.text in RISKY for token in run)
    if len(digits) < 3 or (homophones and real < 3):
        return None
    return digits
