"""Identity API: who is talking, and PIN sessions for money operations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from actions.clients.http import BackendHttp, Request


@dataclass(frozen=True)
class Identity:
    """The owner and shop behind a channel identity."""

    owner_id: int
    shop_id: int
    display_name: str
    shop_name: str
    language: str


@dataclass(frozen=True)
class PinSession:
    """A short-lived owner session proven by the PIN."""

    token: str
    expires_at: str
    owner_id: int
    shop_id: int


def resolve_request(channel: str, identity_id: str) -> Request:
    """Build the request resolving a channel identity."""
    return Request(
        "POST", "/v1/identity/resolve", {"channel": channel, "id": identity_id}
    )


def pin_session_request(owner_id: int, pin: str) -> Request:
    """Build the request opening an owner session with a PIN."""
    return Request("POST", f"/v1/owners/{owner_id}/pin-sessions", {"pin": pin})


def decode_identity(body: dict[str, Any]) -> Identity:
    """Decode a resolved identity."""
    language = str(body.get("language") or "zh")
    return Identity(
        owner_id=int(body["owner_id"]),
        shop_id=int(body["shop_id"]),
        display_name=str(body.get("display_name") or ""),
        shop_name=str(body.get("shop_name") or ""),
        language=language if language in ("zh", "en") else "zh",
    )


def decode_pin_session(body: dict[str, Any]) -> PinSession:
    """Decode an opened owner session."""
    return PinSession(
        token=str(body["token"]),
        expires_at=str(body["expires_at"]),
        owner_id=int(body["owner_id"]),
        shop_id=int(body["shop_id"]),
    )


def parse_instant(value: str) -> datetime:
    """Parse an ISO 8601 instant from the backend (``Z`` accepted)."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class IdentityClient:
    """Resolve identities and open PIN sessions."""

    def __init__(self, http: BackendHttp):
        self._http = http

    async def resolve(self, channel: str, identity_id: str) -> Identity:
        """Return the owner behind ``channel``/``identity_id`` (NotFound if unknown)."""
        return decode_identity(
            await self._http.send(resolve_request(channel, identity_id))
        )

    async def open_pin_session(self, owner_id: int, pin: str) -> PinSession:
        """Open an owner session; Unauthorized on a wrong PIN, Locked when locked."""
        body = await self._http.send(pin_session_request(owner_id, pin))
        return decode_pin_session(body)
