"""The reorder form: turn what the owner says into settled order lines.

``validate_reorder_form`` runs after every owner message while the form is active;
``action_ask_reorder_items`` asks the one open question. Only a complete list of
lines fills ``reorder_items``, which ends the form and leads to the read-back.
"""

from __future__ import annotations

import copy
import re

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_clients import clients
from actions.base import ShopAction, Turn, latest_intent, latest_text
from actions.clients.catalog import Resolution
from actions.keys import form_answer, pressed_keys
from actions.product_spans import widen_products
from actions.reorder_draft import (
    CONFIDENT_SCORE,
    Json,
    Mention,
    empty_draft,
    heard_quantity,
    is_unusual,
    line_of,
    pair_mentions,
    pick_candidate,
    prefer_usual,
)
from actions.reorder_edit import (
    draft_after_edit,
    edit_kind,
    edits_draft,
    lines_named,
    new_products,
    swaps_a_line,
    undoes_edit,
)
from actions.split_names import join_split_names

CHOICES = 3
FILLERS = re.compile(
    r"我要|我想|帮我|给我|订|来|要|买|进|再|请|的|"
    r"\b(i|want|to|order|would|like|some|of|please|get|me|need)\b",
    re.IGNORECASE,
)


def load_draft(tracker: Tracker) -> Json:
    """Return the draft in progress, starting from items already read back."""
    pending = tracker.get_slot("reorder_pending")
    if isinstance(pending, dict):
        return copy.deepcopy(pending)
    draft = empty_draft()
    items = tracker.get_slot("reorder_items")
    if isinstance(items, list):
        draft["lines"] = copy.deepcopy(items)
    return draft


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


# Intents that leave the form's open question rather than answer it.
NOT_AN_ANSWER = frozenset({
    "deny", "help", "repeat", "slower", "goodbye", "reorder_usual",
    "stock_suggestions", "order_status", "cancel_order", "check_loan_eligibility",
    "apply_loan", "loan_status", "list_parcels", "confirm_pickup", "human_handoff",
    "product_info",
})  # fmt: skip


