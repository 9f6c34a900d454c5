"""One product named in two entities ("Lays" + "chips", 康师傅 + 红烧牛肉面), joined.

NLU sometimes tags a brand and a product word as two products. Said one right after
the other with nothing between, they are one product when the catalog finds the
same products for both; "可乐雪碧" (two products, no pause) keeps them apart, since
cola and Sprite share no candidate.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from common.vocabulary import ZH_MEASURE_WORDS, is_measure_word

Entity = Mapping[str, Any]
# The SKUs the catalog offers for a query (its best few).
Candidates = Callable[[str], Awaitable[set[str]]]


def adjacent_products(entities: Sequence[Entity], text: str) -> list[int]:
    """Where product i+1 follows product i with only spaces between: each i.

    ``entities`` are sorted by where they start.
    """
    found = []
    for index in range(len(entities) - 1):
        first, second = entities[index], entities[index + 1]
        if first.get("entity") != "product" or second.get("entity") != "product":
            continue
        end, start = first.get("end"), second.get("start")
        if isinstance(end, int) and isinstance(start, int) and end <= start:
            if not text[end:start].strip():
                found.append(index)
    return found


def units_that_name_products(entities: Sequence[Entity]) -> list[Entity]:
    """Units that are no measure word made products, or split off the product.

    "hearttex toilet paper" tagged unit "hearttex"; "来五箱红烧牛肉面" tagged unit
    "箱红烧牛肉面": a unit is a measure word, and the rest is a product's name.
    """
    out: list[Entity] = []
    for entity in entities:
        value = str(entity.get("value") or "")
        start, end = entity.get("start"), entity.get("end")
        if entity.get("entity") != "unit" or is_measure_word(value):
            out.append(entity)
            continue
        word = next((w for w in _ZH_WORDS if value.startswith(w)), "")
        if word and len(value) - len(word) < 2:
            out.append(entity)  # 袋装, 箱的: a measure word said longer
        elif word and isinstance(start, int):
            out.append({**entity, "value": word, "end": start + len(word)})
            out.append({**entity, "entity": "product", "value": value[len(word) :],
                        "start": start + len(word), "end": end})  # fmt: skip
        else:
            out.append({**entity, "entity": "product"})
    return out


# Longest first: 千克 before 克.
_ZH_WORDS = sorted(ZH_MEASURE_WORDS, key=len, reverse=True)


async def join_split_names(
    entities: Sequence[Entity], text: str, candidates: Candidates
) -> list[Entity]:
    """``entities`` with each product said in two adjacent pieces made one."""
    ordered = sorted(
        units_that_name_products(entities), key=lambda e: int(e.get("start") or 0)
    )
    for index in reversed(adjacent_products(ordered, text)):
        first, second = ordered[index], ordered[index + 1]
        both = await candidates(str(first.get("value"))) & await candidates(
            str(second.get("value"))
        )
        if not both:
            continue
        start, end = int(first["start"]), int(second["end"])
        joined = {**first, "value": text[start:end], "end": end}
        ordered[index : index + 2] = [joined]
    return ordered
