"""The chat bridges of one gateway process, built once the gateway's clients exist."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import aiohttp
from aiohttp import web

from voice.gateway.services import GATEWAY
from voice.messaging import wechat_view
from voice.messaging.access_token import SharedAccessToken
from voice.messaging.assistant import ChatAssistant
from voice.messaging.ledger import Ledger
from voice.messaging.settings import MessagingSettings
from voice.messaging.state import MESSAGING, Messaging
from voice.messaging.wechat_api import WeChatApi
from voice.messaging.wechat_bridge import WeChatBridge

Context = Callable[[web.Application], AsyncIterator[None]]


def setup_messaging(app: web.Application, settings: MessagingSettings) -> None:
    """Add the chat routes; call after the gateway's own clients are set up."""
    app[MESSAGING] = Messaging()
    app.cleanup_ctx.append(_bridges(settings))
    app.router.add_get("/wechat", wechat_view.verify)
    app.router.add_post("/wechat", wechat_view.receive)


def _bridges(settings: MessagingSettings) -> Context:
    async def build(app: web.Application) -> AsyncIterator[None]:
        gateway = app[GATEWAY]
        messaging = app[MESSAGING]
        async with aiohttp.ClientSession() as session:
            ledger = Ledger(gateway.backend)
            assistant = ChatAssistant(gateway.callers, gateway.rasa, gateway.backend)
            if settings.wechat is not None:
                api = WeChatApi(session, settings.wechat.api_base)
                token = SharedAccessToken(
                    ledger, api, settings.wechat.app_id, settings.wechat.app_secret
                )
                messaging.wechat = WeChatBridge(
                    gateway, settings.wechat, ledger, assistant, api, token
                )
            yield

    return build
