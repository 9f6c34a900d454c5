"""A PIN said while one was asked for: open the session, then do what needed it.

Shared by ``action_answer`` and by actions that NLU may pick for a spoken PIN (four
digits also sound like the start of a pickup code), so that what was asked decides.
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import Turn, latest_text, turn_of
from actions.pin import heard_pin, verify_pin
from actions.questions import PinStep, Question

CODE_WORDS = re.compile(r"取件码|码是|\bcode\b", re.IGNORECASE)


def pin_awaited(tracker: Tracker) -> bool:
    """Whether the bot's open question is "what is your PIN?"."""
    return tracker.get_slot("awaiting") == "pin"


async def answer_pin(
    turn: Turn,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    step: PinStep | None = None,
) -> list[EventType]:
    """Check the PIN just said and carry on with the operation that asked for it.

    ``step``: the operation, when the PIN came before it was asked for.
    """
    unasked = step is not None
    if step is None:
        # Imported here: the features that declare PIN steps also answer PINs.
        from actions.open_questions import PIN_STEPS

        step = PIN_STEPS.get(str(tracker.get_slot("pin_for")))
    token, events = await verify_pin(turn, dispatcher, tracker)
    if token is None and unasked and step is not None and not events:
        # A wrong PIN said in place of a yes: the next try answers this step.
        return [SlotSet("awaiting", "pin"), SlotSet("pin_for", step.name)]
    if token is None or step is None:
        return events
    return events + await step.resume(turn_of(tracker, events), dispatcher, tracker)


def pin_instead_of_yes(tracker: Tracker, question: Question | None) -> bool:
    """Whether the owner said the PIN to a question whose yes asks for it."""
    return (
        question is not None
        and question.pin_step is not None
        and tracker.latest_message.get("intent", {}).get("name") == "provide_pin"
        and heard_pin(tracker) is not None
    )


async def answer_open_digits(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """Digits answering the PIN or pickup-code question asked, or None.

    Whatever NLU made of them: "2 4 6 8" easily reads as an order of two, four...
    """
    from actions.parcels import heard_code, pick_up  # parcels answer PINs too

    awaiting = tracker.get_slot("awaiting")
    if awaiting == "pin" and heard_pin(tracker) is not None:
        return await answer_pin(turn, dispatcher, tracker)
    said = latest_text(tracker)
    names_code = awaiting == "pickup_code" or CODE_WORDS.search(said)
    if names_code and heard_code(tracker) is not None and not _picked_up(tracker):
        return await pick_up(turn, dispatcher, tracker)  # "取件码 九八八九九八"
    return None


def _picked_up(tracker: Tracker) -> bool:
    """Whether this message's pickup code was served already.

    "取快递 码是… 然后再订两箱雪碧": the pickup runs first, then the order form,
    which must not run it again.
    """
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("name") == "action_confirm_pickup":
            return True
    return False


def code_said_in_passing(tracker: Tracker) -> bool:
    """A pickup code named in a sentence that is about something else too.

    "first pick up a parcel, code 3 0 8 6 9 5, then order two cases of sprite".
    """
    from actions.parcels import heard_code  # parcels answer PINs too

    said = latest_text(tracker)
    return bool(CODE_WORDS.search(said)) and heard_code(tracker) is not None and (
        not _picked_up(tracker)
    )
