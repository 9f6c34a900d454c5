"""The gateway's ``/metrics``: turns by channel, speech recognition and the TTS cache.

No Rasa here: the kiosk's turn reaches for the assistant and is counted as failed.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import pytest

from tests.fixtures.metrics import label_values, sample
from tests.fixtures.sounds import fixture_pcm
from tests.fixtures.voice import (
    GATEWAY_TOKEN,
    NO_BACKEND,
    GatewayUnderTest,
    KoreanForChinese,
    load_test_engines,
    start_gateway,
)
from voice.speech.audio import wav_bytes
from voice.speech.registry import SpeechEngines

AUTH = {"Authorization": f"Bearer {GATEWAY_TOKEN}"}


async def _scrape(gateway: GatewayUnderTest) -> str:
    response = await gateway.client.get("/metrics")  # no token
    assert response.status == 200
    return await response.text()


async def test_a_kiosk_turn_is_counted_on_its_channel(
    gateway: GatewayUnderTest, device_token: str
) -> None:
    before = await _scrape(gateway)
    kiosk = await gateway.paired_kiosk(device_token)
    await kiosk.send(type="text", text="what parcels are waiting")
    assert (await kiosk.expect("error"))["code"] == "assistant_unavailable"
    after = await _scrape(gateway)

    turns = "zhanggui_gateway_turns_total"
    failed = {"channel": "kiosk", "outcome": "failed"}
    assert sample(after, turns, **failed) - sample(before, turns, **failed) == 1
    timed = "zhanggui_gateway_turn_seconds_count"
    kiosk_only = {"channel": "kiosk"}
    assert sample(after, timed, **kiosk_only) - sample(before, timed, **kiosk_only) == 1
    # Neither the device token nor the conversation id becomes a label.
    assert device_token not in after
    assert not any(value.startswith("kiosk-") for value in label_values(after))


@pytest.fixture(scope="module")
def own_engines(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[SpeechEngines]:
    """Speech engines of this module's own: the session's engines run one synthesis
    at a time, and earlier tests may have left theirs a queue to wait behind."""
    engines = load_test_engines(tmp_path_factory, stt_threads=1)
    yield engines
    engines.close()


@pytest.fixture
async def speech_gateway(
    own_engines: SpeechEngines,
) -> AsyncIterator[GatewayUnderTest]:
    async for under_test in start_gateway(KoreanForChinese(own_engines), NO_BACKEND):
        yield under_test


async def test_recognition_and_the_speech_cache_are_measured(
    speech_gateway: GatewayUnderTest,
) -> None:
    before = await _scrape(speech_gateway)
    pcm, rate = fixture_pcm("en_what_parcels_are_waiting-16k.wav")
    heard = await speech_gateway.client.post(
        "/asr?lang=en", data=wav_bytes(pcm, rate), headers=AUTH
    )
    assert heard.status == 200
    # A text no earlier test spoke: the first is synthesised, the second cached.
    # Letters only: four digits in a row would make it a code, never cached.
    fresh = "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:8])
    text = {"text": f"Metrics check {fresh}.", "language": "en"}
    for _ in range(2):
        spoken = await speech_gateway.client.post("/tts", json=text, headers=AUTH)
        assert spoken.status == 200
    after = await _scrape(speech_gateway)

    def moved(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    audio = moved("zhanggui_asr_audio_seconds_total", engine="pocketsphinx")
    assert abs(audio - len(pcm) / 2 / rate) < 0.01
    assert moved("zhanggui_asr_decode_seconds_total", engine="pocketsphinx") > 0
    # The gauges are the process's: earlier tests' gateways in this process may
    # have left theirs up, so what this test changed is compared, not the level.
    assert moved("zhanggui_asr_streams_open") == 0  # the upload's stream shut
    assert moved("zhanggui_tts_cache_lookups_total", result="miss") == 1
    assert moved("zhanggui_tts_cache_lookups_total", result="hit") == 1
    assert "zhanggui_phone_calls_open" in after
