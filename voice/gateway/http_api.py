"""``POST /asr`` and ``POST /tts`` for the other channels (phone, chat voice notes).

Both need ``Authorization: Bearer <service token>``. Errors are the contract's JSON
shape ``{"error": {"code", "message"}}`` with a 4xx status.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Literal, cast

from aiohttp import web

from common.headers import AUTHORIZATION, SPEECH_CACHED_HEADER, SPEECH_ENGINE_HEADER
from common.languages import LANGUAGES
from voice.gateway.errors import ApiError, json_error
from voice.gateway.schemas import TTS_BODY
from voice.gateway.state import GATEWAY, Gateway
from voice.gateway.transcribe import transcribe
from voice.speech.audio import AudioFormatError, check_rate, read_wav
from voice.speech.stt import SpeechUnavailable
from voice.speech.tts import render

logger = logging.getLogger(__name__)

FORMATS = {"wav": "audio/wav", "mp3": "audio/mpeg", "mulaw8k": "audio/basic"}
MAX_ASR_SECONDS = 60


def refuse_unless_service(
    request: web.Request, tokens: tuple[str, ...]
) -> web.Response | None:
    """Return a 401 unless the request carries the channels' (gateway) token."""
    header = request.headers.get(AUTHORIZATION, "")
    scheme, _, offered = header.partition(" ")
    if scheme.lower() != "bearer" or not offered:
        return json_error(
            401, "missing_token", "Send 'Authorization: Bearer <gateway token>'."
        )
    # Every configured token is compared (two while rotating), in constant time.
    given = offered.strip().encode()
    matches = [hmac.compare_digest(given, token.encode()) for token in tokens]
    if not any(matches):
        return json_error(401, "wrong_token", "The gateway token is not right.")
    return None


def _language(value: object) -> str:
    if value not in LANGUAGES:
        raise ApiError(
            422, "bad_language", f"language must be one of {list(LANGUAGES)}"
        )
    return str(value)


def _pcm_body(request: web.Request, body: bytes) -> tuple[bytes, int]:
    """Read a WAV body, or raw pcm16 whose rate is given by ``?rate=``."""
    if body[:4] == b"RIFF":
        pcm, rate = read_wav(body)
        return pcm, check_rate(rate)
    raw_rate = request.query.get("rate")
    if raw_rate is None:
        raise AudioFormatError("send a WAV file, or raw 16-bit PCM with ?rate=16000")
    try:
        rate = int(raw_rate)
    except ValueError as error:
        raise AudioFormatError(f"?rate= must be a number, not {raw_rate!r}") from error
    if len(body) % 2:
        raise AudioFormatError("raw PCM must be whole 16-bit samples (even length)")
    return body, check_rate(rate)


async def asr(request: web.Request) -> web.Response:
    """``POST /asr?lang=zh|en[&rate=16000]``: audio in, ``{"text", ...}`` out."""
    gateway: Gateway = request.app[GATEWAY]
    refusal = refuse_unless_service(request, gateway.config.gateway_tokens)
    if refusal is not None:
        return refusal
    language = _language(request.query.get("lang", "zh"))
    body = await request.read()
    if not body:
        return json_error(400, "no_audio", "The request body holds no audio.")
    try:
        pcm, rate = _pcm_body(request, body)
    except AudioFormatError as problem:
        return json_error(415, "bad_audio", str(problem))
    seconds = len(pcm) / 2 / rate
    if seconds > MAX_ASR_SECONDS:
        return json_error(
            413, "audio_too_long", f"Send at most {MAX_ASR_SECONDS} seconds of audio."
        )
    try:
        stt = gateway.engines.stt_for(language)
    except SpeechUnavailable as problem:
        return json_error(503, "speech_unavailable", str(problem))
    text = await transcribe(gateway, stt, pcm, rate, language)
    return web.json_response(
        {
            "text": text,
            "language": language,
            "engine": stt.engine,
            "duration_s": round(seconds, 3),
        }
    )


async def tts(request: web.Request) -> web.Response:
    """``POST /tts`` ``{"text", "language", "slow", "format"}``: audio out."""
    gateway: Gateway = request.app[GATEWAY]
    refusal = refuse_unless_service(request, gateway.config.gateway_tokens)
    if refusal is not None:
        return refusal
    try:
        data = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return json_error(400, "bad_json", "The body must be a JSON object.")
    broken = TTS_BODY.refusal(data)  # Declared in voice/gateway/schemas.py.
    if broken is not None:
        return json_error(broken.status, broken.code, broken.message)
    text, language = data["text"], data.get("language", "zh")
    fmt, slow = data.get("format", "wav"), data.get("slow", False)
    speech = await gateway.engines.tts.synthesize(text.strip(), language, slow=slow)
    if speech is None:
        return json_error(503, "tts_unavailable", "No speech engine could say this.")
    audio = render(speech, cast(Literal["wav", "mp3", "mulaw8k"], fmt))
    return web.Response(
        body=audio,
        content_type=FORMATS[fmt],
        headers={
            SPEECH_ENGINE_HEADER: speech.engine,
            SPEECH_CACHED_HEADER: str(speech.cached),
        },
    )
