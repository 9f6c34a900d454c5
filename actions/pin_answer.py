"""A PIN said while one was asked for: open the session, then do what needed it.

Shared by ``action_answer`` and by actions that NLU may pick for a spoken PIN (four
digits also sound like the start of a pickup code), so that what was asked decides.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import loans, orders, reorder
from actions.base import Turn, turn_of
from actions.pin import verify_pin

Handler = Callable[[Turn, CollectingDispatcher, Tracker], Awaitable[list[EventType]]]

# What to do once the PIN opened a session, by the operation that asked for it.
AFTER_PIN: dict[str, Handler] = {
    "place_order": reorder.place_order,
    "cancel_order": orders.cancel_order,
    "loan_eligibility": loans.tell_eligibility,
    "loan_apply": loans.submit_application,
}


def pin_awaited(tracker: Tracker) -> bool:
    """Whether the bot's open question is "what is your PIN?"."""
    return tracker.get_slot("awaiting") == "pin"


async def answer_pin(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """Check the PIN just said and carry on with the operation that asked for it."""
    token, events = await verify_pin(turn, dispatcher, tracker)
    purpose = tracker.get_slot("pin_for")
    if token is None or purpose not in AFTER_PIN:
        return events
    return events + await AFTER_PIN[purpose](
        turn_of(tracker, events), dispatcher, tracker
    )
