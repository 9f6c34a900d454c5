"""The kiosk WebSocket protocol: JSON control messages in, JSON events out.

Client text frames are JSON objects with a ``type``; binary frames are mono
little-endian 16-bit PCM at the rate declared by the last ``start``. The full protocol
is in docs/contract.md. Parsing is pure so it can be tested without a socket.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from common.languages import LANGUAGES

MIN_RATE = 8000
MAX_RATE = 48000
MAX_TEXT_CHARS = 500
_PAIRING_CODE = re.compile(r"^\d{6}$")


class ProtocolError(ValueError):
    """A client message that breaks the protocol; ``code`` names the problem."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Hello:
    """First message: the device token stored by the page, if it has one."""

    device_token: str | None


@dataclass(frozen=True)
class Pair:
    """Bind this kiosk to a shop with a one-time pairing code."""

    code: str
    device_name: str


@dataclass(frozen=True)
class Start:
    """An utterance begins; binary PCM frames at ``sample_rate`` follow."""

    language: str
    sample_rate: int


@dataclass(frozen=True)
class Stop:
    """The button was released: the utterance ends now."""


@dataclass(frozen=True)
class Cancel:
    """Drop the current utterance without sending it to the assistant."""


@dataclass(frozen=True)
class SetLanguage:
    """The owner switched the language toggle."""

    language: str


@dataclass(frozen=True)
class Text:
    """A typed turn (the page's text box, or a test)."""

    text: str


@dataclass(frozen=True)
class Ping:
    """Keep-alive; answered with ``pong``."""


ClientMessage = Hello | Pair | Start | Stop | Cancel | SetLanguage | Text | Ping


def parse_client_message(raw: str) -> ClientMessage:
    """Parse one client text frame, or raise :class:`ProtocolError`."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ProtocolError("bad_json", f"text frames must be JSON: {error}") from error
    if not isinstance(data, dict):
        raise ProtocolError("bad_message", "a message must be a JSON object")
    kind = data.get("type")
    if kind == "hello":
        token = data.get("device_token")
        if token is not None and (not isinstance(token, str) or len(token) > 256):
            raise ProtocolError("bad_message", "'device_token' must be a string")
        return Hello(device_token=token or None)
    if kind == "pair":
        code = data.get("code")
        if not isinstance(code, str) or not _PAIRING_CODE.match(code.strip()):
            raise ProtocolError("bad_pairing_code", "the pairing code has six digits")
        name = data.get("device_name", "kiosk")
        if not isinstance(name, str):
            raise ProtocolError("bad_message", "'device_name' must be a string")
        return Pair(code=code.strip(), device_name=name.strip()[:64] or "kiosk")
    if kind == "start":
        return Start(
            language=_language(data.get("language")),
            sample_rate=_rate(data.get("sample_rate", 16000)),
        )
    if kind == "stop":
        return Stop()
    if kind == "cancel":
        return Cancel()
    if kind == "language":
        return SetLanguage(language=_language(data.get("language")))
    if kind == "text":
        text = data.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ProtocolError("bad_message", "'text' must be a non-empty string")
        if len(text) > MAX_TEXT_CHARS:
            raise ProtocolError(
                "text_too_long", f"say it in at most {MAX_TEXT_CHARS} characters"
            )
        return Text(text=text.strip())
    if kind == "ping":
        return Ping()
    raise ProtocolError("unknown_type", f"unknown message type {kind!r}")


def _language(value: Any) -> str:
    if value not in LANGUAGES:
        raise ProtocolError("bad_language", f"'language' must be one of {LANGUAGES}")
    return str(value)


def _rate(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProtocolError("bad_sample_rate", "'sample_rate' must be a whole number")
    if not MIN_RATE <= value <= MAX_RATE:
        raise ProtocolError(
            "bad_sample_rate", f"'sample_rate' must be {MIN_RATE}-{MAX_RATE} Hz"
        )
    return value


def event(kind: str, **fields: Any) -> str:
    """Encode one server event as a JSON text frame."""
    return json.dumps({"type": kind, **fields}, ensure_ascii=False)


def error_event(code: str, message: str, **fields: Any) -> str:
    """Encode an ``error`` event; the page shows its own wording for ``code``."""
    return event("error", code=code, message=message, **fields)
