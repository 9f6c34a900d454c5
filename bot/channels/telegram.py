"""Telegram turns, relayed by the voice gateway's Telegram bridge.

Rasa's own Telegram channel drops voice notes; the gateway takes the bot's webhook
itself (text and voice) and relays each turn here like the kiosk's.
"""

from __future__ import annotations

from bot.channels.base import SecretInputChannel
from common.channels import TELEGRAM


class TelegramInput(SecretInputChannel):
    """Messages from an owner's Telegram (the id is their user id)."""

    @classmethod
    def name(cls) -> str:
        """Return the channel name used in URLs and in the identity metadata."""
        return TELEGRAM
