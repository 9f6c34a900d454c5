"""Gateways with their chat bridges pointed at the stand-in WeChat and Bot APIs."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.fixtures.telegram_standin import TelegramStandIn
from tests.fixtures.voice import (
    NO_RASA,
    GatewayUnderTest,
    KoreanForChinese,
    start_gateway,
)
from tests.fixtures.wechat_standin import APP_ID, APP_SECRET, WeChatStandIn
from tests.messaging.telegram_client import TelegramWebhook
from tests.messaging.wechat_client import WeChatServer
from voice.messaging.settings import (
    DEMO_TELEGRAM_BOT_TOKEN,
    DEMO_TELEGRAM_WEBHOOK_SECRET,
    DEMO_WECHAT_AES_KEY,
    DEMO_WECHAT_TOKEN,
    MessagingSettings,
    TelegramSettings,
    WeChatSettings,
)


def wechat_settings(api: WeChatStandIn, passive_ms: int = 4000) -> WeChatSettings:
    return WeChatSettings(
        token=DEMO_WECHAT_TOKEN,
        aes_key=DEMO_WECHAT_AES_KEY,
        app_id=APP_ID,
        app_secret=APP_SECRET,
        api_base=api.url,
        passive_ms=passive_ms,
    )


async def wechat_gateway(
    engines: KoreanForChinese,
    backend_url: str,
    api: WeChatStandIn,
    rasa_url: str = NO_RASA,
    passive_ms: int = 4000,
    notice_poll_s: float = 0.0,
) -> AsyncIterator[tuple[GatewayUnderTest, WeChatServer]]:
    settings = wechat_settings(api, passive_ms)
    # Notices stay off unless a test asks: another test's notices never land here.
    messaging = MessagingSettings(wechat=settings, notice_poll_s=notice_poll_s)
    async for gateway in start_gateway(
        engines, backend_url, rasa_url, messaging=messaging
    ):
        yield gateway, WeChatServer(gateway.client, settings)


@pytest.fixture
async def wechat(
    speech_engines: KoreanForChinese, backend_url: str, wechat_api: WeChatStandIn
) -> AsyncIterator[WeChatServer]:
    """WeChat posting to a gateway with the real backend but no Rasa."""
    async for _, server in wechat_gateway(speech_engines, backend_url, wechat_api):
        yield server


@pytest.fixture
async def rasa_wechat(
    speech_engines: KoreanForChinese,
    backend_url: str,
    wechat_api: WeChatStandIn,
    rasa_server: Any,
) -> AsyncIterator[WeChatServer]:
    """WeChat posting to a gateway with the real backend, Rasa and actions."""
    async for _, server in wechat_gateway(
        speech_engines, backend_url, wechat_api, rasa_server.url
    ):
        yield server


def encrypted(server: WeChatServer) -> WeChatServer:
    return dataclasses.replace(server, encrypted=True)


async def telegram_gateway(
    engines: KoreanForChinese,
    backend_url: str,
    api: TelegramStandIn,
    rasa_url: str = NO_RASA,
    notice_poll_s: float = 0.0,
) -> AsyncIterator[tuple[GatewayUnderTest, TelegramWebhook]]:
    settings = TelegramSettings(
        bot_token=DEMO_TELEGRAM_BOT_TOKEN,
        webhook_secret=DEMO_TELEGRAM_WEBHOOK_SECRET,
        api_base=api.url,
    )
    messaging = MessagingSettings(telegram=settings, notice_poll_s=notice_poll_s)
    async for gateway in start_gateway(
        engines, backend_url, rasa_url, messaging=messaging
    ):
        yield gateway, TelegramWebhook(gateway.client, settings)


@pytest.fixture
async def telegram(
    speech_engines: KoreanForChinese, backend_url: str, telegram_api: TelegramStandIn
) -> AsyncIterator[tuple[GatewayUnderTest, TelegramWebhook]]:
    """Telegram posting to a gateway with the real backend but no Rasa."""
    async for running in telegram_gateway(speech_engines, backend_url, telegram_api):
        yield running


@pytest.fixture
async def rasa_telegram(
    speech_engines: KoreanForChinese,
    backend_url: str,
    telegram_api: TelegramStandIn,
    rasa_server: Any,
) -> AsyncIterator[tuple[GatewayUnderTest, TelegramWebhook]]:
    """Telegram posting to a gateway with the real backend, Rasa and actions."""
    async for running in telegram_gateway(
        speech_engines, backend_url, telegram_api, rasa_server.url
    ):
        yield running
