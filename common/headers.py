"""HTTP header names the services send and check, named once.

The Zhanggui headers are the contract's (docs/contract.md); the platforms' own
(Telegram, Twilio) are what those platforms send.
"""

from __future__ import annotations

from typing import Final

AUTHORIZATION: Final = "Authorization"
SHOP_TOKEN_HEADER: Final = "X-Shop-Token"
OWNER_SESSION_HEADER: Final = "X-Owner-Session"
CONVERSATION_HEADER: Final = "X-Conversation-Id"
IDEMPOTENCY_HEADER: Final = "Idempotency-Key"
CHANNEL_SECRET_HEADER: Final = "X-Zhanggui-Channel-Secret"
PBX_SECRET_HEADER: Final = "X-Zhanggui-PBX-Secret"
SPEECH_ENGINE_HEADER: Final = "X-Speech-Engine"
SPEECH_CACHED_HEADER: Final = "X-Speech-Cached"
TELEGRAM_SECRET_HEADER: Final = "X-Telegram-Bot-Api-Secret-Token"
TWILIO_SIGNATURE_HEADER: Final = "X-Twilio-Signature"


def bearer(token: str) -> dict[str, str]:
    """The ``Authorization`` header that presents a service token."""
    return {AUTHORIZATION: f"Bearer {token}"}
