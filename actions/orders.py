"""Orders already placed: where they are, and cancelling before dispatch."""

from __future__ import annotations

from collections.abc import Sequence

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import ShopAction, Turn, clear_context
from actions.clients.errors import Conflict
from actions.clients.orders import Order
from actions.questions import PinStep, Question, ask_for_pin
from actions.reorder import lines_words, spoken_date
from actions.reorder_draft import line_of
from actions.services import services

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
    if not turn.session:
        return ask_for_pin(dispatcher, CANCEL_ORDER)
    try:
        await services().orders.cancel(turn.shop, int(order_id), turn.session)
        dispatcher.utter_message(response="utter_order_cancelled", id=str(order_id))
    except Conflict:
        dispatcher.utter_message(
            response="utter_order_not_cancellable", id=str(order_id)
        )
    return [SlotSet("order_to_cancel", None), *clear_context()]


CANCEL = Question("cancel_order", on_yes=cancel_order, on_no="utter_order_kept")
CANCEL_ORDER = PinStep("cancel_order", cancel_order)


def _latest(orders: Sequence[Order]) -> Order | None:
    return orders[0] if orders else None


class ActionOrderStatus(ShopAction):
    """Say where the latest order is."""

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
        """Say the latest order's status and delivery date."""
        order = _latest(await services().orders.recent(turn.shop))
        if order is None:
            dispatcher.utter_message(response="utter_order_status_none")
            return []
        zh, en = STATUS_WORDS.get(order.status, (order.status, order.status))
        dispatcher.utter_message(
            response="utter_order_status",
            id=str(order.id),
            status=en if turn.language == "en" else zh,
            date=spoken_date(order.quote.delivery_date, turn.language),
        )
        return []


class ActionCancelOrder(ShopAction):
    """Offer to cancel the latest order not yet dispatched."""

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
        order = _latest(await services().orders.placed(turn.shop))
        if order is None:
            dispatcher.utter_message(response="utter_no_order_to_cancel")
            return []
        lines = [line_of(line.product, line.quantity) for line in order.quote.lines]
        dispatcher.utter_message(
            response="utter_cancel_order_confirm",
            id=str(order.id),
            items=lines_words(lines, turn.language),
        )
        return [
            SlotSet("order_to_cancel", order.id),
            *CANCEL.asked(),
        ]
