"""Order lines from the products an owner named, or the question one still needs.

Which product? How many? One question at a time, in order. (A quantity far above
the usual is said in the read-back, where "不对，十五箱" corrects it.)
"""

from __future__ import annotations

from dataclasses import replace

from rasa_sdk.executor import CollectingDispatcher

from actions.backend_clients import clients
from actions.base import Turn
from actions.reorder_draft import (
    CONFIDENT_SCORE,
    heard_quantity,
    line_of,
    prefer_usual,
)
from actions.reorder_state import (
    AskQuantity,
    Choose,
    Draft,
    Json,
    Suggest,
)

CHOICES = 3


async def work_queue(
    turn: Turn, draft: Draft, text: str, dispatcher: CollectingDispatcher
) -> Draft:
    """Resolve queued mentions until one needs a question."""
    while draft.queue and draft.question is None:
        mention = draft.queue[0]
        draft = replace(draft, queue=draft.queue[1:])
        found = await clients().catalog.resolve(
            turn.shop, mention.query, turn.language, CHOICES
        )
        quantity = mention.quantity
        if quantity is None and not draft.queue:
            quantity = text  # the quantity may be in the sentence, untagged
        if not found.candidates:
            dispatcher.utter_message(
                response="utter_reorder_unknown", query=mention.query
            )
            continue
        best = found.candidates[0]
        if best.score < CONFIDENT_SCORE:
            question = Suggest(mention.query, line_of(best.product), quantity)
            draft = replace(draft, question=question)
        elif found.ambiguous and len(found.candidates) > 1:
            choices = tuple(line_of(c.product) for c in found.candidates[:CHOICES])
            draft = replace(draft, question=Choose(quantity, choices))
        else:
            draft = await settle(turn, draft, line_of(best.product), quantity, text)
    return draft


async def settle(
    turn: Turn, draft: Draft, product: Json, raw: str | None, text: str
) -> Draft:
    """The draft with a line added, or with the question its quantity needs."""
    usual_lines = [
        line_of(line.product, line.quantity)
        for line in await clients().orders.usual_order(turn.shop)
    ]
    product = prefer_usual(product, usual_lines)
    heard = heard_quantity(raw, "")
    if heard is None or heard.whole is None:
        return replace(draft, question=AskQuantity(product, whole=heard is not None))
    line = {**product, "quantity": heard.whole}
    # A product said again replaces its line rather than ordering it twice.
    kept = tuple(old for old in draft.lines if old["sku"] != product["sku"])
    return replace(draft, lines=(*kept, line))
