"""Whole phone calls through the real gateway, Rasa, action server and backend.

The callers are simulated carriers (``tests/fixtures/phone.py``): Twilio Media
Streams and Asterisk AudioSocket as their docs describe them. Jobs are judged by
the backend's state and the conversation's tracker, never by the audio's words.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import requests

from tests.e2e.conftest import backend_get, check_in_parcel
from tests.fixtures.phone import PBX_SECRET, AudioSocketCaller, TwilioCaller
from tests.fixtures.voice import (
    GatewayUnderTest,
    KoreanForChinese,
    fixture_pcm,
    start_gateway,
)
from voice.gateway.app import AUDIOSOCKET_PORT
from voice.phone.call import conversation_id
from voice.speech.audio import pcm16_resample

pytestmark = [pytest.mark.rasa, pytest.mark.slow]

WEIJUN = "+8613800000001"  # 王维军, 维军百货, Mandarin, PIN 2468
DAVID = "+8613800000002"  # David Chen, English, PIN 1357
STRANGER = "+8613999990001"


@pytest.fixture
async def phone(
    speech_engines: KoreanForChinese, backend_url: str, rasa_server: Any
) -> AsyncIterator[GatewayUnderTest]:
    """The gateway with everything real behind it; silences are 2 s, not 6."""
    async for under_test in start_gateway(
        speech_engines, backend_url, rasa_server.url, phone_silence_s=2.0
    ):
        yield under_test


def user_texts(rasa_server: Any, call_sid: str) -> list[str]:
    tracker = rasa_server.tracker(conversation_id(call_sid))
    return [str(e.get("text")) for e in tracker["events"] if e["event"] == "user"]


def bot_texts(rasa_server: Any, call_sid: str) -> list[str]:
    tracker = rasa_server.tracker(conversation_id(call_sid))
    return [str(e.get("text")) for e in tracker["events"] if e["event"] == "bot"]


def orders(backend_server: Any, shop_id: int) -> list[dict[str, Any]]:
    return list(backend_get(backend_server, f"/v1/shops/{shop_id}/orders")["orders"])


def picked_up(backend_server: Any, shop_id: int, parcel_id: int) -> bool:
    path = f"/v1/shops/{shop_id}/parcels?status=picked_up"
    return any(
        p["id"] == parcel_id for p in backend_get(backend_server, path)["parcels"]
    )


def english_8k(name: str) -> bytes:
    pcm, rate = fixture_pcm(name)
    return pcm16_resample(pcm, rate, 8000)


async def test_a_keypad_only_pickup(
    phone: GatewayUnderTest, backend_server: Any, rasa_server: Any
) -> None:
    shelved = check_in_parcel(backend_server, 1, f"SF{uuid.uuid4().int % 10**12}")
    caller = TwilioCaller(phone.client, WEIJUN)
    await caller.dial()
    await caller.until_quiet()  # 王老板您好，这里是维军百货的掌柜助手…
    greeting = " ".join(bot_texts(rasa_server, caller.call_sid))
    assert "王老板" in greeting and "维军百货" in greeting
    await caller.press("2")  # parcels: the waiting ones are read out
    await caller.until_quiet()
    await caller.press(shelved["pickup_code"] + "#")
    await caller.until_quiet()
    assert picked_up(backend_server, 1, shelved["id"])
    await caller.hang_up()
    assert caller.violations == []


async def test_a_keypad_only_usual_reorder_with_the_pin_happens_once(
    phone: GatewayUnderTest, backend_server: Any, rasa_server: Any
) -> None:
    before = {o["id"] for o in orders(backend_server, 1)}
    caller = TwilioCaller(phone.client, WEIJUN)
    await caller.dial()
    await caller.until_heard()
    await caller.press("1")  # reorder (interrupting the greeting)
    await caller.until_quiet()
    await caller.press("1")  # the usual order: read back
    await caller.until_quiet()
    await caller.press("1")  # confirm: the PIN is asked
    await caller.until_quiet()
    await caller.press("2468#")
    await caller.until_quiet()
    await caller.press("1")  # pressed again: never a second order
    await caller.until_quiet()
    placed = [o for o in orders(backend_server, 1) if o["id"] not in before]
    assert len(placed) == 1, placed
    assert placed[0]["status"] == "placed"
    assert "2468" not in " ".join(bot_texts(rasa_server, caller.call_sid))
    await caller.hang_up()


async def test_a_spoken_english_turn(phone: GatewayUnderTest, rasa_server: Any) -> None:
    caller = TwilioCaller(phone.client, DAVID)
    await caller.dial()
    await caller.until_quiet()
    await caller.say(english_8k("en_what_parcels_are_waiting-16k.wav"))
    await caller.until_quiet()
    said = user_texts(rasa_server, caller.call_sid)
    assert any("parcel" in text for text in said), said
    assert "parcel" in " ".join(bot_texts(rasa_server, caller.call_sid)[1:]).lower()
    figures = phone.state.phone_calls
    await caller.hang_up()
    await phone.settled()
    assert figures.finished[-1].answer_ms  # The turn's latency was measured.


async def test_speech_over_a_long_reply_stops_it(
    phone: GatewayUnderTest, rasa_server: Any
) -> None:
    caller = TwilioCaller(phone.client, DAVID)
    await caller.dial()
    await caller.until_heard()
    await caller.press("2")  # the parcels, read out at length
    await caller.until_heard(caller.heard.loud_frames() + 40)
    assert not caller.clears
    await caller.say(english_8k("en_twenty_cases_of_coke-16k.wav"))
    await caller.until_quiet()
    assert caller.clears, "the reply was not stopped"
    # Cleared audio's marks came back, and the words became the next turn.
    said = user_texts(rasa_server, caller.call_sid)
    assert any("coke" in text for text in said), said
    await caller.hang_up()


async def test_three_silences_then_goodbye(
    phone: GatewayUnderTest, rasa_server: Any
) -> None:
    caller = TwilioCaller(phone.client, WEIJUN)
    await caller.dial()
    await caller.until_hung_up()
    said = user_texts(rasa_server, caller.call_sid)
    assert said[0] == "/greet"
    assert [t for t in said if t.startswith("/silence")] == [
        '/silence{"count": 1}',
        '/silence{"count": 2}',
    ]
    await caller.close()
    await phone.settled()
    assert phone.state.phone_calls.open == 0


async def test_hanging_up_mid_reply_frees_everything(
    phone: GatewayUnderTest, backend_server: Any
) -> None:
    caller = TwilioCaller(phone.client, WEIJUN)
    await caller.dial()
    await caller.until_heard()
    await caller.press("2")
    await caller.until_heard(caller.heard.loud_frames() + 20)
    token = (
        await phone.state.callers.resolve(
            "phone", WEIJUN, conversation_id(caller.call_sid)
        )
    ).shop_token  # The call's own, from the resolver's cache.
    await caller.hang_up()
    await phone.settled()
    book = phone.state.phone_calls
    assert book.open == 0 and phone.state.streams.open == 0
    # The call's shop token died with it.
    answer = await asyncio.to_thread(
        requests.get,
        f"{backend_server.url}/v1/shop-token",
        headers={**backend_server.headers_for("gateway"), "X-Shop-Token": token},
        timeout=10,
    )
    assert answer.status_code == 401


async def test_two_calls_at_once(phone: GatewayUnderTest, rasa_server: Any) -> None:
    weijun = TwilioCaller(phone.client, WEIJUN)
    david = TwilioCaller(phone.client, DAVID)
    await asyncio.gather(weijun.dial(), david.dial())
    await asyncio.gather(weijun.until_quiet(), david.until_quiet())
    await asyncio.gather(weijun.press("2"), david.press("2"))
    await asyncio.gather(weijun.until_quiet(), david.until_quiet())
    assert "维军百货" in bot_texts(rasa_server, weijun.call_sid)[0]
    assert "Sunshine" in bot_texts(rasa_server, david.call_sid)[0]
    assert weijun.violations == [] and david.violations == []
    await asyncio.gather(weijun.hang_up(), david.hang_up())


async def test_a_twilio_reconnect_carries_the_call_on_without_doubling(
    phone: GatewayUnderTest, backend_server: Any, rasa_server: Any
) -> None:
    shelved = check_in_parcel(backend_server, 1, f"SF{uuid.uuid4().int % 10**12}")
    first = TwilioCaller(phone.client, WEIJUN)
    await first.dial()
    await first.until_heard()
    await first.press("2")
    await first.until_quiet()
    await first.press(shelved["pickup_code"] + "#")
    await first.until_quiet()
    await first.close()  # The stream dropped; Twilio reconnects the same call.
    again = TwilioCaller(phone.client, WEIJUN)
    again.call_sid = first.call_sid
    await again.dial()
    await again.until_quiet()
    await again.press(shelved["pickup_code"] + "#")  # The same code, keyed again.
    await again.until_quiet()
    said = user_texts(rasa_server, first.call_sid)
    assert said.count("/greet") == 1  # Not greeted twice.
    assert picked_up(backend_server, 1, shelved["id"])
    await again.hang_up()


async def test_audiosocket_keypad_pickup_with_the_dialplan_lookup(
    phone: GatewayUnderTest, backend_server: Any, rasa_server: Any
) -> None:
    shelved = check_in_parcel(backend_server, 1, f"SF{uuid.uuid4().int % 10**12}")
    caller = AudioSocketCaller(phone.app[AUDIOSOCKET_PORT])
    noted = await phone.client.post(
        "/phone/audiosocket/calls",
        data={"uuid": str(caller.call_uuid), "caller": "13800000001",
              "secret": PBX_SECRET},
    )  # fmt: skip
    assert noted.status == 200
    await caller.connect()
    await caller.until_quiet()
    assert "维军百货" in bot_texts(rasa_server, str(caller.call_uuid))[0]
    await caller.press("2")
    await caller.until_quiet()
    await caller.press(shelved["pickup_code"] + "#")
    await caller.until_quiet()
    assert picked_up(backend_server, 1, shelved["id"])
    await caller.hang_up()
    await phone.settled()
    assert phone.state.phone_calls.connections == 0


async def test_audiosocket_keypad_usual_reorder_once(
    phone: GatewayUnderTest, backend_server: Any
) -> None:
    before = {o["id"] for o in orders(backend_server, 3)}
    caller = AudioSocketCaller(phone.app[AUDIOSOCKET_PORT])
    await caller.connect()  # No dialplan lookup: the owner keys number and PIN.
    await caller.until_heard()
    await caller.press("13800000003#")
    await caller.press("9753#")
    await caller.until_quiet()  # 李老板您好，这里是新开小卖部的掌柜助手…
    for keys in ("1", "1", "1", "9753#", "1"):
        await caller.press(keys)
        await caller.until_quiet()
    placed = [o for o in orders(backend_server, 3) if o["id"] not in before]
    assert len(placed) == 1, placed
    await caller.hang_up()
