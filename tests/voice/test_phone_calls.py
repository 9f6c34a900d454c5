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
from tests.fixtures.phone import AudioSocketCaller, PhoneLine, TwilioCaller
from tests.fixtures.phone_caller import PBX_SECRET
from tests.fixtures.sounds import fixture_pcm, noise
from tests.fixtures.voice import KoreanForChinese, start_gateway
from voice.phone.call import conversation_id
from voice.speech.audio import pcm16_resample

pytestmark = [pytest.mark.rasa, pytest.mark.slow]

WEIJUN = "+8613800000001"  # 王维军, 维军百货, Mandarin, PIN 2468
DAVID = "+8613800000002"  # David Chen, English, PIN 1357
STRANGER = "+8613999990001"


@pytest.fixture
async def line(
    speech_engines: KoreanForChinese, backend_url: str, rasa_server: Any
) -> AsyncIterator[PhoneLine]:
    """The gateway with everything real behind it; silences are 2 s, not 6."""
    async for under_test in start_gateway(
        speech_engines, backend_url, rasa_server.url, phone_silence_s=2.0
    ):
        phone_line = PhoneLine(under_test)
        try:
            yield phone_line
        finally:
            await phone_line.hang_up_all()


def user_texts(rasa_server: Any, call_sid: str) -> list[str]:
    tracker = rasa_server.tracker(conversation_id(call_sid))
    return [str(e.get("text")) for e in tracker["events"] if e["event"] == "user"]


def bot_texts(rasa_server: Any, call_sid: str) -> list[str]:
    tracker = rasa_server.tracker(conversation_id(call_sid))
    return [str(e.get("text")) for e in tracker["events"] if e["event"] == "bot"]


def conversation(rasa_server: Any, caller: TwilioCaller | AudioSocketCaller) -> str:
    """The call's turns, for a failing assertion's message."""
    call_id = getattr(caller, "call_sid", None) or str(caller.call_uuid)
    tracker = rasa_server.tracker(conversation_id(call_id))
    return "\n".join(
        f"{e['event']}: {e.get('text') or e.get('name') or ''}"
        for e in tracker["events"]
        if e["event"] in ("user", "bot", "action")
    )


async def hear_the_parcels(
    caller: TwilioCaller | AudioSocketCaller, rasa_server: Any
) -> None:
    """``2``, then ``1`` (go on) after each page, until the code is asked for."""
    call_id = getattr(caller, "call_sid", None) or str(caller.call_uuid)
    await caller.press("2")
    await caller.until_quiet()
    for _ in range(10):
        slots = rasa_server.tracker(conversation_id(call_id))["slots"]
        if slots.get("awaiting") == "pickup_code":
            return
        assert slots.get("confirming") == "more_parcels", slots
        await caller.press("1")
        await caller.until_quiet()
    raise AssertionError("the parcels were never all read out")


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
    line: PhoneLine, backend_server: Any, rasa_server: Any
) -> None:
    shelved = check_in_parcel(backend_server, 1, f"SF{uuid.uuid4().int % 10**12}")
    caller = line.twilio(WEIJUN)
    await caller.dial()
    await caller.until_quiet()  # 王老板您好，这里是维军百货的掌柜助手…
    greeting = " ".join(bot_texts(rasa_server, caller.call_sid))
    assert "王老板" in greeting and "维军百货" in greeting
    await hear_the_parcels(caller, rasa_server)  # read out, a page at a time
    await caller.press(shelved["pickup_code"] + "#")
    await caller.until_quiet()
    assert picked_up(backend_server, 1, shelved["id"]), conversation(
        rasa_server, caller
    )
    await caller.hang_up()
    assert caller.violations == []


async def test_a_keypad_only_usual_reorder_with_the_pin_happens_once(
    line: PhoneLine, backend_server: Any, rasa_server: Any
) -> None:
    before = {o["id"] for o in orders(backend_server, 1)}
    caller = line.twilio(WEIJUN)
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


async def test_a_spoken_english_turn(line: PhoneLine, rasa_server: Any) -> None:
    caller = line.twilio(DAVID)
    await caller.dial()
    await caller.until_quiet()
    await caller.say(english_8k("en_what_parcels_are_waiting-16k.wav"))
    await caller.until_quiet()
    said = user_texts(rasa_server, caller.call_sid)
    assert any("parcel" in text for text in said), said
    assert "parcel" in " ".join(bot_texts(rasa_server, caller.call_sid)[1:]).lower()
    figures = line.gateway.state.phone_calls
    await caller.hang_up()
    await line.gateway.settled()
    assert figures.finished[-1].speech_answer_ms  # The turn's latency was measured.


async def test_speech_over_a_long_reply_stops_it(
    line: PhoneLine, rasa_server: Any
) -> None:
    caller = line.twilio(DAVID)
    await caller.dial()
    await caller.until_heard(40)  # Well into the greeting and its menu.
    await caller.say(english_8k("en_twenty_cases_of_coke-16k.wav"))
    await caller.until_quiet()
    assert len(caller.clears) == 1, "the greeting was not stopped"
    # The words became the next turn (8 kHz recognition is rough: see the README).
    said = user_texts(rasa_server, caller.call_sid)
    assert len(said) == 2 and said[1].startswith("twenty"), said
    await caller.hang_up()


async def test_three_silences_then_goodbye(line: PhoneLine, rasa_server: Any) -> None:
    caller = line.twilio(WEIJUN)
    await caller.dial()
    await caller.until_hung_up()
    said = user_texts(rasa_server, caller.call_sid)
    assert said[0] == "/greet"
    assert [t for t in said if t.startswith("/silence")] == [
        '/silence{"count": 1}',
        '/silence{"count": 2}',
    ]
    await caller.close()
    await line.gateway.settled()
    assert line.gateway.state.phone_calls.open == 0


