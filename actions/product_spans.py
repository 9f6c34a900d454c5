"""A Chinese product name NLU cut short, widened to what the owner said.

"洪牛来四箱" tagged 牛 (milk), "康师府红烧牛肉面" tagged only 红烧牛肉面, "农夫三泉"
tagged 农夫 with 三泉 as a quantity. The characters around a product, up to a
filler word or another entity, are tried as one name; the catalog decides whether
the wider name fits better.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from actions.clients.catalog import Resolution
from common.vocabulary import ZH_MEASURE_WORDS

Entity = Mapping[str, Any]
Resolve = Callable[[str], Awaitable[Resolution]]

# Words that end a product name: ordering words, particles, conjunctions.
_STOP = re.compile(r"[来要订买进再和跟与及给我的了吧啊呢呀嘛呃嗯个那这还有就行也各共]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_NUMERALS = re.compile(r"[\d\s零〇一二两三四五六七八九十百千万几半多来左右打]")
_MEASURE_WORDS = sorted(ZH_MEASURE_WORDS, key=len, reverse=True)
# A wider name must fit clearly better before it replaces what NLU tagged.
BETTER_BY = 0.02


def _is_number(entity: Entity, text: str) -> bool:
    """A quantity entity that really is one: numerals and measure words (not 三泉)."""
    start, end = entity.get("start"), entity.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return True
    said = text[start:end]
    rest = _NUMERALS.sub("", said)
    for word in _MEASURE_WORDS:
        rest = rest.replace(word, "")
    return not _HAN.search(rest)


def _run_around(start: int, end: int, text: str, taken: set[int]) -> tuple[int, int]:
    """The widest run of Chinese characters around [start, end) free of stops."""
    while start > 0 and start - 1 not in taken and _free(text[start - 1]):
        start -= 1
    while end < len(text) and end not in taken and _free(text[end]):
        end += 1
    return start, end


def _free(char: str) -> bool:
    return bool(_HAN.match(char)) and not _STOP.match(char)


def _fit(found: Resolution) -> float:
    best = found.candidates[0].score if found.candidates else 0.0
    return best - (BETTER_BY if found.ambiguous else 0.0)


async def widen_products(
    entities: Sequence[Entity], text: str, resolve: Resolve
) -> list[Entity]:
    """``entities`` with each Chinese product name widened where that fits better."""
    kept = [e for e in entities if e.get("entity") != "quantity" or _is_number(e, text)]
    out: list[Entity] = []
    for entity in kept:
        start, end = entity.get("start"), entity.get("end")
        if entity.get("entity") != "product" or not isinstance(start, int) or (
            not isinstance(end, int) or not _HAN.search(text[start:end])
        ):
            out.append(entity)
            continue
        taken = {
            i
            for other in kept
            if other is not entity and isinstance(other.get("start"), int)
            for i in range(int(other["start"]), int(other.get("end") or 0))
        }
        wide_start, wide_end = _run_around(start, end, text, taken)
        if (wide_start, wide_end) == (start, end):
            out.append(entity)
            continue
        said, wide = text[start:end], text[wide_start:wide_end]
        if _fit(await resolve(wide)) > _fit(await resolve(said)) + BETTER_BY:
            entity = {**entity, "value": wide, "start": wide_start, "end": wide_end}
        out.append(entity)
    return out
