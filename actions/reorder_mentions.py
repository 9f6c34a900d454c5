"""The products an owner's message names, each with the quantity said for it."""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from actions.backend_clients import clients
from actions.base import Turn, latest_text
from actions.clients.catalog import Resolution
from actions.product_spans import widen_products
from actions.reorder_draft import pair_mentions
from actions.reorder_lines import CHOICES
from actions.reorder_state import Mention
from actions.split_names import join_split_names

FILLERS = re.compile(
    r"我要|我想|帮我|给我|订|来|要|买|进|再|请|的|"
    r"\b(i|want|to|order|would|like|some|of|please|get|me|need)\b",
    re.IGNORECASE,
)


async def mentions_in(
    turn: Turn, tracker: Tracker, text: str, intent: str
) -> list[Mention]:
    """The mentions in the latest message (``text``: what it said, or keyed)."""
    each = re.search(r"各|每样|\beach\b|\bboth\b", text, re.IGNORECASE)
    said = latest_text(tracker)
    found: dict[str, Resolution] = {}  # each name looked up once per message

    async def resolve(query: str) -> Resolution:
        if query not in found:
            found[query] = await clients().catalog.resolve(
                turn.shop, query, turn.language, CHOICES
            )
        return found[query]

    async def skus(query: str) -> set[str]:
        return {c.product.sku for c in (await resolve(query)).candidates}

    entities = await widen_products(
        await join_split_names(
            tracker.latest_message.get("entities") or [], said, skus
        ),
        said,
        resolve,
    )
    mentions = pair_mentions(entities, distributive=bool(each))
    if not mentions and intent in ("reorder_stock", "inform"):
        mentions = untagged_mention(tracker)
    return mentions


def untagged_mention(tracker: Tracker) -> list[Mention]:
    """Guess the product when NLU tagged only a quantity ("十箱火星石头")."""
    entities = tracker.latest_message.get("entities") or []
    quantities = [e for e in entities if e.get("entity") in ("quantity", "unit")]
    if not quantities:
        return []
    rest = latest_text(tracker)
    for entity in entities:
        start, end = entity.get("start"), entity.get("end")
        if isinstance(start, int) and isinstance(end, int):
            rest = rest[:start] + " " * (end - start) + rest[end:]
    rest = FILLERS.sub(" ", rest).strip(" ，,。.!！?？")
    if len(rest) < 2:
        return []
    said = " ".join(str(e.get("value")) for e in quantities)
    return [Mention(rest.strip(), said)]
