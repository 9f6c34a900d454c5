"""Orders already placed: where the one meant is, and cancelling it before dispatch."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend_clients import clients
from actions.base import ShopAction, Turn, clear_context, entity_values, latest_text
from actions.clients.errors import Conflict
from actions.clients.orders import Order
from actions.order_choice import (
    MAX_CHOICES,
    by_position,
    mentioned_day,
    mentioned_order_ids,
    placed_on,
    says_cancel,
)
from actions.questions import Choice, PinStep, Question, ask_for_pin
from actions.reorder import lines_words, spoken_date
from actions.reorder_draft import base_name, base_name_en, line_of
from actions.reorder_edit import (
    ActionEditDraft,
    apply_edit,
    lines_named,
    named_but_absent,
    undoes_edit,
)
from actions.shop_time import today_in_shop
from actions.speech_text import choice_words, join_words
from common.languages import is_english

STATUS_WORDS = {
    "placed": ("已下单", "placed"),
    "dispatched": ("已发货", "on its way"),
    "delivered": ("已送到", "delivered"),
    "cancelled": ("已取消", "cancelled"),
}


async def cancel_order(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """Cancel the order the owner confirmed, if not dispatched yet."""
    order_id = tracker.get_slot("order_to_cancel")
    if order_id is None:
        dispatcher.utter_message(response="utter_nothing_to_confirm")
        return clear_context()
    if not turn.owner_session:
        return ask_for_pin(dispatcher, CANCEL_ORDER)
    try:
        await clients().orders.cancel(turn.shop, int(order_id), turn.owner_session)
        dispatcher.utter_message(response="utter_order_cancelled", id=str(order_id))
    except Conflict:
        dispatcher.utter_message(
            response="utter_order_not_cancellable", id=str(order_id)
        )
    return [SlotSet("order_to_cancel", None), *clear_context()]


CANCEL_ORDER = PinStep("cancel_order", cancel_order)
CANCEL = Question(
    "cancel_order",
    on_yes=cancel_order,
    on_no="utter_order_kept",
    pin_step=CANCEL_ORDER,
)


def _mentions(order: Order, said: str) -> bool:
    """Whether the owner named one of the order's products ("the sprite order")."""
    for line in order.quote.lines:
        product = line.product
        terms = (product.brand_zh, base_name(product.name_zh), product.brand_en,
                 base_name_en(product.name_en), *product.aliases)  # fmt: skip
        if any(len(term) >= 2 and term.lower() in said for term in terms if term):
            return True
    return False


def narrowed(orders: Sequence[Order], tracker: Tracker) -> tuple[list[Order], bool]:
    """The orders the owner's words point at, and whether they pointed at all."""
    said = " ".join([latest_text(tracker), *entity_values(tracker, "product")]).lower()
    ids = mentioned_order_ids(tracker)
    if ids:
        return [o for o in orders if o.id in ids], True
    named = [o for o in orders if _mentions(o, said)]
    if named:
        return named, True
    day = mentioned_day(said, today_in_shop())
    if day is not None:
        return [o for o in orders if placed_on(o) == day], True
    return list(orders), False


def _items(order: Order, language: str) -> str:
    return lines_words(
        [line_of(line.product, line.quantity) for line in order.quote.lines], language
    )


def ask_which(
    dispatcher: CollectingDispatcher,
    orders: Sequence[Order],
    purpose: str,
    language: str,
) -> list[EventType]:
    """Read up to three orders out by number and ask which one is meant."""
    shown = orders[:MAX_CHOICES]
    choices = [
        choice_words(n, str(o.id), _items(o, language), language)
        for n, o in enumerate(shown, 1)
    ]
    dispatcher.utter_message(
        response="utter_which_order", choices=join_words(choices, language)
    )
    return [
        SlotSet("order_choices", [o.id for o in shown]),
        SlotSet("order_choice_for", purpose),
        SlotSet("awaiting", "order_choice"),
        SlotSet("confirming", None),
    ]


def offer_cancel(
    dispatcher: CollectingDispatcher, order: Order, language: str
) -> list[EventType]:
    """Read one placed order back and ask for a yes before cancelling it."""
    dispatcher.utter_message(
        response="utter_cancel_order_confirm",
        id=str(order.id),
        items=_items(order, language),
    )
    return [SlotSet("order_to_cancel", order.id), *CANCEL.asked()]


def tell_status(
    dispatcher: CollectingDispatcher, order: Order, language: str
) -> list[EventType]:
    """Say where one order is; a cancelled or delivered one promises no delivery."""
    if order.status in ("cancelled", "delivered"):
        response = f"utter_order_status_{order.status}"
        dispatcher.utter_message(response=response, id=str(order.id))
        return []
    zh, en = STATUS_WORDS.get(order.status, (order.status, order.status))
    dispatcher.utter_message(
        response="utter_order_status",
        id=str(order.id),
        status=en if is_english(language) else zh,
        date=spoken_date(order.quote.delivery_date, language),
    )
    return []


