"""Reorder: read-back before ordering, placing exactly once, status, cancelling."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_clients import clients
from actions.base import ShopAction, Turn, clear_context
from actions.clients.orders import Quote
from actions.pin_answer import answer_open_digits, code_said_in_passing, pin_awaited
from actions.questions import PinStep, Question, ask_for_pin
from actions.reorder_draft import base_name, base_name_en, is_unusual, line_of
from actions.reorder_state import Json
from actions.speech_text import date_words, item_words, join_words, money_words


def order_key(conversation_id: str, lines: Sequence[Json]) -> str:
    """Derive the Idempotency-Key from the conversation and the confirmed lines."""
    content = sorted((str(line["sku"]), int(line["quantity"])) for line in lines)
    raw = json.dumps([conversation_id, content], ensure_ascii=False)
    return "order-" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def lines_words(lines: Sequence[Json], language: str) -> str:
    """Word order lines for speech: 二十箱可口可乐和十袋大米."""
    return join_words(
        [
            item_words(
                int(line["quantity"]),
                line["unit_zh"],
                line["unit_en"],
                line["name_zh"],
                line["name_en"],
                language,
            )
            for line in lines
        ],
        language,
    )


def spoken_date(iso: str, language: str) -> str:
    """Word an ISO delivery date relative to today."""
    try:
        return date_words(date.fromisoformat(iso[:10]), date.today(), language)
    except ValueError:
        return iso


async def _unusual(turn: Turn, lines: Sequence[Json]) -> list[Json]:
    """The lines far above what the shop usually orders of them (or huge)."""
    usual = {
        line.product.sku: line.quantity
        for line in await clients().orders.usual_order(turn.shop)
    }
    return [
        line
        for line in lines
        if is_unusual(int(line["quantity"]), usual.get(str(line["sku"])))
    ]


def _say_quote(
    dispatcher: CollectingDispatcher,
    quote: Quote,
    language: str,
    unusual: Sequence[Json] = (),
) -> None:
    lines = [line_of(line.product, line.quantity) for line in quote.lines]
    total = money_words(quote.total, language)
    date_said = spoken_date(quote.delivery_date, language)
    if len(lines) == 1:
        dispatcher.utter_message(
            response="utter_reorder_readback",
            items=lines_words(lines, language),
            total=total,
            date=date_said,
        )
    else:  # one bubble per line keeps each spoken bubble short
        for line in lines:
            dispatcher.utter_message(
                response="utter_reorder_readback_item",
                item=lines_words([line], language),
            )
        dispatcher.utter_message(
            response="utter_reorder_readback_total", total=total, date=date_said
        )
    if quote.free_delivery:
        dispatcher.utter_message(response="utter_reorder_free_delivery")
    else:
        short = money_words(quote.short_of_free_delivery, language)
        dispatcher.utter_message(
            response="utter_reorder_free_delivery_nudge", short=short
        )
    if unusual:  # said last, right before the question it bears on
        dispatcher.utter_message(
            response="utter_reorder_more_than_usual",
            item=lines_words(unusual, language),
        )
    dispatcher.utter_message(response="utter_reorder_confirm")


async def read_back(
    turn: Turn, dispatcher: CollectingDispatcher, lines: Sequence[Json]
) -> list[EventType]:
    """Price the lines and read them back; nothing is ordered until a yes."""
    quote = await clients().orders.quote(
        turn.shop, [(line["sku"], int(line["quantity"])) for line in lines]
    )
    _say_quote(dispatcher, quote, turn.language, await _unusual(turn, lines))
    return [
        SlotSet("reorder_items", list(lines)),
        SlotSet("reorder_pending", None),
        *ORDER.asked(),
    ]


async def place_order(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """Place the read-back order (after an explicit yes) exactly once."""
    lines = tracker.get_slot("reorder_items")
    if not lines:
        dispatcher.utter_message(response="utter_nothing_to_confirm")
        return clear_context()
    if not turn.owner_session:
        return ask_for_pin(dispatcher, PLACE_ORDER)
    order = await clients().orders.place(
        turn.shop,
        [(line["sku"], int(line["quantity"])) for line in lines],
        turn.owner_session,
        order_key(turn.conversation_id, lines),
    )
    dispatcher.utter_message(
        response="utter_order_placed",
        id=str(order.id),
        date=spoken_date(order.quote.delivery_date, turn.language),
    )
    return [
        SlotSet("reorder_items", None),
        SlotSet("reorder_pending", None),
        *clear_context(),
    ]


def decline_order(dispatcher: CollectingDispatcher) -> list[EventType]:
    """The owner said no to the read-back: forget the draft."""
    dispatcher.utter_message(response="utter_order_not_placed")
    return [SlotSet("reorder_items", None), SlotSet("reorder_pending", None)]


class ActionReorderReadback(ShopAction):
    """After the reorder form: read the lines, total and date back."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_reorder_readback"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Read back the settled lines (unless the PIN asked for was just said)."""
        lines = tracker.get_slot("reorder_items") or []
        if lines and not pin_awaited(tracker) and code_said_in_passing(tracker):
            # The pickup said with the order: both are served, the pickup first.
            from actions.parcels import pick_up

            picked = await pick_up(turn, dispatcher, tracker)
            return [*picked, *await read_back(turn, dispatcher, lines)]
        answered = await answer_open_digits(turn, dispatcher, tracker)
        if answered is not None:
            return answered
        lines = tracker.get_slot("reorder_items") or []
        if not lines:
            return []  # the form ended early and already said why
        return await read_back(turn, dispatcher, lines)


class ActionReorderUsual(ShopAction):
    """Handle "the usual": read back the shop's usual order."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_reorder_usual"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Read back the usual order, or ask what to order."""
        return await read_back_usual(turn, dispatcher, tracker)


