"""Answers to the bot's own questions: yes, no, a PIN, a code, a correction.

What a "yes" means depends on what was just asked, kept in the ``confirming`` and
``awaiting`` slots; this module routes the answer to the feature that asked.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import loans, orders, parcels, reorder
from actions.base import ShopAction, Turn, clear_context, latest_intent
from actions.handoff import record_handoff
from actions.pin_answer import Handler, answer_pin
from actions.reorder_draft import heard_quantity


async def _handoff(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    return await record_handoff(turn, dispatcher, tracker, "not_understood")


async def _order_suggestions(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    return await reorder.read_back(turn, dispatcher, tracker.get_slot("reorder_items"))


ON_YES: dict[str, Handler] = {
    "order": reorder.place_order,
    "suggestions": _order_suggestions,
    "cancel_order": orders.cancel_order,
    "loan_offer": loans.read_back_application,
    "loan_apply": loans.submit_application,
    "return_parcels": parcels.return_parcels,
    "handoff": _handoff,
}
ON_NO = {
    "order": "utter_order_not_placed",
    "suggestions": "utter_anything_else",
    "cancel_order": "utter_order_kept",
    "loan_offer": "utter_anything_else",
    "loan_apply": "utter_loan_not_submitted",
    "return_parcels": "utter_return_kept",
    "handoff": "utter_handoff_declined",
}
# Money confirmations asked again when the "yes" was not heard clearly.
ASK_AGAIN = {
    "order": "utter_reorder_confirm",
    "loan_apply": "utter_loan_confirm_apply",
}
SURE_YES = 0.9


def _sure(tracker: Tracker) -> bool:
    intent = tracker.latest_message.get("intent") or {}
    return float(intent.get("confidence") or 0.0) >= SURE_YES


async def _correct_order(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """Apply "改成三十箱" to a one-line read-back and read it back again."""
    lines = tracker.get_slot("reorder_items") or []
    heard = heard_quantity(None, str(tracker.latest_message.get("text") or ""))
    if len(lines) != 1 or heard is None or heard.whole is None:
        return None
    return await reorder.read_back(
        turn, dispatcher, [{**lines[0], "quantity": heard.whole}]
    )


class ActionAnswer(ShopAction):
    """Route yes / no / PIN / code / correction to whatever was asked."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_answer"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Answer in the context of the open question."""
        awaiting = tracker.get_slot("awaiting")
        confirming = tracker.get_slot("confirming")
        intent = latest_intent(tracker)
        if awaiting == "pin" and intent != "deny":
            return await answer_pin(turn, dispatcher, tracker)
        if awaiting == "pickup_code" and intent != "deny":
            return await parcels.pick_up(turn, dispatcher, tracker)
        if intent == "affirm" and confirming in ASK_AGAIN and not _sure(tracker):
            # Money moves only on an explicit yes: a doubtful one is asked again.
            dispatcher.utter_message(response=ASK_AGAIN[confirming])
            return []
        if intent == "affirm" and confirming in ON_YES:
            return await ON_YES[confirming](turn, dispatcher, tracker)
        if intent == "deny" and (confirming in ON_NO or awaiting):
            dispatcher.utter_message(
                response=ON_NO.get(str(confirming), "utter_anything_else")
            )
            forget = [SlotSet("reorder_items", None)] if confirming == "order" else []
            return [*forget, SlotSet("pin_for", None), *clear_context()]
        if confirming == "order" and intent in ("inform", "reorder_stock"):
            corrected = await _correct_order(turn, dispatcher, tracker)
            if corrected is not None:
                return corrected
        if parcels.heard_code(tracker) is not None and intent != "provide_pin":
            return await parcels.pick_up(turn, dispatcher, tracker)
        dispatcher.utter_message(response="utter_nothing_to_confirm")
        return clear_context()
