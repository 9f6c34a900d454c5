"""Text normalisation shared by catalog keys and spoken queries.

Everything here is pure and cheap: the index runs it once per catalog key at build time
and once per query. Keys and queries go through the same :func:`fold` so that widths,
cases, numerals and units compare equal however they were typed or recognised.
"""

from __future__ import annotations

import re
import unicodedata

import cn2an
from pypinyin import Style, lazy_pinyin
from text_to_num import alpha2digit

from common.vocabulary import (
    COUNT_UNITS,
    EN_DOZEN,
    ZH_DOZEN,
    en_words_for,
    zh_words_for,
)

_HAN = re.compile(r"[\u3400-\u9fff]")
# Recognisers put spaces between Chinese words ("二 十 箱 可口 可乐"): meaningless.
_HAN_GAP = re.compile(
    r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff\d])|(?<=\d)\s+(?=[\u3400-\u9fff])"
)

# Units a quantity can be counted in; the ones that can also be part of a product name
# (个 in 六个核桃, 扎 in 扎啤, 卷 in 蛋卷, 支 串 节 捆) are left out.
_COUNT_UNITS = "".join(
    word
    for word in (*zh_words_for(COUNT_UNITS), ZH_DOZEN)
    if len(word) == 1 and word not in "个扎卷支串节捆"
)
_CN_NUMERAL = re.compile(
    # 统一 is a brand: its 一 must not turn into a number before a unit.
    r"(?<!统)[零〇一二两三四五六七八九十百千点]+(?=\s*(?:毫升|升|公斤|千克|克|卷|层|抽|片"
    rf"|粒|枚|支|号|[{_COUNT_UNITS}]))"
)
_NUMBER = r"(\d+(?:\.\d+)?)\s*"
_UNITS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(_NUMBER + spoken + r"(?![a-z])"), canonical)
    for spoken, canonical in (
        (r"(?:毫升|ml|millilit(?:er|re)s?)", r"\1ml"),
        (r"(?:公斤|千克|kg|kilo(?:gram)?s?)", r"\1kg"),
        (r"(?:升|l|lit(?:er|re)s?)", r"\1l"),
        (r"(?:克|g|grams?)", r"\1g"),
    )
)
_SEVEN_UP = re.compile(r"\b7[\s-]*up\b")
_PUNCT = re.compile(r"[^\w\s.]|_|(?<!\d)\.|\.(?!\d)")
_SPACES = re.compile(r"\s+")
_SIZE = re.compile(
    r"\d+(?:\.\d+)?(?:ml|kg|l|g)(?![a-z])|袋装|桶装|\b(?:bag|bucket|cup)\b"
)
_SIZE_WORDS = {"bag": "袋装", "bucket": "桶装", "cup": "桶装"}

# Fillers said before and after a product; only trimmed at the edges of a mention.
_ZH_LEADING = (
    "我想要", "我们要", "再来点", "再来", "那个", "这个", "就是", "然后", "还有",
    "还要", "给我", "帮我", "我要", "我想", "麻烦", "订购", "嗯", "啊", "呃", "额",
    "哦", "噢", "唉", "哎", "要", "订", "买", "进", "来", "请", "再", "那", "这", "先",
    "个",
)
_ZH_TRAILING = (
    "一下", "谢谢", "就行", "就好", "好了", "行吗", "可以吗", "好吗", "吧", "呢", "啊",
    "呀", "嘛", "了", "啦", "哈", "嗯", "和", "跟", "吗",
)
_QUANTITY = rf"(?:\d+(?:\.\d+)?|半)[{_COUNT_UNITS}]"
_ZH_EDGE = re.compile(
    rf"^(?:{'|'.join(_ZH_LEADING)}|{_QUANTITY}(?!半))+"
    rf"|(?:{'|'.join(_ZH_TRAILING)}|{_QUANTITY})+$"
)
_EN_FILLERS = frozenset(
    "um umm uh er erm ah eh hmm oh ok okay yeah yes well so like please pls i id "
    "im we want wanted need would to order reorder get give me us some a an the of "
    "more another can could you send and also just thanks thank buy again for".split()
)
# Bags, buckets and cups are sizes (袋装, 桶装), kept in the name; "x" as in "coke x5".
_EN_UNITS = (
    en_words_for(("case", "pack", "bottle", "tub", "bundle", "can"))
    - {"bucket", "buckets"}
) | {*EN_DOZEN, "x"}


