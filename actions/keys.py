"""Keys pressed on the phone: what was keyed and what a key means (pure).

The phone gateway sends keys as ``/keypad{"keys": "1"}`` (one key, acted on at
once) or ``/keypad{"keys": "2468"}`` (digits keyed up to ``#``, without it), and
silences as ``/silence{"count": 1}``. A key answers the open question the same way
words do: 1 yes and 2 no to a question, n the n-th option of a choice.
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from actions.base import entity_values
from actions.questions import YES_NO_KEYS
from actions.reorder_state import (
    AskQuantity,
    CheckQuantity,
    Choose,
    DraftQuestion,
    Suggest,
    draft_from_slot,
)

KEYS = re.compile(r"[0-9*#]{1,32}")
REPEAT_KEY = "*"
PERSON_KEY = "0"
REORDER_FORM = "reorder_form"


def pressed_keys(tracker: Tracker) -> str | None:
    """The keys of a keypad turn ("1", "*", "2468"), or None when there are none."""
    for value in entity_values(tracker, "keys"):
        keys = value.strip()
        if KEYS.fullmatch(keys):
            return keys
    return None


def key_position(keys: str) -> int | None:
    """The option a single digit key picks (1 = the first), or None."""
    return int(keys) if len(keys) == 1 and keys in "123456789" else None


def form_active(tracker: Tracker) -> bool:
    """Whether the reorder form is asking its questions."""
    return (tracker.active_loop or {}).get("name") == REORDER_FORM


def form_question(tracker: Tracker) -> DraftQuestion | None:
    """The reorder form's open question (None when none: "what" is asked)."""
    draft = draft_from_slot(tracker.get_slot("reorder_pending"))
    return None if draft is None else draft.question


def form_reask(question: DraftQuestion | None) -> str:
    """The reorder form's question asked again after a silence or a useless key."""
    match question:
        case Choose():
            return "utter_press_choice"
        case Suggest() | CheckQuantity():
            return "utter_press_yes_no"
        case AskQuantity():
            return "utter_press_quantity"
    return "utter_say_what_to_order"


def form_answer(question: DraftQuestion | None, keys: str) -> tuple[str, str] | None:
    """Keys answering the reorder form's question, as the words and intent said.

    None when the keys answer nothing there (the owner is told which keys work).
    """
    position = key_position(keys)
    match question:
        case Choose(_, candidates) if position is not None:
            if position <= len(candidates):
                return f"第{position}个", "inform"  # as "第二个" picks the second
        case Suggest() | CheckQuantity() if keys in YES_NO_KEYS:
            return "", YES_NO_KEYS[keys]
        case AskQuantity() if keys.isdigit() and int(keys) > 0:
            return keys, "inform"
    return None


def keyed_in_vain(tracker: Tracker) -> bool:
    """Whether ``action_keypad`` already answered a useless key this turn."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") == "action_keypad":
            return True
    return False
