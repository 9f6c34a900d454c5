"""The kiosk WebSocket against the real gateway, speech engines and backend.

No Rasa here: a turn that reaches the assistant fails with ``assistant_unavailable``,
which is itself a case the page must explain. Turns through Rasa are in
test_gateway_turns.py.
"""

from __future__ import annotations

import asyncio

import pytest

from tests.fixtures.sounds import (
    fixture_pcm,
    noise,
    silence,
    tone,
    without_trailing_silence,
)
from tests.fixtures.voice import (
    NO_RASA,
    GatewayUnderTest,
    new_pairing_code,
    start_gateway,
)


def plain(text: str) -> str:
    # The Korean model fills the zh slot (see KoreanForChinese).
    return text.replace(" ", "")


async def test_an_unpaired_kiosk_can_only_pair(gateway: GatewayUnderTest) -> None:
    kiosk = await gateway.kiosk()
    await kiosk.send(type="start", language="zh")
    assert (await kiosk.expect("error"))["code"] == "hello_first"
    await kiosk.send(type="hello", device_token=None)
    ready = await kiosk.expect("ready")
    assert ready["paired"] is False
    await kiosk.send(type="start", language="zh")
    assert (await kiosk.expect("error"))["code"] == "not_paired"
    await kiosk.send(type="text", text="what parcels are waiting")
    assert (await kiosk.expect("error"))["code"] == "not_paired"
    await kiosk.send_raw(silence(0.2))  # Audio before pairing is dropped.
    await kiosk.send(type="ping")
    await kiosk.expect("pong")
    assert gateway.state.streams.open == 0
    assert not any(e["type"] == "listening" for e in kiosk.events)


async def test_an_unknown_token_is_forgotten(gateway: GatewayUnderTest) -> None:
    kiosk = await gateway.kiosk()
    await kiosk.send(type="hello", device_token="not-a-real-device-token")
    ready = await kiosk.expect("ready")
    assert ready == {
        "type": "ready",
        "paired": False,
        "forget_token": True,
        "language": "zh",
    }


async def test_pairing_with_a_code_then_reconnecting_with_the_token(
    gateway: GatewayUnderTest, backend_url: str
) -> None:
    code = await new_pairing_code(backend_url)
    kiosk = await gateway.kiosk()
    await kiosk.send(type="hello")
    await kiosk.expect("ready")
    await kiosk.send(type="pair", code="000000" if code != "000000" else "000001")
    assert (await kiosk.expect("error"))["code"] == "unknown_pairing_code"
    await kiosk.send(type="pair", code=code, device_name="counter tablet")
    token = (await kiosk.expect("paired"))["device_token"]
    ready = await kiosk.expect("ready")
    assert ready["paired"] is True
    assert ready["shop_name"]
    await kiosk.ws.close()

    again = await gateway.paired_kiosk(token)
    await again.send(type="ping")
    await again.expect("pong")

    reuse = await gateway.kiosk()
    await reuse.send(type="hello")
    await reuse.expect("ready")
    await reuse.send(type="pair", code=code)
    assert (await reuse.expect("error"))["code"] == "pairing_code_used"


async def test_pairing_tries_are_limited(gateway: GatewayUnderTest) -> None:
    kiosk = await gateway.kiosk()
    await kiosk.send(type="hello")
    await kiosk.expect("ready")
    codes = []
    for attempt in range(7):
        await kiosk.send(type="pair", code=f"00000{attempt}")
        codes.append((await kiosk.expect("error"))["code"])
    assert codes[0] == "unknown_pairing_code"
    assert codes[-1] == "too_many_pairing_tries"


@pytest.mark.parametrize(
    ("name", "rate", "expected"),
    [
        ("ko_annyeong-16k.wav", 16000, "안녕하세요"),
        ("ko_gamsa-16k.wav", 16000, "감사합니다"),
        ("ko_annyeong-8k.wav", 8000, "안녕하세요"),
    ],
)
async def test_speech_gives_partials_then_a_final_at_trailing_silence(
    gateway: GatewayUnderTest, device_token: str, name: str, rate: int, expected: str
) -> None:
    pcm, file_rate = fixture_pcm(name)
    assert file_rate == rate
    kiosk = await gateway.paired_kiosk(device_token)
    await kiosk.send(type="start", language="zh", sample_rate=rate)
    await kiosk.expect("listening")
    await kiosk.stream(pcm + silence(1.0, rate), rate=rate)
    end = await kiosk.expect("end")
    assert end["reason"] == "silence"
    final = await kiosk.expect("final")
    assert plain(final["text"]) == expected
    assert any(e["type"] == "partial" for e in kiosk.events)
    # No Rasa in this test: the owner is told the assistant is not answering.
    await kiosk.expect("thinking")
    assert (await kiosk.expect("error"))["code"] == "assistant_unavailable"
    assert gateway.state.streams.open == 0


async def test_english_speech_is_recognised(
    gateway: GatewayUnderTest, device_token: str
) -> None:
    pcm, rate = fixture_pcm("en_what_parcels_are_waiting-16k.wav")
    kiosk = await gateway.paired_kiosk(device_token)
    await kiosk.send(type="start", language="en", sample_rate=rate)
    await kiosk.expect("listening")
    await kiosk.stream(pcm + silence(1.0))
    final = await kiosk.expect("final")
    assert final["text"] == "what parcels are waiting"
    assert final["language"] == "en"