async def test_hanging_up_mid_reply_frees_everything(
    line: PhoneLine, backend_server: Any
) -> None:
    caller = line.twilio(WEIJUN)
    await caller.dial()
    await caller.until_heard()
    await caller.press("2")
    await caller.until_heard(caller.heard.loud_frames() + 20)
    token = (
        await line.gateway.state.callers.resolve(
            "phone", WEIJUN, conversation_id(caller.call_sid)
        )
    ).shop_token  # The call's own, from the resolver's cache.
    await caller.hang_up()
    await line.gateway.settled()
    book = line.gateway.state.phone_calls
    assert book.open == 0 and line.gateway.state.streams.open == 0
    # The call's shop token died with it.
    answer = await asyncio.to_thread(
        requests.get,
        f"{backend_server.url}/v1/shop-token",
        headers={**backend_server.headers_for("gateway"), "X-Shop-Token": token},
        timeout=10,
    )
    assert answer.status_code == 401


async def test_two_calls_at_once(line: PhoneLine, rasa_server: Any) -> None:
    weijun = line.twilio(WEIJUN)
    david = line.twilio(DAVID)
    await asyncio.gather(weijun.dial(), david.dial())
    await asyncio.gather(weijun.until_quiet(), david.until_quiet())
    await asyncio.gather(weijun.press("2"), david.press("2"))
    await asyncio.gather(weijun.until_quiet(), david.until_quiet())
    assert "维军百货" in bot_texts(rasa_server, weijun.call_sid)[0]
    assert "Sunshine" in bot_texts(rasa_server, david.call_sid)[0]
    assert weijun.violations == [] and david.violations == []
    await asyncio.gather(weijun.hang_up(), david.hang_up())


async def test_a_twilio_reconnect_carries_the_call_on_without_doubling(
    line: PhoneLine, backend_server: Any, rasa_server: Any
) -> None:
    shelved = check_in_parcel(backend_server, 1, f"SF{uuid.uuid4().int % 10**12}")
    first = line.twilio(WEIJUN)
    await first.dial()
    await first.until_heard()
    await hear_the_parcels(first, rasa_server)
    await first.press(shelved["pickup_code"] + "#")
    await first.until_quiet()
    await first.close()  # The stream dropped; Twilio reconnects the same call.
    again = line.twilio(WEIJUN)
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
    line: PhoneLine, backend_server: Any, rasa_server: Any
) -> None:
    shelved = check_in_parcel(backend_server, 1, f"SF{uuid.uuid4().int % 10**12}")
    caller = line.audiosocket()
    noted = await line.gateway.client.post(
        "/phone/audiosocket/calls",
        data={"uuid": str(caller.call_uuid), "caller": "13800000001",
              "secret": PBX_SECRET},
    )  # fmt: skip
    assert noted.status == 200
    await caller.connect()
    await caller.until_quiet()
    assert "维军百货" in bot_texts(rasa_server, str(caller.call_uuid))[0]
    await hear_the_parcels(caller, rasa_server)
    await caller.press(shelved["pickup_code"] + "#")
    await caller.until_quiet()
    assert picked_up(backend_server, 1, shelved["id"])
    await caller.hang_up()
    await line.gateway.settled()
    assert line.gateway.state.phone_calls.connections == 0


async def test_audiosocket_keypad_usual_reorder_once(
    line: PhoneLine, backend_server: Any
) -> None:
    before = {o["id"] for o in orders(backend_server, 3)}
    caller = line.audiosocket()
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


async def test_star_repeats_what_was_heard_without_asking_rasa(
    line: PhoneLine, rasa_server: Any
) -> None:
    caller = line.twilio(WEIJUN)
    await caller.dial()
    await caller.until_quiet()
    greeting = caller.heard.loud_frames()
    await caller.press("*")
    await caller.until_quiet()
    again = caller.heard.loud_frames() - greeting
    # The whole greeting once more, from the gateway's own copy of what was played.
    assert abs(again - greeting) <= greeting // 10, (greeting, again)
    assert user_texts(rasa_server, caller.call_sid) == ["/greet"]
    await caller.hang_up()


async def test_a_cough_over_the_greeting_lets_it_carry_on(
    line: PhoneLine, rasa_server: Any
) -> None:
    quiet = line.twilio(WEIJUN)
    await quiet.dial()
    await quiet.until_quiet()
    whole = quiet.heard.loud_frames()
    await quiet.hang_up()
    caller = line.twilio(WEIJUN)
    await caller.dial()
    await caller.until_heard(40)
    await caller.say(noise(0.3, 8000, level=3000))  # a cough: no words
    await caller.until_quiet()
    assert caller.clears == []
    assert caller.heard.loud_frames() >= whole * 0.9  # nothing was cut
    assert user_texts(rasa_server, caller.call_sid) == ["/greet"]
    await caller.hang_up()


async def test_hanging_up_during_the_read_back_orders_nothing(
    line: PhoneLine, backend_server: Any
) -> None:
    before = {o["id"] for o in orders(backend_server, 1)}
    caller = line.twilio(WEIJUN)
    await caller.dial()
    await caller.until_heard()
    await caller.press("1")
    await caller.until_quiet()
    await caller.press("1")  # the usual order is read back...
    await caller.until_heard(caller.heard.loud_frames() + 30)
    await caller.hang_up()  # ...and the owner hangs up in the middle of it.
    await line.gateway.settled()
    assert {o["id"] for o in orders(backend_server, 1)} == before
