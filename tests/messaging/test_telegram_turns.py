"""Whole Telegram turns: updates → real gateway → real Rasa, actions and backend →
sendMessage and sendVoice at the stand-in Bot API."""

from __future__ import annotations

import asyncio
import re

import pytest

from tests.fixtures.backend import BackendServer
from tests.fixtures.sounds import fixture_pcm
from tests.fixtures.telegram_standin import TelegramStandIn
from tests.fixtures.voice import GatewayUnderTest
from tests.messaging.accounts import link_account, order_count
from tests.messaging.telegram_client import (
    TelegramWebhook,
    new_chat_id,
    text_update,
    voice_update,
)
from voice.messaging.voice_notes import decode_voice, encode_ogg_opus
from voice.speech.audio import rms

pytestmark = pytest.mark.rasa
Running = tuple[GatewayUnderTest, TelegramWebhook]
WEIJUN_OWNER, WEIJUN_SHOP = 1, 1  # Mandarin, PIN 2468
DAVID_OWNER = 2  # English


async def say(
    webhook: TelegramWebhook, api: TelegramStandIn, chat: str, text: str
) -> str:
    """Send a text and wait for the bot's answer to it."""
    count = len(api.sent)
    answer = await webhook.post(text_update(webhook.new_update_id(), chat, text))
    assert answer.status == 200
    return (await api.next_sent(count + 1))[-1].text


@pytest.mark.slow
async def test_a_reorder_is_placed_once_through_three_redeliveries(
    rasa_telegram: Running,
    telegram_api: TelegramStandIn,
    backend_server: BackendServer,
) -> None:
    gateway, webhook = rasa_telegram
    chat = link_account(backend_server, WEIJUN_OWNER, "telegram", new_chat_id())
    readback = await say(webhook, telegram_api, chat, "我要订二十箱可口可乐")
    assert "二十箱可口可乐" in readback
    assert "密码" in await say(webhook, telegram_api, chat, "对，下单")
    before = order_count(backend_server, WEIJUN_SHOP)
    sent_before = len(telegram_api.sent)
    pin = text_update(webhook.new_update_id(), chat, "二四六八")
    # Telegram redelivers an update it thinks failed; three arrive together.
    answers = await asyncio.gather(*(webhook.post(pin) for _ in range(3)))
    assert [a.status for a in answers] == [200, 200, 200]
    [confirmed] = (await telegram_api.next_sent(sent_before + 1))[sent_before:]
    assert re.search(r"订单号\d+", confirmed.text), confirmed.text
    assert "2468" not in confirmed.text and "二四六八" not in confirmed.text
    await gateway.settled()
    # A late fourth delivery starts nothing and sends nothing.
    assert (await webhook.post(pin)).status == 200
    assert not gateway.state.turn_tasks
    await gateway.settled()
    assert len(telegram_api.sent) == sent_before + 1
    assert order_count(backend_server, WEIJUN_SHOP) == before + 1


@pytest.mark.slow
async def test_a_voice_note_is_heard_and_answered_in_text_and_voice(
    rasa_telegram: Running,
    telegram_api: TelegramStandIn,
    backend_server: BackendServer,
) -> None:
    gateway, webhook = rasa_telegram
    chat = link_account(backend_server, DAVID_OWNER, "telegram", new_chat_id())
    pcm, rate = fixture_pcm("en_what_parcels_are_waiting-16k.wav")
    file_id = telegram_api.add_file(encode_ogg_opus(pcm, rate))
    update = voice_update(webhook.new_update_id(), chat, file_id, 2)
    assert (await webhook.post(update)).status == 200
    text, voice = await telegram_api.next_sent(2)
    assert (text.method, voice.method) == ("sendMessage", "sendVoice")
    assert text.chat_id == voice.chat_id == chat
    assert "parcel" in text.text.lower(), text.text
    assert voice.voice.startswith(b"OggS") and b"OpusHead" in voice.voice[:100]
    heard = decode_voice(voice.voice)
    assert len(heard) > 16000 and rms(heard) > 100  # real speech, over half a second
    assert voice.duration >= 1
    await gateway.settled()
    assert len(telegram_api.sent) == 2