async def test_releasing_the_button_ends_the_utterance(
    gateway: GatewayUnderTest, device_token: str
) -> None:
    pcm, rate = fixture_pcm("ko_annyeong-16k.wav")
    kiosk = await gateway.paired_kiosk(device_token)
    await kiosk.send(type="start", language="zh", sample_rate=rate)
    await kiosk.expect("listening")
    await kiosk.stream(without_trailing_silence(pcm))  # The owner lets go at once.
    await kiosk.send(type="stop")
    end = await kiosk.expect("end")
    assert end["reason"] == "stop"
    assert plain((await kiosk.expect("final"))["text"]) == "안녕하세요"


async def test_silence_then_release_says_nothing_was_heard(
    gateway: GatewayUnderTest, device_token: str
) -> None:
    kiosk = await gateway.paired_kiosk(device_token)
    await kiosk.send(type="start", language="zh")
    await kiosk.expect("listening")
    await kiosk.stream(silence(2.0))
    await kiosk.send(type="stop")
    final = await kiosk.expect("final")
    assert final["text"] == ""
    assert (await kiosk.expect("error"))["code"] == "no_speech"
    assert gateway.state.streams.open == 0


@pytest.mark.parametrize("audio", [noise(3.0), tone(3.0)], ids=["noise", "clipped"])
async def test_noise_and_clipping_end_cleanly(
    gateway: GatewayUnderTest, device_token: str, audio: bytes
) -> None:
    kiosk = await gateway.paired_kiosk(device_token)
    await kiosk.send(type="start", language="en")
    await kiosk.expect("listening")
    await kiosk.stream(audio)
    await kiosk.send(type="stop")
    final = await kiosk.expect("final")
    assert isinstance(final["text"], str)
    await kiosk.send(type="ping")
    await kiosk.expect("pong")


async def test_a_wrongly_declared_rate_does_not_break_anything(
    gateway: GatewayUnderTest, device_token: str
) -> None:
    pcm, _ = fixture_pcm("ko_annyeong-16k.wav")
    kiosk = await gateway.paired_kiosk(device_token)
    await kiosk.send(type="start", language="zh", sample_rate=44100)  # It is 16 kHz.
    await kiosk.expect("listening")
    await kiosk.stream(pcm + silence(1.0), rate=44100)
    await kiosk.send(type="stop")
    final = await kiosk.expect("final")
    assert isinstance(final["text"], str)  # Whatever it heard, it answered.
    await kiosk.send(type="start", language="zh", sample_rate=96000)
    await kiosk.expect_error("bad_sample_rate")


async def test_malformed_frames_get_clear_errors_and_the_socket_stays(
    gateway: GatewayUnderTest, device_token: str
) -> None:
    kiosk = await gateway.paired_kiosk(device_token)
    await kiosk.send_raw("start listening please")
    await kiosk.send_raw("[]")
    await kiosk.send_raw('{"type": "sing"}')
    await kiosk.send_raw('{"type": "start", "language": "fr"}')
    await kiosk.send(type="start", language="zh")
    await kiosk.expect("listening")
    await kiosk.send_raw(b"\x01\x02\x03")  # Half a sample.
    await kiosk.send(type="ping")
    await kiosk.expect("pong")
    assert kiosk.codes() == [
        "bad_json",
        "bad_message",
        "unknown_type",
        "bad_language",
        "bad_audio_frame",
    ]
    await kiosk.send(type="cancel")
    await kiosk.send(type="ping")
    await kiosk.expect("pong")
    assert gateway.state.streams.open == 0


async def test_a_never_ending_stream_is_cut_off(
    speech_engines, backend_url: str, device_token: str
) -> None:
    async for gw in start_gateway(
        speech_engines, backend_url, NO_RASA, max_utterance_ms=3000
    ):
        kiosk = await gw.paired_kiosk(device_token)
        await kiosk.send(type="start", language="en")
        await kiosk.expect("listening")
        await kiosk.stream(noise(5.0))
        end = await kiosk.expect("end")
        assert end["reason"] == "too_long"
        assert (await kiosk.expect("error"))["code"] == "utterance_too_long"
        assert gw.state.streams.open == 0
        await kiosk.send(type="ping")
        await kiosk.expect("pong")
        assert "final" not in [e["type"] for e in kiosk.events]


async def test_a_disconnect_mid_utterance_frees_the_recogniser(
    gateway: GatewayUnderTest, device_token: str
) -> None:
    pcm, rate = fixture_pcm("ko_annyeong-16k.wav")
    kiosk = await gateway.paired_kiosk(device_token)
    await kiosk.send(type="start", language="zh", sample_rate=rate)
    await kiosk.expect("listening")
    await kiosk.stream(pcm[: len(pcm) // 2])
    assert gateway.state.streams.open == 1
    await kiosk.ws.close()
    await gateway.settled()
    assert gateway.state.streams.open == 0
    assert gateway.state.sessions == 0


async def test_many_kiosks_at_once_leave_nothing_open(
    gateway: GatewayUnderTest, device_token: str
) -> None:
    pcm, rate = fixture_pcm("ko_gamsa-16k.wav")

    async def one() -> str:
        kiosk = await gateway.paired_kiosk(device_token)
        await kiosk.send(type="start", language="zh", sample_rate=rate)
        await kiosk.expect("listening")
        await kiosk.stream(pcm + silence(1.0))
        text = (await kiosk.expect("final"))["text"]
        await kiosk.ws.close()
        return plain(text)

    assert await asyncio.gather(*(one() for _ in range(3))) == ["감사합니다"] * 3
    await gateway.settled()
    assert gateway.state.streams.opened_total >= 3
