"""Keys pressed on the phone: what was keyed and what a key means (pure).

The phone gateway sends keys as ``/keypad{"keys": "1"}`` (one key, acted on at
once) or ``/keypad{"keys": "2468"}`` (digits keyed up to ``#``, without it), and
silences as ``/silence{"count": 1}``. A key answers the open question the same way
words do: 1 yes and 2 no to a question, n the n-th option of a choice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rasa_sdk import Tracker

from actions.base import entity_values
from actions.questions import YES_NO_KEYS

KEYS = re.compile(r"[0-9*#]{1,32}")
REPEAT_KEY = "*"
PERSON_KEY = "0"
REORDER_FORM = "reorder_form"
# The reorder form's questions, asked again after a silence or a useless key.
FORM_REASKS: Mapping[str, str] = {
    "choose": "utter_press_choice",
    "suggest": "utter_press_yes_no",
    "check": "utter_press_yes_no",
    "quantity": "utter_press_quantity",
    "what": "utter_say_what_to_order",
}


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


def form_question(tracker: Tracker) -> dict[str, Any]:
    """The reorder form's open question (``{"kind": "what"}`` when none)."""
    pending = tracker.get_slot("reorder_pending")
    question = pending.get("question") if isinstance(pending, dict) else None
    return question if isinstance(question, dict) else {"kind": "what"}


def form_answer(question: dict[str, Any], keys: str) -> tuple[str, str] | None:
    """Keys answering the reorder form's question, as the words and intent said.

    None when the keys answer nothing there (the owner is told which keys work).
    """
    kind = question.get("kind")
    position = key_position(keys)
    if kind == "choose" and position is not None:
        if position <= len(question.get("candidates") or []):
            return f"第{position}个", "inform"  # as "第二个" picks the second
        return None
    if kind in ("suggest", "check") and keys in YES_NO_KEYS:
        return "", YES_NO_KEYS[keys]
    if kind == "quantity" and keys.isdigit() and int(keys) > 0:
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
