"""The phone line's Rasa channel, called by the phone gateway (Twilio, Asterisk).

``POST /webhooks/phone/webhook``: the kiosk channel's secret and body, with the
caller's number as ``metadata.id``. Keys arrive as intent triggers in the same
dialogue as speech: ``/keypad{"keys": "1"}`` (one key) or ``/keypad{"keys":
"2468"}`` (digits keyed up to ``#``), and ``/silence{"count": 1}``. The answer adds
to the kiosk's fields what the gateway needs for the next turn::

    {"messages": [{"text": ...}], "language": "zh", "slow_speech": false,
     "identified": true, "keypad": "menu" | "digits", "digits": 4 | 6 | null,
     "end_call": false}

The bot's messages are generated for the output channel ``phone``, so domain
responses can have ``channel: phone`` variants that name the keys to press.
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel
from rasa.shared.core.trackers import DialogueStateTracker

from bot.channels.base import SecretInputChannel, slot_value
from bot.channels.phone_state import keypad_entry, said_goodbye, this_turn
from common.channels import PHONE


class PhoneOutput(CollectingOutputChannel):
    """Collects the bot's messages, generated with the phone's wording."""

    @classmethod
    def name(cls) -> str:
        """The output channel name domain responses select their variant by."""
        return PHONE


class PhoneInput(SecretInputChannel):
    """Turns from the phone gateway: speech recognised, keys, silences."""

    @classmethod
    def name(cls) -> str:
        """Return the channel name used in URLs and in the identity metadata."""
        return PHONE

    def collector(self) -> CollectingOutputChannel:
        """Collect the messages in the phone's wording."""
        return PhoneOutput()

    def answer(
        self, tracker: DialogueStateTracker | None, messages: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """The kiosk's answer plus the keypad mode and whether to hang up."""
        entry = keypad_entry(
            slot_value(tracker, "awaiting", None),
            tracker.active_loop_name if tracker is not None else None,
            slot_value(tracker, "reorder_pending", None),
        )
        events = this_turn(tracker.events) if tracker is not None else []
        return {
            **super().answer(tracker, messages),
            "keypad": entry.mode,
            "digits": entry.digits,
            "end_call": said_goodbye(events),
        }
