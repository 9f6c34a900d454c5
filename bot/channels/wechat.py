"""WeChat Official Account turns, relayed by the voice gateway's WeChat bridge."""

from __future__ import annotations

from bot.channels.base import SecretInputChannel
from common.channels import WECHAT


class WeChatInput(SecretInputChannel):
    """Messages from an owner's WeChat (the id is their openid)."""

    @classmethod
    def name(cls) -> str:
        """Return the channel name used in URLs and in the identity metadata."""
        return WECHAT
