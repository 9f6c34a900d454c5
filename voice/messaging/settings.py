"""The chat bridges' settings (WeChat, Telegram), read once at the gateway's start.

In the demo and test profiles every value has a published demo default, so the
bridges work against the stand-in servers the tests run. Elsewhere a bridge is on
only when its settings are given, and a published demo value is refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from common.settings import (
    DEMO_PROFILES,
    Profile,
    SettingsError,
    SettingsModel,
    read_settings,
    setting,
)

WECHAT_API = "https://api.weixin.qq.com"
TELEGRAM_API = "https://api.telegram.org"
DEMO_WECHAT_TOKEN = "zhanggui-demo-wechat-token"
DEMO_WECHAT_AES_KEY = "ZhangguiDemoWeChatAesKey0123456789abcdefghi"
DEMO_WECHAT_APPID = "wx0000000000demo"
DEMO_WECHAT_SECRET = "zhanggui-demo-wechat-secret"
DEMO_TELEGRAM_BOT_TOKEN = "10000000:zhanggui-demo-telegram-bot-token"
DEMO_TELEGRAM_WEBHOOK_SECRET = "zhanggui-demo-telegram-webhook-secret"
# What setWebhook takes as ``secret_token``.
TELEGRAM_SECRET_FORM = re.compile(r"[A-Za-z0-9_-]{1,256}")


@dataclass(frozen=True)
class WeChatSettings:
    """One Official Account: callback token, AES key, app id and secret, API host."""

    token: str
    aes_key: str | None
    app_id: str
    app_secret: str
    api_base: str = WECHAT_API
    # A reply ready within this goes back in the HTTP answer; WeChat waits 5 s.
    passive_ms: int = 4000
    # The template message notices use outside the 48 h window (None: they wait).
    notice_template: str | None = None


@dataclass(frozen=True)
class TelegramSettings:
    """One bot: its token, the webhook's secret header value and the API host."""

    bot_token: str
    webhook_secret: str
    api_base: str = TELEGRAM_API

    @property
    def webhook_path(self) -> str:
        """The secret part of the webhook URL (derived: the token stays out of logs)."""
        return hashlib.sha256(b"webhook:" + self.bot_token.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class MessagingSettings:
    """Which bridges are on, and their settings."""

    wechat: WeChatSettings | None = None
    telegram: TelegramSettings | None = None
    # How often a gateway asks the backend for notices to send (0: never; the
    # settings default is 30 s, a bare MessagingSettings sends none).
    notice_poll_s: float = 0.0

    @classmethod
    def from_settings(cls, settings: Mapping[str, str]) -> MessagingSettings:
        """Build from the merged settings mapping (see docs/contract.md)."""
        declared = read_settings(MessagingEnvironment, settings)
        demo = declared.profile in DEMO_PROFILES
        return cls(
            wechat=_wechat(declared, demo),
            telegram=_telegram(declared, demo),
            notice_poll_s=declared.notice_poll_s,
        )


class MessagingEnvironment(SettingsModel):
    """The chat bridges' declared settings (names and defaults: docs/contract.md)."""

    profile: Profile = setting("ZHANGGUI_PROFILE", "demo")
    notice_poll_s: float = setting("ZHANGGUI_NOTICE_POLL_S", 30, ge=0, le=3600)
    wechat_token: str | None = setting("ZHANGGUI_WECHAT_TOKEN")
    wechat_aes_key: str | None = setting("ZHANGGUI_WECHAT_AES_KEY")
    wechat_app_id: str | None = setting("ZHANGGUI_WECHAT_APPID")
    wechat_secret: str | None = setting("ZHANGGUI_WECHAT_SECRET")
    wechat_api_base: str = setting("ZHANGGUI_WECHAT_API_BASE", WECHAT_API)
    wechat_passive_ms: int = setting("ZHANGGUI_WECHAT_PASSIVE_MS", 4000, ge=0, le=4500)
    wechat_notice_template: str | None = setting("ZHANGGUI_WECHAT_NOTICE_TEMPLATE")
    telegram_bot_token: str | None = setting("ZHANGGUI_TELEGRAM_BOT_TOKEN")
    telegram_webhook_secret: str | None = setting("ZHANGGUI_TELEGRAM_WEBHOOK_SECRET")
    telegram_api_base: str = setting("ZHANGGUI_TELEGRAM_API_BASE", TELEGRAM_API)


def _value(value: str | None, name: str, demo_value: str, demo: bool) -> str | None:
    value = value or (demo_value if demo else None)
    if value is not None and not demo and value == demo_value:
        raise SettingsError(f"{name} is the published demo value; set a real one")
    return value


def _wechat(declared: MessagingEnvironment, demo: bool) -> WeChatSettings | None:
    token = _value(
        declared.wechat_token, "ZHANGGUI_WECHAT_TOKEN", DEMO_WECHAT_TOKEN, demo
    )
    if token is None:
        return None
    aes_key = _value(
        declared.wechat_aes_key, "ZHANGGUI_WECHAT_AES_KEY", DEMO_WECHAT_AES_KEY, demo
    )
    if aes_key is not None:
        _check_aes_key(aes_key)
    app_id = _value(
        declared.wechat_app_id, "ZHANGGUI_WECHAT_APPID", DEMO_WECHAT_APPID, demo
    )
    secret = _value(
        declared.wechat_secret, "ZHANGGUI_WECHAT_SECRET", DEMO_WECHAT_SECRET, demo
    )
    if not app_id or not secret:
        raise SettingsError(
            "ZHANGGUI_WECHAT_APPID and ZHANGGUI_WECHAT_SECRET must be set with "
            "ZHANGGUI_WECHAT_TOKEN"
        )
    return WeChatSettings(
        token=token,
        aes_key=aes_key,
        app_id=app_id,
        app_secret=secret,
        api_base=declared.wechat_api_base.rstrip("/"),
        passive_ms=declared.wechat_passive_ms,
        notice_template=declared.wechat_notice_template or None,
    )


def _check_aes_key(aes_key: str) -> None:
    # WeChat's EncodingAESKey: 43 base64 characters standing for 32 bytes.
    try:
        raw = base64.b64decode(aes_key + "=", validate=True)
    except (binascii.Error, ValueError) as error:
        raise SettingsError("ZHANGGUI_WECHAT_AES_KEY is not base64") from error
    if len(aes_key) != 43 or len(raw) != 32:
        raise SettingsError("ZHANGGUI_WECHAT_AES_KEY must be 43 characters (32 bytes)")


def _telegram(declared: MessagingEnvironment, demo: bool) -> TelegramSettings | None:
    token = _value(
        declared.telegram_bot_token,
        "ZHANGGUI_TELEGRAM_BOT_TOKEN",
        DEMO_TELEGRAM_BOT_TOKEN,
        demo,
    )
    if token is None:
        return None
    secret = _value(
        declared.telegram_webhook_secret,
        "ZHANGGUI_TELEGRAM_WEBHOOK_SECRET",
        DEMO_TELEGRAM_WEBHOOK_SECRET,
        demo,
    )
    if not secret:
        raise SettingsError(
            "ZHANGGUI_TELEGRAM_WEBHOOK_SECRET must be set with the bot token"
        )
    if not TELEGRAM_SECRET_FORM.fullmatch(secret):
        raise SettingsError(
            "ZHANGGUI_TELEGRAM_WEBHOOK_SECRET: 1-256 of A-Z, a-z, 0-9, _ and -"
        )
    return TelegramSettings(
        bot_token=token,
        webhook_secret=secret,
        api_base=declared.telegram_api_base.rstrip("/"),
    )
