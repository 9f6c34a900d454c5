"""Order lines from the products an owner named, or the question one still needs.

Which product? How many? Really that many? One question at a time, in order.
"""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions.backend_clients import clients
from actions.base import Turn
from actions.reorder_draft import (
    CONFIDENT_SCORE,
    Json,
    Mention,
    heard_quantity,
    is_unusual,
    line_of,
    prefer_usual,
)

CHOICES = 3


async def work_queue(
    turn: Turn, draft: Json, text: str, dispatcher: CollectingDispatcher
) -> None:
    """Resolve queued mentions until one needs a question."""
    while draft["queue"] and draft["question"] is None:
        mention = Mention(**draft["queue"].pop(0))
        found = await clients().catalog.resolve(
            turn.shop, mention.query, turn.language, CHOICES
        )
        quantity = mention.quantity
        if quantity is None and len(draft["queue"]) == 0:
            quantity = text  # the quantity may be in the sentence, untagged
        if not found.candidates:
            dispatcher.utter_message(
                response="utter_reorder_unknown", query=mention.query
            )
            continue
        best = found.candidates[0]
        if best.score < CONFIDENT_SCORE:
            draft["question"] = {
                "kind": "suggest",
                "query": mention.query,
                "product": line_of(best.product),
                "quantity": quantity,
            }
        elif found.ambiguous and len(found.candidates) > 1:
            draft["question"] = {
                "kind": "choose",
                "quantity": quantity,
                "candidates": [line_of(c.product) for c in found.candidates[:CHOICES]],
            }
        else:
            await settle(turn, draft, line_of(best.product), quantity, text)


async def settle(
    turn: Turn, draft: Json, product: Json, raw: str | None, text: str
) -> None:
    """Add a line, or open the question its quantity needs."""
    usual_lines = [
        line_of(line.product, line.quantity)
        for line in await clients().orders.usual_order(turn.shop)
    ]
    product = prefer_usual(product, usual_lines)
    usual = {line["sku"]: line["quantity"] for line in usual_lines}
    heard = heard_quantity(raw, "")
    if heard is None or heard.whole is None:
        draft["question"] = {
            "kind": "quantity",
            "product": product,
            "whole": heard is not None,
        }
        return
    line = {**product, "quantity": heard.whole}
    if is_unusual(heard.whole, usual.get(product["sku"])):
        draft["question"] = {"kind": "check", "line": line}
    else:
        draft["lines"] = [
            old for old in draft["lines"] if old["sku"] != product["sku"]
        ] + [line]
