"""Handing the owner to a person: recorded in the backend, said aloud."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.backend_clients import clients
from actions.base import Turn, clear_context
from actions.questions import Question
from common.channels import KIOSK, PHONE


async def record_handoff(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker, reason: str
) -> list[EventType]:
    """Record in the backend that a person should call the owner back."""
    channel = KIOSK if tracker.get_latest_input_channel() == KIOSK else PHONE
    await clients().handoffs.create(
        turn.shop, turn.conversation_id, reason, channel
    )
    dispatcher.utter_message(response="utter_handoff_done")
    return clear_context()


async def handoff_after_misses(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """The owner accepted a person after two misunderstandings."""
    return await record_handoff(turn, dispatcher, tracker, "not_understood")


HANDOFF = Question(
    "handoff", on_yes=handoff_after_misses, on_no="utter_handoff_declined"
)
