"""Do the owner's words so far plainly go on? Judged from the recogniser's text.

Smart Turn judges a pause by the voice's melody, and on Mandarin it hears most
mid-sentence stops (我想订…, 再来二十…) as ends. The words tell them apart: a turn
that stops on 是, 的, 和, a verb still waiting for its object, a number still waiting
for its unit, half a pickup code, or a filler (那个…, "and", "the") is not over,
whatever the melody says.

Only the words' last few characters are read, and only positive signs of more to
come count: anything else (a product, a particle, a short answer such as 要 or 五箱)
is "finished", and so is text in a script the rules do not know (the recogniser's
words are then no evidence either way: the caller falls back on Smart Turn alone).
"""

from __future__ import annotations

import re
from enum import Enum

from common.vocabulary import EN_DIGITS, PICKUP_CODE_DIGITS, ZH_DIGITS, ZH_MAGNITUDES

_ZH_NUMERAL = "".join(ZH_DIGITS) + "".join(ZH_MAGNITUDES) + "0-9"
_CODE_LENGTH = PICKUP_CODE_DIGITS  # a PIN is asked for, so its end is known
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")

# Words that always lead somewhere: a filler, a conjunction, a preposition, 是.
_ZH_LEADING = re.compile(
    r"(?:那个|这个|就是|呃|额|然后|还有|以及|或者|还是|而且|另外|加上|和|跟|与|再"
    r"|把|给|让|被|从|往|向|比如|如果|要是|因为|所以|但是|可是|不过|是)$"
)
# A verb still waiting for its object; not when it is the whole answer (要, 来, 订).
_ZH_VERB = re.compile(
    r"(?:想订|想要|要订|订|要|想|来|整|借|买|拿|送|换成|改成|变成|帮我|给我|查查|取)$"
)
# A question is asked with its last verb: 什么时候送, 能借多少, 要不要.
_ZH_QUESTION = re.compile(r"什么|啥|多少|几|吗|呢|哪|怎么|咋|谁|没有|不要|要不|能不能")
# An ordering verb then a number and no unit yet: 再来二十…, 我要五….
_ZH_COUNT = re.compile(rf"(?:来|订|要|整|拿|买|送|加|改成|换成)[{_ZH_NUMERAL}]+$")
# Half a code: 取件码是三五七…, 密码二四…
_ZH_CODE = re.compile(rf"码(?:是)?[{_ZH_NUMERAL}]{{1,{_CODE_LENGTH - 1}}}$")
# 我的…, 康师傅的… (but 是我的 is a whole answer).
_ZH_OF = re.compile(r"的$")

_EN_LEADING = {
    "and", "or", "but", "so", "because", "then", "also", "plus", "the", "a", "an",
    "of", "to", "for", "with", "from", "my", "your", "our", "some", "is", "are",
    "was", "um", "uh", "er", "erm", "like", "about", "if", "at", "in", "on",
}  # fmt: skip
_EN_VERBS = {"want", "need", "order", "get", "borrow", "buy", "send", "change", "make"}
_EN_TENS = {"ten", "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred"}


class Words(Enum):
    """What the words so far say about the turn."""

    UNFINISHED = "unfinished"  # Plainly more to come.
    FINISHED = "finished"  # Nothing says more is coming.
    UNKNOWN = "unknown"  # No words yet, or a script the rules do not read.


def judge_words(text: str) -> Words:
    """Judge the recogniser's words so far (a partial or a final transcript)."""
    text = text.strip()
    if not text:
        return Words.UNKNOWN
    if _CJK.search(text):
        return _judge_mandarin(re.sub(r"[\s,，。、！？!?.…]+", "", text))
    if _LATIN.search(text):
        return _judge_english(text.lower())
    return Words.UNKNOWN


def _judge_mandarin(text: str) -> Words:
    if _ZH_LEADING.search(text) or _ZH_CODE.search(text) or _ZH_COUNT.search(text):
        return Words.UNFINISHED
    verb = _ZH_VERB.search(text)
    if verb and verb.start() > 0 and not _ZH_QUESTION.search(text):
        return Words.UNFINISHED
    if _ZH_OF.search(text) and "是" not in text and len(text) > 2:
        return Words.UNFINISHED
    return Words.FINISHED


def _judge_english(text: str) -> Words:
    words = re.findall(r"[a-z0-9']+", text)
    if not words:
        return Words.UNKNOWN
    last = words[-1]
    if last in _EN_LEADING or _half_a_code(words):
        return Words.UNFINISHED
    if last in _EN_VERBS and len(words) > 1:
        return Words.UNFINISHED
    if _is_number(last) and len(words) > 1 and words[-2] in _EN_VERBS:
        return Words.UNFINISHED
    return Words.FINISHED


def _is_number(word: str) -> bool:
    return word.isdigit() or word in EN_DIGITS or word in _EN_TENS


def _half_a_code(words: list[str]) -> bool:
    """Fewer digits after "code" than a pickup code has: "the code is 3 5 7"."""
    if "code" not in words:
        return False
    after = words[len(words) - words[::-1].index("code") :]
    digits = "".join(w if w.isdigit() else str(EN_DIGITS.get(w, "")) for w in after)
    told = [w for w in after if w != "is"]
    return 0 < len(digits) < _CODE_LENGTH and len(told) == len(
        [w for w in told if w.isdigit() or w in EN_DIGITS]
    )
