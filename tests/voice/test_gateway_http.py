"""``POST /asr`` and ``POST /tts`` against the real gateway and speech engines."""

from __future__ import annotations

import json

import pytest

from tests.fixtures.sounds import fixture_pcm, silence
from tests.fixtures.voice import GATEWAY_TOKEN, GatewayUnderTest
from voice.speech.audio import decode_mp3, read_wav, wav_bytes

AUTH = {"Authorization": f"Bearer {GATEWAY_TOKEN}"}


async def error_of(response) -> str:
    assert response.content_type == "application/json"
    body = await response.json()
    assert body["error"]["message"]
    return body["error"]["code"]


async def test_health_counts_sessions_and_streams(speech_gateway: GatewayUnderTest):
    response = await speech_gateway.client.get("/healthz")
    assert response.status == 200
    body = await response.json()
    assert set(body["tts"]) == {"spoken", "failed", "resting", "fallbacks", "text_only"}
    del body["tts"]  # Counts since the session's engines were loaded.
    assert body == {
        "status": "ok",
        "sessions": 0,
        "calls": 0,
        "phone_connections": 0,
        "open_streams": 0,
        "turns_running": 0,
    }


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({}, "missing_token"),
        ({"Authorization": "Basic abc"}, "missing_token"),
        ({"Authorization": "Bearer wrong"}, "wrong_token"),
    ],
)
@pytest.mark.parametrize("path", ["/asr", "/tts"])
async def test_both_need_the_gateway_token(
    speech_gateway: GatewayUnderTest, headers: dict, code: str, path: str
):
    response = await speech_gateway.client.post(path, data=b"x", headers=headers)
    assert response.status == 401
    assert await error_of(response) == code


async def test_asr_reads_a_wav_file(speech_gateway: GatewayUnderTest):
    pcm, rate = fixture_pcm("en_what_parcels_are_waiting-16k.wav")
    response = await speech_gateway.client.post(
        "/asr?lang=en", data=wav_bytes(pcm, rate), headers=AUTH
    )
    assert response.status == 200
    body = await response.json()
    assert body["text"] == "what parcels are waiting"
    assert body["language"] == "en"
    assert body["engine"] == "pocketsphinx"
    assert speech_gateway.state.streams.open == 0


async def test_asr_reads_raw_pcm_at_a_declared_rate(speech_gateway: GatewayUnderTest):
    pcm, rate = fixture_pcm("ko_gamsa-8k.wav")
    response = await speech_gateway.client.post(
        f"/asr?lang=zh&rate={rate}", data=pcm + silence(0.5, rate), headers=AUTH
    )
    assert response.status == 200
    assert (await response.json())["text"].replace(" ", "") == "감사합니다"


async def test_asr_of_silence_is_empty_text(speech_gateway: GatewayUnderTest):
    response = await speech_gateway.client.post(
        "/asr?lang=en&rate=16000", data=silence(1.0), headers=AUTH
    )
    assert response.status == 200
    assert (await response.json())["text"] == ""


@pytest.mark.parametrize(
    ("query", "body", "status", "code"),
    [
        ("?lang=en", b"", 400, "no_audio"),
        ("?lang=en", b"\0\0" * 100, 415, "bad_audio"),  # Raw PCM without a rate.
        ("?lang=en&rate=sixteen", b"\0\0" * 100, 415, "bad_audio"),
        ("?lang=en&rate=16000", b"\0" * 101, 415, "bad_audio"),
        ("?lang=en&rate=4000", b"\0\0" * 100, 415, "bad_audio"),
        ("?lang=en", b"RIFF....WAVEjunk", 415, "bad_audio"),
        ("?lang=fr&rate=16000", b"\0\0" * 100, 422, "bad_language"),
        ("?lang=en&rate=8000", silence(61, 8000), 413, "audio_too_long"),
    ],
)
async def test_asr_refuses_bad_audio_clearly(
    speech_gateway: GatewayUnderTest, query: str, body: bytes, status: int, code: str
):
    response = await speech_gateway.client.post("/asr" + query, data=body, headers=AUTH)
    assert response.status == status
    assert await error_of(response) == code


async def test_tts_wav(speech_gateway: GatewayUnderTest):
    response = await speech_gateway.client.post(
        "/tts", json={"text": "您有三个包裹在等。", "language": "zh"}, headers=AUTH
    )
    assert response.status == 200
    assert response.content_type == "audio/wav"
    pcm, rate = read_wav(await response.read())
    assert rate == 16000
    assert len(pcm) > rate  # Over half a second of speech.
    assert response.headers["X-Speech-Engine"] in ("neural-zh", "gtts")
    health = await (await speech_gateway.client.get("/healthz")).json()
    assert sum(health["tts"]["spoken"].values()) >= 1  # Counted in /healthz.


async def test_tts_mp3_and_phone_audio(speech_gateway: GatewayUnderTest):
    text = {"text": "You have three parcels waiting.", "language": "en"}
    mp3 = await speech_gateway.client.post(
        "/tts", json={**text, "format": "mp3"}, headers=AUTH
    )
    assert mp3.status == 200
    assert mp3.content_type == "audio/mpeg"
    pcm, _ = decode_mp3(await mp3.read())
    assert pcm
    mulaw = await speech_gateway.client.post(
        "/tts", json={**text, "format": "mulaw8k", "slow": True}, headers=AUTH
    )
    assert mulaw.status == 200
    assert mulaw.content_type == "audio/basic"
    assert len(await mulaw.read()) > 8000  # One byte per sample at 8 kHz.


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"not json", 400, "bad_json"),
        (json.dumps([1]).encode(), 400, "bad_json"),
        (json.dumps({"language": "zh"}).encode(), 422, "no_text"),
        (json.dumps({"text": "  ", "language": "zh"}).encode(), 422, "no_text"),
        (json.dumps({"text": "hi", "language": "de"}).encode(), 422, "bad_language"),
        (json.dumps({"text": "hi", "format": "ogg"}).encode(), 422, "bad_format"),
        (json.dumps({"text": "hi", "slow": "yes"}).encode(), 422, "bad_slow"),
        (json.dumps({"text": "好" * 601}).encode(), 413, "text_too_long"),
    ],
)
async def test_tts_refuses_bad_requests_clearly(
    speech_gateway: GatewayUnderTest, body: bytes, status: int, code: str
):
    response = await speech_gateway.client.post("/tts", data=body, headers=AUTH)
    assert response.status == status
    assert await error_of(response) == code


async def test_unknown_paths_answer_json(speech_gateway: GatewayUnderTest):
    response = await speech_gateway.client.get("/nope")
    assert response.status == 404
    assert await error_of(response) == "not_found"


async def test_the_kiosk_page_and_its_scripts_are_served(
    speech_gateway: GatewayUnderTest,
):
    page = await speech_gateway.client.get("/")
    assert page.status == 200
    html = await page.text()
    assert "按住说话" in html
    scripts = ("strings.js", "pcm-worklet.js", "mic.js", "screen.js", "talk.js")
    for script in (*scripts, "kiosk.js", "kiosk.css"):
        assert f"/static/{script}" in html
        asset = await speech_gateway.client.get(f"/static/{script}")
        assert asset.status == 200, script