class ActionStockSuggestions(ShopAction):
    """Answer "what am I running low on": list low stock and offer to order it."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_stock_suggestions"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Say the items running out soonest and offer to order them."""
        from actions.answer import answer_yes_with_a_remark

        yes = await answer_yes_with_a_remark(turn, dispatcher, tracker)  # "对 卖得快"
        if yes is not None:
            return yes
        return await suggest_stock(turn, dispatcher, tracker)


async def read_back_usual(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """Read back the shop's usual order for a yes, or ask what to order."""
    usual = await clients().orders.usual_order(turn.shop)
    if not usual:
        dispatcher.utter_message(response="utter_usual_empty")
        return []
    lines = [line_of(line.product, line.quantity) for line in usual]
    return await read_back(turn, dispatcher, lines)


async def suggest_stock(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """Say the two items running out soonest and offer to order them."""
    suggestions = (await clients().orders.suggestions(turn.shop))[:2]
    if not suggestions:
        dispatcher.utter_message(response="utter_suggestions_none")
        return []
    lines = [line_of(s.product, s.suggested_quantity) for s in suggestions]
    # Names without the printed size keep the bubble short enough to speak.
    spoken = [
        {**line, "name_zh": base_name(line["name_zh"]),
         "name_en": base_name_en(line["name_en"])}
        for line in lines
    ]  # fmt: skip
    dispatcher.utter_message(
        response="utter_suggestions", items=lines_words(spoken, turn.language)
    )
    dispatcher.utter_message(response="utter_suggestions_ask")
    return [SlotSet("reorder_items", lines), *SUGGESTIONS.asked()]


async def read_back_suggestions(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """The owner wants the suggested products: read them back as an order."""
    return await read_back(turn, dispatcher, tracker.get_slot("reorder_items") or [])


PLACE_ORDER = PinStep("place_order", place_order)
ORDER = Question(
    "order",
    on_yes=place_order,
    pin_step=PLACE_ORDER,
    on_no="utter_order_not_placed",
    # Money moves only on an explicit yes: a doubtful one is asked again.
    ask_again="utter_reorder_confirm",
    forget_on_no=("reorder_items",),
    on_wait="utter_draft_kept",
)
SUGGESTIONS = Question("suggestions", on_yes=read_back_suggestions)
