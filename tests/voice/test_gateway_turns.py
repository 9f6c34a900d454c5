"""Whole kiosk turns: gateway → real Rasa (kiosk channel) → actions → backend, and back
as text first, then speech."""

from __future__ import annotations

import pytest

from tests.fixtures.kiosk_socket import KioskSocket
from tests.fixtures.sounds import fixture_pcm, silence
from tests.fixtures.voice import GatewayUnderTest
from voice.speech.audio import read_wav

pytestmark = pytest.mark.rasa


async def reply_with_audio(
    kiosk: KioskSocket,
) -> tuple[dict, list[bytes], list[dict]]:
    """Read one turn to its end: the reply event, every piece's WAV, headers."""
    reply = await kiosk.expect("reply")
    first_audio = len(kiosk.audio)
    headers = []
    while True:
        event = await kiosk.expect("audio", "audio_unavailable", "done")
        if event["type"] == "done":
            break
        if event["type"] == "audio":
            headers.append(event)
            await kiosk.expect_binary()
    wavs = kiosk.audio[first_audio:]
    assert [len(w) for w in wavs] == [h["bytes"] for h in headers]
    return reply, wavs, headers


async def test_a_typed_turn_comes_back_as_text_then_speech(
    rasa_gateway: GatewayUnderTest, device_token: str
) -> None:
    kiosk = await rasa_gateway.paired_kiosk(device_token)
    await kiosk.send(type="text", text="有哪些包裹在等取件")
    await kiosk.expect("thinking")
    reply, wavs, headers = await reply_with_audio(kiosk)
    assert reply["language"] == "zh"
    assert "包裹" in " ".join(reply["texts"])
    # One WAV per piece (a clause), every bubble spoken, in order.
    indexes = [h["index"] for h in headers]
    assert sorted(set(indexes)) == list(range(len(reply["texts"])))
    assert indexes == sorted(indexes)
    assert {h["engine"] for h in headers} <= {"neural-zh", "gtts"}  # Not espeak-ng.
    for wav in wavs:
        pcm, rate = read_wav(wav)
        assert rate == 16000
        assert len(pcm) > rate // 2  # At least a quarter second of speech.
    kinds = [e["type"] for e in kiosk.events]
    assert kinds.index("reply") < kinds.index("audio")  # Text before audio.


async def test_a_spoken_english_question_lists_the_parcels(
    rasa_gateway: GatewayUnderTest, device_token: str
) -> None:
    kiosk = await rasa_gateway.paired_kiosk(device_token)
    await kiosk.send(type="language", language="en")
    switched, _, _ = await reply_with_audio(kiosk)
    assert switched["language"] == "en"

    pcm, rate = fixture_pcm("en_what_parcels_are_waiting-16k.wav")
    await kiosk.send(type="start", language="en", sample_rate=rate)
    await kiosk.expect("listening")
    await kiosk.stream(pcm + silence(1.0))
    final = await kiosk.expect("final")
    assert final["text"] == "what parcels are waiting"
    reply, wavs, _ = await reply_with_audio(kiosk)
    assert reply["language"] == "en"
    assert "parcel" in " ".join(reply["texts"]).lower()
    assert wavs


async def test_asking_for_slower_speech_is_passed_on(
    rasa_gateway: GatewayUnderTest, device_token: str
) -> None:
    kiosk = await rasa_gateway.paired_kiosk(device_token)
    await kiosk.send(type="text", text="请说慢一点")
    reply, _, _ = await reply_with_audio(kiosk)
    assert reply["slow_speech"] is True
