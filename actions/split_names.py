"""One product named in two entities ("Lays" + "chips", 康师傅 + 红烧牛肉面), joined.

NLU sometimes tags a brand and a product word as two products. Said one right after
the other with nothing between, they are one product when the catalog finds the
same products for both; "可乐雪碧" (two products, no pause) keeps them apart, since
cola and Sprite share no candidate.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

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


async def join_split_names(
    entities: Sequence[Entity], text: str, candidates: Candidates
) -> list[Entity]:
    """``entities`` with each product said in two adjacent pieces made one."""
    ordered = sorted(entities, key=lambda e: int(e.get("start") or 0))
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