class ValidateReorderForm(ShopAction):
    """Extract and validate order lines; ask nothing itself except "not found"."""

    def name(self) -> str:
        """Return the action's name."""
        return "validate_reorder_form"

    def after_failure(self) -> list[EventType]:
        """End the form (nothing ordered) rather than keep asking."""
        return [
            SlotSet("reorder_items", None),
            SlotSet("reorder_pending", None),
            SlotSet("requested_slot", None),
        ]

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Update the draft from the latest message; finish it when complete."""
        if tracker.get_slot("confirming") == "order":
            edit = await self._edit_of_read_back(turn, tracker)
            if edit is not None:
                return edit
        draft = load_draft(tracker)
        text, intent = latest_text(tracker), latest_intent(tracker)
        if intent == "silence":
            # Nothing said: the form goes on and asks again, shortly.
            return [SlotSet("reorder_pending", tracker.get_slot("reorder_pending"))]
        if intent == "keypad":
            keys = pressed_keys(tracker) or ""
            keyed = form_answer(draft.get("question") or {}, keys)
            if keyed is None:
                return []  # not an answer: action_keypad says so, the form asks again
            text, intent = keyed
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
        question = draft.get("question")
        if not mentions and intent in ("reorder_stock", "inform"):
            mentions = untagged_mention(tracker)
        picked = (
            question
            and question["kind"] == "choose"
            and pick_candidate(question["candidates"], text)
        )
        open_kind = question["kind"] if question else None
        if question and (picked or not mentions or open_kind not in ("what", "choose")):
            if not await self._answer(turn, draft, question, text, intent, tracker):
                return []  # not an answer: let the policies handle an interruption
        elif mentions:
            # A new name instead of a pick keeps the quantity said before.
            carried = question.get("quantity") if question else None
            draft["question"] = None
            draft["queue"] += [
                {"query": m.query, "quantity": m.quantity or carried} for m in mentions
            ]
        elif intent in ("reorder_stock", "inform") and not draft["lines"]:
            draft["question"] = {"kind": "what"}
        else:
            return []
        await self._work_queue(turn, draft, text, dispatcher)
        if draft["question"] is None and not draft["queue"] and draft["lines"]:
            return [
                SlotSet("reorder_items", draft["lines"]),
                SlotSet("reorder_pending", None),
            ]
        if draft["question"] is None:
            draft["question"] = {"kind": "what"}
        return [SlotSet("reorder_items", None), SlotSet("reorder_pending", draft)]

    async def _edit_of_read_back(
        self, turn: Turn, tracker: Tracker
    ) -> list[EventType] | None:
        """The read-back draft edited, when an "order" is an edit of it.

        "swap the pepsi for coke", "把雪碧加回来": read back again, not added to.
        """
        lines = tracker.get_slot("reorder_items") or []
        if tracker.get_slot("awaiting"):
            return None  # "二 四 六 八" after "your PIN?" is the PIN, never an edit
        if undoes_edit(tracker):
            changed = tracker.get_slot("reorder_previous")
        elif swaps_a_line(tracker):
            changed = await draft_after_edit(turn, tracker, "change_item")
        elif (
            edits_draft(tracker)
            and lines_named(lines, tracker)
            and not new_products(lines, tracker)
        ):
            # "牛奶少来点 四箱就行": a line of the draft, named by a shorter name.
            changed = await draft_after_edit(turn, tracker, edit_kind(tracker))
        else:
            return None
        if not changed:
            return None
        return [
            SlotSet("reorder_previous", lines),
            SlotSet("reorder_items", changed),
            SlotSet("reorder_pending", None),
        ]

    async def _answer(
        self,
        turn: Turn,
        draft: Json,
        question: Json,
        text: str,
        intent: str,
        tracker: Tracker,
    ) -> bool:
        """Apply the owner's answer to the open question; False if it was none."""
        kind = question["kind"]
        if kind == "choose":
            picked = pick_candidate(question["candidates"], text)
            if picked is None and intent == "affirm":
                # "对" to "A还是B": the first, which the read-back then names.
                picked = question["candidates"][0]
            if picked is None:
                # Asking for something else leaves the question (data/rules/reorder.yml)
                # instead of hearing it again in place of an answer.
                return intent not in NOT_AN_ANSWER
            draft["question"] = None
            await self._settle(turn, draft, picked, question.get("quantity"), text)
            return True
        if kind == "suggest":
            if intent == "affirm":
                draft["question"] = None
                await self._settle(
                    turn, draft, question["product"], question.get("quantity"), text
                )
                return True
            if intent == "deny":
                draft["question"] = None
                return True
            return False
        if kind == "check":
            line = question["line"]
            if intent == "affirm":
                draft["lines"].append(line)
                draft["question"] = None
                return True
            heard = heard_quantity(None, text)
            if heard is not None and heard.whole is not None:
                line = {**line, "quantity": heard.whole}
                draft["lines"].append(line)
                draft["question"] = None
                return True
            if intent == "deny":
                draft["question"] = {"kind": "quantity", "product": line}
                return True
            return False
        if kind == "quantity":
            heard = heard_quantity(None, text)
            if heard is None:
                return False
            draft["question"] = None
            await self._settle(turn, draft, question["product"], text, text)
            return True
        return False  # "what" with no product named

    async def _work_queue(
        self, turn: Turn, draft: Json, text: str, dispatcher: CollectingDispatcher
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
                    "candidates": [
                        line_of(c.product) for c in found.candidates[:CHOICES]
                    ],
                }
            else:
                await self._settle(turn, draft, line_of(best.product), quantity, text)

    async def _settle(
        self, turn: Turn, draft: Json, product: Json, raw: str | None, text: str
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
