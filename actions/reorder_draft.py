"""The reorder form's pure decisions (no I/O): lines, mentions, quantities, picks.

The draft itself, and its form in the ``reorder_pending`` slot, are in
``actions/reorder_state.py``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from rapidfuzz import fuzz

from actions.clients.catalog import Product
from actions.numbers import Quantity, parse_ordinal, parse_quantity
from actions.reorder_state import Json, Mention
from actions.speech_text import telling_apart

# Asked again before ordering: at least this many, or this many times the usual.
UNUSUAL_QUANTITY = 100
UNUSUAL_FACTOR = 5
# Below this catalog score the best match is only offered as a suggestion.
CONFIDENT_SCORE = 0.6


def line_of(product: Product, quantity: int | None = None) -> Json:
    """Return the JSON form of an order line kept in slots."""
    line: Json = {
        "sku": product.sku,
        "name_zh": product.name_zh,
        "name_en": product.name_en,
        "brand_zh": product.brand_zh,
        "brand_en": product.brand_en,
        "unit_zh": product.unit_zh,
        "unit_en": product.unit_en,
    }
    if quantity is not None:
        line["quantity"] = quantity
    return line


def base_name(name: str) -> str:
    """Drop the printed size: ``可口可乐 330毫升`` → ``可口可乐``."""
    return name.split(" ")[0].strip()


def base_name_en(name: str) -> str:
    """Drop a trailing size from an English name: ``Chips 70g`` → ``Chips``."""
    return re.sub(r"(\s+[\d.]+\s*(ml|l|g|kg|rolls?|pcs)\b.*)$", "", name,
                  flags=re.IGNORECASE).strip() or name  # fmt: skip


def without_size(name: str) -> str:
    """Drop the size words: ``乐事薯片 原味 70克`` → ``乐事薯片 原味``."""
    return " ".join(t for t in name.split() if not any(c.isdigit() for c in t))


def prefer_usual(product: Json, usual: Sequence[Json]) -> Json:
    """Swap a product for the size of the same line the shop usually orders.

    The catalog answers with one size per product line; an owner who says "可口可乐"
    means the 330 ml cases they always order, not the line's standard size. Only
    the size is swapped: another flavour (烧烤味 for the usual 原味) is kept.
    """
    for line in usual:
        if without_size(line["name_zh"]) == without_size(product["name_zh"]):
            return {k: v for k, v in line.items() if k != "quantity"}
    return product


def pair_mentions(
    entities: Sequence[Mapping[str, Any]], distributive: bool = False
) -> list[Mention]:
    """Pair each product entity with its own quantity, never a neighbour's.

    "二十箱可乐和十袋大米": a sentence that starts with a quantity says each one
    before its product. "百事两箱 雪碧三箱", "pepsi, 2 dozen and water 5 box": one
    that starts with a product says each quantity after it, and a product with no
    quantity right after it gets none (it is asked). ``distributive`` ("各来两箱",
    "two cases each") gives one closing quantity to every product before it. A unit
    entity right after a quantity is glued to it ("二十" + "箱").
    """
    ordered = sorted(
        (e for e in entities if e.get("entity") in ("product", "quantity", "unit")),
        key=lambda e: int(e.get("start") or 0),
    )
    tokens: list[tuple[str, str]] = []
    for entity in ordered:
        kind, value = str(entity["entity"]), str(entity.get("value") or "")
        if kind == "unit" and tokens and tokens[-1][0] == "quantity":
            said = tokens[-1][1]
            gap = "" if _is_cjk(said[-1:]) and _is_cjk(value[:1]) else " "
            tokens[-1] = ("quantity", said + gap + value)
        elif kind in ("product", "quantity"):
            tokens.append((kind, value))
    kinds = [kind for kind, _ in tokens]
    if distributive and kinds.count("quantity") == 1 and kinds[-1:] == ["quantity"]:
        return [Mention(value, tokens[-1][1]) for kind, value in tokens[:-1]]
    if kinds[:1] == ["product"]:
        return _product_first(tokens)
    mentions: list[Mention] = []
    pending: str | None = None
    for index, (kind, value) in enumerate(tokens):
        if kind == "quantity":
            pending = value
            continue
        quantity = pending
        pending = None
        if quantity is None:
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            is_next_quantity = following is not None and following[0] == "quantity"
            after_that = tokens[index + 2] if index + 2 < len(tokens) else None
            # Take the next quantity only if no product follows it to claim it.
            if is_next_quantity and (after_that is None or after_that[0] != "product"):
                assert following is not None
                quantity = following[1]
        mentions.append(Mention(value, quantity))
    return mentions


def _product_first(tokens: Sequence[tuple[str, str]]) -> list[Mention]:
    """Pair a sentence that starts with a product: "百事两箱 再来两箱红牛".

    Each quantity goes to the product right before it when that one has none
    yet, else to the product after it.
    """
    mentions: list[Mention] = []
    pending: str | None = None
    previous = ""
    for kind, value in tokens:
        if kind == "product":
            mentions.append(Mention(value, pending))
            pending = None
        elif previous == "product" and mentions[-1].quantity is None:
            mentions[-1] = Mention(mentions[-1].query, value)
        else:
            pending = value
        previous = kind
    return mentions


def _is_cjk(char: str) -> bool:
    return bool(char) and "\u4e00" <= char <= "\u9fff"


def is_unusual(quantity: int, usual: int | None) -> bool:
    """Whether a quantity is big enough to be read back before ordering."""
    if quantity >= UNUSUAL_QUANTITY:
        return True
    return usual is not None and usual > 0 and quantity >= UNUSUAL_FACTOR * usual


def heard_quantity(raw: str | None, text: str) -> Quantity | None:
    """Parse the quantity entity if there is one, else the whole utterance."""
    for candidate in (raw, text):
        if candidate:
            parsed = parse_quantity(candidate)
            if parsed is not None:
                return parsed
    return None


def pick_candidate(candidates: Sequence[Json], text: str) -> Json | None:
    """Return the candidate the owner picked: "第二个", "百事那个", "the Pepsi one"."""
    ordinal = parse_ordinal(text)
    if ordinal is not None:
        index = len(candidates) - 1 if ordinal == -1 else ordinal - 1
        return candidates[index] if 0 <= index < len(candidates) else None
    lowered = text.lower()
    named = [
        c
        for c in candidates
        if any(
            word and word.lower() in lowered
            for word in (c.get("brand_zh"), c.get("brand_en"), c.get("name_zh"))
        )
    ]
    if len(named) == 1:
        return named[0]
    told = _told_apart(candidates, lowered)
    if told is not None:
        return told
    scores = [
        max(
            fuzz.partial_ratio(lowered, str(c.get(key) or "").lower())
            for key in ("name_zh", "name_en", "brand_zh", "brand_en")
        )
        for c in candidates
    ]
    best = max(range(len(candidates)), key=scores.__getitem__, default=None)
    if best is None or scores[best] < 70:
        return None
    if sorted(scores)[-2:] == [scores[best], scores[best]] and len(scores) > 1:
        return None  # a tie: ask again rather than guess
    return candidates[best]


def _told_apart(candidates: Sequence[Json], lowered: str) -> Json | None:
    """The one candidate whose own words were said: "barbecue flavor", "烧烤的"."""
    for key in ("name_zh", "name_en"):
        _, parts = telling_apart([str(c.get(key) or "") for c in candidates])
        words = [without_size(part).lower().removesuffix("味") for part in parts]
        pairs = zip(candidates, words, strict=True)
        said = [c for c, word in pairs if word and word in lowered]
        if len(said) == 1:
            return said[0]
    return None
