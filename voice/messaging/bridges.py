"""The chat bridges of one gateway process, built once the gateway's clients exist."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable

import aiohttp
from aiohttp import web

from common.channels import CHAT_CHANNELS, WECHAT
from voice.gateway.state import GATEWAY
from voice.messaging import telegram_view, wechat_view
from voice.messaging.access_token import SharedAccessToken
from voice.messaging.assistant import ChatAssistant
from voice.messaging.ledger import Ledger
from voice.messaging.notifier import Notifier, TemplateSender
from voice.messaging.sender import ChatSender
from voice.messaging.settings import MessagingSettings, TelegramSettings
from voice.messaging.state import MESSAGING, Messaging
from voice.messaging.telegram_api import TelegramApi
from voice.messaging.telegram_bridge import TelegramBridge
from voice.messaging.wechat_api import WeChatApi
from voice.messaging.wechat_bridge import WeChatBridge

logger = logging.getLogger(__name__)

Context = Callable[[web.Application], AsyncIterator[None]]


def setup_messaging(app: web.Application, settings: MessagingSettings) -> None:
    """Add the chat routes; call after the gateway's own clients are set up."""
    app[MESSAGING] = Messaging()
    app.cleanup_ctx.append(_bridges(settings))
    app.router.add_get("/wechat", wechat_view.verify)
    app.router.add_post("/wechat", wechat_view.receive)
    if settings.telegram is not None:
        app.router.add_post(
            telegram_view.PATH_PREFIX + settings.telegram.webhook_path,
            telegram_view.receive,
        )


def _notifier(
    messaging: Messaging,
    ledger: Ledger,
    assistant: ChatAssistant,
    settings: MessagingSettings,
) -> Notifier | None:
    senders: dict[str, ChatSender] = {}
    for channel in CHAT_CHANNELS:
        sender = messaging.sender(channel)
        if sender is not None:
            senders[channel] = sender
    templates: dict[str, TemplateSender] = {}
    if messaging.wechat is not None and messaging.wechat.settings.notice_template:
        templates[WECHAT] = messaging.wechat
    if not senders:
        return None
    return Notifier(ledger, assistant, senders, templates, settings.notice_poll_s)


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
            if settings.telegram is not None:
                bot_api = TelegramApi(
                    session, settings.telegram.api_base, settings.telegram.bot_token
                )
                messaging.telegram = TelegramBridge(
                    gateway, settings.telegram, ledger, assistant, bot_api
                )
                _announce_webhook(gateway.config.public_url, settings.telegram)
            messaging.notifier = _notifier(messaging, ledger, assistant, settings)
            task = None
            if messaging.notifier is not None and settings.notice_poll_s > 0:
                task = asyncio.create_task(messaging.notifier.run())
            yield
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    return build


def _announce_webhook(public_url: str | None, settings: TelegramSettings) -> None:
    # The path is derived from the bot token, so this line is where the operator
    # learns the URL to give setWebhook (see the README's "Telegram").
    base = public_url or "https://<this gateway's public host>"
    logger.info(
        "telegram: the bot's webhook is %s%s%s; call setWebhook with that url and "
        "secret_token = ZHANGGUI_TELEGRAM_WEBHOOK_SECRET",
        base.rstrip("/"),
        telegram_view.PATH_PREFIX,
        settings.webhook_path,
    )
