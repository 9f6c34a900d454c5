"""The in-shop kiosk's Rasa channel, called by the voice gateway.

``POST /webhooks/kiosk/webhook`` with the ``X-Zhanggui-Channel-Secret`` header and
``{"sender", "message", "metadata": {"id": <paired device token>}}`` answers
``{"messages": [{"text": ...}], "language": "zh", "slow_speech": false,
"identified": true}``: the reply plus the slots the gateway needs to speak it (see
docs/contract.md). The route itself is shared with the phone channel
(``bot/channels/base.py``).
"""

from __future__ import annotations

from bot.channels.base import SecretInputChannel
from common.channels import KIOSK


class KioskInput(SecretInputChannel):
    """Turns from the kiosk page, relayed by the voice gateway."""

    @classmethod
    def name(cls) -> str:
        """Return the channel name used in URLs and in the identity metadata."""
        return KIOSK
