"""Where a gateway process keeps its chat bridges."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from common.channels import TELEGRAM, WECHAT
from voice.messaging.notifier import Notifier
from voice.messaging.sender import ChatSender
from voice.messaging.telegram_bridge import TelegramBridge
from voice.messaging.wechat_bridge import WeChatBridge


@dataclass
class Messaging:
    """The bridges that are on (None for one that is not configured)."""

    wechat: WeChatBridge | None = None
    telegram: TelegramBridge | None = None
    notifier: Notifier | None = None

    def sender(self, channel: str) -> ChatSender | None:
        """The bridge that messages ``channel``'s accounts (None when it is off)."""
        senders: dict[str, ChatSender | None] = {
            WECHAT: self.wechat,
            TELEGRAM: self.telegram,
        }
        return senders.get(channel)


MESSAGING = web.AppKey("messaging", Messaging)