async def choose_order(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """The answer to "which order?": by position, number or product; None if none."""
    choices = [int(i) for i in tracker.get_slot("order_choices") or []]
    recent = {o.id: o for o in await clients().orders.recent(turn.shop)}
    offered = [recent[i] for i in choices if i in recent]
    picked = by_position(choices, tracker)
    if picked is None:
        fitting, pointed = narrowed(offered, tracker)
        picked = fitting[0].id if pointed and len(fitting) == 1 else None
    if picked is None or picked not in recent:
        return None
    return _chosen(dispatcher, tracker, recent[picked], turn.language)


async def choose_order_by_key(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker, position: int
) -> list[EventType] | None:
    """Keypad ``position`` to "which order?": the n-th order read out, or None."""
    choices = [int(i) for i in tracker.get_slot("order_choices") or []]
    if not 1 <= position <= len(choices):
        return None
    recent = {o.id: o for o in await clients().orders.recent(turn.shop)}
    picked = recent.get(choices[position - 1])
    if picked is None:
        return None
    return _chosen(dispatcher, tracker, picked, turn.language)


def _chosen(
    dispatcher: CollectingDispatcher, tracker: Tracker, order: Order, language: str
) -> list[EventType]:
    done = [SlotSet("order_choices", None), SlotSet("order_choice_for", None),
            SlotSet("awaiting", None)]  # fmt: skip
    if tracker.get_slot("order_choice_for") == "cancel":
        return done + offer_cancel(dispatcher, order, language)
    return done + tell_status(dispatcher, order, language)


WHICH_ORDER = Choice(
    "order_choice", on_answer=choose_order, on_key=choose_order_by_key
)


class ActionOrderStatus(ShopAction):
    """Say where the order meant is: named, else the one on its way."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_order_status"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Say the order's status; never a delivery date for a cancelled one."""
        recent = list(await clients().orders.recent(turn.shop))
        fitting, pointed = narrowed(recent, tracker)
        if pointed and not fitting:
            if mentioned_order_ids(tracker):
                dispatcher.utter_message(response="utter_order_unknown")
                return []
            # "昨天那单" when nothing was ordered that day: say so, then what is.
            dispatcher.utter_message(response="utter_no_such_order")
            fitting, pointed = recent, False
        if pointed:
            return tell_status(dispatcher, fitting[0], turn.language)
        coming = [o for o in recent if o.status in ("placed", "dispatched")]
        if len(coming) > 1:
            return ask_which(dispatcher, coming, "status", turn.language)
        if coming:
            return tell_status(dispatcher, coming[0], turn.language)
        if not recent:
            dispatcher.utter_message(response="utter_order_status_none")
            return []
        dispatcher.utter_message(response="utter_order_nothing_coming")
        return tell_status(dispatcher, recent[0], turn.language)


async def _not_a_past_order(turn: Turn, draft: list, tracker: Tracker) -> bool:
    """A product named during a read-back, not on it, with no word for an order."""
    if re.search(r"单|\border\b", latest_text(tracker), re.IGNORECASE):
        return False  # "雪碧那单取消": a placed order
    return await named_but_absent(turn, draft, tracker) is not None


class ActionCancelOrder(ShopAction):
    """Offer to cancel the placed order the owner means, and only on a cancel word."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_cancel_order"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Read the order back and ask for a yes before cancelling."""
        if tracker.get_slot("awaiting") == WHICH_ORDER.name:
            # "雪碧那个" to "which one?" sounds like a cancel: it answers the choice.
            chosen = await choose_order(turn, dispatcher, tracker)
            if chosen is not None:
                return chosen
        draft = tracker.get_slot("reorder_items") or []
        if draft and tracker.get_slot("confirming") == "order":
            if undoes_edit(tracker):  # "还是把雪碧加回来" heard as a cancel of 雪碧
                return await ActionEditDraft().run(dispatcher, tracker, domain)
            if lines_named(draft, tracker) or await _not_a_past_order(
                turn, draft, tracker
            ):
                # "雪碧不要了" / "取消雪碧" during a read-back: that line goes (or,
                # with no Sprite on it, the owner hears so; no order is touched).
                return await apply_edit(turn, dispatcher, tracker, "remove_item")
        if not says_cancel(latest_text(tracker)):
            # "我要订货" misheard as a cancel: ordering words never cancel.
            return [FollowupAction("reorder_form")]
        recent = list(await clients().orders.recent(turn.shop))
        fitting, pointed = narrowed(recent, tracker)
        if pointed and not fitting:
            dispatcher.utter_message(response="utter_order_unknown")
            return []
        cancellable = [o for o in fitting if o.status == "placed"]
        if not cancellable:
            if pointed:
                zh, en = STATUS_WORDS.get(fitting[0].status, ("", ""))
                dispatcher.utter_message(
                    response="utter_order_not_cancellable_now",
                    id=str(fitting[0].id),
                    status=en if is_english(turn.language) else zh,
                )
                return []
            dispatcher.utter_message(response="utter_no_order_to_cancel")
            return []
        if len(cancellable) > 1:
            return ask_which(dispatcher, cancellable, "cancel", turn.language)
        return offer_cancel(dispatcher, cancellable[0], turn.language)
