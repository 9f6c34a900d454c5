"""What the phone gateway needs to know after a turn, read from the conversation.

How the keypad collects the next keys: ``menu`` (each key acts at once) or
``digits`` (keys gathered until ``#``, of a known length or not), and whether the
bot has just said goodbye (the gateway hangs up once it is played). Decided from the
open question the actions left in the ``awaiting`` slot and the reorder form's state,
so that speech and keys always see the same question.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rasa.shared.core.events import ActionExecuted, Event, UserUttered

MENU, DIGITS = "menu", "digits"
# The digit strings an open question waits for, and their length. The actions keep
# the same lengths (actions.pin.PIN_LENGTH, actions.parcels.CODE_LENGTH); a test
# holds them together.
AWAITED_DIGITS: Mapping[str, int] = {"pin": 4, "pickup_code": 6}
REORDER_FORM = "reorder_form"
# The form's questions answered by a number of any length ("how many cases?").
NUMBER_QUESTIONS = frozenset({"quantity"})
GOODBYE_ACTIONS = frozenset({"utter_goodbye"})


@dataclass(frozen=True)
class KeypadEntry:
    """How the gateway gathers the next keys."""

    mode: str
    digits: int | None = None


def keypad_entry(
    awaiting: Any, active_loop: str | None, reorder_pending: Any
) -> KeypadEntry:
    """The keypad mode for the question left open."""
    if active_loop == REORDER_FORM:
        pending = reorder_pending if isinstance(reorder_pending, dict) else {}
        question = pending.get("question")
        kind = question.get("kind") if isinstance(question, dict) else None
        return KeypadEntry(DIGITS) if kind in NUMBER_QUESTIONS else KeypadEntry(MENU)
    if isinstance(awaiting, str) and awaiting in AWAITED_DIGITS:
        return KeypadEntry(DIGITS, AWAITED_DIGITS[awaiting])
    return KeypadEntry(MENU)


def this_turn(events: Iterable[Event]) -> list[Event]:
    """The events since the latest user message."""
    found: list[Event] = []
    for event in reversed(list(events)):
        if isinstance(event, UserUttered):
            break
        found.append(event)
    return list(reversed(found))


def said_goodbye(events: Iterable[Event]) -> bool:
    """Whether the bot said goodbye in this turn's events."""
    return any(
        isinstance(event, ActionExecuted) and event.action_name in GOODBYE_ACTIONS
        for event in events
    )
