"""Split mixed Mandarin/English shop talk into words with exact character offsets.

Pure functions, no Rasa: the tokenizer component wraps them. Chinese runs go through a
Jieba tokenizer; Latin words and digit runs are words of their own; whitespace and
punctuation are dropped. Two kinds of Chinese span are fixed before Jieba sees them,
because Jieba joins or splits them unpredictably and entity annotations would misalign:

* a numeral with its measure word (``两箱`` → ``两`` ``箱``, ``十来箱`` →
  ``十来`` ``箱``), so ``quantity`` and ``unit`` each cover whole tokens;
* a run of three or more digit characters read one by one (``三五七二四六``,
  ``幺三五``), which is a pickup code or PIN and stays one token;
* an amount such as ``一万`` or ``两万五``, which Jieba would glue to what follows
  (``一万左右``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from common.vocabulary import COUNT_UNITS, ZH_DIGITS, ZH_DOZEN, zh_words_for

# (word, start, end) as produced by ``jieba.Tokenizer.tokenize``.
Span = tuple[str, int, int]
ChineseSegmenter = Callable[[str], Iterable[Span]]

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Numerals said as a number (几 = "a few"); 洞 is only ever a digit read in a code.
CHINESE_NUMERALS = "".join(c for c in ZH_DIGITS if c not in "幺洞") + "十百千万几"
# Digits read one by one; 两 is a count (两箱), never the start of a code.
DIGIT_READING = "".join(c for c in ZH_DIGITS if c not in "两洞")
# Measure words owners put after a count, and money's 块 and 元; longest first so 公斤
# wins over 斤. Of the weights only 斤 and 公斤: 五千克 would split as 五千 克.
MEASURE_WORDS = tuple(
    sorted(
        {*zh_words_for((*COUNT_UNITS, "jin", "kg")), ZH_DOZEN, "块", "元"} - {"千克"},
        key=lambda word: (-len(word), word),
    )
)

_RUN = re.compile(rf"(?P<cjk>[{CJK}]+)|(?P<latin>[A-Za-z\u00c0-\u024f]+(?:'[A-Za-z]+)?)"
                  r"|(?P<number>\d+(?:\.\d+)?)")  # fmt: skip
_FIXED = re.compile(
    rf"(?P<digits>[{DIGIT_READING}]{{3,}})(?![{CHINESE_NUMERALS}])"
    rf"|(?P<count>[{CHINESE_NUMERALS}]+来?|半)(?P<unit>{'|'.join(MEASURE_WORDS)})"
    rf"|(?P<amount>[{DIGIT_READING}两十几]+[百千万][{CHINESE_NUMERALS}]*)"
)


def protected_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern for product names that contain numerals (``六个核桃``, ``七喜``).

    Inside these the count/unit and amount rules must not split anything.
    """
    numeric = sorted(
        (w for w in words if any(c in CHINESE_NUMERALS + "半" for c in w)),
        key=len,
        reverse=True,
    )
    return re.compile("|".join(map(re.escape, numeric))) if numeric else None


def segment(
    text: str, chinese: ChineseSegmenter, protected: re.Pattern[str] | None = None
) -> list[Span]:
    """Return the words of ``text`` with their offsets, dropping spaces and punctuation.

    Args:
        text: The message as the owner said or typed it.
        chinese: Segments a run of Chinese characters into (word, start, end) spans
            relative to that run.
        protected: Words left whole for ``chinese`` (see :func:`protected_pattern`).

    Returns:
        Words in order; ``text[start:end] == word`` holds for every one.
    """
    spans: list[Span] = []
    for match in _RUN.finditer(text):
        if match.group("cjk") is None:
            spans.append((match.group(), match.start(), match.end()))
        else:
            spans.extend(
                _segment_chinese(match.group(), match.start(), chinese, protected)
            )
    return spans


def _segment_chinese(
    run: str,
    offset: int,
    chinese: ChineseSegmenter,
    protected: re.Pattern[str] | None,
) -> Iterator[Span]:
    keep = [m.span() for m in protected.finditer(run)] if protected else []
    position = 0
    for fixed in _FIXED.finditer(run):
        if any(start < fixed.end() and fixed.start() < end for start, end in keep):
            continue
        yield from _shifted(run[position : fixed.start()], offset + position, chinese)
        if fixed.group("count") is None:  # digits read one by one, or an amount
            yield (fixed.group(), offset + fixed.start(), offset + fixed.end())
        else:
            count_end = fixed.end("count")
            yield (fixed.group("count"), offset + fixed.start(), offset + count_end)
            yield (fixed.group("unit"), offset + count_end, offset + fixed.end())
        position = fixed.end()
    yield from _shifted(run[position:], offset + position, chinese)


def _shifted(piece: str, offset: int, chinese: ChineseSegmenter) -> Iterator[Span]:
    if not piece:
        return
    for word, start, end in chinese(piece):
        if word.strip():
            yield (word, offset + start, offset + end)
