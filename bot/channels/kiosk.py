"""The in-shop kiosk's Rasa channel, called by the voice gateway (see relayed.py)."""

from __future__ import annotations

from bot.channels.relayed import RelayedInput


class KioskInput(RelayedInput):
    """Turns from the kiosk page, relayed by the voice gateway."""

    @classmethod
    def name(cls) -> str:
        """Return the channel name used in URLs and in the identity metadata."""
        return "kiosk"
