"""Handing the owner to a person: recorded in the backend, said aloud."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.base import Turn, clear_context
from actions.services import services


async def record_handoff(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker, reason: str
) -> list[EventType]:
    """Record in the backend that a person should call the owner back."""
    channel = "kiosk" if tracker.get_latest_input_channel() == "kiosk" else "phone"
    await services().handoffs.create(
        turn.shop, turn.conversation_id, reason, channel
    )
    dispatcher.utter_message(response="utter_handoff_done")
    return clear_context()
