"""The phone line's transports without the dialogue: signatures, bad input, identity.

Each test ends by checking that every call, connection and recognition stream the
gateway opened was closed again (``GatewayUnderTest.settled`` plus the call book).
"""

from __future__ import annotations

import asyncio
import base64
import json
import uuid
import xml.etree.ElementTree as ElementTree

import aiohttp

from tests.fixtures.phone import AudioSocketCaller, TwilioCaller
from tests.fixtures.phone_caller import PBX_SECRET
from tests.fixtures.sounds import silence
from tests.fixtures.voice import GatewayUnderTest
from voice.gateway.app import AUDIOSOCKET_PORT

UNKNOWN = "+8613999990000"


async def no_calls_left(gateway: GatewayUnderTest) -> None:
    book = gateway.state.phone_calls
    for _ in range(400):
        if not (book.open or book.connections or gateway.state.streams.open):
            return
        await asyncio.sleep(0.05)
    raise AssertionError(
        f"{book.open} calls, {book.connections} connections, "
        f"{gateway.state.streams.open} streams still open"
    )


async def refused_three_times(caller: TwilioCaller | AudioSocketCaller) -> None:
    """Key an unregistered number and a PIN three times; the line hangs up."""
    for _ in range(3):
        await caller.press("13999990000#")
        await caller.press("1234#")
        await caller.until_heard(caller.heard.loud_frames() + 25)
    await caller.until_hung_up()


async def test_the_webhook_answers_twiml_that_connects_the_stream(
    gateway: GatewayUnderTest,
) -> None:
    caller = TwilioCaller(gateway.client, "+8613800000001")
    response = await caller.post_webhook()
    assert response.status == 200
    assert response.content_type == "text/xml"
    stream = ElementTree.fromstring(await response.text()).find("./Connect/Stream")
    assert stream is not None
    assert stream.attrib["url"].endswith("/phone/twilio/stream")
    assert stream.attrib["url"].startswith("ws")
    assert "?" not in stream.attrib["url"]
    parameter = stream.find("Parameter")
    assert parameter is not None
    assert parameter.attrib == {"name": "caller", "value": "+8613800000001"}


async def test_bad_or_missing_twilio_signatures_are_refused(
    gateway: GatewayUnderTest,
) -> None:
    caller = TwilioCaller(gateway.client, "+8613800000001")
    response = await caller.post_webhook(signature="bm90IGEgc2lnbmF0dXJl")
    assert response.status == 403
    assert (await response.json())["error"]["code"] == "bad_signature"
    forged = TwilioCaller(gateway.client, "+8613800000001", auth_token="wrong-token")
    assert (await forged.post_webhook()).status == 403
    response = await gateway.client.post(
        "/phone/twilio/voice", data={"From": "+8613800000001"}
    )
    assert response.status == 403
    # The stream's handshake is signed too.
    try:
        await gateway.client.ws_connect("/phone/twilio/stream")
    except aiohttp.WSServerHandshakeError as refused:
        assert refused.status == 403
    else:
        raise AssertionError("an unsigned stream was accepted")
    assert gateway.state.phone_calls.total == 0


async def test_a_public_url_is_what_signatures_are_checked_against(
    speech_engines: object, backend_url: str
) -> None:
    from tests.fixtures.voice import start_gateway

    public = "https://shop-line.example.com"
    async for under_test in start_gateway(
        speech_engines,  # type: ignore[arg-type]
        backend_url,
        public_url=public,
    ):
        right = TwilioCaller(under_test.client, "+8613800000001", public_url=public)
        response = await right.post_webhook()
        assert response.status == 200
        assert (
            "wss://shop-line.example.com/phone/twilio/stream" in await response.text()
        )
        local = TwilioCaller(under_test.client, "+8613800000001")
        assert (await local.post_webhook()).status == 403


async def test_malformed_stream_messages_never_end_the_call_or_touch_another(
    gateway: GatewayUnderTest,
) -> None:
    victim = TwilioCaller(gateway.client, UNKNOWN)
    other = TwilioCaller(gateway.client, UNKNOWN)
    await victim.dial()
    await other.dial()
    await other.until_heard()  # The other call is greeted as usual...
    for raw in [
        "{not json",
        "[1, 2]",
        json.dumps({"event": "media", "streamSid": victim.stream_sid}),
        json.dumps({"event": "teleport", "streamSid": victim.stream_sid}),
        json.dumps(
            {"event": "media", "streamSid": "MZwrong", "media": {"payload": "AAAA"}}
        ),
        json.dumps(
            {
                "event": "media",
                "streamSid": victim.stream_sid,
                "media": {"payload": "$"},
            }
        ),
        json.dumps(
            {"event": "dtmf", "streamSid": victim.stream_sid, "dtmf": {"digit": "X"}}
        ),
        json.dumps(
            {
                "event": "start",
                "streamSid": victim.stream_sid,
                "start": {"streamSid": "MZ2", "callSid": "CA2"},
            }
        ),
    ]:
        await victim.send_raw(raw)
    await victim.send_raw(b"\x00\x01binary")
    # ...and the victim's call carries on: it still takes keys and answers them.
    await refused_three_times(victim)
    assert victim.heard.loud_frames() > 50
    assert not other.hung_up_by_line.is_set()
    await other.hang_up()
    await victim.close()
    await no_calls_left(gateway)
    assert victim.violations == [] and other.violations == []


