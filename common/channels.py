"""The channels owners reach the assistant on, named once for every service.

The name is Rasa's input channel (``tracker.get_latest_input_channel()``), the
``channel`` of a caller the backend resolves, and the key of a chat account.
"""

from __future__ import annotations

from typing import Final, Literal

Channel = Literal["phone", "kiosk", "wechat", "telegram"]
PHONE: Final = "phone"
KIOSK: Final = "kiosk"
WECHAT: Final = "wechat"
TELEGRAM: Final = "telegram"
REST: Final = "rest"
"""Rasa's plain REST channel (tests and tools), not a channel owners use."""

CHAT_CHANNELS: Final[tuple[Channel, ...]] = (WECHAT, TELEGRAM)
"""Chat apps an owner links an account of, in the order they are offered."""
CHANNELS: Final[frozenset[Channel]] = frozenset({PHONE, KIOSK, WECHAT, TELEGRAM})
"""Every channel an owner talks on."""
