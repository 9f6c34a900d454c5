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

# (word, start, end) as produced by ``jieba.Tokenizer.tokenize``.
Span = tuple[str, int, int]
ChineseSegmenter = Callable[[str], Iterable[Span]]

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CHINESE_NUMERALS = "零〇一二两三四五六七八九十百千万几"
DIGIT_READING = "零〇一二三四五六七八九幺"
# Measure words owners put after a count; longest first so 公斤 wins over 斤.
MEASURE_WORDS = (
    "公斤", "箱", "瓶", "包", "袋", "桶", "盒", "件", "打", "罐", "听", "条", "提",
    "板", "斤", "个", "支", "卷", "扎", "捆", "份", "块", "元", "排", "串",
)  # fmt: skip

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
