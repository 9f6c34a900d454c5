"""Numbers in English words or Arabic digits: codes, counts, money and loan terms.

Pure, no Rasa. The text is cut into words and digit groups with their offsets; a run
of number words (joined only by spaces or hyphens) is read as a whole. text2num reads
a run said as one number ("twenty five thousand"); a run it rejects is read digit
group by digit group with alpha2digit ("thirteen fifty seven" → 1357). Their gaps are
handled here: neither knows recogniser homophones (won, for, ate; mapped first, and
only among other digits), "a hundred" (read as "one hundred"), "20 thousand" or
"2 dozen" (multiplied here).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from decimal import Decimal

from text_to_num import alpha2digit, text2num

from bot.components.number_en_words import (
    NOT_AFTER,
    NOT_BEFORE,
    ONES,
    RISKY,
    SCALES,
    Token,
    count_unit,
    follow,
    glued,
    hedge_length,
    is_size_word,
    qualifier_around,
    spell_digits,
    tokens,
)
from bot.components.number_found import (
    AMOUNT,
    DIGITS,
    DOZEN,
    QUANTITY,
    RANGE,
    TERM,
    UNIT,
    Found,
    count_info,
    money_value,
)
from common.vocabulary import (
    EN_CODE_CUES,
    EN_DIGIT_HOMOPHONES,
    EN_DIGIT_PREPOSITIONS,
    EN_DIGITS,
    EN_MONEY_WORDS,
    EN_TERM_MONTHS,
    PICKUP_CODE_DIGITS,
    PIN_DIGITS,
)

PRICE_WORDS = frozenset({"much", "price", "prices", "cost", "costs", "pay"})
"""Words before "for" that make it the preposition: "how much for cases"."""


def _digit_like(token: Token) -> bool:
    if token.kind == "num":
        return token.text.isdigit()
    return (
        token.text in EN_DIGITS
        or token.text in EN_DIGIT_HOMOPHONES
        or (token.text in ("double", "triple"))
    )


def _numberish(words: Sequence[Token], i: int) -> bool:
    token = words[i]
    if token.kind == "num":
        if token.cjk_after and not _ends_spaced_digits(words, i):
            return False
        after = words[i + 1] if i + 1 < len(words) else None
        glued_before = token.glued and i > 0 and words[i - 1].kind == "word"
        return not glued_before and not (after and after.glued and after.kind == "word")
    return token.text in ONES or token.text in SCALES or _digit_like(token)


def _ends_spaced_digits(words: Sequence[Token], i: int) -> bool:
    """Whether ``words[i]`` is the last of digits said apart ("5 0 2 9 3 1 密码")."""
    previous = words[i - 1] if i > 0 else None
    return (
        len(words[i].text) == 1
        and words[i].joined
        and previous is not None
        and previous.kind == "num"
        and len(previous.text) == 1
    )


def _connects(words: Sequence[Token], j: int) -> bool:
    """Whether "and" (a hundred and five) or "or" (five or six) joins two numbers."""
    if j + 1 >= len(words) or not words[j + 1].joined:
        return False
    after = words[j + 1]
    if words[j].text == "and":
        return words[j - 1].text in SCALES and after.text in ONES
    return (
        words[j].text == "or"
        and _numberish(words, j - 1)
        and (after.text in ONES or (after.kind == "num" and not after.cjk_after))
    )


def _run_end(words: Sequence[Token], i: int) -> int:
    """Index after the run of number tokens starting at ``i``."""
    j = i + 1
    while j < len(words) and words[j].joined:
        if _numberish(words, j):
            j += 1
        elif _connects(words, j):
            j += 2
        else:
            break
    return j


def scan_english(text: str) -> list[Found]:
    """Find numbers said in English words or written in digits."""
    words = tokens(text)
    found: list[Found] = []
    i = 0
    while i < len(words):
        if words[i].text in ("a", "an") and _next_is(words, i, SCALES):
            finds, resume = _read_run(text, words, i, _run_end(words, i + 1))
            found.extend(finds)
            i = max(resume, i + 1)
            continue
        if words[i].text in ("a", "an", "half") and i + 1 < len(words):
            opened = follow(text, words, i)
            if opened is not None:
                found.extend(opened[0])
                i = opened[1]
                continue
        if words[i].kind == "num" and i + 1 < len(words) and words[i + 1].glued:
            finds, i = glued(words, i)
            found.extend(finds)
            continue
        if words[i].text in ("many", "per") and (
            asked := count_unit(text, words, i + 1, words[i].end)
        ):
            found.append(asked[0])  # "how many bottles", "per case": a unit, no count
            i = asked[1]
            continue
        if not _numberish(words, i):
            i += 1
            continue
        end = _run_end(words, i)
        finds, resume = _read_run(text, words, i, end)
        found.extend(finds)
        i = max(resume, i + 1)
    return found


def _next_is(words: Sequence[Token], i: int, options: Collection[str]) -> bool:
    nxt = words[i + 1] if i + 1 < len(words) else None
    return nxt is not None and nxt.joined and nxt.text in options


def _trim(text: str, words: Sequence[Token], i: int, end: int) -> tuple[int, int]:
    """Drop prepositions that sound like digits ("code for 3 5 7") from the edges."""
    while i < end and words[i].text in EN_DIGIT_PREPOSITIONS:
        i += 1
    at_text_end = not re.search(r"[\w\u3400-\u9fff]", text[words[end - 1].end :])
    while end > i and (
        words[end - 1].text in ("double", "triple")
        or (words[end - 1].text in EN_DIGIT_PREPOSITIONS and not at_text_end)
    ):
        end -= 1
    return i, end


def _read_run(
    text: str, words: Sequence[Token], i: int, end: int
) -> tuple[list[Found], int]:
    """Read the run ``words[i:end]`` as a code, or one number and what follows it."""
    if _homophone_ends_an_edit(text, words, i, end):  # "change red bull to for"
        count = Decimal(EN_DIGIT_HOMOPHONES[words[end - 1].text])
        return [Found(QUANTITY, words[end - 1].start, words[end - 1].end, int(count),
                      count_info())], end  # fmt: skip
    if _homophone_counts(text, words, i, end):  # "for cases", "change it to ate cases"
        count = Decimal(EN_DIGIT_HOMOPHONES[words[end - 1].text])
        return _counted(text, words, end - 1, end, count, None)
    said_from = i
    i, end = _trim(text, words, i, end)
    run = words[i:end]
    if said_from < i and (code := _code_with_its_preposition(words, said_from, end)):
        return [Found(DIGITS, words[said_from].start, words[end - 1].end, code)], end
    if not run:
        return [], end
    if len(run) == 3 and run[1].text in ("to", "or"):
        return _range(text, words, i, end)
    if len(run) >= 2 and all(_digit_like(token) for token in run):
        near = [*words[max(0, i - 2) : i], *words[end : end + 3]]
        cued = any(w.text in EN_CODE_CUES for w in near)  # "ate six ate six is my pin"
        digits = spell_digits(run, homophones_are_digits=cued)
        if digits is not None:
            return [Found(DIGITS, run[0].start, run[-1].end, digits)], end
    while run and run[0].text in RISKY:
        run, i = run[1:], i + 1
    while run and run[-1].text in RISKY:
        run, end = run[:-1], end - 1
    if not run:
        return [], end
    if not all(_digit_like(token) for token in run) and (
        inner := [n for n, token in enumerate(run) if token.text in RISKY]
    ):
        return _split_at(text, words, i, end, inner)
    if any(token.text in RISKY for token in run):
        return [], end
    if (mixed := _words_then_digits(run)) is not None:
        return [Found(DIGITS, run[0].start, run[-1].end, mixed)], end
    if len(run) >= 2 and all(_digit_like(token) for token in run):
        return [], end  # two digits said one by one: neither a code nor a count
    value = _value(run)
    if isinstance(value, str):
        return [Found(DIGITS, run[0].start, run[-1].end, value)], end
    if value is None:
        return [], end
    return _single(text, words, i, end, value)


def _unit_after(text: str, words: Sequence[Token], end: int) -> bool:
    return count_unit(text, words, end, words[end - 1].end) is not None


def _homophone_counts(text: str, words: Sequence[Token], i: int, end: int) -> bool:
    """Whether the run is homophones only and the last is a count before a unit.

    "get me for cases" and "sprite to cases" are 4 and 2 cases; "how much for cases"
    asks a price.
    """
    if not all(token.text in RISKY for token in words[i:end]):
        return False
    if i > 0 and words[i - 1].text in PRICE_WORDS:
        return False
    return _unit_after(text, words, end)


def _code_with_its_preposition(
    words: Sequence[Token], i: int, end: int
) -> str | None:
    """A code whose first digit sounds like "for" or "to".

    "pickup for two ate one six nine" is 428169: without it, five digits make no code.
    """
    run = words[i:end]
    if not all(_digit_like(token) for token in run):
        return None
    whole = spell_digits(run, homophones_are_digits=True)
    rest = spell_digits(run[1:], homophones_are_digits=True)
    lengths = (PIN_DIGITS, PICKUP_CODE_DIGITS)
    if whole and len(whole) in lengths and (not rest or len(rest) not in lengths):
        return whole
    return None


def _homophone_ends_an_edit(
    text: str, words: Sequence[Token], i: int, end: int
) -> bool:
    """Whether the run ends the message with a homophone said as the new count.

    "change sprite to won", "red bull make it for", "just for": after to, just,
    only or "make it"; "what is it for" is not a count.
    """
    last = words[end - 1]
    if last.text not in RISKY or re.search(r"[\w\u3400-\u9fff]", text[last.end :]):
        return False
    before = [w.text for w in words[max(0, end - 3) : end - 1]]
    if end - 1 > i:
        before = before[-1:]  # the run itself: "to for"
    return before[-1:] in (["to"], ["just"], ["only"]) or before[-2:] == ["make", "it"]


def _split_at(
    text: str, words: Sequence[Token], i: int, end: int, inner: Sequence[int]
) -> tuple[list[Found], int]:
    """Read each side of a homophone between numbers that are not a spelt code.

    In "20,000 for 12 months" and "25 thousand for a year" the homophone is the word
    it spells.
    """
    finds: list[Found] = []
    start = i
    for cut in [i + n for n in inner] + [end]:
        if cut > start:
            finds.extend(_read_run(text, words, start, cut)[0])
        start = cut + 1
    return finds, end


def _words_then_digits(run: Sequence[Token]) -> str | None:
    """A code said partly in words and partly in digits ("thirteen 57", "one 3 5 7").

    Returns:
        The digits when every word group reads as digits and there are three or
        more of them; None otherwise (also for "25 thousand", which is one number,
        and "twenty 4", which is 24).
    """
    if not any(t.kind == "num" for t in run) or all(t.kind == "num" for t in run):
        return None
    if any(t.text in SCALES or (t.kind == "num" and not t.text.isdigit()) for t in run):
        return None
    groups: list[str] = []
    spoken: list[str] = []
    for token in [*run, None]:
        if token is not None and token.kind != "num":
            spoken.append(token.text)
            continue
        if spoken:
            groups.extend(alpha2digit(" ".join(spoken), "en", threshold=0).split())
            spoken = []
        if token is None:
            break
        tens = groups[-1] if groups else ""
        if len(token.text) == 1 and len(tens) == 2 and tens.endswith("0"):
            groups[-1] = tens[0] + token.text  # "twenty 4": 24
        else:
            groups.append(token.text)
    digits = "".join(groups)
    return digits if digits.isdigit() and len(digits) >= 3 else None


def _spelt(word: str) -> str:
    """A word as text2num reads it: "a" is one, "oh" zero ("ninety five oh five")."""
    if word in ("a", "an"):
        return "one"
    return "zero" if EN_DIGIT_HOMOPHONES.get(word) == 0 else word


def _range(
    text: str, words: Sequence[Token], i: int, end: int
) -> tuple[list[Found], int]:
    """A count between two numbers: "two to three cases", "five or six bags"."""
    low, high = _value(words[i : i + 1]), _value(words[end - 1 : end])
    if not isinstance(low, Decimal) or not isinstance(high, Decimal) or high <= low:
        return [], end
    if count_unit(text, words, end, words[end - 1].end) is None:
        return [], end
    return _counted(text, words, i, end, low, RANGE, int(high))


def _value(run: Sequence[Token]) -> Decimal | str | None:
    """One number for the run, or a digit string when it is read group by group."""
    if len(run) == 1:
        token = run[0]
        if token.kind == "num":
            return Decimal(token.text.replace(",", ""))
        if token.text in EN_DIGIT_HOMOPHONES or token.text in ("double", "triple"):
            return None
    if run[0].kind == "num" and len(run) == 2 and run[1].text in SCALES:
        return Decimal(run[0].text.replace(",", "")) * SCALES[run[1].text]
    if len(run) == 2 and run[1].kind == "num" and len(run[1].text) == 1:
        tens = _value(run[:1])  # "twenty 4"
        if isinstance(tens, Decimal) and 20 <= tens <= 90 and tens % 10 == 0:
            return tens + int(run[1].text)
    if any(token.kind == "num" for token in run):
        return None
    phrase = " ".join(_spelt(t.text) for t in run)
    try:
        return Decimal(text2num(phrase, "en"))
    except ValueError:
        groups = alpha2digit(phrase, "en", threshold=0).split()
    if all(group.isdigit() for group in groups) and len("".join(groups)) >= 3:
        return "".join(groups)
    return None


def _single(
    text: str, words: Sequence[Token], i: int, end: int, value: Decimal
) -> tuple[list[Found], int]:
    """One number: a count with its unit, money, a term, a code, or a bare count."""
    run = words[i:end]
    start, stop = run[0].start, run[-1].end
    if end < len(words) and words[end].glued:
        return [], end + 1  # twenty20, one2one: not something said
    nxt = words[end].text if end < len(words) and words[end].joined else ""
    before = words[i - 1].text if i > 0 else ""
    if before in EN_MONEY_WORDS or nxt in EN_MONEY_WORDS:
        resume = end + (nxt in EN_MONEY_WORDS)
        return [Found(AMOUNT, start, stop, money_value(value), count_info())], resume
    if nxt in EN_TERM_MONTHS:
        months = value * EN_TERM_MONTHS[nxt]
        if months == int(months) and 1 <= months <= 120:
            return [Found(TERM, start, words[end].end, int(months))], end + 1
        return [], end + 1
    if is_size_word(nxt):
        return [], end + 1
    qualifier = qualifier_around(words, i, end)
    later = end + hedge_length(words, end)
    halved = [w.text for w in words[end : end + 3]] == ["and", "a", "half"]
    counted = count_unit(text, words, later, words[later - 1].end)
    if counted is not None or nxt in ("dozen", "dozens") or halved:
        return _counted(text, words, i, end, value, qualifier)
    raw = run[0].text if len(run) == 1 else ""
    if "," in raw and value == int(value):
        return [Found(AMOUNT, start, stop, money_value(value), count_info())], end
    if raw.isdigit() and len(raw) >= 3:
        return [Found(DIGITS, start, stop, raw)], end
    if value >= 1000 and not raw and value == int(value):
        info = count_info(qualifier=qualifier)
        return [Found(AMOUNT, start, stop, money_value(value), info)], end
    if raw.startswith("0") or value != int(value) or not 1 <= value <= 999:
        return [], end
    if before in ("order", "number", "#") and value >= 100 and not raw:
        return [Found(DIGITS, start, stop, str(int(value)))], end  # order 206
    if before in NOT_BEFORE or nxt in NOT_AFTER:
        return [], end
    if raw == "one" and re.sub(r"[\W_]+", "", text.lower()) != "one":
        return [], end  # "the second one", "which one": a pronoun
    info = count_info(qualifier=qualifier)
    return [Found(QUANTITY, start, stop, int(value), info)], end


def _counted(
    text: str,
    words: Sequence[Token],
    i: int,
    end: int,
    value: Decimal,
    qualifier: str | None,
    upper: int | None = None,
) -> tuple[list[Found], int]:
    """A count with "dozen", "and a half" and/or a unit after it."""
    start, stop = words[i].start, words[end - 1].end
    end += hedge_length(words, end)  # "twenty or so cases": the count is "twenty"
    dozen = end < len(words) and words[end].text in ("dozen", "dozens")
    finds: list[Found] = []
    if dozen:
        finds.append(Found(UNIT, words[end].start, words[end].end, DOZEN))
        value, end = value * 12, end + 1
    half = [w.text for w in words[end : end + 3]] == ["and", "a", "half"]
    end += 3 * half
    if half and dozen:  # two dozen and a half = 30
        value, half = value + 6, False
    elif half:
        stop = words[end - 1].end  # "one and a half cases": the count says the half
    counted = count_unit(text, words, end, words[end - 1].end)
    unit = None
    if counted is not None:
        unit_find, end = counted
        unit = str(unit_find.value)
        finds.append(unit_find)
    if value != int(value):
        return [], end
    info = count_info(
        unit=unit, qualifier=qualifier, upper=upper, half=half, dozen=dozen
    )
    return [Found(QUANTITY, start, stop, int(value), info), *finds], end
