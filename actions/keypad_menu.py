"""The phone's fixed keypad menu: 1 reorder, 2 parcels, 3 loans, 0 a person.

Tools outside the project drive the menu by these keys: keep them. ``1`` opens a
sub-menu (1 the usual order, 2 what is running low), a :class:`Choice` like any
other, so "第一个" said to it works as well as the key.
"""

from __future__ import annotations

from collections.abc import Mapping

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import Turn
from actions.handoff import record_handoff
from actions.loans import tell_eligibility
from actions.parcels import list_waiting
from actions.questions import Choice, Handler, position_said
from actions.reorder import read_back_usual, suggest_stock

REORDER_MENU_NAME = "reorder_menu"
# The sub-menu's options, in the order their keys say them.
REORDER_OPTIONS: tuple[Handler, ...] = (read_back_usual, suggest_stock)


async def ask_reorder_menu(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """Ask which kind of order: the usual one, or what is running low."""
    dispatcher.utter_message(response="utter_keypad_reorder_menu")
    return [SlotSet("awaiting", REORDER_MENU_NAME), SlotSet("confirming", None)]


async def hand_over(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """A person calls the owner back (as when asked for in words)."""
    return await record_handoff(turn, dispatcher, tracker, "owner_asked")


async def reorder_option_by_key(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker, position: int
) -> list[EventType] | None:
    """Run the sub-menu's option at ``position``; None past the end."""
    if not 1 <= position <= len(REORDER_OPTIONS):
        return None
    events = await REORDER_OPTIONS[position - 1](turn, dispatcher, tracker)
    return [SlotSet("awaiting", None), *events]


async def reorder_option_by_words(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """A position said to the sub-menu ("第一个"); None if none was said."""
    return await position_said(reorder_option_by_key, turn, dispatcher, tracker)


REORDER_MENU = Choice(
    REORDER_MENU_NAME,
    on_answer=reorder_option_by_words,
    on_key=reorder_option_by_key,
    reask="utter_keypad_reorder_menu",
)
# When no question is open (the greeting's menu).
MAIN_MENU: Mapping[str, Handler] = {
    "1": ask_reorder_menu,
    "2": list_waiting,
    "3": tell_eligibility,
    "0": hand_over,
}
