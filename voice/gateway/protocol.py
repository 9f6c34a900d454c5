"""The kiosk WebSocket protocol: JSON control messages in, JSON events out.

Client text frames are JSON objects with a ``type``; binary frames are mono
little-endian 16-bit PCM at the rate declared by the last ``start``. The full protocol
is in docs/contract.md. Parsing is pure so it can be tested without a socket.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from voice.gateway.schemas import KIOSK_MESSAGES


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
    """Parse one client text frame, or raise :class:`ProtocolError`.

    Each message type's fields are checked against its schema
    (``voice.gateway.schemas.KIOSK_MESSAGES``) before it is read here.
    """
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ProtocolError("bad_json", f"text frames must be JSON: {error}") from error
    if not isinstance(data, dict):
        raise ProtocolError("bad_message", "a message must be a JSON object")
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in KIOSK_MESSAGES:
        raise ProtocolError("unknown_type", f"unknown message type {kind!r}")
    schema = KIOSK_MESSAGES[kind]
    refusal = schema.refusal(data)
    if refusal is not None:
        raise ProtocolError(refusal.code, refusal.message)
    return _READERS[kind](data)


_READERS: dict[str, Callable[[dict[str, Any]], ClientMessage]] = {
    "hello": lambda data: Hello(device_token=data.get("device_token") or None),
    "pair": lambda data: Pair(
        code=data["code"].strip(),
        device_name=data.get("device_name", "kiosk").strip()[:64] or "kiosk",
    ),
    "start": lambda data: Start(
        language=data["language"], sample_rate=data.get("sample_rate", 16000)
    ),
    "stop": lambda data: Stop(),
    "cancel": lambda data: Cancel(),
    "language": lambda data: SetLanguage(language=data["language"]),
    "text": lambda data: Text(text=data["text"].strip()),
    "ping": lambda data: Ping(),
}


def event(kind: str, **fields: Any) -> str:
    """Encode one server event as a JSON text frame."""
    return json.dumps({"type": kind, **fields}, ensure_ascii=False)


def error_event(code: str, message: str, **fields: Any) -> str:
    """Encode an ``error`` event; the page shows its own wording for ``code``."""
    return event("error", code=code, message=message, **fields)