def has_han(text: str) -> bool:
    """Whether the text contains a Chinese character."""
    return _HAN.search(text) is not None


def _cn_number(match: re.Match[str]) -> str:
    try:
        return str(cn2an.cn2an(match.group(0), "smart"))
    except (ValueError, KeyError):
        return match.group(0)


def fold(text: str) -> str:
    """Canonical form: full-width to half-width, lower case, digits, canonical units.

    Chinese numerals before a unit become digits (三百三十毫升 → 330ml), English number
    words too (two litres → 2l), punctuation becomes a space (apostrophes vanish:
    Lay's → lays) and runs of spaces collapse.
    """
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("'", "").replace("’", "")
    text = _CN_NUMERAL.sub(_cn_number, _HAN_GAP.sub("", text))
    if re.search(r"[a-z]", text):
        text = alpha2digit(text, "en", threshold=0)
    text = _SEVEN_UP.sub("7up", text)
    text = _PUNCT.sub(" ", text)
    for pattern, replacement in _UNITS:
        text = pattern.sub(replacement, text)
    return _SPACES.sub(" ", text).strip()


def compact(text: str) -> str:
    """A folded Chinese key without spaces (Chinese is written without them)."""
    return text.replace(" ", "")


def strip_spoken(folded: str) -> str:
    """Drop fillers, quantities and counting units around a folded product mention.

    ``嗯那个20箱可乐吧`` → ``可乐``; ``um twenty cases of coke please`` → ``coke``.
    Only the edges are trimmed, so names that contain such characters survive.
    """
    if has_han(folded):
        text = compact(folded).replace("的", "")
        previous = None
        while previous != text:
            previous, text = text, _ZH_EDGE.sub("", text)
        return text
    # "of" never appears in a product name: "2l of pepsi", "cases of coke".
    words = [word for word in folded.split() if word != "of"]
    while words and _droppable(words[0]) and words[:2] != ["want", "want"]:
        words.pop(0)  # ...but "want want" is a brand.
    dropped_unit = False
    while words and (
        words[-1] in _EN_FILLERS
        or words[-1] in _EN_UNITS
        or (dropped_unit and words[-1].isdigit())
    ):
        # A number at the end is a quantity only after a unit ("coke 20 cases");
        # otherwise it is part of the name ("coca cola zero" folds to "coca cola 0").
        dropped_unit = words[-1] in _EN_UNITS
        words.pop()
    return " ".join(words)


def split_sizes(folded: str) -> tuple[frozenset[str], str]:
    """Take the sizes out of a folded mention: ``可乐2l`` → ({``2l``}, ``可乐``).

    Sizes come back canonical (``330ml``, ``1.5l``, ``袋装`` for "bag"); the rest is
    the name. A mention that is only a size keeps its text as the name.
    """
    sizes = frozenset(_SIZE_WORDS.get(size, size) for size in _SIZE.findall(folded))
    name = _SPACES.sub(" ", _SIZE.sub(" ", folded)).strip()
    return sizes, (compact(name) if has_han(name) else name) or folded


def _droppable(word: str) -> bool:
    return word in _EN_FILLERS or word in _EN_UNITS or word.isdigit()


_FUZZY = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("l", "n"), ("ng", "n"))


def sound(text: str, *, context: bool = True) -> str:
    """Accent-tolerant toneless pinyin, syllables joined.

    可乐 and 克乐 both give ``kene``; 农夫山泉 and 农夫三泉 both give ``nonfusanquan``.
    Latin letters pass through the same folding, so typed pinyin (``kele``) matches.
    Syllables are joined rather than spaced so that one shared syllable is not taken
    for a shared word.

    Args:
        text: Folded text.
        context: Read characters in their words (番茄 → fanqie); with False each
            character takes its most common reading (茄 → jia), as a recogniser's
            stray homophone (泛茄) is read.
    """
    chars: str | list[str] = compact(text) if context else list(compact(text))
    joined = "".join(lazy_pinyin(chars, style=Style.NORMAL))
    for heard, same in _FUZZY:
        joined = joined.replace(heard, same)
    return joined
