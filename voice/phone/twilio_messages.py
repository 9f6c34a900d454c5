"""Twilio Media Streams messages: what Twilio sends on the stream, decoded and checked.

Anything off-protocol raises :class:`TwilioMessageError`; the stream counts those
and ends a stream that keeps sending them.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from voice.phone.keypad import KEYS

MAX_MEDIA_BYTES = 8000  # One second of μ-law; Twilio sends 160 bytes (20 ms).


class TwilioMessageError(ValueError):
    """A stream message that breaks Twilio's protocol."""


@dataclass(frozen=True)
class Started:
    """``start``: the stream and call ids, and our custom parameters."""

    stream_sid: str
    call_sid: str
    parameters: dict[str, str]


@dataclass(frozen=True)
class Media:
    """``media``: caller audio (μ-law bytes)."""

    stream_sid: str
    mulaw: bytes


@dataclass(frozen=True)
class Mark:
    """``mark``: audio up to our mark named ``name`` has been played."""

    stream_sid: str
    name: str


@dataclass(frozen=True)
class Dtmf:
    """``dtmf``: the caller pressed a key."""

    stream_sid: str
    digit: str


@dataclass(frozen=True)
class Stopped:
    """``stop``: the call ended or the stream was stopped."""

    stream_sid: str


@dataclass(frozen=True)
class Ignored:
    """``connected`` and events this gateway has no use for."""

    event: str


StreamMessage = Started | Media | Mark | Dtmf | Stopped | Ignored


def parse_message(raw: str) -> StreamMessage:
    """Decode one stream message, or raise :class:`TwilioMessageError`."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise TwilioMessageError(f"not JSON: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("event"), str):
        raise TwilioMessageError("a message is a JSON object with an 'event'")
    event = data["event"]
    if event == "start":
        return _started(data)
    if event == "media":
        return _media(data)
    if event == "mark":
        return Mark(
            _text(data.get("streamSid")), _text(_object(data, "mark").get("name"))
        )
    if event == "dtmf":
        digit = _object(data, "dtmf").get("digit")
        if digit not in KEYS:
            raise TwilioMessageError(f"unknown key {digit!r}")
        return Dtmf(_text(data.get("streamSid")), str(digit))
    if event == "stop":
        return Stopped(_text(data.get("streamSid")))
    return Ignored(event[:32])


def _started(data: dict[str, Any]) -> Started:
    start = _object(data, "start")
    media_format = start.get("mediaFormat") or {}
    if not isinstance(media_format, dict) or (
        media_format.get("encoding", "audio/x-mulaw") != "audio/x-mulaw"
        or str(media_format.get("sampleRate", 8000)) != "8000"
    ):
        raise TwilioMessageError("only audio/x-mulaw at 8000 Hz is spoken here")
    parameters = start.get("customParameters") or {}
    if not isinstance(parameters, dict):
        raise TwilioMessageError("'customParameters' must be an object")
    return Started(
        stream_sid=_text(start.get("streamSid") or data.get("streamSid")),
        call_sid=_text(start.get("callSid")),
        parameters={str(k): str(v)[:64] for k, v in parameters.items()},
    )


def _media(data: dict[str, Any]) -> Media:
    payload = _object(data, "media").get("payload")
    if not isinstance(payload, str) or len(payload) > MAX_MEDIA_BYTES * 4 // 3 + 4:
        raise TwilioMessageError("'media.payload' must be short base64")
    try:
        mulaw = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as error:
        raise TwilioMessageError(f"bad base64: {error}") from error
    return Media(_text(data.get("streamSid")), mulaw)


def _object(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name)
    if not isinstance(value, dict):
        raise TwilioMessageError(f"'{name}' must be an object")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= 64:
        raise TwilioMessageError("ids are short strings")
    return value
