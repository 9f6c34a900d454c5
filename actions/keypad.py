"""Keys and silences on the phone, in the same dialogue as speech.

``action_keypad`` answers the open question from the registry
(``actions/open_questions.py``) as ``action_answer`` does for words: a PIN or
pickup code keyed up to ``#``, 1 yes / 2 no to a question, n the n-th option of a
choice; with nothing open, the fixed menu (``actions/keypad_menu.py``).
``action_silence`` asks the open question again, shorter, with the keys to press.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answer import answer_yes_no
from actions.base import ShopAction, Turn
from actions.conversation import previous_bot_texts
from actions.keypad_menu import MAIN_MENU, hand_over
from actions.keys import (
    PERSON_KEY,
    REPEAT_KEY,
    form_active,
    form_question,
    form_reask,
    key_position,
    pressed_keys,
)
from actions.open_questions import CHOICES, QUESTIONS
from actions.parcels import pick_up
from actions.pin_answer import answer_pin

# Open questions answered by digits keyed up to "#", and how to ask for them.
DIGIT_REASKS = {"pin": "utter_press_pin", "pickup_code": "utter_press_pickup_code"}


def reask_response(tracker: Tracker) -> str:
    """The short prompt, naming the keys, for the question left open."""
    if form_active(tracker):
        return form_reask(form_question(tracker))
    awaiting = str(tracker.get_slot("awaiting"))
    if awaiting in DIGIT_REASKS:
        return DIGIT_REASKS[awaiting]
    choice = CHOICES.get(awaiting)
    if choice is not None:
        return choice.reask
    question = QUESTIONS.get(str(tracker.get_slot("confirming")))
    if question is not None:
        return question.reask
    return "utter_keypad_menu"


async def answer_keys(
    turn: Turn, dispatcher: CollectingDispatcher, tracker: Tracker, keys: str
) -> list[EventType] | None:
    """Answer the open question (or the menu) with ``keys``; None if they mean nothing.

    A keyed PIN goes the spoken PIN's way (``answer_pin``): checked by the
    backend, never said back, never logged, kept in no slot.
    """
    awaiting = str(tracker.get_slot("awaiting"))
    if awaiting == "pin":
        return await answer_pin(turn, dispatcher, tracker) if keys.isdigit() else None
    if awaiting == "pickup_code":
        return await pick_up(turn, dispatcher, tracker) if keys.isdigit() else None
    if keys == PERSON_KEY:
        return await hand_over(turn, dispatcher, tracker)
    choice = CHOICES.get(awaiting)
    if choice is not None:
        position = key_position(keys)
        if position is None:
            return None
        return await choice.on_key(turn, dispatcher, tracker, position)
    question = QUESTIONS.get(str(tracker.get_slot("confirming")))
    if question is not None:
        answer = question.answer_for_key(keys)
        if answer is None:
            return None
        # A key is never a doubtful yes: it is pressed on purpose.
        return await answer_yes_no(turn, dispatcher, tracker, question, answer, True)
    handler = MAIN_MENU.get(keys)
    return await handler(turn, dispatcher, tracker) if handler else None


class ActionKeypad(ShopAction):
    """Keys pressed on the phone answer what is open, or pick from the menu."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_keypad"

    async def act(
        self,
        turn: Turn,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Route the keys; a key that means nothing here is told which keys work."""
        keys = pressed_keys(tracker)
        if keys == REPEAT_KEY:
            # The gateway replays what was heard itself; this is the fallback.
            for text in previous_bot_texts(tracker):
                dispatcher.utter_message(text=text)
            return []
        if form_active(tracker):
            # Keys that answer the form went to it; the form asks again after this.
            dispatcher.utter_message(response="utter_keypad_unknown")
            return []
        answered = None if keys is None else await answer_keys(
            turn, dispatcher, tracker, keys
        )
        if answered is not None:
            return answered
        dispatcher.utter_message(response="utter_keypad_unknown")
        dispatcher.utter_message(response=reask_response(tracker))
        return []


class ActionSilence(Action):
    """The caller said nothing: ask the open question again, shorter, with keys."""

    def name(self) -> str:
        """Return the action's name."""
        return "action_silence"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[EventType]:
        """Say the short prompt for what is open (the menu when nothing is)."""
        dispatcher.utter_message(response=reask_response(tracker))
        return []
