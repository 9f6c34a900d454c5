"""Phone turns for the keypad tests: keys pressed, a silence, a turn inside the
reorder form."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.keypad import ActionKeypad
from tests.actions.conftest import texts, tracker

COKE = "KO-COLA-330-24"


def keyed(keys: str, **slots: Any) -> Tracker:
    """A phone turn pressing ``keys`` (as the gateway's intent trigger)."""
    trigger = "/keypad" + json.dumps({"keys": keys})
    return tracker(
        trigger, "keypad", [{"entity": "keys", "value": keys}],
        slots=slots, input_channel="phone",
    )  # fmt: skip


def silent(**slots: Any) -> Tracker:
    """A phone turn where the caller said nothing."""
    return tracker(
        '/silence{"count": 1}', "silence", [{"entity": "count", "value": 1}],
        slots=slots, input_channel="phone",
    )  # fmt: skip


def in_form(turn: Tracker, question: dict[str, Any]) -> Tracker:
    """The same turn while the reorder form asks ``question``."""
    turn.active_loop = {"name": "reorder_form"}
    turn.slots["reorder_pending"] = {"lines": [], "queue": [], "question": question}
    return turn


async def press(keys: str, **slots: Any) -> tuple[list, list]:
    dispatcher = CollectingDispatcher()
    events = await ActionKeypad().run(dispatcher, keyed(keys, **slots), {})
    return events, [name for name, _ in texts(dispatcher)]