async def test_an_oversized_message_ends_only_that_call(
    gateway: GatewayUnderTest,
) -> None:
    caller = TwilioCaller(gateway.client, UNKNOWN)
    await caller.dial()
    huge = json.dumps(
        {
            "event": "media",
            "streamSid": caller.stream_sid,
            "media": {"payload": base64.b64encode(b"\xff" * 100_000).decode()},
        }
    )
    await caller.send_raw(huge)
    await caller.until_hung_up()
    await caller.close()
    await no_calls_left(gateway)


async def test_media_before_start_and_a_dropped_socket_leave_nothing_open(
    gateway: GatewayUnderTest,
) -> None:
    caller = TwilioCaller(gateway.client, UNKNOWN)
    await caller.dial()
    await caller.close()  # Gone without a 'stop' (the network dropped).
    early = TwilioCaller(gateway.client, UNKNOWN)
    early.ws = await gateway.client.ws_connect(
        "/phone/twilio/stream",
        headers={"X-Twilio-Signature": early.sign(_stream_url(gateway), {})},
    )
    await early.send_raw(
        json.dumps({"event": "media", "streamSid": "MZ0", "media": {"payload": "//8="}})
    )
    await early.send_raw(json.dumps({"event": "stop", "streamSid": "MZ0"}))
    await early.ws.close()
    await no_calls_left(gateway)
    assert gateway.state.phone_calls.total == 1


def _stream_url(gateway: GatewayUnderTest) -> str:
    return str(gateway.client.make_url("/phone/twilio/stream")).replace("http", "ws", 1)


async def test_an_unknown_caller_hears_what_the_line_is_for_and_nothing_else(
    gateway: GatewayUnderTest, backend_url: str
) -> None:
    caller = TwilioCaller(gateway.client, UNKNOWN)
    await caller.dial()
    await caller.until_quiet()
    introduction = caller.heard.loud_frames()
    assert introduction > 150  # Seconds of explanation, not a beep.
    # Keys that are not a registered number and PIN: told so; the third time the
    # line says how to register and hangs up.
    await refused_three_times(caller)
    assert caller.heard.loud_frames() > introduction + 50
    await caller.close()
    await no_calls_left(gateway)


async def test_audiosocket_protocol_abuse_ends_only_that_call(
    gateway: GatewayUnderTest,
) -> None:
    port = gateway.app[AUDIOSOCKET_PORT]
    good = AudioSocketCaller(port)
    await good.connect()
    await good.until_heard()  # Unknown caller: the introduction.
    # A length that lies: announces 4000 bytes, sends 10, then the line drops.
    liar = AudioSocketCaller(port)
    await liar.connect(send_uuid=False)
    await liar.send(0x01, uuid.uuid4().bytes)
    assert liar.writer is not None
    liar.writer.write(b"\x10\x0f\xa0" + b"\0" * 10)
    await liar.writer.drain()
    liar.writer.close()
    # A first message that is not the UUID.
    wrong_start = AudioSocketCaller(port)
    await wrong_start.connect(send_uuid=False)
    await wrong_start.send(0x10, silence(0.02, 8000))
    # A length beyond any frame.
    too_long = AudioSocketCaller(port)
    await too_long.connect(send_uuid=False)
    await too_long.send(0x01, uuid.uuid4().bytes)
    assert too_long.writer is not None
    too_long.writer.write(b"\x10\xff\xff")
    await too_long.writer.drain()
    # An odd audio frame.
    odd = AudioSocketCaller(port)
    await odd.connect(send_uuid=False)
    await odd.send(0x01, uuid.uuid4().bytes)
    await odd.send(0x10, b"\0" * 321)
    for bad in (wrong_start, too_long, odd):
        assert bad.reader is not None
        assert await asyncio.wait_for(bad.reader.read(), 30) is not None
        await bad.close()
    assert not good.hung_up_by_line.is_set()
    await refused_three_times(good)
    await good.close()
    await no_calls_left(gateway)


async def test_the_dialplan_lookup_needs_the_pbx_secret(
    gateway: GatewayUnderTest,
) -> None:
    call_uuid = str(uuid.uuid4())
    form = {"uuid": call_uuid, "caller": "13800000001", "secret": "guess"}
    response = await gateway.client.post("/phone/audiosocket/calls", data=form)
    assert response.status == 403
    response = await gateway.client.post(
        "/phone/audiosocket/calls", data={**form, "secret": PBX_SECRET, "uuid": "x"}
    )
    assert response.status == 400
    assert (await response.json())["error"]["code"] == "bad_uuid"
    response = await gateway.client.post(
        "/phone/audiosocket/calls",
        data={**form, "secret": PBX_SECRET, "caller": "<script>"},
    )
    assert response.status == 400
    response = await gateway.client.post(
        "/phone/audiosocket/calls", data={**form, "secret": PBX_SECRET}
    )
    assert response.status == 200
    assert gateway.state.phone_calls.pbx_caller(call_uuid) == "13800000001"
    assert gateway.state.phone_calls.pbx_caller(call_uuid) is None  # Taken once.
